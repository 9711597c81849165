// Known models: context window and list prices (USD per million tokens) for the context meter and
// the cost display. A model without prices shows tokens only, never a guessed cost; a model not
// here at all still gets a context meter from the user's settings or a conservative window.
import { ANTHROPIC, GEMINI, OPENAI } from './modelTable';
import type { ModelInfo } from './modelTable';
export type { ModelInfo } from './modelTable';
import type { Usage } from './types';


const M = 1_000_000;
/** The window assumed for a model nobody described: small enough that the meter warns early. */
export const CONSERVATIVE_CONTEXT_WINDOW = 128_000;

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
