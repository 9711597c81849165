// The webview's state reducer: applies the host's numbered updates in order and notices a gap.
import { strict as assert } from 'node:assert';
import type { HostToWebview, SetupState, TranscriptItem, UiEvent } from '../../src/protocol/messages';
import { initialState, isHostMessage, reduce, showsEmptyChat } from '../../webview-ui/src/state';
import type { ViewState } from '../../webview-ui/src/state';

const items: TranscriptItem[] = [
  { kind: 'user', id: 'u1', text: 'hi' },
  { kind: 'assistant', id: 'a1', text: 'Hel', thinking: '', status: 'streaming' },
];

/** A session 's1' at seq 5 with the items above, as after a full transcript. */
function loaded(over: Partial<ViewState> = {}): ViewState {
  return { ...reduce(initialState, { type: 'transcript', sessionId: 's1', seq: 5, items, busy: true }), ...over };
}

const event = (seq: number, ev: UiEvent, sessionId = 's1'): HostToWebview => ({ type: 'event', sessionId, seq, event: ev });
const delta: UiEvent = { type: 'text_delta', id: 'a1', text: 'lo' };

const setup = (configured: boolean): SetupState => ({ configured, provider: 'anthropic', model: 'claude-x', baseUrl: '', keySource: configured ? 'secret' : 'none', mode: 'default', effectiveMode: 'default' });

describe('webview state reduce', () => {
  it('shows the empty chat only once the host has sent an empty transcript (no flash before a restored session)', () => {
    assert.equal(showsEmptyChat(initialState), false, 'nothing from the host yet: a restored session may be on its way');
    assert.equal(showsEmptyChat(reduce(initialState, { type: 'transcript', sessionId: 's1', seq: 0, items: [], busy: false })), true);
    assert.equal(showsEmptyChat(loaded()), false);
  });

  it('transcript replaces session, seq, items and busy, and clears outOfSync', () => {
    const before: ViewState = { ...initialState, sessionId: 'old', seq: 40, items: [{ kind: 'user', id: 'x', text: 'old' }], outOfSync: true };
    const s = reduce(before, { type: 'transcript', sessionId: 's2', seq: 3, items, busy: false });
    assert.equal(s.sessionId, 's2');
    assert.equal(s.seq, 3);
    assert.deepEqual(s.items, items);
    assert.equal(s.busy, false);
    assert.equal(s.outOfSync, false);
  });

  it('applies the next event in sequence', () => {
    const s = reduce(loaded(), event(6, delta));
    assert.equal(s.seq, 6);
    assert.equal(s.outOfSync, false);
    assert.deepEqual(s.items[1], { kind: 'assistant', id: 'a1', text: 'Hello', thinking: '', status: 'streaming' });
    const s2 = reduce(s, event(7, { type: 'assistant_end', id: 'a1', status: 'done' }));
    assert.equal(s2.seq, 7);
    assert.equal((s2.items[1] as { status: string }).status, 'done');
  });

  it('clears a notice once a transcript event applies', () => {
    const s = reduce(loaded({ notice: { level: 'error', message: 'boom' } }), event(6, delta));
    assert.equal(s.notice, undefined);
  });

  it('marks a gap in seq as out of sync and does not apply the event', () => {
    for (const seq of [7, 50, 5, 4]) {
      const before = loaded();
      const s = reduce(before, event(seq, delta));
      assert.equal(s.outOfSync, true, `seq ${seq}`);
      assert.equal(s.seq, 5);
      assert.equal(s.items, before.items, 'items untouched');
    }
  });

  it('a fresh transcript after a gap brings it back in sync', () => {
    const gap = reduce(loaded(), event(9, delta));
    const fixed = reduce(gap, { type: 'transcript', sessionId: 's1', seq: 9, items, busy: false });
    assert.equal(fixed.outOfSync, false);
    const next = reduce(fixed, event(10, delta));
    assert.equal(next.seq, 10);
    assert.equal((next.items[1] as { text: string }).text, 'Hello');
  });

  it('ignores events of another session, even in sequence', () => {
    const before = loaded();
    const s = reduce(before, event(6, delta, 'other'));
    assert.equal(s, before);
    assert.equal(s.outOfSync, false);
  });

  it('sets busy only for the current session', () => {
    const s = loaded();
    assert.equal(reduce(s, { type: 'busy', sessionId: 's1', busy: false }).busy, false);
    assert.equal(reduce(s, { type: 'busy', sessionId: 'other', busy: false }).busy, true);
    assert.equal(reduce(loaded({ busy: false }), { type: 'busy', sessionId: 'other', busy: true }).busy, false);
  });

  it('setup stores the state and whether to show the card', () => {
    const s = reduce(loaded(), { type: 'setup', state: setup(true), showSetup: true });
    assert.deepEqual(s.setup, setup(true));
    assert.equal(s.showSetup, true);
    assert.deepEqual(s.items, items, 'the transcript stays');
    assert.equal(reduce(s, { type: 'setup', state: setup(false), showSetup: false }).showSetup, false);
  });

  it('closeSetup hides the card only when configured', () => {
    const configured = reduce(initialState, { type: 'setup', state: setup(true), showSetup: true });
    assert.equal(reduce(configured, { type: 'closeSetup' }).showSetup, false);
    const unconfigured = reduce(initialState, { type: 'setup', state: setup(false), showSetup: true });
    assert.equal(reduce(unconfigured, { type: 'closeSetup' }).showSetup, true);
    assert.equal(reduce(initialState, { type: 'closeSetup' }).showSetup, true, 'no setup known yet: keep the card');
  });

  it('notice and dismissNotice', () => {
    const s = reduce(loaded(), { type: 'notice', level: 'info', message: 'Saved.' });
    assert.deepEqual(s.notice, { level: 'info', message: 'Saved.' });
    assert.equal(reduce(s, { type: 'dismissNotice' }).notice, undefined);
  });

  it('folds a tool result with its summary, and a todo list onto its TodoWrite card', () => {
    const todos = [{ content: 'Fix it', status: 'in_progress' as const, activeForm: 'Fixing it' }];
    let s = reduce(loaded(), event(6, { type: 'tool_call', id: 't1', name: 'Read', title: '/w/a.ts', input: '{}' }));
    s = reduce(s, event(7, { type: 'tool_result', id: 't1', isError: false, output: '     1\tx', summary: 'a.ts · 1 line' }));
    assert.deepEqual(s.items[2], { kind: 'tool', id: 't1', name: 'Read', title: '/w/a.ts', input: '{}', output: '     1\tx', status: 'done', summary: 'a.ts · 1 line' });
    s = reduce(s, event(8, { type: 'tool_call', id: 't2', name: 'TodoWrite', title: 'TodoWrite', input: '{}' }));
    s = reduce(s, event(9, { type: 'tool_result', id: 't2', isError: false, output: 'ok' }));
    assert.equal('summary' in s.items[3], false, 'no summary given, none set');
    s = reduce(s, event(10, { type: 'todos', id: 't2', todos }));
    assert.equal(s.seq, 10);
    assert.deepEqual((s.items[3] as { todos?: unknown }).todos, todos);
  });

  it('does not mutate the previous state', () => {
    const before = loaded();
    const copy = structuredClone(before);
    reduce(before, event(6, delta));
    reduce(before, event(9, delta));
    reduce(before, { type: 'busy', sessionId: 's1', busy: false });
    assert.deepEqual(before, copy);
  });
});

describe('isHostMessage', () => {
  it('accepts the host message types', () => {
    for (const type of ['setup', 'transcript', 'event', 'busy', 'notice']) assert.equal(isHostMessage({ type }), true, type);
  });

  it('rejects junk', () => {
    const junk: unknown[] = [null, undefined, 0, 'event', true, [], {}, { type: 'send' }, { type: 'ready' }, { type: 'closeSetup' },
      { type: 'dismissNotice' }, { type: 42 }, { type: ['event'] }, { data: { type: 'event' } }];
    for (const j of junk) assert.equal(isHostMessage(j), false, JSON.stringify(j));
  });
});
