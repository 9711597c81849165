// Where session logs live and how to find, list and fork them. One folder per project, named after
// the project's absolute path the way Claude Code names its own, so people find their way around.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Clock } from '../ports';
import type { SessionEvent } from './events';
import { SessionLockedError } from './lock';
import { SessionLog, sessionFileName } from './log';

const TITLE_MAX_CHARS = 80;

/** ~/.tandem; the VS Code host passes its globalStorage folder instead. */
export function defaultBaseDir(): string {
  return join(homedir(), '.tandem');
}

/** The absolute path with every character that is not a letter or digit replaced by '-'. */
export function projectSlug(cwd: string): string {
  return resolve(cwd).replace(/[^a-zA-Z0-9]/g, '-');
}

export function sessionsDir(baseDir: string | undefined, cwd: string): string {
  return join(baseDir ?? defaultBaseDir(), 'projects', projectSlug(cwd));
}

export interface SessionInfo {
  sessionId: string;
  file: string;
  mtimeMs: number;
  /** The latest title event, else the first user message (truncated); '' when there is neither. */
  title: string;
  events: number;
}

/** Every session log in `dir`, most recently written first. A missing folder has none. */
export function listSessions(dir: string): SessionInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.jsonl'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const infos: SessionInfo[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let mtimeMs: number;
    try {
      mtimeMs = statSync(file).mtimeMs;
    } catch {
      continue; // deleted between readdir and stat
    }
    const { events } = SessionLog.read(file);
    const start = events[0]?.type === 'session_start' ? events[0] : undefined;
    infos.push({
      sessionId: start?.sessionId ?? basename(name, '.jsonl'),
      file,
      mtimeMs,
      title: titleOf(events),
      events: events.length,
    });
  }
  return infos.sort((a, b) => b.mtimeMs - a.mtimeMs || a.sessionId.localeCompare(b.sessionId));
}

function titleOf(events: readonly SessionEvent[]): string {
  let title: string | undefined;
  for (const e of events) if (e.type === 'title') title = e.title;
  const firstUser = events.find((e) => e.type === 'user_message');
  const text = title ?? (firstUser?.type === 'user_message' ? (firstUser.command || firstUser.text) : '');
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > TITLE_MAX_CHARS ? oneLine.slice(0, TITLE_MAX_CHARS - 1) + '…' : oneLine;
}

/**
 * The log named after this session id (`<id>.jsonl`, as SessionLog.create names it) when its first
 * line is that session's start: found by reading one line, not every log of the folder (a window
 * reload restores a chat this way). Undefined otherwise; listSessions still finds renamed files.
 */
export function sessionFileById(dir: string, sessionId: string): string | undefined {
  const file = join(dir, sessionFileName(sessionId));
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.alloc(16 * 1024);
      head = buf.toString('utf8', 0, readSync(fd, buf, 0, buf.length, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const end = head.indexOf('\n');
  if (end < 0) return undefined;
  try {
    const first = JSON.parse(head.slice(0, end)) as { type?: unknown; sessionId?: unknown };
    return first.type === 'session_start' && first.sessionId === sessionId ? file : undefined;
  } catch {
    return undefined;
  }
}

export function latestSession(dir: string): SessionInfo | undefined {
  return listSessions(dir)[0];
}

/**
 * The session with this id, or the only one whose id starts with it. Undefined when none matches;
 * throws when a prefix matches several, naming them so the user can type more of the id.
 */
export function findSession(dir: string, idOrPrefix: string): SessionInfo | undefined {
  const all = listSessions(dir);
  const exact = all.find((s) => s.sessionId === idOrPrefix);
  if (exact) return exact;
  const matches = idOrPrefix ? all.filter((s) => s.sessionId.startsWith(idOrPrefix)) : [];
  if (matches.length > 1) {
    throw new Error(
      `Session id prefix "${idOrPrefix}" matches ${matches.length} sessions (${matches.map((s) => s.sessionId).join(', ')}); give more characters.`,
    );
  }
  return matches[0];
}

export interface ForkOptions {
  sessionId?: string;
  clock?: Clock;
}

/**
 * A new session holding a copy of `file`'s events up to `throughSeq`, re-sequenced from 1, so
 * resuming it rebuilds the same conversation up to that point. Its session_start names the source.
 * Writes into `dir` (the source's folder by default); returns the new log's id and file.
 */
export function forkSession(file: string, throughSeq: number, dir = dirname(file), opts: ForkOptions = {}): { sessionId: string; file: string } {
  const { events } = SessionLog.read(file);
  if (events.length === 0) throw new Error(`Cannot fork ${file}: it is not a Tandem session log (no readable event).`);
  // A damaged first line loses only itself: the id comes from the file name then.
  const found = events.find((e) => e.type === 'session_start');
  const start = found?.type === 'session_start' ? found : { sessionId: basename(file, '.jsonl'), cwd: '', provider: 'anthropic' as const, model: '', seq: 0 };
  const last = events[events.length - 1].seq;
  if (!Number.isInteger(throughSeq) || throughSeq < 1 || throughSeq > last) {
    throw new Error(`Cannot fork ${file} at seq ${throughSeq}: it must be between 1 and ${last}.`);
  }
  const log = SessionLog.create(dir, {
    sessionId: opts.sessionId,
    cwd: start.cwd,
    provider: start.provider,
    model: start.model,
    forkedFrom: { sessionId: start.sessionId, seq: throughSeq },
    clock: opts.clock,
  });
  try {
    // Old seq -> new seq, to rewrite references (a compaction's replacesThroughSeq) into the copy.
    const seqMap: [number, number][] = [[start.seq, 1]];
    for (const e of events) {
      if (e.seq > throughSeq) break;
      if (e.type === 'session_start') continue;
      const { seq, time, ...body } = e;
      if (body.type === 'compaction') body.replacesThroughSeq = mapSeq(seqMap, body.replacesThroughSeq);
      const copied = log.append(body, { time });
      seqMap.push([seq, copied.seq]);
    }
  } finally {
    log.close();
  }
  return { sessionId: log.sessionId, file: log.file };
}

/**
 * Opens a log to continue it. When another process is writing it (see lock.ts), the conversation
 * continues in a copy instead, and `notice` says so: two writers would interleave one history.
 */
export function openOrFork(file: string): { log: SessionLog; notice?: string } {
  try {
    return { log: SessionLog.open(file) };
  } catch (err) {
    if (!(err instanceof SessionLockedError)) throw err;
    const last = SessionLog.read(file).events.at(-1)?.seq;
    if (last === undefined) throw err;
    const copy = forkSession(file, last);
    return { log: SessionLog.open(copy.file), notice: `${err.message} Continuing in a copy of it instead: session ${copy.sessionId}.` };
  }
}

/** The new seq of the last copied event at or before `old`. */
function mapSeq(seqMap: [number, number][], old: number): number {
  let mapped = 1;
  for (const [from, to] of seqMap) if (from <= old) mapped = to;
  return mapped;
}
