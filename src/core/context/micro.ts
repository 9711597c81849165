// Micro-compaction: old tool results are replaced by a one-line stub that says what was there and
// how to get it back. Deterministic (the same history gives the same stubs), and applied in batches
// by the context manager, so the cached prompt prefix changes only when a batch runs, not every turn.
import type { Message } from '../llm/types';
import { estimateText } from './accounting';
import { callsOf, describeCall, howToRecover } from './calls';

export interface Stub {
  toolUseId: string;
  text: string;
  method: 'micro' | 'collapse';
}

export interface MicroOptions {
  /** Results of the last this-many assistant steps that called tools stay (default 3). */
  keepSteps?: number;
  /** Results at least this big are cleared once they are outside the last step (tokens). */
  largeTokens?: number;
  /** Results smaller than this are not worth a stub (tokens, default 60). */
  minTokens?: number;
}

export function stubText(description: string, recover: string): string {
  return `[${description}: cleared to save context; ${recover}.]`;
}

/** The stubs one batch adds: results outside the last `keepSteps` steps, or large ones outside the last step. */
export function microCompact(messages: readonly Message[], already: ReadonlyMap<string, string>, opts: MicroOptions = {}): Stub[] {
  const keepSteps = opts.keepSteps ?? 3;
  const minTokens = opts.minTokens ?? 60;
  const calls = callsOf(messages);
  const steps = [...new Set(calls.map((c) => c.step))];
  const keptFrom = steps.length > keepSteps ? steps[steps.length - keepSteps] : Number.POSITIVE_INFINITY;
  const lastStep = steps[steps.length - 1] ?? Number.POSITIVE_INFINITY;
  const out: Stub[] = [];
  for (const c of calls) {
    if (!c.result || already.has(c.id)) continue;
    const tokens = estimateText(c.result.content);
    if (tokens < minTokens) continue;
    const old = c.step < keptFrom;
    const large = opts.largeTokens !== undefined && tokens >= opts.largeTokens && c.step < lastStep;
    if (old || large) out.push({ toolUseId: c.id, method: 'micro', text: stubText(describeCall(c), howToRecover(c.name)) });
  }
  return out;
}
