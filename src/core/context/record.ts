// How a compaction is written to the session log: a summary or truncation as a `compaction` event
// (everything logged so far is replaced by its ledger, notes and kept tail), micro-compaction and
// collapse as `context_cleared` (stubs by tool call id). Replay (src/core/session/replay.ts) reads
// both back into the same view the model had.
import type { AgentEvent } from '../agent/events';
import type { ContentBlock, Message } from '../llm/types';
import type { SessionEventBody } from '../session/events';
import { LEDGER_HEADER } from './ledger';
import { applyStubs, compactedPrefix } from './view';

type CompactionEvent = Extract<AgentEvent, { type: 'compaction' }>;

export function compactionRecord(ev: CompactionEvent, lastSeq: number): SessionEventBody {
  const figures = { trigger: ev.trigger, tokensBefore: ev.tokensBefore, tokensAfter: ev.tokensAfter, cleared: ev.cleared };
  if (ev.method === 'micro' || ev.method === 'collapse') {
    return { type: 'context_cleared', method: ev.method, ...figures, stubs: ev.stubs ?? [] };
  }
  return {
    type: 'compaction',
    summary: ev.summary ?? '',
    replacesThroughSeq: lastSeq,
    method: ev.method,
    ...figures,
    ...(ev.ledger ? { ledger: ev.ledger } : {}),
    kept: ev.kept ?? [],
  };
}

/** The messages a logged compaction stands for: the ledger (or a plain note for an old event), the notes, the kept tail. */
export function replayCompaction(e: { summary: string; ledger?: unknown; kept?: unknown }): Message[] {
  const ledger = typeof e.ledger === 'string' && e.ledger.startsWith(LEDGER_HEADER) ? e.ledger : `${LEDGER_HEADER}\n\n(The earlier part of this conversation was compacted.)`;
  const kept = Array.isArray(e.kept) ? e.kept.filter(isMessage) : [];
  return [...compactedPrefix(ledger, e.summary), ...kept];
}

function isMessage(m: unknown): m is Message {
  const x = m as { role?: unknown; content?: unknown } | null;
  return typeof x === 'object' && x !== null && (x.role === 'user' || x.role === 'assistant') && Array.isArray(x.content) && (x.content as ContentBlock[]).every((b) => typeof b === 'object' && b !== null && typeof b.type === 'string');
}

/** Stubs logged so far, by tool call id. */
export function stubsOf(events: readonly { type: string; stubs?: unknown }[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of events) {
    if (e.type !== 'context_cleared' || !Array.isArray(e.stubs)) continue;
    for (const s of e.stubs as { toolUseId?: unknown; text?: unknown }[]) if (typeof s.toolUseId === 'string' && typeof s.text === 'string') out.set(s.toolUseId, s.text);
  }
  return out;
}

export { applyStubs };
