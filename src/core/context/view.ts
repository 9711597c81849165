// The model's view of a conversation: the history with the compaction's ledger and notes in place
// of what it replaced, stubs in place of cleared tool results, and any single result too large for
// the window cut with a note. Pure functions: the live loop and replay (resume) build the same view.
import type { ContentBlock, Message } from '../llm/types';
import { estimateText } from './accounting';
import { NOTES_HEADER } from './summary';

/** A compaction's replacement for the part it covers: the ledger (user role, Tandem's record) and the notes (assistant role). */
export function compactedPrefix(ledger: string, notes: string): Message[] {
  return [
    { role: 'user', content: [{ type: 'text', text: ledger }] },
    { role: 'assistant', content: [{ type: 'text', text: `${NOTES_HEADER}\n\n${notes}` }] },
  ];
}

/** Neighbours with the same role become one message (the notes and a kept assistant step, say). */
export function mergeRoles(messages: readonly Message[]): Message[] {
  const out: Message[] = [];
  for (const m of messages) {
    const prev = out[out.length - 1];
    if (prev && prev.role === m.role) out[out.length - 1] = { role: m.role, content: [...prev.content, ...m.content] };
    else out.push(m);
  }
  return out;
}

export function applyStubs(messages: readonly Message[], stubs: ReadonlyMap<string, string>, maxResultTokens?: number): Message[] {
  if (stubs.size === 0 && maxResultTokens === undefined) return [...messages];
  return messages.map((m) => {
    if (m.role !== 'user' || !m.content.some((b) => b.type === 'tool_result')) return m;
    let changed = false;
    const content = m.content.map((b): ContentBlock => {
      if (b.type !== 'tool_result') return b;
      const stub = stubs.get(b.toolUseId);
      if (stub !== undefined) {
        changed = true;
        return { type: 'tool_result', toolUseId: b.toolUseId, content: stub, ...(b.isError ? { isError: true } : {}) };
      }
      if (maxResultTokens !== undefined && estimateText(b.content) > maxResultTokens) {
        changed = true;
        return { ...b, content: cutResult(b.content, maxResultTokens) };
      }
      return b;
    });
    return changed ? { role: m.role, content } : m;
  });
}

/** A result larger than the room for it keeps its start and end, with a note on what was cut. */
export function cutResult(content: string, maxTokens: number): string {
  const keep = Math.max(200, maxTokens * 4);
  const head = content.slice(0, Math.floor(keep * 0.75));
  const tail = content.slice(content.length - Math.floor(keep * 0.25));
  return `${head}\n\n[… ${(content.length - head.length - tail.length).toLocaleString('en-US')} characters cut here: this result (about ${estimateText(content).toLocaleString('en-US')} tokens) is larger than the model's context window allows. Ask for less at a time (Read with offset/limit, a narrower search, or a command that filters its output).]\n\n${tail}`;
}
