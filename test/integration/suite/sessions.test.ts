// Chat controls and sessions in the real extension host: the model picker, token use and cost, the
// status bar item, the session history (list, rename, delete, resume), forks into editor-tab chats,
// and two chats running at once. The model is test/fake-llm, reached through the real SDK.
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import { CHAT_PANEL_TYPE } from '../../../src/extension/chatRegistry';
import type { ChatRegistry } from '../../../src/extension/chatRegistry';
import type { ChatStatusBar } from '../../../src/extension/statusBar';
import { SessionLog } from '../../../src/core/session/log';
import { formatUsage } from '../../../src/protocol/messages';
import type { HostToWebview, SessionSummary, UiEvent } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, waitFor } from './util';

type Posted = HostToWebview[];
const eventsIn = (posted: Posted): UiEvent[] => posted.flatMap((m) => (m.type === 'event' ? [m.event] : []));
const usagesIn = (posted: Posted) => posted.flatMap((m) => (m.type === 'usage' ? [m.usage] : []));
const lastSessions = (posted: Posted): SessionSummary[] | undefined => posted.flatMap((m) => (m.type === 'sessions' ? [m.sessions] : [])).pop();
const lastNotice = (posted: Posted): string => posted.flatMap((m) => (m.type === 'notice' ? [m.message] : [])).pop() ?? '';
/** A message of a recorded Anthropic request. */
type Sent = { role: string; content: { type: string; text?: string }[] };
const textOf = (m: Sent) => m.content.map((b) => b.text ?? '').join('');

describe('Chat controls and sessions', () => {
  let chat: ChatController;
  let chats: ChatRegistry;
  let statusBar: ChatStatusBar;
  let llm: FakeLlm;
  let posted: Posted;
  const config = () => vscode.workspace.getConfiguration('tandem');

  before(async () => {
    ({ chat, chats, statusBar } = await activateTandem());
    llm = await startFakeLlm();
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-sessions', baseUrl: llm.anthropicBaseUrl });
    await waitFor('the base URL', () => config().get('baseUrl') === llm.anthropicBaseUrl);
  });
  after(async () => {
    for (const c of chats.all()) if (c !== chat) chats.close(c);
    await config().update('model', undefined, vscode.ConfigurationTarget.Global);
    chat.attach(undefined);
    await llm.close();
  });
  afterEach(() => {
    for (const c of chats.all()) if (c !== chat) chats.close(c);
  });
  beforeEach(() => {
    chat.newChat();
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
  });

  it('offers the provider’s models and answers with the one picked, refusing malformed ids', async () => {
    await chat.receive({ type: 'ready' });
    const setup = posted.find((m) => m.type === 'setup');
    assert.ok(setup?.type === 'setup');
    const models = setup.state.models ?? [];
    assert.equal(models[0], 'claude-sonnet-5-5', 'the provider’s default comes first');
    assert.ok(models.includes('claude-sonnet-4-5') && models.includes('claude-haiku-4-5'), models.join());
    assert.ok(!models.some((m) => m.startsWith('gpt')), 'only the current provider’s models');

    for (const bad of ['../../etc/passwd', 'a b', '', 'x'.repeat(300), '-rf']) await chat.receive({ type: 'setModel', model: bad });
    assert.equal(config().get('model'), '', 'no malformed id reached the setting');

    await chat.receive({ type: 'setModel', model: 'claude-haiku-4-5' });
    await waitFor('the model setting', () => config().get('model') === 'claude-haiku-4-5');
    const updated = await waitFor('a setup state with the new model', () => posted.filter((m) => m.type === 'setup').find((m) => m.type === 'setup' && m.state.model === 'claude-haiku-4-5'));
    assert.ok(updated);
    llm.push({ content: [{ type: 'text', text: 'Haiku here.' }] });
    await chat.receive({ type: 'send', text: 'which model?' });
    assert.equal(llm.requests.at(-1)!.body.model, 'claude-haiku-4-5');
  });

  it('posts the context used and the cost after each reply, and tokens only for an unknown model', async () => {
    await chat.receive({ type: 'setModel', model: 'claude-sonnet-4' });
    await waitFor('sonnet 4', () => config().get('model') === 'claude-sonnet-4');
    llm.push({ content: [{ type: 'text', text: 'First.' }], usage: { input: 10_000, output: 2_000, cacheRead: 30_000, cacheWrite: 5_000 } });
    await chat.receive({ type: 'send', text: 'count my tokens' });
    const first = usagesIn(posted).at(-1);
    // claude-sonnet-4: $3/M input, $15/M output, $3.75/M cache write, $0.30/M cache read.
    assert.deepEqual(first && { ...first, costUsd: Number(first.costUsd?.toFixed(6)) }, { contextTokens: 45_000, contextWindow: 200_000, outputTokens: 2_000, costUsd: 0.08775 });
    assert.equal(formatUsage(first!), '45k / 200k tokens · $0.09');

    llm.push({ content: [{ type: 'text', text: 'Second.' }], usage: { input: 20_000, output: 1_000 } });
    await chat.receive({ type: 'send', text: 'and again' });
    const second = usagesIn(posted).at(-1)!;
    assert.equal(second.contextTokens, 20_000, 'the context is the last request’s, not a sum');
    assert.equal(second.outputTokens, 3_000);
    assert.equal(Number(second.costUsd!.toFixed(6)), 0.16275);
    assert.match(statusBar.text, /Tandem: idle · 20k \/ 200k tokens · \$0\.16$/);

    await chat.receive({ type: 'setModel', model: 'my-local-model' });
    await waitFor('a custom model', () => config().get('model') === 'my-local-model');
    llm.push({ content: [{ type: 'text', text: 'Local.' }], usage: { input: 12_300, output: 10 } });
    await chat.receive({ type: 'send', text: 'and locally' });
    const third = usagesIn(posted).at(-1)!;
    assert.equal(third.costUsd, undefined, 'no price is guessed for an unknown model');
    // An unknown model still gets a context meter from a conservative window (issues 12 and 16).
    assert.ok((third.contextWindow ?? 0) > 0, 'an unknown model has a window for the meter');
    assert.match(formatUsage(third), /^12\.3k( \/ [\d.]+[kM])? tokens$/);
    const setup = posted.filter((m) => m.type === 'setup').pop();
    assert.ok(setup?.type === 'setup' && setup.state.models?.includes('my-local-model'), 'the picker lists the custom model in use');
    await chat.receive({ type: 'setModel', model: 'claude-sonnet-4' });
    await waitFor('sonnet 4', () => config().get('model') === 'claude-sonnet-4');
  });

  it('shows idle, working and waiting for approval in the status bar', async () => {
    assert.match(statusBar.text, /^\$\(comment-discussion\) Tandem: idle$/);
    llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight' }], delayMs: 60 });
    const slow = chat.receive({ type: 'send', text: 'take your time' });
    await waitFor('working', () => statusBar.text.includes('Tandem: working…'));
    await slow;
    await waitFor('idle again', () => /Tandem: idle · /.test(statusBar.text));

    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_status_bash', name: 'Bash', input: { command: 'touch status-bar-check.txt' } }] },
      { content: [{ type: 'text', text: 'Skipped.' }] },
    );
    const asking = chat.receive({ type: 'send', text: 'make a file' });
    const question = await waitFor('the approval', () => eventsIn(posted).find((e) => e.type === 'approval'));
    await waitFor('waiting', () => statusBar.text.includes('Tandem: waiting for approval'));
    assert.equal(chat.status, 'waiting');
    await chat.receive({ type: 'approve', approvalId: (question as { id: string }).id, decision: 'deny' });
    await asking;
    assert.match(statusBar.text, /Tandem: idle/);
  });

  it('lists the workspace’s sessions, renames one, resumes it with the same conversation, and deletes another', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_hist_read', name: 'Read', input: { file_path: `${folder}/notes.txt` } }] },
      { content: [{ type: 'text', text: 'The word is pineapple.' }], usage: { input: 1_000, output: 100 } },
    );
    await chat.receive({ type: 'send', text: 'Remember the word pineapple' });
    const file = chat.logFile!;
    assert.ok(file && existsSync(file));

    await chat.receive({ type: 'listSessions' });
    let list = lastSessions(posted)!;
    const mine = list.find((s) => s.title === 'Remember the word pineapple');
    assert.ok(mine, JSON.stringify(list));
    assert.equal(mine.messages, 2);
    assert.equal(mine.open, true, 'the session of this chat is marked open');
    assert.deepEqual(list.map((s) => s.date), [...list.map((s) => s.date)].sort((a, b) => b - a), 'newest first');
    assert.equal(list[0].id, mine.id);

    // Rename while the chat still writes the log: one writer, consecutive seq.
    await chat.receive({ type: 'renameSession', sessionId: mine.id, title: 'Fruit memory' });
    assert.equal(lastSessions(posted)!.find((s) => s.id === mine.id)?.title, 'Fruit memory');
    const read = SessionLog.read(file);
    assert.deepEqual(read.warnings, []);
    assert.deepEqual(read.events.filter((e) => e.type === 'title').map((e) => (e as { title: string }).title), ['Fruit memory']);
    await chat.receive({ type: 'deleteSession', sessionId: mine.id });
    assert.ok(existsSync(file), 'a session open in a chat is not deleted');
    assert.match(lastNotice(posted), /open in a chat/);

    // A second session, to delete.
    chat.newChat();
    llm.push({ content: [{ type: 'text', text: 'Noted.' }] });
    await chat.receive({ type: 'send', text: 'Throwaway question' });
    const throwaway = chat.logFile!;
    chat.newChat();
    await chat.receive({ type: 'listSessions' });
    list = lastSessions(posted)!;
    const doomed = list.find((s) => s.title === 'Throwaway question')!;
    assert.ok(doomed && !doomed.open, 'after New Chat the session is no longer open');
    const asked: string[] = [];
    const confirm = chats.sessions.confirmDelete;
    try {
      chats.sessions.confirmDelete = async (title) => (asked.push(title), false);
      await chat.receive({ type: 'deleteSession', sessionId: doomed.id });
      assert.ok(existsSync(throwaway), 'declining the confirmation keeps the file');
      chats.sessions.confirmDelete = async (title) => (asked.push(title), true);
      await chat.receive({ type: 'deleteSession', sessionId: doomed.id });
    } finally {
      chats.sessions.confirmDelete = confirm;
    }
    assert.deepEqual(asked, ['Throwaway question', 'Throwaway question']);
    assert.ok(!existsSync(throwaway), 'the log is gone');
    assert.ok(!lastSessions(posted)!.some((s) => s.id === doomed.id));
    for (const bad of [{ type: 'resumeSession', sessionId: '../x' }, { type: 'deleteSession', sessionId: '.hidden' }, { type: 'renameSession', sessionId: mine.id, title: '' }]) {
      await chat.receive(bad);
    }
    await chat.receive({ type: 'deleteSession', sessionId: 'no-such-session' });
    assert.match(lastNotice(posted), /no longer in this workspace’s history/);

    // Resume: the transcript comes back from the log, and the next request carries the conversation.
    posted.length = 0;
    await chat.receive({ type: 'resumeSession', sessionId: mine.id });
    const transcript = posted.find((m) => m.type === 'transcript');
    assert.ok(transcript?.type === 'transcript');
    assert.deepEqual(
      transcript.items.map((it) => [it.kind, it.kind === 'user' || it.kind === 'assistant' ? it.text : it.kind === 'tool' ? `${it.name} ${it.status} ${it.summary}` : '']),
      [
        ['user', 'Remember the word pineapple'],
        ['tool', 'Read done notes.txt · 2 lines'],
        ['assistant', 'The word is pineapple.'],
      ],
    );
    assert.equal(usagesIn(posted).at(-1)?.contextTokens, 1_000, 'the usage comes back from the log');
    assert.equal(chat.logFile, file);
    llm.push({ content: [{ type: 'text', text: 'Pineapple.' }] });
    await chat.receive({ type: 'send', text: 'What was the word?' });
    const messages = llm.requests.at(-1)!.body.messages as Sent[];
    assert.equal(textOf(messages[0]), 'Remember the word pineapple');
    assert.equal(messages.at(-1)!.role, 'user');
    assert.equal(textOf(messages.at(-1)!), 'What was the word?');
    assert.ok(messages.some((m) => m.role === 'assistant' && textOf(m).includes('The word is pineapple.')));
    assert.ok(messages.some((m) => m.content.some((b) => b.type === 'tool_result')), 'the tool call and its result are replayed too');
    const after = SessionLog.read(file);
    assert.deepEqual(after.warnings, [], 'the resumed chat appends to the same log, seq consecutive');
    assert.equal(after.events.filter((e) => e.type === 'user_message').length, 2);
  });

  it('forks from a user message into a new editor-tab chat whose session ends before it', async () => {
    llm.push({ content: [{ type: 'text', text: 'Answer one.' }] }, { content: [{ type: 'text', text: 'Answer two.' }] });
    await chat.receive({ type: 'send', text: 'First question' });
    await chat.receive({ type: 'send', text: 'Second question' });
    const second = eventsIn(posted).find((e) => e.type === 'user_message' && e.text === 'Second question') as { id: string };
    const source = chat.logFile!;
    const before = chats.all().length;
    await chat.receive({ type: 'forkSession', userMessageId: second.id });
    const fork = await waitFor('the fork’s chat', () => chats.all().length === before + 1 && chats.all().at(-1));
    const forkFile = fork.logFile!;
    assert.ok(forkFile && forkFile !== source);
    const { events } = SessionLog.read(forkFile);
    assert.deepEqual(events.filter((e) => e.type === 'user_message').map((e) => (e as { text: string }).text), ['First question']);
    const start = events[0];
    assert.ok(start.type === 'session_start' && start.forkedFrom);
    assert.equal(chats.current(), fork, 'the new tab has the focus');
    await waitFor('the chat’s editor tab', () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('tandem.chatPanel')),
    );

    const forkPosted: Posted = [];
    fork.attach({ post: (m) => forkPosted.push(m) });
    await fork.receive({ type: 'ready' });
    const shown = forkPosted.find((m) => m.type === 'transcript');
    assert.deepEqual(shown?.type === 'transcript' && shown.items.map((i) => i.kind), ['user', 'assistant']);
    llm.push({ content: [{ type: 'text', text: 'Another answer.' }] });
    await fork.receive({ type: 'send', text: 'A different second question' });
    const texts = (llm.requests.at(-1)!.body.messages as Sent[]).map(textOf);
    assert.deepEqual(texts, ['First question', 'Answer one.', 'A different second question']);
    assert.equal(SessionLog.read(source).events.filter((e) => e.type === 'user_message').length, 2, 'the original session is unchanged');
    await chat.receive({ type: 'forkSession', userMessageId: 'not-a-message' });
    assert.match(lastNotice(posted), /nothing to fork from/);
    chats.close(fork);
    await waitFor('the tab’s chat to close', () => chats.all().length === before);
    assert.equal(chats.current(), chat);
  });

  it('runs two chats at once, each with its own session, and shows an edit card only in its own chat', async () => {
    await vscode.commands.executeCommand('tandem.openChatInEditor');
    const other = await waitFor('the editor-tab chat', () => chats.all().length === 2 && chats.all()[1]);
    const otherPosted: Posted = [];
    other.attach({ post: (m) => otherPosted.push(m) });
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;

    const slowText = Array.from({ length: 80 }, (_, i) => `slow${i}`).join(' ');
    llm.push({ content: [{ type: 'text', text: slowText }], delayMs: 40 });
    const slow = chat.receive({ type: 'send', text: 'Slow reply in the side bar' });
    await waitFor('the first delta', () => eventsIn(posted).some((e) => e.type === 'text_delta'));
    assert.ok(chat.busy);
    llm.push(
      { content: [{ type: 'tool_use', id: 'tu_two_write', name: 'Write', input: { file_path: `${folder}/two-chats.txt`, content: 'hi\n' } }] },
      { content: [{ type: 'text', text: 'Fast reply in the tab.' }] },
    );
    const fast = other.receive({ type: 'send', text: 'Fast reply in the tab' });
    const card = await waitFor('the edit card', () => eventsIn(otherPosted).find((e) => e.type === 'proposal'));
    assert.ok(!eventsIn(posted).some((e) => e.type === 'proposal'), 'the side-bar chat does not show the tab’s edit');
    await waitFor('the status bar to show the waiting chat', () => statusBar.text.includes('waiting for approval'));
    await other.receive({ type: 'reviewProposal', proposalId: (card as { id: string }).id, all: 'reject' });
    await fast;
    assert.ok(chat.busy, 'the side-bar reply is still streaming while the tab’s turn finished');
    await slow;
    assert.ok(eventsIn(otherPosted).some((e) => e.type === 'text_delta' && e.text.includes('Fast')));
    assert.equal(eventsIn(posted).filter((e) => e.type === 'text_delta').map((e) => (e as { text: string }).text).join(''), slowText);
    assert.ok(!existsSync(`${folder}/two-chats.txt`));
    assert.notEqual(chat.logFile, other.logFile);
    const firstUser = (f: string) => SessionLog.read(f).events.find((e) => e.type === 'user_message') as { text: string };
    assert.equal(firstUser(chat.logFile!).text, 'Slow reply in the side bar');
    assert.equal(firstUser(other.logFile!).text, 'Fast reply in the tab');
    const bodies = llm.requests.slice(-3).map((r) => JSON.stringify(r.body.messages));
    assert.ok(bodies.every((b) => !(b.includes('Slow reply') && b.includes('Fast reply'))), 'no request mixes the two conversations');
    chats.close(other);
    await waitFor('the tab’s chat to close', () => chats.all().length === 1);
  });

  it('reopens an editor-tab chat’s session from its saved view state after a reload, and ignores a state it cannot use', async () => {
    llm.push({ content: [{ type: 'text', text: 'Stored reply.' }] });
    await chat.receive({ type: 'send', text: 'Remember me after a reload' });
    const file = chat.logFile!;
    const key = posted.filter((m) => m.type === 'restoreKey').at(-1);
    assert.deepEqual(key, { type: 'restoreKey', sessionId: basename(file, '.jsonl') }, 'the view is told which session it shows');
    chat.newChat();
    assert.deepEqual(posted.filter((m) => m.type === 'restoreKey').at(-1), { type: 'restoreKey', sessionId: null }, 'a new chat forgets it');

    const newPanel = () => vscode.window.createWebviewPanel(CHAT_PANEL_TYPE, 'Restored chat', vscode.ViewColumn.Active, {});
    const restored = await chats.restorePanel(newPanel(), { sessionId: basename(file, '.jsonl') });
    assert.equal(restored.logFile, file, 'the tab shows the stored session again');
    assert.ok(chats.all().includes(restored));
    // The same session cannot be opened twice (one writer per log): a second restore starts empty.
    const twice = await chats.restorePanel(newPanel(), { sessionId: basename(file, '.jsonl') });
    assert.equal(twice.logFile, undefined);
    for (const state of [{ sessionId: '../../../etc/passwd' }, { sessionId: 42 }, { sessionId: 'no-such-session' }, 'junk', undefined]) {
      const chatFromJunk = await chats.restorePanel(newPanel(), state);
      assert.equal(chatFromJunk.logFile, undefined, `state ${JSON.stringify(state)} opens nothing`);
    }

    // The restored chat continues the conversation.
    const restoredPosted: Posted = [];
    restored.attach({ post: (m) => restoredPosted.push(m) });
    llm.push({ content: [{ type: 'text', text: 'You asked me to remember you.' }] });
    await restored.receive({ type: 'send', text: 'What did I ask?' });
    const sent = (llm.requests.at(-1)!.body.messages as Sent[]).map(textOf).join('\n');
    assert.match(sent, /Remember me after a reload[^]*Stored reply\.[^]*What did I ask\?/);
    assert.equal(restored.logFile, file, 'it appends to the same log');
  });
});
