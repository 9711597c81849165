import { strict as assert } from 'node:assert';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../../src/core/llm/types';
import { emptyUsage } from '../../src/core/llm/types';
import type { SessionEvent, SessionEventBody } from '../../src/core/session/events';
import { SessionLog } from '../../src/core/session/log';
import { toMessages, toTranscript, UNFINISHED_TOOL_RESULT } from '../../src/core/session/replay';
import { LEDGER_HEADER } from '../../src/core/context/ledger';
import { NOTES_HEADER } from '../../src/core/context/summary';
import { findSession, forkSession, latestSession, listSessions, projectSlug, sessionFileById, sessionsDir } from '../../src/core/session/store';

const base = { cwd: '/work/p', provider: 'anthropic' as const, model: 'm' };

function user(id: string, text: string): SessionEventBody {
  return { type: 'user_message', id, text };
}
function assistant(id: string, content: Message['content']): SessionEventBody {
  const stopReason = content.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  return { type: 'assistant_message', id, message: { role: 'assistant', content }, usage: emptyUsage(), stopReason };
}
function results(...r: [string, string][]): SessionEventBody {
  return { type: 'tool_results', message: { role: 'user', content: r.map(([toolUseId, content]) => ({ type: 'tool_result' as const, toolUseId, content })) } };
}
/** A small conversation with one tool call, as the loop would log it. */
function logConversation(log: SessionLog): void {
  log.append(user('u1', 'list the files'));
  log.append(assistant('a1', [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 't1', name: 'LS', input: { path: '.' } }]));
  log.append({ type: 'permission_decision', toolUseId: 't1', toolName: 'LS', decision: 'allow', by: 'mode' });
  log.append(results(['t1', 'a.ts\nb.ts']));
  log.append(assistant('a2', [{ type: 'text', text: 'Two files.' }]));
  log.append({ type: 'turn_end', status: 'completed' });
}

/** Roles alternate, the list opens with the user, and each tool_use is answered right after. */
function assertValidHistory(messages: Message[]): void {
  assert.equal(messages[0]?.role, 'user');
  messages.forEach((m, i) => {
    if (i > 0) assert.notEqual(m.role, messages[i - 1].role, `roles alternate at ${i}`);
    if (m.role !== 'assistant') return;
    const ids = m.content.flatMap((b) => (b.type === 'tool_use' ? [b.id] : []));
    const next = messages[i + 1]?.content ?? [];
    for (const id of ids) assert.ok(next.some((b) => b.type === 'tool_result' && b.toolUseId === id), `result for ${id}`);
  });
}

describe('session log', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-session-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips appended events with consecutive seq and a session_start first', () => {
    let t = Date.UTC(2025, 0, 2, 3, 4, 5);
    const log = SessionLog.create(dir, { ...base, sessionId: 's1', clock: { now: () => t++ } });
    logConversation(log);
    log.close();
    const { events, warnings } = SessionLog.read(log.file);
    assert.deepEqual(warnings, []);
    assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(events[0].type, 'session_start');
    assert.deepEqual(
      { ...events[0] },
      { seq: 1, time: '2025-01-02T03:04:05.000Z', type: 'session_start', sessionId: 's1', cwd: '/work/p', provider: 'anthropic', model: 'm', version: 1 },
    );
    assert.equal(events[1].time, '2025-01-02T03:04:05.001Z');
    assert.equal(readFileSync(log.file, 'utf8').split('\n').length, 8, 'one line per event plus the final newline');
    assert.throws(() => SessionLog.create(dir, { ...base, sessionId: 's1' }), /already exists/);
  });

  it('skips a torn last line with a warning, keeps the rest, and reopening appends on a new line', () => {
    const log = SessionLog.create(dir, { ...base, sessionId: 's2' });
    logConversation(log);
    log.close();
    appendFileSync(log.file, '{"seq":8,"time":"2025-01-01T00:00:00.000Z","type":"user_mess');

    const torn = SessionLog.read(log.file);
    assert.equal(torn.events.length, 7);
    assert.equal(torn.warnings.length, 1);
    assert.equal(torn.warnings[0].line, 8);
    assert.match(torn.warnings[0].message, /line 8: .*incomplete last line/);

    const reopened = SessionLog.open(log.file);
    assert.equal(reopened.sessionId, 's2');
    const added = reopened.append(user('u2', 'and now?'));
    reopened.close();
    assert.equal(added.seq, 8, 'seq continues from the last readable event');

    const after = SessionLog.read(log.file);
    assert.deepEqual(after.events.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.equal(after.events[7].type === 'user_message' && after.events[7].text, 'and now?');
    // The torn fragment is now an invalid middle line, still reported, nothing else lost.
    assert.equal(after.warnings.length, 1);
    assert.equal(after.warnings[0].line, 8);
  });

  it('reports an invalid line in the middle and keeps everything else', () => {
    const log = SessionLog.create(dir, { ...base, sessionId: 's3' });
    log.append(user('u1', 'one'));
    log.close();
    appendFileSync(log.file, 'not json at all\n{"type":"user_message"}\n');
    const again = SessionLog.open(log.file);
    again.append(user('u2', 'two'));
    again.close();
    const { events, warnings } = SessionLog.read(log.file);
    assert.deepEqual(events.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(warnings.map((w) => w.line), [3, 4]);
    assert.match(warnings[0].message, /not valid JSON/);
    assert.match(warnings[1].message, /seq/);
  });

  it('keeps events of unknown types for newer readers, and replay ignores them', () => {
    writeFileSync(
      join(dir, 'x.jsonl'),
      [
        { seq: 1, time: 't', type: 'session_start', sessionId: 'x', cwd: '/', provider: 'openai', model: 'm', version: 1 },
        { seq: 2, time: 't', type: 'checkpoint', files: [] },
        { seq: 3, time: 't', type: 'user_message', id: 'u', text: 'hi' },
      ].map((e) => JSON.stringify(e)).join('\n') + '\n',
    );
    const { events, warnings } = SessionLog.read(join(dir, 'x.jsonl'));
    assert.equal(events.length, 3);
    assert.deepEqual(warnings, []);
    assert.deepEqual(toMessages(events), [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }]);
  });
});

describe('replay', () => {
  let seq = 0;
  const stamp = (bodies: SessionEventBody[]): SessionEvent[] => bodies.map((b) => ({ ...b, seq: ++seq, time: 't' }) as SessionEvent);
  beforeEach(() => {
    seq = 0;
  });

  it('derives the message list and merges consecutive user content so roles alternate', () => {
    const events = stamp([
      { type: 'session_start', sessionId: 's', cwd: '/', provider: 'anthropic', model: 'm', version: 1 },
      user('u1', 'first'),
      { type: 'error', message: 'overloaded', kind: 'overloaded' },
      { type: 'turn_end', status: 'error' },
      user('u2', 'again'),
      assistant('a1', [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }]),
      results(['t1', 'content']),
      user('u3', 'interjection'),
      assistant('a2', [{ type: 'text', text: 'done' }]),
    ]);
    const messages = toMessages(events);
    assertValidHistory(messages);
    assert.deepEqual(messages, [
      { role: 'user', content: [{ type: 'text', text: 'first' }, { type: 'text', text: 'again' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 't1', content: 'content' }, { type: 'text', text: 'interjection' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'done' }] },
    ]);
    // The events themselves are untouched by the merging.
    const first = events[1];
    assert.ok(first.type === 'user_message' && first.text === 'first');
    const tr = events[6];
    assert.equal(tr.type === 'tool_results' && tr.message.content.length, 1);
  });

  it('gives unfinished tool calls a synthetic error result, before any later user text', () => {
    const events = stamp([
      user('u1', 'do two things'),
      assistant('a1', [
        { type: 'tool_use', id: 't1', name: 'Bash', input: { command: 'ls' } },
        { type: 'tool_use', id: 't2', name: 'Bash', input: { command: 'sleep 100' } },
      ]),
      results(['t1', 'ok']),
    ]);
    const crashed = toMessages(events);
    assertValidHistory(crashed);
    assert.deepEqual(crashed[2].content, [
      { type: 'tool_result', toolUseId: 't1', content: 'ok' },
      { type: 'tool_result', toolUseId: 't2', content: UNFINISHED_TOOL_RESULT, isError: true },
    ]);
    assert.match(UNFINISHED_TOOL_RESULT, /session ended before this tool call finished/);

    // Resumed with a new message and no results at all logged for a later call.
    const resumed = toMessages([
      ...events,
      ...stamp([assistant('a2', [{ type: 'tool_use', id: 't3', name: 'Read', input: {} }]), user('u2', 'continue')]),
    ]);
    assertValidHistory(resumed);
    assert.deepEqual(resumed[4].content, [
      { type: 'tool_result', toolUseId: 't3', content: UNFINISHED_TOOL_RESULT, isError: true },
      { type: 'text', text: 'continue' },
    ]);
  });

  it('replaces messages up to a compaction with the ledger (user) and the notes (assistant), then the kept tail', () => {
    const events = stamp([
      user('u1', 'old question'),
      assistant('a1', [{ type: 'text', text: 'old answer' }]),
      user('u2', 'recent question'),
      assistant('a2', [{ type: 'tool_use', id: 't1', name: 'Read', input: {} }]),
      results(['t1', 'text']),
    ]);
    const ledger = `${LEDGER_HEADER}\n\nThe user's messages so far: old question; recent question`;
    const kept = [events[3].type === 'assistant_message' ? events[3].message : undefined!, events[4].type === 'tool_results' ? events[4].message : undefined!];
    const compacted = toMessages([...events, ...stamp([{ type: 'compaction', summary: 'We discussed X.', replacesThroughSeq: 5, ledger, kept, method: 'summary' }, user('u3', 'next')])]);
    assertValidHistory(compacted);
    assert.deepEqual(compacted[0], { role: 'user', content: [{ type: 'text', text: ledger }] });
    // The summary is the assistant's notes, never the user's words; the kept step follows in the same message.
    assert.equal(compacted[1].role, 'assistant');
    assert.deepEqual(compacted[1].content[0], { type: 'text', text: `${NOTES_HEADER}\n\nWe discussed X.` });
    assert.deepEqual(compacted[1].content[1], { type: 'tool_use', id: 't1', name: 'Read', input: {} });
    assert.equal(compacted.length, 3);
    assert.deepEqual(compacted[2].content.map((b) => b.type), ['tool_result', 'text']);
    assert.deepEqual(compacted[2].content.at(-1), { type: 'text', text: 'next' });
    assert.ok(!JSON.stringify(compacted).includes('old answer'));

    // A compaction written by an older Tandem (summary and seq only) still puts the summary in the assistant's mouth.
    const old = toMessages([...events, { type: 'compaction', summary: 'S', replacesThroughSeq: 2, seq: 6, time: 't' }]);
    assertValidHistory(old);
    assert.ok(old.every((m) => m.role === 'assistant' || !JSON.stringify(m.content).includes('"S"')));
    assert.equal(old[1].role, 'assistant');
    assert.match(JSON.stringify(old[1].content[0]), /S/);
  });

  it('sends tool results cleared by micro-compaction as their stubs', () => {
    const events = stamp([
      user('u1', 'read it'),
      assistant('a1', [{ type: 'tool_use', id: 't1', name: 'Read', input: { file_path: '/a' } }]),
      results(['t1', 'a long file']),
      { type: 'context_cleared', method: 'micro', trigger: 'auto', tokensBefore: 100, tokensAfter: 50, cleared: '1 old tool result cleared', stubs: [{ toolUseId: 't1', text: '[Read of /a: cleared]' }] },
    ]);
    const messages = toMessages(events);
    assert.deepEqual(messages[2].content, [{ type: 'tool_result', toolUseId: 't1', content: '[Read of /a: cleared]' }]);
    // The transcript keeps the full result and marks the place.
    const transcript = toTranscript(events);
    assert.equal((transcript[1] as { result?: { content: string } }).result?.content, 'a long file');
    assert.equal(transcript[2].kind, 'compaction');
  });

  it('builds a typed transcript with tool decisions, proposals and results', () => {
    const events = stamp([
      user('u1', 'edit it'),
      assistant('a1', [{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Editing.' }, { type: 'tool_use', id: 't1', name: 'Edit', input: { file_path: '/a' } }]),
      { type: 'permission_decision', toolUseId: 't1', toolName: 'Edit', decision: 'allow', by: 'user' },
      { type: 'proposal', toolUseId: 't1', absPath: '/a', hunks: 2, status: 'partial' },
      results(['t1', 'applied 1 of 2 hunks']),
      { type: 'error', message: 'boom', kind: 'server' },
    ]);
    assert.deepEqual(toTranscript(events), [
      { kind: 'user', seq: 1, id: 'u1', text: 'edit it' },
      { kind: 'assistant', seq: 2, id: 'a1', text: 'Editing.', thinking: 'hmm' },
      {
        kind: 'tool', seq: 2, toolUseId: 't1', name: 'Edit', input: { file_path: '/a' },
        decision: { decision: 'allow', by: 'user' },
        proposal: { absPath: '/a', hunks: 2, status: 'partial' },
        result: { content: 'applied 1 of 2 hunks', isError: false },
      },
      { kind: 'error', seq: 6, message: 'boom', errorKind: 'server' },
    ]);
  });
});

describe('session store', () => {
  let baseDir: string;
  beforeEach(() => {
    baseDir = mkdtempSync(join(tmpdir(), 'tandem-store-'));
  });
  afterEach(() => rmSync(baseDir, { recursive: true, force: true }));

  it('names project folders like Claude Code', () => {
    assert.equal(projectSlug('/home/me/my_project.v2'), '-home-me-my-project-v2');
    assert.equal(sessionsDir(baseDir, '/a/b'), join(baseDir, 'projects', '-a-b'));
  });

  it('forks a prefix into a new session that replays to the same conversation', () => {
    const dir = sessionsDir(baseDir, '/work/p');
    const log = SessionLog.create(dir, { ...base, sessionId: 'src' });
    logConversation(log); // seq 2..7; seq 5 is the tool results
    log.append(user('u2', 'after the fork point'));
    log.close();
    const source = SessionLog.read(log.file).events;

    const fork = forkSession(log.file, 5, dir);
    assert.notEqual(fork.sessionId, 'src');
    const { events, warnings } = SessionLog.read(fork.file);
    assert.deepEqual(warnings, []);
    assert.deepEqual(events.map((e) => e.seq), [1, 2, 3, 4, 5]);
    const start = events[0];
    assert.ok(start.type === 'session_start');
    assert.deepEqual(start.forkedFrom, { sessionId: 'src', seq: 5 });
    assert.equal(start.sessionId, fork.sessionId);
    assert.equal(events[1].time, source[1].time, 'copied events keep their time');
    assert.deepEqual(toMessages(events), toMessages(source.slice(0, 5)));
    assert.ok(!JSON.stringify(events).includes('after the fork point'));

    // Resuming the fork continues its own numbering.
    const resumed = SessionLog.open(fork.file);
    assert.equal(resumed.append(user('u3', 'other branch')).seq, 6);
    resumed.close();
    assert.throws(() => forkSession(log.file, 99, dir), /between 1 and 8/);
  });

  it('remaps a compaction inside the forked prefix', () => {
    const dir = join(baseDir, 'd');
    const log = SessionLog.create(dir, { ...base, sessionId: 'gap' });
    log.append(user('u1', 'a'));
    log.close();
    // A corrupt line leaves a gap in seq, so the copy's numbering differs from the source's.
    appendFileSync(log.file, 'garbage\n' + JSON.stringify({ seq: 4, time: 't', type: 'assistant_message', id: 'a', message: { role: 'assistant', content: [{ type: 'text', text: 'b' }] }, usage: emptyUsage(), stopReason: 'end_turn' }) + '\n');
    const more = SessionLog.open(log.file);
    more.append({ type: 'compaction', summary: 'sum', replacesThroughSeq: 4 });
    more.append(user('u2', 'c'));
    more.close();
    const source = SessionLog.read(log.file).events;
    const fork = forkSession(log.file, 6, dir);
    const copied = SessionLog.read(fork.file).events;
    const compaction = copied.find((e) => e.type === 'compaction');
    assert.ok(compaction?.type === 'compaction');
    assert.equal(compaction.replacesThroughSeq, 3);
    assert.deepEqual(toMessages(copied), toMessages(source));
  });

  it('finds a log by its id from its file name and first line alone', () => {
    const dir = sessionsDir(baseDir, '/work/by-id');
    const log = SessionLog.create(dir, { ...base, sessionId: 'ccc444' });
    logConversation(log);
    log.close();
    assert.equal(sessionFileById(dir, 'ccc444'), log.file);
    assert.equal(sessionFileById(dir, 'ccc'), undefined, 'no prefix match');
    assert.equal(sessionFileById(dir, 'nope'), undefined, 'no such file');
    // A file named after one id whose log says another session (copied by hand) is not that id.
    writeFileSync(join(dir, 'ddd555.jsonl'), readFileSync(log.file));
    assert.equal(sessionFileById(dir, 'ddd555'), undefined);
    writeFileSync(join(dir, 'eee666.jsonl'), '{"type":"session_start","sessionId":"eee666"');
    assert.equal(sessionFileById(dir, 'eee666'), undefined, 'a torn first line');
  });

  it('lists sessions newest first with titles, and finds them by id prefix', () => {
    const dir = sessionsDir(baseDir, '/work/p');
    assert.deepEqual(listSessions(dir), [], 'a missing folder has no sessions');
    const make = (id: string, text: string | undefined, mtime: number): void => {
      const log = SessionLog.create(dir, { ...base, sessionId: id });
      if (text !== undefined) log.append(user('u', text));
      log.close();
      utimesSync(log.file, mtime, mtime);
    };
    make('aaa111', 'oldest session', 1_000);
    make('aab222', 'x'.repeat(200) + '\nsecond line', 3_000);
    make('bbb333', undefined, 2_000);
    const more = SessionLog.open(join(dir, 'bbb333.jsonl'));
    more.append({ type: 'title', title: 'Named later' });
    more.close();
    utimesSync(more.file, 2_000, 2_000);

    const list = listSessions(dir);
    assert.deepEqual(list.map((s) => s.sessionId), ['aab222', 'bbb333', 'aaa111']);
    assert.equal(list[0].title.length, 80);
    assert.ok(list[0].title.endsWith('…'));
    assert.equal(list[1].title, 'Named later');
    assert.equal(list[2].title, 'oldest session');
    assert.deepEqual(list.map((s) => s.events), [2, 2, 2]);
    assert.equal(latestSession(dir)?.sessionId, 'aab222');

    assert.equal(findSession(dir, 'bbb')?.sessionId, 'bbb333');
    assert.equal(findSession(dir, 'aaa111')?.file, join(dir, 'aaa111.jsonl'));
    assert.equal(findSession(dir, 'zzz'), undefined);
    assert.throws(() => findSession(dir, 'aa'), /matches 2 sessions \(.*aaa111.*aab222|matches 2 sessions \(.*aab222.*aaa111/);
  });
});
