// When and how the context is compacted, from Claude Code's settings and variables:
// `autoCompactEnabled` (settings), DISABLE_AUTO_COMPACT, DISABLE_COMPACT and
// CLAUDE_AUTOCOMPACT_PCT_OVERRIDE (1-100, can only lower the threshold), plus Tandem's
// `contextWindow` (a number, or per model id) for unknown or local models, and the
// "Compact Instructions" section of CLAUDE.md / AGENTS.md.
export interface CompactionConfig {
  /** Any compaction at all (DISABLE_COMPACT turns it off, manual included). */
  enabled: boolean;
  /** Automatic compaction at the threshold. */
  auto: boolean;
  /** 1-100: compact at this share of the window at the latest. */
  pctOverride?: number;
  /** The window to assume for this model (settings), over the model table. */
  contextWindow?: number;
  /** Extra instructions for every summary (CLAUDE.md / AGENTS.md "Compact Instructions"). */
  instructions?: string;
  /** Which cheap methods run before a summary; both by default (the bench's baseline turns them off). */
  micro?: boolean;
  collapse?: boolean;
}

export const DEFAULT_COMPACTION: CompactionConfig = { enabled: true, auto: true };

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/** The settings keys this module reads, from the merged settings (src/core/config's `raw`). */
export interface ContextSettings {
  autoCompactEnabled?: unknown;
  contextWindow?: unknown;
}

function windowFor(value: unknown, model: string): number | undefined {
  const ok = (n: unknown): number | undefined => (typeof n === 'number' && Number.isInteger(n) && n >= 1_000 ? n : undefined);
  if (typeof value === 'number') return ok(value);
  if (typeof value === 'object' && value !== null) return ok((value as Record<string, unknown>)[model]);
  return undefined;
}

export function compactionConfig(opts: { settings?: ContextSettings; env?: NodeJS.ProcessEnv; model: string; instructionTexts?: string[] }): CompactionConfig {
  const env = opts.env ?? process.env;
  const s = opts.settings ?? {};
  const enabled = !truthy(env.DISABLE_COMPACT);
  const auto = enabled && s.autoCompactEnabled !== false && !truthy(env.DISABLE_AUTO_COMPACT);
  const pct = Number(env.CLAUDE_AUTOCOMPACT_PCT_OVERRIDE);
  const instructions = (opts.instructionTexts ?? []).map(compactInstructionsIn).filter((x): x is string => !!x).join('\n\n');
  return {
    enabled,
    auto,
    ...(env.CLAUDE_AUTOCOMPACT_PCT_OVERRIDE && Number.isFinite(pct) && pct >= 1 && pct <= 100 ? { pctOverride: pct } : {}),
    ...(windowFor(s.contextWindow, opts.model) ? { contextWindow: windowFor(s.contextWindow, opts.model) } : {}),
    ...(instructions ? { instructions } : {}),
  };
}

/** The body of a Markdown section headed "Compact Instructions" (any level), up to the next heading of that level or higher. */
export function compactInstructionsIn(markdown: string): string | undefined {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => /^#{1,6}\s+compact(ion)? instructions\s*#*\s*$/i.test(l.trim()));
  if (start < 0) return undefined;
  const level = /^#+/.exec(lines[start].trim())![0].length;
  const body: string[] = [];
  for (const l of lines.slice(start + 1)) {
    const h = /^(#{1,6})\s/.exec(l);
    if (h && h[1].length <= level) break;
    body.push(l);
  }
  const text = body.join('\n').trim();
  return text || undefined;
}

/** Claude Code's reserve for the summary itself (AUTOCOMPACT_BUFFER_TOKENS, about 13k). */
export const SUMMARY_BUFFER_TOKENS = 13_000;

/**
 * The context size at which automatic compaction starts: the window minus room for the reply and
 * the summary (at most a quarter of the window on small ones), never above the percentage override.
 */
export function autoCompactThreshold(window: number, maxOutputTokens: number, pctOverride?: number): number {
  const reserve = Math.min(Math.min(maxOutputTokens, 20_000) + SUMMARY_BUFFER_TOKENS, Math.floor(window / 4));
  let threshold = window - reserve;
  if (pctOverride !== undefined) threshold = Math.min(threshold, Math.floor((window * pctOverride) / 100));
  return threshold;
}
