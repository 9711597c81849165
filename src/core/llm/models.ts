// Known models: context window and list prices (USD per million tokens, from the providers' public
// price lists) for the cost display. A model that is not here shows tokens only, never a guess.
import type { Usage } from './types';

export interface ModelInfo {
  contextWindow: number;
  /** USD per million tokens. */
  input: number;
  output: number;
  cacheWrite?: number;
  cacheRead?: number;
}

const M = 1_000_000;

export const KNOWN_MODELS: Record<string, ModelInfo> = {
  'claude-opus-4-5': { contextWindow: 200_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5 },
  'claude-sonnet-4-5': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'claude-haiku-4-5': { contextWindow: 200_000, input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1 },
  'claude-opus-4-1': { contextWindow: 200_000, input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5 },
  'claude-sonnet-4': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
  'gpt-4.1': { contextWindow: 1_047_576, input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { contextWindow: 1_047_576, input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4o': { contextWindow: 128_000, input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { contextWindow: 128_000, input: 0.15, output: 0.6, cacheRead: 0.075 },
  'gpt-5': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { contextWindow: 400_000, input: 0.25, output: 2, cacheRead: 0.025 },
  'o4-mini': { contextWindow: 200_000, input: 1.1, output: 4.4, cacheRead: 0.275 },
};

/** Looks a model up by id, also with a date suffix (claude-sonnet-4-5-20250929, gpt-4o-2024-08-06). */
export function modelInfo(model: string): ModelInfo | undefined {
  if (KNOWN_MODELS[model]) return KNOWN_MODELS[model];
  const base = model.replace(/-\d{8}$/, '').replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return KNOWN_MODELS[base];
}

/** Cost in USD, or undefined for a model whose prices are not known. */
export function costUsd(model: string, usage: Usage): number | undefined {
  const info = modelInfo(model);
  if (!info) return undefined;
  return (
    (usage.inputTokens * info.input +
      usage.outputTokens * info.output +
      usage.cacheWriteTokens * (info.cacheWrite ?? info.input) +
      usage.cacheReadTokens * (info.cacheRead ?? info.input)) /
    M
  );
}
