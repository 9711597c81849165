// Plain values and helpers shared by the host and the webview. No zod here: the webview imports
// these, and a value import of ./messages would bundle the schemas (and zod) into the panel.

export const PROVIDERS = ['anthropic', 'openai'] as const;
/** Permission modes, as the core names them (kept here too: the webview may not import the core). */
export const MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions', 'dontAsk'] as const;
export type ModeName = (typeof MODES)[number];

/** Images the user may paste into the input: the types both providers take, up to 5 MB each. */
export const IMAGE_MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGES = 10;

/** Token use of one chat: the context of its last request, output so far, cost when prices are known. */
export interface UsageView {
  /** Input + cache read + cache write tokens of the last request: how full the context is. */
  contextTokens: number;
  /** The model's context window, when the model is known. */
  contextWindow?: number;
  outputTokens: number;
  /** USD; absent when a model without known prices was used. */
  costUsd?: number;
  /** Before the chat's first reply: contextTokens is estimated from the text of the first request. */
  estimated?: boolean;
}

/** 950, 12.3k, 200k, 1.05M: token counts as the header and the status bar show them. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  const k = n / 1000;
  // 999,600 would round to "1000k": from there on it is millions.
  if (k < 999.5) return `${trimZeros(k.toFixed(k < 100 ? 1 : 0))}k`;
  return `${trimZeros((n / 1_000_000).toFixed(2))}M`;
}

/** "12.3k / 200k tokens · $0.04", "12.3k tokens" for a model whose window and prices are unknown, "~12k / 200k tokens" for an estimate. */
export function formatUsage(u: UsageView): string {
  const used = `${u.estimated ? '~' : ''}${formatTokens(u.contextTokens)}`;
  const tokens = u.contextWindow ? `${used} / ${formatTokens(u.contextWindow)} tokens` : `${used} tokens`;
  if (u.costUsd === undefined) return tokens;
  const cost = u.costUsd === 0 ? '$0.00' : u.costUsd < 0.01 ? '<$0.01' : `$${u.costUsd.toFixed(2)}`;
  return `${tokens} · ${cost}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

