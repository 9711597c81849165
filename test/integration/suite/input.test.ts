// The chat input's extras through the real extension host: @-mentions resolved into the request the
// (fake) model receives, messages queued while a turn runs, pasted images, and the slash commands.
import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import type { MentionItem } from '../../../src/protocol/input';
import type { HostToWebview, UiEvent } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, waitFor } from './util';

type Block = { type: string; text?: string; source?: { type: string; media_type: string; data: string } };

describe('Chat input: mentions, queue, images, slash commands', () => {
  let chat: ChatController;
  let llm: FakeLlm;
  let posted: HostToWebview[];
  let folder: string;

  before(async () => {
    chat = (await activateTandem()).chat;
    llm = await startFakeLlm();
    folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-input-test', baseUrl: llm.anthropicBaseUrl });
    await waitFor('the fake server as base URL', () => vscode.workspace.getConfiguration('tandem').get('baseUrl') === llm.anthropicBaseUrl);
  });
  after(async () => {
    await vscode.workspace.getConfiguration('tandem').update('model', undefined, vscode.ConfigurationTarget.Global);
    chat.attach(undefined);
    await llm.close();
  });
  beforeEach(() => {
    chat.newChat();
    posted = [];
  });

  const events = (): UiEvent[] => posted.flatMap((m) => (m.type === 'event' ? [m.event] : []));
  const notices = () => posted.flatMap((m) => (m.type === 'notice' ? [m.message] : []));
  /** The content blocks of the last user message of a recorded request. */
  const lastUser = (i = llm.requests.length - 1): Block[] => {
    const msgs = llm.requests[i].body.messages as { role: string; content: Block[] }[];
    return msgs.filter((m) => m.role === 'user').at(-1)!.content;
  };
  /** Asks until the probe is satisfied (the file listing follows the disk a moment later). */
  const eventually = async <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const query = async (q: string): Promise<MentionItem[]> => {
    posted = [];
    await chat.receive({ type: 'mentionQuery', query: q });
    const r = posted.find((m) => m.type === 'mentionResults');
    assert.ok(r && r.type === 'mentionResults' && r.query === q, JSON.stringify(posted));
    return r.items;
  };

  it('attaches a mentioned file after the text, sanitized, while the transcript shows the text as typed', async () => {
    writeFileSync(join(folder, 'mention-me.txt'), 'the secret word is pumpkin\u200b\n');
    const items = await eventually('the file in the picker', async () => {
      const found = await query('mentme');
      return found.some((i) => i.kind === 'file') && found;
    });
    assert.equal(items.find((i) => i.kind === 'file')?.token, 'mention-me.txt', JSON.stringify(items));
    llm.push({ content: [{ type: 'text', text: 'It says pumpkin.' }] });
    const text = 'What does @mention-me.txt say?';
    await chat.receive({ type: 'send', text });
    const blocks = lastUser();
    assert.deepEqual({ type: blocks[0].type, text: blocks[0].text }, { type: 'text', text }, "the user's text comes first, as typed");
    const context = blocks.slice(1).map((b) => b.text ?? '').join('\n');
    assert.match(context, /^<context type="file" path="mention-me.txt">\nthe secret word is pumpkin\n/);
    assert.ok(!context.includes('\u200b'), 'the invisible character is gone');
    assert.match(context, /Tandem removed invisible characters from the mentioned file mention-me.txt/);
    const user = events().find((e) => e.type === 'user_message');
    assert.deepEqual(user && { text: (user as { text: string }).text }, { text }, 'the transcript shows what the user typed');
  });

  it('offers the editor selection and attaches exactly its lines', async () => {
    const file = join(folder, 'lines.txt');
    writeFileSync(file, 'line one\nline two\nline three\nline four\n');
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file));
    editor.selection = new vscode.Selection(1, 0, 2, 10);
    const sel = (await query('sel')).find((i) => i.kind === 'selection');
    assert.equal(sel?.token, 'selection(lines.txt:2-3)');
    llm.push({ content: [{ type: 'text', text: 'Two lines.' }] });
    await chat.receive({ type: 'send', text: `Explain @${sel!.token}` });
    const context = lastUser().slice(1).map((b) => b.text).join('\n');
    assert.match(context, /<context type="selection" path="lines.txt" lines="2-3" language="plaintext">\nline two\nline three\n<\/context>/);
    assert.ok(!context.includes('line one') && !context.includes('line four'));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('lists workspace files and folders for a query, leaving out what files.exclude hides', async () => {
    mkdirSync(join(folder, 'kept-dir'), { recursive: true });
    mkdirSync(join(folder, 'excluded-dir'), { recursive: true });
    writeFileSync(join(folder, 'kept-dir', 'visible-zebra.txt'), 'z');
    writeFileSync(join(folder, 'excluded-dir', 'hidden-zebra.txt'), 'z');
    const files = vscode.workspace.getConfiguration('files');
    await files.update('exclude', { '**/excluded-dir': true }, vscode.ConfigurationTarget.Workspace);
    try {
      const items = await eventually('the new files in the listing', async () => {
        const found = await query('zebra');
        return found.some((i) => i.token === 'kept-dir/visible-zebra.txt') && found;
      });
      const tokens = items.map((i) => i.token);
      assert.ok(!tokens.some((t) => t.includes('hidden-zebra')), JSON.stringify(tokens));
      const folders = await query('keptdir');
      assert.ok(folders.some((i) => i.kind === 'folder' && i.token === 'kept-dir/'), JSON.stringify(folders));
      assert.deepEqual((await query('')).slice(0, 3).map((i) => i.kind), ['problems', 'terminal', 'git'], 'the fixed items come first');
    } finally {
      await files.update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('attaches a folder listing, the Problems list and the git status', async () => {
    mkdirSync(join(folder, 'kept-dir'), { recursive: true });
    writeFileSync(join(folder, 'kept-dir', 'visible-zebra.txt'), 'z');
    const diagnostics = vscode.languages.createDiagnosticCollection('input-test');
    const file = vscode.Uri.file(join(folder, 'kept-dir', 'visible-zebra.txt'));
    diagnostics.set(file, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 1), 'zebras are not allowed here', vscode.DiagnosticSeverity.Error)]);
    try {
      llm.push({ content: [{ type: 'text', text: 'Noted.' }] });
      await chat.receive({ type: 'send', text: 'Check @kept-dir/ and @problems and @git' });
      const context = lastUser().slice(1).map((b) => b.text).join('\n');
      assert.match(context, /<context type="folder" path="kept-dir\/">\nvisible-zebra.txt\n<\/context>/);
      assert.match(context, /<context type="problems">\n[^]*kept-dir\/visible-zebra.txt:1:1: error: zebras are not allowed here/);
      assert.match(context, /<context type="git">\n/);
    } finally {
      diagnostics.dispose();
    }
  });

  it('attaches the last command the agent ran in the Tandem terminal', async () => {
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_term', name: 'Bash', input: { command: 'echo terminal-marker-42' } }] },
      { content: [{ type: 'text', text: 'Ran it.' }] },
    );
    let finished = false;
    const done = chat.receive({ type: 'send', text: 'Run the echo' }).then(() => (finished = true));
    // A read-only command may run without a question, depending on the rules in force.
    const ask = await waitFor('the approval question or the end of the turn', () => events().find((e) => e.type === 'approval') ?? finished);
    if (typeof ask === 'object') await chat.receive({ type: 'approve', approvalId: (ask as { id: string }).id, decision: 'allow' });
    await done;
    const item = (await query('term')).find((i) => i.kind === 'terminal');
    assert.match(item?.detail ?? '', /echo terminal-marker-42/);
    llm.push({ content: [{ type: 'text', text: 'It printed the marker.' }] });
    await chat.receive({ type: 'send', text: 'What did @terminal show?' });
    const context = lastUser().slice(1).map((b) => b.text).join('\n');
    assert.match(context, /<context type="terminal">\n\$ echo terminal-marker-42\nterminal-marker-42\n\[exit code 0\]\n<\/context>/);
  });

  it('says what it could not attach, and sends the message anyway', async () => {
    llm.push({ content: [{ type: 'text', text: 'ok' }] });
    await chat.receive({ type: 'send', text: 'Read @no/such/file.ts please' });
    assert.equal(lastUser().length, 1, 'only the text went');
    assert.ok(notices().some((n) => /Not attached: @no\/such\/file\.ts: no such file or folder in the workspace/.test(n)), JSON.stringify(notices()));
  });

  it('queues a message sent while a turn runs and sends it when that turn ends', async () => {
    const before = llm.requests.length;
    llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight' }], delayMs: 80 }, { content: [{ type: 'text', text: 'Second answer.' }] });
    const first = chat.receive({ type: 'send', text: 'Count slowly' });
    await waitFor('the first delta', () => events().some((e) => e.type === 'text_delta'));
    await chat.receive({ type: 'send', text: 'And then say hi' });
    const queued = posted.filter((m) => m.type === 'queue').at(-1);
    assert.deepEqual(queued && queued.type === 'queue' && queued.items.map((q) => q.text), ['And then say hi']);
    assert.ok(!notices().some((n) => /still answering/.test(n)));
    assert.equal(llm.requests.length, before + 1, 'nothing more was sent while the turn ran');
    await first;
    assert.equal(llm.requests.length, before + 2);
    assert.equal(llm.requests[before].outcome, 'complete', 'the first reply finished before the queued message went');
    assert.equal(lastUser()[0].text, 'And then say hi');
    const users = events().filter((e) => e.type === 'user_message').map((e) => (e as { text: string }).text);
    assert.deepEqual(users, ['Count slowly', 'And then say hi']);
    const last = posted.filter((m) => m.type === 'queue').at(-1);
    assert.deepEqual(last && last.type === 'queue' && last.items, [], 'the queue is empty again');
  });

  it('Stop keeps the queue; a removed message is not sent', async () => {
    const before = llm.requests.length;
    llm.push({ content: [{ type: 'text', text: Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ') }], delayMs: 100 }, { content: [{ type: 'text', text: 'Kept.' }] });
    const first = chat.receive({ type: 'send', text: 'Talk a lot' });
    await waitFor('the first delta', () => events().some((e) => e.type === 'text_delta'));
    await chat.receive({ type: 'send', text: 'drop me' });
    await chat.receive({ type: 'send', text: 'keep me' });
    const q = posted.filter((m) => m.type === 'queue').at(-1);
    const dropId = q && q.type === 'queue' ? q.items.find((i) => i.text === 'drop me')!.id : '';
    await chat.receive({ type: 'unqueue', id: dropId });
    await chat.receive({ type: 'stop' });
    await first;
    assert.equal(llm.requests.length, before + 2);
    assert.equal(lastUser()[0].text, 'keep me');
    const sent = llm.requests.slice(before).flatMap((r) => (r.body.messages as { content: Block[] }[]).flatMap((m) => m.content.map((b) => b.text ?? '')));
    assert.ok(!sent.includes('drop me'));
  });

  it('sends a pasted image to the model as an image block', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    llm.push({ content: [{ type: 'text', text: 'A tiny PNG.' }] });
    await chat.receive({ type: 'send', text: 'What is this?', images: [{ mediaType: 'image/png', data: png }] });
    const image = lastUser().find((b) => b.type === 'image');
    assert.deepEqual(image?.source, { type: 'base64', media_type: 'image/png', data: png });
  });

  it('a resumed chat sends the mention context and the image of an earlier message again, and shows the image', async () => {
    writeFileSync(join(folder, 'resume-context.txt'), 'the password is marmalade\n');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex').toString('base64');
    llm.push({ content: [{ type: 'text', text: 'Seen both.' }] });
    await chat.receive({ type: 'send', text: 'Look at @resume-context.txt and this', images: [{ mediaType: 'image/png', data: png }] });
    const file = chat.logFile!;
    chat.newChat();
    posted = [];
    await chat.openSession(file);
    const shown = posted.filter((m) => m.type === 'transcript').at(-1);
    const user = shown?.type === 'transcript' ? shown.items.find((i) => i.kind === 'user') : undefined;
    assert.deepEqual(user && { text: (user as { text: string }).text, images: (user as { images?: number }).images }, { text: 'Look at @resume-context.txt and this', images: 1 });
    llm.push({ content: [{ type: 'text', text: 'Marmalade.' }] });
    await chat.receive({ type: 'send', text: 'What was the password?' });
    const first = (llm.requests.at(-1)!.body.messages as { role: string; content: Block[] }[])[0].content;
    assert.match(first.map((b) => b.text ?? '').join('\n'), /<context type="file" path="resume-context.txt">\nthe password is marmalade/);
    assert.deepEqual(first.find((b) => b.type === 'image')?.source, { type: 'base64', media_type: 'image/png', data: png });
  });

  it('/clear empties the transcript; /model sets the model the next request uses; /cost reports tokens and cost', async () => {
    llm.push({ content: [{ type: 'text', text: 'hello' }], usage: { input: 1000, output: 200 } });
    await chat.receive({ type: 'send', text: 'hi' });
    posted = [];
    await chat.receive({ type: 'slashCommand', name: 'clear', args: '' });
    const cleared = posted.find((m) => m.type === 'transcript');
    assert.ok(cleared && cleared.type === 'transcript' && cleared.items.length === 0, JSON.stringify(posted));

    await chat.receive({ type: 'slashCommand', name: 'model', args: 'claude-sonnet-4' });
    await waitFor('the model setting', () => vscode.workspace.getConfiguration('tandem').get('model') === 'claude-sonnet-4');
    assert.ok(notices().some((n) => /Model: claude-sonnet-4/.test(n)));
    await chat.receive({ type: 'slashCommand', name: 'model', args: 'not a model!' });
    assert.match(notices().at(-1) ?? '', /is not a model id/);
    assert.equal(vscode.workspace.getConfiguration('tandem').get('model'), 'claude-sonnet-4', 'a bad id changes nothing');

    llm.push({ content: [{ type: 'text', text: 'priced' }], usage: { input: 1000, output: 200 } });
    await chat.receive({ type: 'send', text: 'how much?' });
    assert.equal(llm.requests.at(-1)!.body.model, 'claude-sonnet-4');
    posted = [];
    await chat.receive({ type: 'slashCommand', name: 'cost', args: '' });
    // claude-sonnet-4: $3 per million input, $15 per million output → 0.003 + 0.003.
    assert.match(notices().at(-1) ?? '', /200 output tokens so far\. Cost so far at list prices: \$0\.0060\./);

    await chat.receive({ type: 'slashCommand', name: 'help', args: '' });
    assert.match(notices().at(-1) ?? '', /\/resume \[session id\][^]*Shift\+Enter/);
  });

  it('/init asks the agent to draft an AGENTS.md', async () => {
    llm.push({ content: [{ type: 'text', text: 'Drafting.' }] });
    await chat.receive({ type: 'slashCommand', name: 'init', args: '' });
    assert.match(lastUser()[0].text ?? '', /draft an AGENTS\.md/);
  });

  it('/resume with an id reopens that session in this chat', async () => {
    llm.push({ content: [{ type: 'text', text: 'Remember the word: walrus.' }] });
    await chat.receive({ type: 'send', text: 'A session to come back to' });
    const file = chat.logFile;
    assert.ok(file, 'the chat writes a log');
    const id = file.split(/[\\/]/).pop()!.replace(/\.jsonl$/, '');
    chat.newChat();
    posted = [];
    await chat.receive({ type: 'slashCommand', name: 'resume', args: id });
    const shown = posted.filter((m) => m.type === 'transcript').at(-1);
    assert.ok(shown && shown.type === 'transcript', JSON.stringify(notices()));
    assert.deepEqual(shown.items.filter((i) => i.kind === 'user').map((i) => (i as { text: string }).text), ['A session to come back to']);
    llm.push({ content: [{ type: 'text', text: 'walrus' }] });
    await chat.receive({ type: 'send', text: 'What was the word?' });
    const texts = (llm.requests.at(-1)!.body.messages as { content: Block[] }[]).flatMap((m) => m.content.map((b) => b.text ?? '')).join('\n');
    assert.match(texts, /Remember the word: walrus/, 'the resumed conversation went to the model');
  });

  it('lists .claude/commands files for the slash menu; "/name args" sends the expansion and shows what was typed; /help names a command a built-in hides', async () => {
    const dir = join(folder, '.claude', 'commands', 'team');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'greet.md'), '---\ndescription: Greet someone by name\nargument-hint: <name>\n---\nSay a warm hello to $1 from the team.');
    writeFileSync(join(folder, '.claude', 'commands', 'clear.md'), '---\ndescription: My own clear\n---\nClear it.');
    try {
      await chat.receive({ type: 'listCommands' });
      const listed = posted.find((m) => m.type === 'commands');
      assert.ok(listed && listed.type === 'commands', JSON.stringify(posted));
      assert.deepEqual(listed.items.find((c) => c.name === 'team:greet'), { name: 'team:greet', description: 'Greet someone by name', argumentHint: '<name>', source: 'command', origin: 'project' });
      assert.equal(listed.items.find((c) => c.name === 'clear')?.shadowed, true);

      posted = [];
      llm.push({ content: [{ type: 'text', text: 'Hello Ada!' }] });
      await chat.receive({ type: 'send', text: '/team:greet Ada' });
      assert.equal(lastUser()[0].text, 'Say a warm hello to Ada from the team.');
      const user = events().find((e) => e.type === 'user_message');
      assert.equal(user && user.type === 'user_message' && user.text, '/team:greet Ada', 'the transcript shows what was typed');

      await chat.receive({ type: 'slashCommand', name: 'help', args: '' });
      assert.match(notices().at(-1) ?? '', /\/team:greet <name> — Greet someone by name/);
      assert.match(notices().at(-1) ?? '', /\/clear \([^)]*clear\.md\) is hidden by the built-in \/clear/);
    } finally {
      rmSync(join(folder, '.claude'), { recursive: true, force: true });
    }
  });
  it('lists a skill to the model with the Skill tool, and runs it when the user types /name', async () => {
    const dir = join(folder, '.claude', 'skills', 'release-notes');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'SKILL.md'), '---\nname: release-notes\ndescription: Write release notes from the git log\n---\nCollect the merged changes since $ARGUMENTS and write release notes.');
    try {
      llm.push({ content: [{ type: 'text', text: 'Notes written.' }] });
      await chat.receive({ type: 'send', text: '/release-notes v1.2' });
      const req = llm.requests.at(-1)!.body;
      const system = typeof req.system === 'string' ? req.system : (req.system as { text: string }[]).map((b) => b.text).join('\n');
      assert.match(system, /# Skills[^]*- release-notes: Write release notes from the git log/);
      assert.ok((req.tools as { name: string }[]).some((t) => t.name === 'Skill'), 'the Skill tool is offered');
      assert.equal(lastUser()[0].text, 'Collect the merged changes since v1.2 and write release notes.');
    } finally {
      rmSync(join(folder, '.claude'), { recursive: true, force: true });
    }
  });
});
