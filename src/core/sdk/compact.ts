// agent.compact(instructions?): a manual compaction (/compact) for the SDK and `tandem -p "/compact ..."`.
import type { Conversation } from '../agent/conversation';
import type { AgentEvent } from '../agent/events';

export interface CompactResult {
  compacted: boolean;
  tokensBefore?: number;
  tokensAfter?: number;
  /** The assistant's notes that now stand for the earlier conversation. */
  summary?: string;
  /** Why nothing was compacted (nothing yet, turned off, the summary failed, a hook blocked it). */
  error?: string;
}

/** The `/compact [instructions]` prompt, or undefined when the prompt is something else. */
export function parseCompactPrompt(prompt: string): { instructions?: string } | undefined {
  const m = /^\/compact(?:\s+([\s\S]*))?$/.exec(prompt.trim());
  if (!m) return undefined;
  const instructions = m[1]?.trim();
  return instructions ? { instructions } : {};
}

export async function runCompact(conv: Conversation, instructions: string | undefined, signal: AbortSignal, onEvent: (ev: AgentEvent) => void): Promise<CompactResult> {
  const result: CompactResult = { compacted: false };
  for await (const ev of conv.compact(instructions, signal)) {
    onEvent(ev);
    if (ev.type === 'compaction') Object.assign(result, { compacted: true, tokensBefore: ev.tokensBefore, tokensAfter: ev.tokensAfter, summary: ev.summary });
    else if (ev.type === 'error') result.error = ev.message;
  }
  return result;
}
