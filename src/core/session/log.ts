// One session = one append-only JSONL file. Each append is a single synchronous write of one line
// on a descriptor opened once in append mode, so a crash (or a killed process) loses at most the
// line being written, and a reader can always tell a torn line from the rest.
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderId } from '../llm/types';
import { systemClock, type Clock } from '../ports';
import { SESSION_LOG_VERSION, type SessionEvent, type SessionEventBody, type SessionStartBody } from './events';

export interface SessionLogWarning {
  /** 1-based line number in the file. */
  line: number;
  message: string;
}

export interface ReadResult {
  events: SessionEvent[];
  /** Lines that were skipped (torn or invalid) and gaps in seq; reading never throws for content. */
  warnings: SessionLogWarning[];
}

export interface CreateOptions {
  sessionId?: string;
  cwd: string;
  provider: ProviderId;
  model: string;
  forkedFrom?: SessionStartBody['forkedFrom'];
  clock?: Clock;
}

export interface AppendOptions {
  /** Keep an existing time (a fork copies events with the time they happened). */
  time?: string;
}

export function sessionFileName(sessionId: string): string {
  return `${sessionId}.jsonl`;
}

export class SessionLog {
  private fd: number | undefined;

  private constructor(
    readonly file: string,
    readonly sessionId: string,
    fd: number,
    private seq: number,
    /** The file ended without a newline (torn last line): the next append starts a new line first. */
    private needsNewline: boolean,
    private readonly clock: Clock,
  ) {
    this.fd = fd;
  }

  /** Starts a new log `<dir>/<sessionId>.jsonl` and writes its session_start. */
  static create(dir: string, opts: CreateOptions): SessionLog {
    const sessionId = opts.sessionId ?? randomUUID();
    if (!/^[A-Za-z0-9._-]+$/.test(sessionId) || sessionId.startsWith('.')) {
      throw new Error(`Invalid session id "${sessionId}": use letters, digits, '.', '_' and '-' only.`);
    }
    mkdirSync(dir, { recursive: true });
    const file = join(dir, sessionFileName(sessionId));
    let fd: number;
    try {
      // 'ax': append mode, but never continue someone else's log by accident.
      fd = openSync(file, 'ax');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new Error(`A session log already exists at ${file}; open it to continue, or use a new session id.`);
      }
      throw err;
    }
    const log = new SessionLog(file, sessionId, fd, 0, false, opts.clock ?? systemClock);
    const start: SessionStartBody = {
      type: 'session_start',
      sessionId,
      cwd: opts.cwd,
      provider: opts.provider,
      model: opts.model,
      version: SESSION_LOG_VERSION,
    };
    if (opts.forkedFrom) start.forkedFrom = opts.forkedFrom;
    log.append(start);
    return log;
  }

  /** Continues an existing log: seq goes on from its last readable event. */
  static open(file: string, opts: { clock?: Clock } = {}): SessionLog {
    const text = readFileSync(file, 'utf8');
    const { events } = parseLog(text);
    const start = events[0];
    if (!start || start.type !== 'session_start') {
      throw new Error(`${file} is not a Tandem session log (its first line is not a readable session_start).`);
    }
    const lastSeq = events[events.length - 1].seq;
    const fd = openSync(file, 'a');
    return new SessionLog(file, start.sessionId, fd, lastSeq, text.length > 0 && !text.endsWith('\n'), opts.clock ?? systemClock);
  }

  /** Every readable event of a log; bad lines are skipped and reported, never thrown. */
  static read(file: string): ReadResult {
    return parseLog(readFileSync(file, 'utf8'));
  }

  get lastSeq(): number {
    return this.seq;
  }

  /** Stamps the event with the next seq and the time, and writes it as one line before returning. */
  append(body: SessionEventBody, opts: AppendOptions = {}): SessionEvent {
    if (this.fd === undefined) throw new Error(`Session log ${this.file} is closed; open it again to append.`);
    const event = { seq: this.seq + 1, time: opts.time ?? new Date(this.clock.now()).toISOString(), ...body } as SessionEvent;
    const line = JSON.stringify(event) + '\n';
    appendFileSync(this.fd, this.needsNewline ? '\n' + line : line);
    this.needsNewline = false;
    this.seq = event.seq;
    return event;
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Parses log text. Exported for tests and for hosts that already hold the text. */
export function parseLog(text: string): ReadResult {
  const events: SessionEvent[] = [];
  const warnings: SessionLogWarning[] = [];
  const lines = text.split('\n');
  // A final newline leaves one empty string behind; anything else there is an unterminated line.
  const torn = lines[lines.length - 1] !== '';
  if (!torn) lines.pop();
  lines.forEach((raw, i) => {
    const line = i + 1;
    const last = i === lines.length - 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      warnings.push({
        line,
        message: last && torn
          ? `line ${line}: skipped an incomplete last line (the session was interrupted while writing it)`
          : `line ${line}: skipped a line that is not valid JSON`,
      });
      return;
    }
    const problem = invalidReason(value);
    if (problem) {
      warnings.push({ line, message: `line ${line}: skipped an event that ${problem}` });
      return;
    }
    const event = value as SessionEvent;
    const prev = events[events.length - 1];
    if (prev && event.seq !== prev.seq + 1) {
      warnings.push({ line, message: `line ${line}: seq ${event.seq} follows seq ${prev.seq}; events in between are missing` });
    }
    events.push(event);
  });
  return { events, warnings };
}

/** Why a parsed line cannot be used, checking what replay relies on; undefined when it is fine. */
function invalidReason(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return 'is not a JSON object';
  const e = v as Record<string, unknown>;
  if (typeof e.type !== 'string') return 'has no type';
  if (typeof e.seq !== 'number' || !Number.isInteger(e.seq) || e.seq < 1) return `(${e.type}) has no valid seq`;
  if (typeof e.time !== 'string') return `(${e.type}) has no time`;
  const hasMessage = (m: unknown): boolean =>
    typeof m === 'object' && m !== null && Array.isArray((m as { content?: unknown }).content);
  switch (e.type) {
    case 'session_start':
      return typeof e.sessionId === 'string' ? undefined : '(session_start) has no sessionId';
    case 'user_message':
      return typeof e.text === 'string' ? undefined : '(user_message) has no text';
    case 'assistant_message':
    case 'tool_results':
      return hasMessage(e.message) ? undefined : `(${e.type}) has no message content`;
    case 'compaction':
      return typeof e.summary === 'string' && typeof e.replacesThroughSeq === 'number'
        ? undefined
        : '(compaction) has no summary or replacesThroughSeq';
    case 'context_cleared':
      return Array.isArray(e.stubs) ? undefined : '(context_cleared) has no stubs';
    default:
      // Unknown types are kept: replay skips them, and a newer Tandem may understand them.
      return undefined;
  }
}
