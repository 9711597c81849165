// MCP in the real extension host: a project .mcp.json server (the reference server-everything from
// npm) waits for approval; once approved its tools show in the MCP Servers view with their token
// cost, a tool can be switched off there, and a chat's call of one asks in the panel, runs, and
// shows as a card with the server's result.
import { strict as assert } from 'node:assert';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { TandemApi } from '../../../src/extension/extension';
import { McpTreeProvider } from '../../../src/extension/mcp/mcpView';
import type { McpNode } from '../../../src/extension/mcp/mcpView';
import type { HostToWebview } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, EXTENSION_ID, waitFor } from './util';

describe('MCP servers in the editor', function () {
  this.timeout(60_000);
  let api: TandemApi;
  let llm: FakeLlm;
  let folder: string;
  let posted: HostToWebview[];

  before(async () => {
    api = await activateTandem();
    llm = await startFakeLlm();
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const everything = join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'node_modules', '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
    writeFileSync(join(folder, '.mcp.json'), JSON.stringify({ mcpServers: { everything: { command: process.execPath, args: [everything, 'stdio'] } } }));
    await api.mcp.reload();
  });
  after(async () => {
    api.chat.attach(undefined);
    rmSync(join(folder, '.mcp.json'), { force: true });
    await api.mcp.reload();
    await llm.close();
  });

  const tree = () => new McpTreeProvider(api.mcp);
  const serverItem = () => tree().getTreeItem({ kind: 'server', server: 'everything' });

  it('a project server waits for approval, then its tools show in the view with their token cost', async () => {
    const s = api.mcp.manager!.server('everything')!;
    assert.equal(s.status, 'pending-approval');
    assert.match(String(serverItem().description), /waiting for approval · project/);
    assert.match((serverItem().tooltip as vscode.MarkdownString).value, /server-everything.*index\.js stdio/);
    assert.deepEqual(api.mcp.manager!.tools(), [], 'nothing of it is offered before approval');
    await api.mcp.manager!.answer('everything', 'approved');
    await waitFor('the server to connect', () => api.mcp.manager!.server('everything')!.status === 'connected', 30_000);
    assert.match(String(serverItem().description), /connected · \d+ tools, about [\d,]+ tokens · project/);
    const tools = tree().getChildren({ kind: 'server', server: 'everything' }) as Extract<McpNode, { kind: 'tool' }>[];
    assert.ok(tools.some((n) => n.tool === 'mcp__everything__echo'));
    const sum = tree().getTreeItem({ kind: 'tool', server: 'everything', tool: 'mcp__everything__get-sum' });
    assert.equal(sum.checkboxState, vscode.TreeItemCheckboxState.Checked);
    api.mcp.manager!.setToolEnabled('everything', 'mcp__everything__get-sum', false);
    assert.equal(tree().getTreeItem({ kind: 'tool', server: 'everything', tool: 'mcp__everything__get-sum' }).checkboxState, vscode.TreeItemCheckboxState.Unchecked);
    assert.ok(!api.mcp.manager!.tools().some((t) => t.name === 'mcp__everything__get-sum'));
    api.mcp.manager!.setToolEnabled('everything', 'mcp__everything__get-sum', true);
    assert.match(String(await vscode.commands.executeCommand('tandem.mcp.summary')), /everything: connected \(project\)/);
  });

  it('a chat offers the server\'s tools, asks before a call, and shows the call\'s card with the result', async () => {
    posted = [];
    api.chat.attach({ post: (m) => posted.push(m) });
    await api.chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-test-mcp', baseUrl: llm.anthropicBaseUrl });
    const events = () => posted.flatMap((m) => (m.type === 'event' ? [m.event] : []));
    llm.push({ content: [{ type: 'tool_use', id: 'tu_mcp', name: 'mcp__everything__echo', input: { message: 'from the panel' } }] }, { content: [{ type: 'text', text: 'Echoed.' }] });
    const done = api.chat.receive({ type: 'send', text: 'Echo something' });
    const ask = await waitFor('the approval question', () => events().find((e) => e.type === 'approval'), 30_000);
    assert.equal((ask as { toolName: string }).toolName, 'mcp__everything__echo');
    await api.chat.receive({ type: 'approve', approvalId: (ask as { id: string }).id, decision: 'allow' });
    await done;
    const first = llm.requests[llm.requests.length - 2];
    assert.ok(first.body.tools.some((t: { name: string }) => t.name === 'mcp__everything__echo'), 'the MCP tool was in the request');
    const card = events().find((e) => e.type === 'tool_call' && e.id === 'tu_mcp') as { name: string; input: string } | undefined;
    assert.ok(card, 'the call has a card');
    assert.equal(card.name, 'mcp__everything__echo');
    assert.match(card.input, /from the panel/);
    const result = events().find((e) => e.type === 'tool_result' && e.id === 'tu_mcp') as { output: string; isError: boolean };
    assert.equal(result.output, 'Echo: from the panel');
    assert.equal(result.isError, false);
    const last = llm.requests[llm.requests.length - 1].body.messages.at(-1).content[0];
    assert.equal(last.content, 'Echo: from the panel');
  });

  it('the slash menu lists the server\'s prompts with their arguments; /mcp__everything__args-prompt sends the prompt and shows what was typed', async () => {
    posted = [];
    api.chat.attach({ post: (m) => posted.push(m) });
    await api.chat.receive({ type: 'listCommands' });
    const listed = posted.find((m) => m.type === 'commands');
    assert.ok(listed && listed.type === 'commands', JSON.stringify(posted));
    assert.deepEqual(listed.items.find((c) => c.name === 'mcp__everything__args-prompt'), {
      name: 'mcp__everything__args-prompt',
      description: 'A prompt with two arguments, one required and one optional',
      argumentHint: '<city> [state]',
      source: 'mcp',
      origin: 'everything',
    });
    assert.ok(listed.items.some((c) => c.name === 'mcp__everything__simple-prompt'));

    api.chat.newChat();
    posted = [];
    llm.push({ content: [{ type: 'text', text: 'Sunny.' }] });
    await api.chat.receive({ type: 'send', text: '/mcp__everything__args-prompt Paris Texas' });
    const user = llm.requests.at(-1)!.body.messages.at(-1).content[0];
    assert.match(user.text, /What's weather in Paris, Texas\?/);
    const shown = posted.flatMap((m) => (m.type === 'event' && m.event.type === 'user_message' ? [m.event.text] : []));
    assert.deepEqual(shown, ['/mcp__everything__args-prompt Paris Texas']);

    // Without its required argument nothing is sent, and the transcript says what is missing.
    posted = [];
    const before = llm.requests.length;
    await api.chat.receive({ type: 'send', text: '/mcp__everything__args-prompt' });
    const error = posted.flatMap((m) => (m.type === 'event' && m.event.type === 'error' ? [m.event.message] : [])).at(-1);
    assert.match(error ?? '', /^\/mcp__everything__args-prompt needs city/);
    assert.equal(llm.requests.length, before);
  });
});
