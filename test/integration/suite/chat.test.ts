import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import { renderWebviewHtml, webviewOptions } from '../../../src/extension/webviewHtml';
import type { HostToWebview } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, EXTENSION_ID, waitFor } from './util';

describe('Chat through the extension host', () => {
  let chat: ChatController;
  let llm: FakeLlm;
  let posted: HostToWebview[];

  before(async () => {
    chat = (await activateTandem()).chat;
    llm = await startFakeLlm();
  });
  after(async () => {
    chat.attach(undefined);
    await llm.close();
  });
  beforeEach(() => {
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
  });

  const setups = () => posted.filter((m): m is Extract<HostToWebview, { type: 'setup' }> => m.type === 'setup');
  const events = () => posted.flatMap((m) => (m.type === 'event' ? [m.event] : []));

  it('asks for setup when no API key is configured', async () => {
    await chat.receive({ type: 'ready' });
    const s = setups()[0];
    assert.ok(s, 'a setup message was posted');
    assert.equal(s.state.configured, false);
    assert.equal(s.state.keySource, 'none');
    assert.equal(s.showSetup, true);
    await chat.receive({ type: 'send', text: 'hello?' });
    assert.equal(llm.requests.length, 0, 'nothing was sent to a provider without a key');
  });

  it('drops malformed and unknown messages from the webview without acting', async () => {
    for (const bad of [null, 'send', { type: 'send' }, { type: 'send', text: 42 }, { type: 'exec', command: 'rm -rf /' }, { type: 'send', text: 'x', extra: true }]) {
      await chat.receive(bad);
    }
    assert.deepEqual(posted, []);
    assert.equal(llm.requests.length, 0);
  });

  it('saves the setup card: key in SecretStorage, provider and base URL in settings, never the key', async () => {
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-test-123', baseUrl: llm.anthropicBaseUrl });
    const c = vscode.workspace.getConfiguration('tandem');
    assert.equal(c.get('baseUrl'), llm.anthropicBaseUrl);
    assert.equal(c.get('provider'), 'anthropic');
    const s = await waitFor('a configured setup state', () => setups().find((m) => m.state.configured));
    assert.equal(s.state.keySource, 'secret');
    assert.ok(!JSON.stringify(posted).includes('sk-test-123'), 'the key never goes back to the webview');
    const settingsText = JSON.stringify(c);
    assert.ok(!settingsText.includes('sk-test-123'), 'the key is not in the settings');
  });

  it('streams a reply from the model into transcript events', async () => {
    llm.push({ content: [{ type: 'text', text: 'Hello from the **fake** model.' }] });
    await chat.receive({ type: 'send', text: 'Say hello' });
    const evs = events();
    assert.equal(evs[0].type, 'user_message');
    assert.equal(evs[1].type, 'assistant_start');
    const deltas = evs.filter((e) => e.type === 'text_delta');
    // The host joins a reply's deltas per frame (DeltaCoalescer): at least one, adding up to the reply.
    assert.ok(deltas.length >= 1, 'the reply arrived as text deltas');
    assert.equal(deltas.map((d) => (d as { text: string }).text).join(''), 'Hello from the **fake** model.');
    assert.deepEqual(evs[evs.length - 1], { type: 'assistant_end', id: (evs[1] as { id: string }).id, status: 'done' });
    const seqs = posted.flatMap((m) => (m.type === 'event' ? [m.seq] : []));
    assert.deepEqual(seqs, seqs.map((_, i) => seqs[0] + i), 'sequence numbers have no gaps');
    const req = llm.requests[llm.requests.length - 1];
    assert.equal(req.body.stream, true);
    assert.equal(req.headers.authorization, 'Bearer sk-test-123');
    assert.equal(req.body.messages.length, 1);
    assert.equal(req.body.messages[0].content[0].text, 'Say hello');
  });

  it('Stop cancels a slow stream and marks the reply stopped', async () => {
    llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight nine ten' }], delayMs: 150 });
    const done = chat.receive({ type: 'send', text: 'count slowly' });
    await waitFor('the first delta', () => events().some((e) => e.type === 'text_delta'));
    await chat.receive({ type: 'stop' });
    await done;
    const end = events().find((e) => e.type === 'assistant_end');
    assert.deepEqual(end && { type: end.type, status: (end as { status: string }).status }, { type: 'assistant_end', status: 'stopped' });
    const text = events().filter((e) => e.type === 'text_delta').map((e) => (e as { text: string }).text).join('');
    assert.notEqual(text, 'one two three four five six seven eight nine ten');
    await waitFor('the server to see the client go', () => llm.requests[llm.requests.length - 1].outcome === 'client-closed');
    assert.equal(chat.busy, false);
  });

  it('shows a provider error as an error item and keeps the chat usable', async () => {
    llm.push({ fault: { status: 401, message: 'invalid x-api-key' } });
    await chat.receive({ type: 'send', text: 'hi again' });
    const err = events().find((e) => e.type === 'error');
    assert.ok(err && /rejected the API key/.test((err as { message: string }).message), JSON.stringify(events()));
    llm.push({ content: [{ type: 'text', text: 'recovered' }] });
    await chat.receive({ type: 'send', text: 'and now?' });
    assert.ok(events().some((e) => e.type === 'text_delta' && e.text === 'recovered'));
  });

  it('runs read-only tools on the workspace and shows each call with its result', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    llm.push(
      {
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'tu_read', name: 'Read', input: { file_path: `${folder}/notes.txt` } },
          { type: 'tool_use', id: 'tu_grep', name: 'Grep', input: { pattern: 'needle', path: folder, output_mode: 'content' } },
        ],
      },
      { content: [{ type: 'text', text: 'Found it.' }] },
    );
    await chat.receive({ type: 'send', text: 'Where is the needle?' });
    const evs = events();
    const calls = evs.filter((e) => e.type === 'tool_call').map((e) => (e as { name: string }).name);
    assert.deepEqual(calls, ['Read', 'Grep']);
    const results = evs.filter((e) => e.type === 'tool_result') as Extract<(typeof evs)[number], { type: 'tool_result' }>[];
    assert.equal(results.length, 2);
    assert.ok(results.every((r) => !r.isError), JSON.stringify(results));
    // Read and Grep run concurrently: their results may arrive in either order.
    const byId = new Map(results.map((r) => [r.id, r.output]));
    assert.match(byId.get('tu_read') ?? '', /1\tthe needle is here/);
    assert.match(byId.get('tu_grep') ?? '', /notes\.txt:1:the needle is here/, 'Grep ran with the ripgrep VS Code ships');
    const followUp = llm.requests[llm.requests.length - 1].body.messages;
    const toolResults = followUp[followUp.length - 1].content.filter((b: { type: string }) => b.type === 'tool_result');
    assert.deepEqual(toolResults.map((b: { tool_use_id: string }) => b.tool_use_id), ['tu_read', 'tu_grep']);
    assert.ok(evs.some((e) => e.type === 'text_delta' && e.text.includes('Found')));
  });

  it('asks in the panel before running a command, runs it in the terminal once allowed, and tells the model a denial', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_bash1', name: 'Bash', input: { command: 'echo approved-run > ran.txt; cat ran.txt' } }] },
      { content: [{ type: 'tool_use', id: 'tu_bash2', name: 'Bash', input: { command: 'touch denied.txt' } }] },
      { content: [{ type: 'text', text: 'Both handled.' }] },
    );
    const done = chat.receive({ type: 'send', text: 'Run the two commands' });
    const first = await waitFor('the first approval question', () => events().find((e) => e.type === 'approval'));
    assert.equal((first as { summary: string }).summary, 'echo approved-run > ran.txt; cat ran.txt');
    assert.ok(!existsSync(`${folder}/ran.txt`), 'nothing ran before the answer');
    // A forged answer for another id is dropped; the real one is taken.
    await chat.receive({ type: 'approve', approvalId: 'ap-forged-1', decision: 'allow' });
    await chat.receive({ type: 'approve', approvalId: (first as { id: string }).id, decision: 'allow' });
    const second = await waitFor('the second approval question', () => events().filter((e) => e.type === 'approval')[1]);
    await chat.receive({ type: 'approve', approvalId: (second as { id: string }).id, decision: 'deny', message: 'no new files please' });
    await done;
    assert.equal(readFileSync(`${folder}/ran.txt`, 'utf8').trim(), 'approved-run');
    assert.ok(!existsSync(`${folder}/denied.txt`), 'the denied command did not run');
    const results = events().filter((e) => e.type === 'tool_result') as { id: string; output: string; isError: boolean }[];
    assert.match(results.find((r) => r.id === 'tu_bash1')!.output, /approved-run/);
    const denial = llm.requests[llm.requests.length - 1].body.messages.at(-1).content[0];
    assert.equal(denial.tool_use_id, 'tu_bash2');
    assert.match(denial.content, /Permission denied: the user declined: no new files please/);
    assert.ok(vscode.window.terminals.some((t) => t.name === 'Tandem'), 'the command was mirrored into the Tandem terminal');
    const settled = events().filter((e) => e.type === 'approval_settled').map((e) => (e as { decision: string }).decision);
    assert.deepEqual(settled, ['allow', 'deny']);
  });

  it('edits go to review in default mode and apply at once after switching to acceptEdits', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(`${folder}/mode.txt`, 'one\n');
    await chat.receive({ type: 'setMode', mode: 'acceptEdits' });
    await waitFor('the mode setting', () => vscode.workspace.getConfiguration('tandem').get('permissionMode') === 'acceptEdits');
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_r', name: 'Read', input: { file_path: `${folder}/mode.txt` } }] },
      { content: [{ type: 'tool_use', id: 'tu_e', name: 'Edit', input: { file_path: `${folder}/mode.txt`, old_string: 'one', new_string: 'two' } }] },
      { content: [{ type: 'text', text: 'Edited.' }] },
    );
    await chat.receive({ type: 'send', text: 'Change one to two' });
    assert.equal(readFileSync(`${folder}/mode.txt`, 'utf8'), 'two\n', 'applied without a review in acceptEdits mode');
    assert.ok(events().some((e) => e.type === 'proposal'), 'the change is still shown as a card');
    await chat.receive({ type: 'setMode', mode: 'default' });
    await waitFor('the mode setting', () => vscode.workspace.getConfiguration('tandem').get('permissionMode') === 'default');
  });

  it('rewinds files created, edited and deleted during a turn, and the conversation, to before a message', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    writeFileSync(`${folder}/keep.txt`, 'original\n');
    writeFileSync(`${folder}/doomed.txt`, 'precious\n');
    await chat.receive({ type: 'setMode', mode: 'acceptEdits' });
    await waitFor('acceptEdits', () => vscode.workspace.getConfiguration('tandem').get('permissionMode') === 'acceptEdits');
    llm.push(
      {
        content: [
          { type: 'tool_use', id: 'tu_rw_r1', name: 'Read', input: { file_path: `${folder}/keep.txt` } },
          { type: 'tool_use', id: 'tu_rw_r2', name: 'Read', input: { file_path: `${folder}/doomed.txt` } },
        ],
      },
      { content: [{ type: 'tool_use', id: 'tu_rw_e', name: 'Edit', input: { file_path: `${folder}/keep.txt`, old_string: 'original', new_string: 'changed' } }] },
      { content: [{ type: 'tool_use', id: 'tu_rw_w', name: 'Write', input: { file_path: `${folder}/created.txt`, content: 'new\n' } }] },
      { content: [{ type: 'tool_use', id: 'tu_rw_b', name: 'Bash', input: { command: 'rm doomed.txt' } }] },
      { content: [{ type: 'text', text: 'All done.' }] },
    );
    const done = chat.receive({ type: 'send', text: 'Reorganize the files' });
    const ask = await waitFor('the rm approval', () => events().find((e) => e.type === 'approval'));
    await chat.receive({ type: 'approve', approvalId: (ask as { id: string }).id, decision: 'allow' });
    await done;
    assert.equal(readFileSync(`${folder}/keep.txt`, 'utf8'), 'changed\n');
    assert.ok(existsSync(`${folder}/created.txt`) && !existsSync(`${folder}/doomed.txt`), 'the turn changed the files');
    const userMsg = events().find((e) => e.type === 'user_message' && e.text === 'Reorganize the files') as { id: string };

    posted.length = 0;
    await chat.receive({ type: 'rewind', userMessageId: userMsg.id, mode: 'both' });
    assert.equal(readFileSync(`${folder}/keep.txt`, 'utf8'), 'original\n', 'the edited file is restored');
    assert.ok(!existsSync(`${folder}/created.txt`), 'the created file is removed');
    assert.equal(readFileSync(`${folder}/doomed.txt`, 'utf8'), 'precious\n', 'the file Bash deleted is back');
    const transcript = posted.find((m) => m.type === 'transcript');
    assert.ok(transcript && transcript.type === 'transcript' && !transcript.items.some((it) => it.id === userMsg.id), 'the message and what followed are gone');
    assert.deepEqual(posted.find((m) => m.type === 'prefill'), { type: 'prefill', text: 'Reorganize the files' });
    const notice = posted.find((m) => m.type === 'notice');
    assert.ok(notice && notice.type === 'notice' && /Rewound\. Files: 2 restored, 1 removed/.test(notice.message), JSON.stringify(notice));

    llm.push({ content: [{ type: 'text', text: 'Fresh start.' }] });
    await chat.receive({ type: 'send', text: 'What now?' });
    const texts = llm.requests[llm.requests.length - 1].body.messages.map((m: { content: { text?: string }[] }) => m.content.map((b) => b.text ?? '').join(''));
    assert.ok(!texts.some((t: string) => t.includes('Reorganize the files')), 'the rewound message is not sent again');
    await chat.receive({ type: 'setMode', mode: 'default' });
    await waitFor('default mode', () => vscode.workspace.getConfiguration('tandem').get('permissionMode') === 'default');
  });

  it('a conversation rewind takes the token use back to what the remaining conversation used', async () => {
    chat.newChat();
    llm.push({ content: [{ type: 'text', text: 'One.' }], usage: { input: 1_000, output: 100 } });
    await chat.receive({ type: 'send', text: 'first question' });
    llm.push({ content: [{ type: 'text', text: 'Two.' }], usage: { input: 3_000, output: 500 } });
    await chat.receive({ type: 'send', text: 'second question' });
    assert.deepEqual(chat.usage && { context: chat.usage.contextTokens, output: chat.usage.outputTokens }, { context: 3_000, output: 600 });
    const second = events().find((e) => e.type === 'user_message' && e.text === 'second question') as { id: string };
    posted.length = 0;
    await chat.receive({ type: 'rewind', userMessageId: second.id, mode: 'conversation' });
    assert.deepEqual(chat.usage && { context: chat.usage.contextTokens, output: chat.usage.outputTokens }, { context: 1_000, output: 100 });
    const usage = posted.find((m) => m.type === 'usage');
    assert.ok(usage?.type === 'usage' && usage.usage.outputTokens === 100, 'the view is told the new figures');
  });

  it('New Chat starts an empty transcript with a new session id', async () => {
    await chat.receive({ type: 'ready' });
    const before = posted.find((m) => m.type === 'transcript');
    await vscode.commands.executeCommand('tandem.newChat');
    const after = posted.filter((m) => m.type === 'transcript').pop();
    assert.ok(before && after && before.type === 'transcript' && after.type === 'transcript');
    assert.ok(before.items.length > 0);
    assert.equal(after.items.length, 0);
    assert.notEqual(after.sessionId, before.sessionId);
  });

  it('renders the webview with a strict CSP and a fresh nonce, loading only built assets', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const fakeWebview = { cspSource: 'https://webview.test', asWebviewUri: (u: vscode.Uri) => u } as unknown as vscode.Webview;
    const a = renderWebviewHtml(fakeWebview, ext.extensionUri);
    const b = renderWebviewHtml(fakeWebview, ext.extensionUri);
    const csp = /content="(default-src 'none';[^"]*)"/.exec(a)?.[1];
    assert.ok(csp, 'CSP meta present');
    assert.match(csp, /script-src 'nonce-[^']+'/);
    assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(csp), `no unsafe sources: ${csp}`);
    const nonceA = /nonce-([^']+)'/.exec(a)![1];
    const nonceB = /nonce-([^']+)'/.exec(b)![1];
    assert.notEqual(nonceA, nonceB);
    assert.ok(!/<script(?![^>]*nonce=)/.test(a), 'every script tag carries the nonce');
    const roots = webviewOptions(ext.extensionUri).localResourceRoots!;
    assert.deepEqual(roots.map((r) => r.path), [vscode.Uri.joinPath(ext.extensionUri, 'dist', 'webview').path]);
  });
});
