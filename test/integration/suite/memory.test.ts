// Memory files in the real extension host: a chat's system prompt carries the workspace's CLAUDE.md
// with its `@path` import and a rule (the fake model's request proves it), and /memory shows the
// files in a quick pick whose chosen entry opens in an editor.
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import type { HostToWebview } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, waitFor } from './util';

describe('Memory files: CLAUDE.md imports and rules, /memory', () => {
  let chat: ChatController;
  let llm: FakeLlm;
  let folder: string;
  const created: string[] = [];

  before(async () => {
    chat = (await activateTandem()).chat;
    llm = await startFakeLlm();
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const write = (rel: string, text: string) => {
      mkdirSync(join(folder, rel, '..'), { recursive: true });
      writeFileSync(join(folder, rel), text);
      created.push(join(folder, rel));
    };
    write('CLAUDE.md', '# Project memory\nMEMORY-MARKER-1\nConventions: @docs/memory-style.md\n`@docs/not-imported.md`\n');
    write('docs/memory-style.md', 'IMPORTED-MARKER-2');
    write('docs/not-imported.md', 'NEVER-IMPORTED-3');
    write('.claude/rules/memory-rule.md', 'RULE-MARKER-4');
    chat.attach({ post: (_m: HostToWebview) => undefined });
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-memory-test', baseUrl: llm.anthropicBaseUrl });
    await waitFor('the fake server as base URL', () => vscode.workspace.getConfiguration('tandem').get('baseUrl') === llm.anthropicBaseUrl);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const f of created) rmSync(f, { force: true });
    rmSync(join(folder, '.claude'), { recursive: true, force: true });
    rmSync(join(folder, 'docs'), { recursive: true, force: true });
    chat.newChat();
    chat.attach(undefined);
    await llm.close();
  });

  it('the system prompt holds CLAUDE.md, what it imports (before it) and the rule, not the code span', async () => {
    chat.newChat();
    llm.push({ content: [{ type: 'text', text: 'noted' }] });
    await chat.receive({ type: 'send', text: 'hello' });
    const body = llm.requests.at(-1)!.body as { system: string | { text: string }[] };
    const system = typeof body.system === 'string' ? body.system : body.system.map((b) => b.text).join('\n');
    for (const m of ['MEMORY-MARKER-1', 'IMPORTED-MARKER-2', 'RULE-MARKER-4']) assert.ok(system.includes(m), m);
    assert.ok(!system.includes('NEVER-IMPORTED-3'));
    assert.ok(system.indexOf('IMPORTED-MARKER-2') < system.indexOf('MEMORY-MARKER-1'), 'the import comes before its importer');
    assert.ok(system.includes(`${join(folder, 'docs', 'memory-style.md')} (project instructions, imported by ${join(folder, 'CLAUDE.md')})`));
  });

  it('/memory shows a quick pick of the memory files; the chosen one opens in an editor', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    let finished = false;
    const done = chat.receive({ type: 'slashCommand', name: 'memory', args: '' }).then(() => (finished = true));
    // The first entry is the workspace's CLAUDE.md (no user files in this HOME); accept it once the pick shows.
    const deadline = Date.now() + 15_000;
    while (!finished && Date.now() < deadline) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((r) => setTimeout(r, 100));
    }
    await done;
    const editor = await waitFor('an editor on CLAUDE.md', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.uri.fsPath, join(folder, 'CLAUDE.md'));
    assert.match(editor.document.getText(), /MEMORY-MARKER-1/);
  });
});
