// The tool calls of a message list paired with their results, in order, and a one-line description
// of each ("Read of src/a.ts, 812 lines"), which the stubs of micro-compaction and collapse reuse.
import type { ContentBlock, Message } from '../llm/types';

export interface CallRecord {
  id: string;
  name: string;
  input: Record<string, unknown>;
  /** Index of the assistant message that made the call. */
  step: number;
  result?: Extract<ContentBlock, { type: 'tool_result' }>;
}

export function callsOf(messages: readonly Message[]): CallRecord[] {
  const byId = new Map<string, CallRecord>();
  const out: CallRecord[] = [];
  messages.forEach((m, i) => {
    for (const b of m.content) {
      if (b.type === 'tool_use') {
        const input = typeof b.input === 'object' && b.input !== null ? (b.input as Record<string, unknown>) : {};
        const rec: CallRecord = { id: b.id, name: b.name, input, step: i };
        byId.set(b.id, rec);
        out.push(rec);
      } else if (b.type === 'tool_result') {
        const rec = byId.get(b.toolUseId);
        if (rec) rec.result = b;
      }
    }
  });
  return out;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function lineCount(text: string): number {
  return text === '' ? 0 : text.split('\n').length;
}

/** "Read of src/a.ts, 812 lines", "Bash `npm test` (exit code 1), 40 lines", "Grep for 'foo', 7 lines". */
export function describeCall(c: CallRecord): string {
  const content = c.result?.content ?? '';
  const lines = `${lineCount(content)} line${lineCount(content) === 1 ? '' : 's'}`;
  const oneLine = (s: string, n = 120) => {
    const l = s.split('\n')[0];
    return l.length > n ? `${l.slice(0, n)}…` : l;
  };
  switch (c.name) {
    case 'Read':
      return `Read of ${str(c.input.file_path) ?? '(a file)'}${c.input.offset !== undefined || c.input.limit !== undefined ? ` (from line ${String(c.input.offset ?? 1)}, ${String(c.input.limit ?? 'all')} lines)` : ''}, ${lines}`;
    case 'Bash':
      return `Bash \`${oneLine(str(c.input.command) ?? '')}\`${c.result?.isError ? ' (failed)' : ''}, ${lines} of output`;
    case 'Grep':
      return `Grep for '${oneLine(str(c.input.pattern) ?? '', 60)}'${str(c.input.path) ? ` in ${str(c.input.path)}` : ''}, ${lines}`;
    case 'Glob':
      return `Glob ${oneLine(str(c.input.pattern) ?? '', 60)}, ${lines}`;
    case 'LS':
      return `LS of ${str(c.input.path) ?? '(a folder)'}, ${lines}`;
    default:
      return `${c.name} result, ${lines}`;
  }
}

/** How to get a cleared result back. */
export function howToRecover(name: string): string {
  switch (name) {
    case 'Read':
      return 'Read it again if needed';
    case 'Bash':
      return 'run it again if needed';
    case 'Grep':
    case 'Glob':
    case 'LS':
      return 'search again if needed';
    default:
      return 'call the tool again if needed';
  }
}

/** The file a call read or wrote, when it is about one file. */
export function filePathOf(c: CallRecord): string | undefined {
  return ['Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit'].includes(c.name) ? str(c.input.file_path) ?? str(c.input.notebook_path) : undefined;
}

export function isWholeRead(c: CallRecord): boolean {
  return c.name === 'Read' && c.input.offset === undefined && c.input.limit === undefined;
}

/** A call that succeeded: no error flag and, for Bash, exit code 0. */
export function succeeded(c: CallRecord): boolean {
  if (!c.result || c.result.isError) return false;
  const code = /(?:^|\n)Exit code (\d+)(?:\n|$)/.exec(c.result.content);
  return !code || code[1] === '0';
}
