// Context accounting: how much of the model's window a request uses. After every reply the
// provider's own count is the truth (input + cache read + cache write tokens); before the first
// reply, and for a view that changed since (a compaction), an estimate from the text, scaled by how
// far the last estimate was from the provider's count.
import type { ContentBlock, Message, ToolSpec, Usage } from '../llm/types';
import { modelInfo } from '../llm/models';

/** Roughly four characters per token for English and code; images are priced at a flat rate. */
const CHARS_PER_TOKEN = 4;
const IMAGE_TOKENS = 1_600;

export function estimateText(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

export function estimateBlock(b: ContentBlock): number {
  switch (b.type) {
    case 'text':
      return estimateText(b.text);
    case 'thinking':
      return estimateText(b.thinking);
    case 'redacted_thinking':
      return estimateText(b.data);
    case 'tool_use':
      return estimateText(b.name) + estimateText(typeof b.input === 'string' ? b.input : JSON.stringify(b.input ?? {})) + 8;
    case 'tool_result':
      return estimateText(b.content) + (b.images?.length ?? 0) * IMAGE_TOKENS + 8;
    case 'image':
      return IMAGE_TOKENS;
    case 'reasoning':
      return estimateText(b.summary) + estimateText(b.encryptedContent ?? '');
  }
}

export function estimateMessages(messages: readonly Message[]): number {
  let n = 0;
  for (const m of messages) {
    n += 4;
    for (const b of m.content) n += estimateBlock(b);
  }
  return n;
}

export function estimateRequest(system: string, tools: readonly ToolSpec[] | undefined, messages: readonly Message[]): number {
  return estimateText(system) + (tools ? estimateText(JSON.stringify(tools)) : 0) + estimateMessages(messages);
}

/** What a request occupied of the window, from the provider's usage. */
export function contextTokensOf(usage: Usage): number {
  return usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
}

/**
 * The window a prompt-too-long error names, when it names one: Anthropic's "prompt is too long:
 * 210000 tokens > 200000 maximum", OpenAI's and vLLM's "maximum context length is 128000 tokens",
 * llama.cpp's "n_ctx": 8192 / "context size (8192)".
 */
export function windowFromError(message: string): number | undefined {
  const patterns = [
    /tokens?\s*>\s*(\d+)\s*maximum/i,
    /maximum context length is (\d+)/i,
    /context (?:window|size|length)(?: of| is)?\s*\(?(\d{3,})\)?/i,
    /"?n_ctx"?\s*[:=]\s*(\d+)/i,
  ];
  for (const p of patterns) {
    const m = p.exec(message);
    if (m) {
      const n = Number(m[1]);
      if (Number.isFinite(n) && n >= 256) return n;
    }
  }
  return undefined;
}

/**
 * Keeps the figures of one conversation: the last count the provider gave, the ratio between it and
 * our estimate of the same request, and the window (settings override, else learned from a
 * prompt-too-long error, else the model table).
 */
export class ContextAccount {
  private ratio = 1;
  private learned: number | undefined;
  /** The provider's count for the last request, or our estimate before the first reply. */
  tokens = 0;
  estimated = true;

  constructor(
    private model: string,
    private readonly override?: number,
  ) {}

  setModel(model: string): void {
    if (model !== this.model) this.learned = undefined;
    this.model = model;
  }

  /** The window in force; undefined for a model nobody told us about (no auto-compaction then). */
  get window(): number | undefined {
    return this.override ?? this.learned ?? modelInfo(this.model)?.contextWindow;
  }

  learnWindow(n: number | undefined): void {
    if (n && (this.learned === undefined || n < this.learned)) this.learned = n;
  }

  /** Scaled estimate of a request (before the provider has counted it). */
  estimate(raw: number): number {
    return Math.ceil(raw * this.ratio);
  }

  /** After a reply: the provider's count, and how far our raw estimate of the same request was from it. */
  observe(usage: Usage, rawEstimate: number): void {
    const actual = contextTokensOf(usage);
    if (actual <= 0) return;
    this.tokens = actual;
    this.estimated = false;
    if (rawEstimate > 0) this.ratio = Math.min(3, Math.max(0.5, actual / rawEstimate));
  }

  setEstimate(tokens: number): void {
    this.tokens = tokens;
    this.estimated = true;
  }
}
