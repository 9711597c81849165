// Known models: context window and list prices (USD per million tokens) for the context meter and
// the cost display. A model without prices shows tokens only, never a guessed cost; a model not
// here at all still gets a context meter from the user's settings or a conservative window.
import type { Usage } from './types';

export interface ModelInfo {
  contextWindow: number;
  /** USD per million tokens; absent when no list price was found (tokens are shown without cost). */
  input?: number;
  output?: number;
  cacheWrite?: number;
  cacheRead?: number;
  /** Anthropic: how the model thinks. 'adaptive' takes effort; 'budget' takes budget_tokens. */
  thinking?: 'adaptive' | 'budget';
  /** Anthropic: a 1M-token window behind the context-1m beta header (the base window is contextWindow). */
  context1mBeta?: boolean;
}

const M = 1_000_000;
/** The window assumed for a model nobody described: small enough that the meter warns early. */
export const CONSERVATIVE_CONTEXT_WINDOW = 128_000;

// Anthropic, from platform.claude.com "Models overview", the model pages and "Pricing", as stored
// on 2026-12-01 (Fable 5.2 / Opus 5.5 / Sonnet 5.5 / Haiku 5.5 lineup). Cache writes are the
// 5-minute rate (1.25x input, the pricing page's rule); a cache-read rate is given only where a
// model page lists it, otherwise reads are priced at the input rate (an overestimate, not a guess).
// Haiku 5.5 is priced at its up-to-100K-token-prompt rate; longer prompts cost more per token.
// Older models: platform.claude.com "Pricing" (Opus 4.x/Sonnet 4.x/Haiku 4.5 rows).
const ANTHROPIC: Record<string, ModelInfo> = {
  'claude-fable-5-2': { contextWindow: 1_000_000, input: 8, output: 40, cacheWrite: 10, thinking: 'adaptive' },
  'claude-fable-5-1': { contextWindow: 1_000_000, input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25, thinking: 'adaptive' },
  'claude-opus-5-5': { contextWindow: 1_000_000, input: 4, output: 20, cacheWrite: 5, thinking: 'adaptive' },
  'claude-opus-5': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-sonnet-5-5': { contextWindow: 1_000_000, input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, thinking: 'adaptive' },
  'claude-sonnet-5': { contextWindow: 1_000_000, input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, thinking: 'adaptive' },
  'claude-haiku-5-5': { contextWindow: 1_000_000, input: 0.1, output: 0.5, cacheWrite: 0.125, thinking: 'adaptive' },
  'claude-opus-4-8': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-opus-4-7': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-opus-4-6': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-sonnet-4-6': { contextWindow: 1_000_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'adaptive' },
  'claude-opus-4-5': { contextWindow: 200_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'budget' },
  'claude-sonnet-4-5': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'budget', context1mBeta: true },
  'claude-haiku-4-5': { contextWindow: 200_000, input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, thinking: 'budget' },
  'claude-opus-4-1': { contextWindow: 200_000, input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, thinking: 'budget' },
  'claude-sonnet-4': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'budget', context1mBeta: true },
};

// OpenAI. The stored material has no copy of openai.com/api/pricing itself; these rates are as
// third-party pages quote it (morphllm.com and aipromptshub.co, June 2026, for GPT-5.5/5.4;
// docs.laozhang.ai, 2026-07-30, for GPT-5.6; codexometer's release notes, 2026-09-22, for GPT-6).
// Rates are for prompts up to 272K tokens (longer prompts cost 2x input, 1.5x output).
// No price was found for the *-codex models: they show tokens only.
const OPENAI: Record<string, ModelInfo> = {
  'gpt-6-sol': { contextWindow: 872_000, input: 2, output: 10, cacheRead: 0.2 },
  'gpt-6-luna': { contextWindow: 1_000_000, input: 0.1, output: 0.5, cacheRead: 0.01 },
  'gpt-5.6-sol': { contextWindow: 1_000_000, input: 5, output: 30, cacheRead: 0.5 },
  'gpt-5.6-terra': { contextWindow: 1_000_000, input: 2, output: 12, cacheRead: 0.2 },
  'gpt-5.6-luna': { contextWindow: 1_000_000, input: 0.2, output: 1.2, cacheRead: 0.02 },
  'gpt-5.5': { contextWindow: 1_000_000, input: 5, output: 30, cacheRead: 0.5 },
  'gpt-5.5-pro': { contextWindow: 1_000_000, input: 30, output: 180 },
  'gpt-5.4': { contextWindow: 1_000_000, input: 2.5, output: 15, cacheRead: 0.25 },
  'gpt-5.4-mini': { contextWindow: 1_000_000, input: 0.75, output: 4.5, cacheRead: 0.075 },
  'gpt-5.4-nano': { contextWindow: 1_000_000, input: 0.2, output: 1.25, cacheRead: 0.02 },
  'gpt-5.4-pro': { contextWindow: 1_000_000, input: 30, output: 180 },
  'gpt-5.3-codex': { contextWindow: 400_000 },
  'gpt-5.2-codex': { contextWindow: 400_000 },
  'gpt-5.1-codex': { contextWindow: 400_000 },
  'gpt-5-codex': { contextWindow: 400_000 },
  // Earlier list prices (openai.com/api/pricing, 2025), kept for existing sessions.
  'gpt-5': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { contextWindow: 400_000, input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-4.1': { contextWindow: 1_047_576, input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { contextWindow: 1_047_576, input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4o': { contextWindow: 128_000, input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { contextWindow: 128_000, input: 0.15, output: 0.6, cacheRead: 0.075 },
  'o4-mini': { contextWindow: 200_000, input: 1.1, output: 4.4, cacheRead: 0.275 },
};

// Google Gemini through its OpenAI-compatible endpoint
// (https://generativelanguage.googleapis.com/v1beta/openai/, provider openai, Chat Completions).
// gemini-3-flash-preview: ai.google.dev/gemini-api/docs/pricing as quoted by factquire.com
// (accessed 2026-07-04). No list price was found for gemini-3.1-pro-preview: tokens only.
const GEMINI: Record<string, ModelInfo> = {
  'gemini-3-flash-preview': { contextWindow: 1_048_576, input: 0.5, output: 3, cacheRead: 0.05 },
  'gemini-3.1-pro-preview': { contextWindow: 1_048_576 },
  'gemini-2.5-pro': { contextWindow: 1_048_576, input: 1.25, output: 10, cacheRead: 0.31 },
};

export const KNOWN_MODELS: Record<string, ModelInfo> = { ...ANTHROPIC, ...OPENAI, ...GEMINI };

export type ModelVendor = 'anthropic' | 'openai' | 'gemini';
/** Whose model each table entry is (the model picker lists those of the chosen provider). */
export const KNOWN_MODEL_VENDORS: Record<string, ModelVendor> = Object.fromEntries([
  ...Object.keys(ANTHROPIC).map((id) => [id, 'anthropic'] as const),
  ...Object.keys(OPENAI).map((id) => [id, 'openai'] as const),
  ...Object.keys(GEMINI).map((id) => [id, 'gemini'] as const),
]);

/** A model the user described in settings (`models`): local servers and models newer than this table. */
export interface UserModel {
  id: string;
  contextWindow?: number;
  /** USD per million tokens. */
  input?: number;
  output?: number;
  cacheRead?: number;
  cacheWrite?: number;
}

let userModels = new Map<string, UserModel>();

/** Replaces the user's model list (from settings); entries override the built-in table. */
export function setUserModels(models: readonly UserModel[]): void {
  userModels = new Map(models.filter((m) => m && typeof m.id === 'string' && m.id).map((m) => [m.id, m]));
}

/** The ids of the models the user described, in their order. */
export function userModelIds(): string[] {
  return [...userModels.keys()];
}

/** Claude Code's `[1m]` suffix asks for the 1M-token context window. */
export function splitContextSuffix(model: string): { model: string; context1m: boolean } {
  const m = /^(.*)\[1m\]$/i.exec(model);
  return m ? { model: m[1], context1m: true } : { model, context1m: false };
}

function builtIn(model: string): ModelInfo | undefined {
  if (KNOWN_MODELS[model]) return KNOWN_MODELS[model];
  // Dated snapshots (claude-sonnet-4-5-20250929, gpt-4o-2024-08-06) and cloud ids
  // (anthropic.claude-sonnet-4-5-20250929-v1:0, us.anthropic…, claude-sonnet-4-5@20250929).
  const base = model
    .replace(/^(?:[a-z]{2}\.)?anthropic\./, '')
    .replace(/-v\d+(?::\d+)?$/, '')
    .replace(/@\d{8}$/, '')
    .replace(/-\d{8}$/, '')
    .replace(/-\d{4}-\d{2}-\d{2}$/, '');
  return KNOWN_MODELS[base];
}

/** Looks a model up: the user's settings first, then the built-in table (also with a date suffix). */
export function modelInfo(model: string): ModelInfo | undefined {
  const { model: id, context1m } = splitContextSuffix(model);
  const user = userModels.get(model) ?? userModels.get(id);
  const known = builtIn(id);
  if (!user && !known) return undefined;
  const info: ModelInfo = { ...(known ?? { contextWindow: CONSERVATIVE_CONTEXT_WINDOW }), ...definedOnly(user) };
  if (context1m && known?.context1mBeta && !user?.contextWindow) info.contextWindow = 1_000_000;
  return info;
}

function definedOnly(user: UserModel | undefined): Partial<ModelInfo> {
  if (!user) return {};
  const out: Partial<ModelInfo> = {};
  for (const k of ['contextWindow', 'input', 'output', 'cacheRead', 'cacheWrite'] as const) {
    const v = user[k];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out[k] = v;
  }
  return out;
}

/** The context window for the meter: known, configured, or a conservative guess that says so. */
export function contextWindowFor(model: string): { tokens: number; assumed: boolean } {
  const info = modelInfo(model);
  return info ? { tokens: info.contextWindow, assumed: false } : { tokens: CONSERVATIVE_CONTEXT_WINDOW, assumed: true };
}

/** Cost in USD, or undefined for a model whose prices are not known. */
export function costUsd(model: string, usage: Usage): number | undefined {
  const info = modelInfo(model);
  if (!info || info.input === undefined || info.output === undefined) return undefined;
  return (
    (usage.inputTokens * info.input +
      usage.outputTokens * info.output +
      usage.cacheWriteTokens * (info.cacheWrite ?? info.input) +
      usage.cacheReadTokens * (info.cacheRead ?? info.input)) /
    M
  );
}
