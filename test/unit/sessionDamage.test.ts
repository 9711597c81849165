// Damaged and contended session logs: every event is validated, bad lines and blocks are skipped
// and reported, what remains replays into a request the APIs accept, and one log has one writer.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '../../src/core/llm/types';
import { lockFileOf, SessionLockedError } from '../../src/core/session/lock';
import { SessionLog } from '../../src/core/session/log';
import { toMessages } from '../../src/core/session/replay';
import { openOrFork } from '../../src/core/session/store';

/** What the Anthropic API checks of a history: ids and names present, unique, each tool_use answered right after. */
function assertValidHistory(messages: Message[]): void {
  assert.equal(messages[0]?.role, 'user');
  const ids = new Set<string>();
  messages.forEach((m, i) => {
    if (i > 0) assert.notEqual(m.role, messages[i - 1].role, 'roles alternate');
    const calls = m.content.flatMap((b) => (b.type === 'tool_use' ? [b] : []));
    for (const c of calls) {
      assert.ok(typeof c.id === 'string' && c.id !== '' && typeof c.name === 'string' && c.name !== '', `tool_use has id and name: ${JSON.stringify(c)}`);
      assert.ok(!ids.has(c.id), `tool_use id ${c.id} is unique`);
      ids.add(c.id);
    }
    const results = m.content.flatMap((b) => (b.type === 'tool_result' ? [b.toolUseId] : []));
    const prevCalls = new Set((messages[i - 1]?.content ?? []).flatMap((b) => (b.type === 'tool_use' ? [b.id] : [])));
    for (const r of results) assert.ok(prevCalls.has(r), `tool_result ${r} answers a call of the message before`);
    if (calls.length) {
      const next = new Set((messages[i + 1]?.content ?? []).flatMap((b) => (b.type === 'tool_result' ? [b.toolUseId] : [])));
      for (const c of calls) assert.ok(next.has(c.id), `tool_use ${c.id} has a result right after`);
    }
  });
}

const line = (e: Record<string, unknown>) => JSON.stringify(e) + '\n';
const usage = { inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0 };

describe('session logs: damage and contention', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'tandem-damage-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('a corrupt first line costs only that line: the log opens, keeps its id and replays the rest', () => {
    const file = join(dir, 'abc-123.jsonl');
    writeFileSync(
      file,
      '{"seq":1,"time":"t","type":"session_sta\u0000garbage\n' +
        line({ seq: 2, time: 't', type: 'user_message', id: 'u1', text: 'first question' }) +
        line({ seq: 3, time: 't', type: 'assistant_message', id: 'a1', message: { role: 'assistant', content: [{ type: 'text', text: 'first answer' }] }, usage, stopReason: 'end_turn' }),
    );
    const read = SessionLog.read(file);
    assert.equal(read.events.length, 2);
    assert.match(read.warnings[0].message, /line 1: skipped/);
    const log = SessionLog.open(file);
    assert.equal(log.sessionId, 'abc-123');
    const next = log.append({ type: 'user_message', id: 'u2', text: 'more' });
    log.close();
    assert.equal(next.seq, 4);
    assertValidHistory(toMessages(SessionLog.read(file).events));
  });

  it('tool_use blocks without id or name, and reused ids, are dropped and reported; the replayed history is valid', () => {
    const file = join(dir, 's.jsonl');
    writeFileSync(
      file,
      line({ seq: 1, time: 't', type: 'session_start', sessionId: 's', cwd: '/', provider: 'anthropic', model: 'm', version: 1 }) +
        line({ seq: 2, time: 't', type: 'user_message', id: 'u1', text: 'go' }) +
        line({ seq: 3, time: 't', type: 'assistant_message', id: 'a1', message: { role: 'assistant', content: [{ type: 'text', text: 'ok' }, { type: 'tool_use', name: 'Read', input: {} }, { type: 'tool_use', id: 't2', input: {} }, { type: 'tool_use', id: 't3', name: 'LS', input: {} }] }, usage, stopReason: 'tool_use' }) +
        line({ seq: 4, time: 't', type: 'tool_results', message: { role: 'user', content: [{ type: 'tool_result', toolUseId: 't2', content: 'x' }, { type: 'tool_result', toolUseId: 't3', content: 'listing' }, { type: 'tool_result', content: 'no id' }] } }) +
        line({ seq: 5, time: 't', type: 'assistant_message', id: 'a2', message: { role: 'assistant', content: [{ type: 'tool_use', id: 't3', name: 'LS', input: {} }, { type: 'tool_use', id: 't4', name: 'LS', input: {} }] }, stopReason: 'tool_use' }) +
        line({ seq: 6, time: 't', type: 'assistant_message', id: 'a3', message: { role: 'user', content: [] }, usage, stopReason: 'end_turn' }),
    );
    const { events, warnings } = SessionLog.read(file);
    const text = warnings.map((w) => w.message).join('\n');
    assert.match(text, /line 3: dropped a malformed tool_use block \(#2\): id/);
    assert.match(text, /line 3: dropped a malformed tool_use block \(#3\): name/);
    assert.match(text, /line 4: dropped a malformed tool_result block/);
    assert.match(text, /line 5: dropped a tool_use whose id t3 was already used/);
    assert.match(text, /line 6: skipped an event that \(assistant_message\) is malformed: message.role/);
    const a2 = events.find((e) => e.type === 'assistant_message' && e.id === 'a2');
    assert.ok(a2 && a2.type === 'assistant_message' && a2.usage.inputTokens === 0, 'missing usage is repaired, not a crash');
    const messages = toMessages(events);
    assertValidHistory(messages);
    assert.match(JSON.stringify(messages), /listing/);
  });

  it('one writer per log: a second open is refused while the first holds it, and allowed after close', () => {
    const first = SessionLog.create(dir, { sessionId: 'one', cwd: '/', provider: 'anthropic', model: 'm' });
    assert.throws(() => SessionLog.open(first.file), (err: unknown) => err instanceof SessionLockedError && err.pid === process.pid);
    first.close();
    assert.ok(!existsSync(lockFileOf(first.file)), 'close releases the lock');
    const again = SessionLog.open(first.file);
    again.close();
  });

  it('a stale lock (its process is gone) is taken over', () => {
    const log = SessionLog.create(dir, { sessionId: 'stale', cwd: '/', provider: 'anthropic', model: 'm' });
    log.close();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(lockFileOf(log.file), JSON.stringify({ pid: dead, host: hostname() }));
    const opened = SessionLog.open(log.file);
    assert.equal(JSON.parse(readFileSync(lockFileOf(log.file), 'utf8')).pid, process.pid);
    opened.close();
  });

  it('openOrFork continues a log held by another writer in a copy, and says so; the original gets nothing', () => {
    const holder = SessionLog.create(dir, { sessionId: 'busy', cwd: '/', provider: 'anthropic', model: 'm' });
    holder.append({ type: 'user_message', id: 'u1', text: 'hello' });
    const { log, notice } = openOrFork(holder.file);
    try {
      assert.notEqual(log.sessionId, 'busy');
      assert.match(notice ?? '', /being written by another Tandem process \(pid \d+\)\. Continuing in a copy of it instead: session /);
      log.append({ type: 'user_message', id: 'u2', text: 'from the second writer' });
      assert.doesNotMatch(readFileSync(holder.file, 'utf8'), /second writer/);
      assert.match(readFileSync(log.file, 'utf8'), /hello[^]*second writer/);
    } finally {
      log.close();
      holder.close();
    }
  });
});
