// Background commands in the real extension host: the chat's list reaches the view (owner, command),
// the list's Stop kills the command, a foreground command past its timeout moves there, and every
// background process stops when its chat ends (New Chat) or closes (an editor-tab chat; the window
// closing disposes every chat the same way): no pid survives. The model is test/fake-llm.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ChatController } from '../../../src/extension/chatController';
import type { ChatRegistry } from '../../../src/extension/chatRegistry';
import type { BackgroundJobView, HostToWebview, UiEvent } from '../../../src/protocol/messages';
import { startFakeLlm } from '../../fake-llm/server';
import type { FakeLlm } from '../../fake-llm/server';
import { activateTandem, waitFor } from './util';
import { alive } from '../../harness/processes';

const use = (name: string, input: unknown) => ({ content: [{ type: 'tool_use' as const, name, input }] });
const say = (text: string) => ({ content: [{ type: 'text' as const, text }] });

describe('Background commands in the panel', () => {
  let chat: ChatController;
  let chats: ChatRegistry;
  let llm: FakeLlm;
  let posted: HostToWebview[];
  let dir: string;
  const lists = (p: HostToWebview[] = posted): BackgroundJobView[][] => p.flatMap((m) => (m.type === 'background' ? [m.jobs] : []));
  const events = (p: HostToWebview[] = posted): UiEvent[] => p.flatMap((m) => (m.type === 'event' ? [m.event] : []));
  const pidIn = (name: string) => () => {
    try {
      return Number(readFileSync(join(dir, name), 'utf8').trim()) || false;
    } catch {
      return false;
    }
  };

  before(async () => {
    ({ chat, chats } = await activateTandem());
    llm = await startFakeLlm();
    posted = [];
    chat.attach({ post: (m) => posted.push(m) });
    await chat.receive({ type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-bg', baseUrl: llm.anthropicBaseUrl });
    await waitFor('the base URL', () => vscode.workspace.getConfiguration('tandem').get('baseUrl') === llm.anthropicBaseUrl);
    await chat.receive({ type: 'setMode', mode: 'bypassPermissions' });
  });
  after(async () => {
    await chat.receive({ type: 'setMode', mode: 'default' });
    chat.newChat();
    chat.attach(undefined);
    await llm.close();
  });
  beforeEach(() => {
    posted.length = 0;
    dir = mkdtempSync(join(tmpdir(), 'tandem-bg-int-'));
    chat.newChat();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lists a background command and Stop kills it', async () => {
    llm.push(use('Bash', { command: `echo $$ > ${dir}/a.pid; echo serving; exec sleep 300`, run_in_background: true }), say('started'));
    await chat.receive({ type: 'send', text: 'start a server' });
    const [job] = await waitFor('the command in the list', () => lists().at(-1)?.length === 1 && lists().at(-1));
    assert.equal(job.owner, 'main');
    assert.match(job.command, /exec sleep 300$/);
    const pid = await waitFor('the pid', pidIn('a.pid'));
    assert.ok(alive(pid));
    await chat.receive({ type: 'stopBackground', id: job.id });
    assert.equal(alive(pid), false, 'Stop returns once the command is gone');
    assert.deepEqual(lists().at(-1), []);
  });

  it('a foreground command past its timeout moves to the list; New Chat stops it (no pid left)', async () => {
    llm.push(use('Bash', { command: `echo $$ > ${dir}/b.pid; echo halfway; exec sleep 300`, timeout: 1000 }), say('moved'));
    await chat.receive({ type: 'send', text: 'run the slow thing' });
    const result = events().find((e): e is Extract<UiEvent, { type: 'tool_result' }> => e.type === 'tool_result');
    assert.ok(result, JSON.stringify(events()));
    assert.match(result.output, /^Command moved to the background with id \S+ \(it was still running at its 1 s timeout/);
    assert.equal(result.summary, 'moved to the background');
    const pid = await waitFor('the pid', pidIn('b.pid'));
    await waitFor('the moved command in the list', () => lists().at(-1)?.length === 1);
    chat.newChat();
    await waitFor('the moved command to stop with its chat', () => !alive(pid));
    await waitFor('the list to empty', () => lists().at(-1)?.length === 0);
  });

  it('closing a chat (as the window closing does for every chat) stops its background commands', async () => {
    const tab = await chats.openInEditor();
    const tabPosted: HostToWebview[] = [];
    tab.attach({ post: (m) => tabPosted.push(m) });
    llm.push(use('Bash', { command: `sleep 300 & echo $! > ${dir}/child.pid; echo $$ > ${dir}/c.pid; wait`, run_in_background: true }), say('started'));
    await tab.receive({ type: 'send', text: 'start it' });
    const pids = [await waitFor('the leader pid', pidIn('c.pid')), await waitFor('the child pid', pidIn('child.pid'))];
    assert.ok(pids.every(alive));
    assert.equal(lists(tabPosted).at(-1)?.length, 1);
    chats.close(tab);
    await waitFor('no pid of the closed chat to survive', () => pids.every((p) => !alive(p)));
  });
});
