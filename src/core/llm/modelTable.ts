// The built-in model table: context window and list prices in USD per million tokens, per vendor,
// each row from the vendor's own pages where the stored copy of them gives the figure; where only
// another source gives a figure, the comment says which. A rate nobody lists is left out: a missing
// cache-read rate is priced at the input rate (an overestimate, never a guess), a missing input or
// output price shows tokens without cost. models.ts does the lookups.

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

// Anthropic: platform.claude.com "Pricing" (model pricing table: Fable 5.1/5, Opus 5 … 4.1, Sonnet
// 4.6 … 4, Haiku 4.5; stored copy of 2026-11) and the model pages (models/<id>/overview: Opus 5.5
// $4/$20, $5 5-minute write, $0.20 read; Sonnet 5 $2/$10, $2.50/$0.20; the lineup table of
// 2026-11-10 or later: Fable 5.2 $8/$40). Figures the stored vendor pages do not show: Fable 5.2's
// cache rates ($10 write, $0.20 read, as LaoZhang's 2026-11-10 note quotes Anthropic's price list),
// Sonnet 5.5's cache read cut to $0.10 on 2026-10-07 (claudit 1.9.2 and PromptFuel 1.0.23, both
// checked against Anthropic's pricing page in October 2026; the stored model page still shows
// $0.20) and Haiku 5.5's cache rates ($0.125 / $0.01, apidog's 2026-10-08 guide). Cache writes are
// the 5-minute rate. Haiku 5.5 is priced at its prompts-up-to-100K rate ($0.50/$2.50 above that).
// Every Claude model since Opus 4.6 has 1M tokens of context; Sonnet 4 and 4.5 reach it behind the
// context-1m beta (context1mBeta, the [1m] suffix).
export const ANTHROPIC: Record<string, ModelInfo> = {
  'claude-fable-5-2': { contextWindow: 1_000_000, input: 8, output: 40, cacheWrite: 10, cacheRead: 0.2, thinking: 'adaptive' },
  'claude-fable-5-1': { contextWindow: 1_000_000, input: 10, output: 50, cacheWrite: 12.5, cacheRead: 0.25, thinking: 'adaptive' },
  'claude-fable-5': { contextWindow: 1_000_000, input: 10, output: 50, cacheWrite: 12.5, cacheRead: 1, thinking: 'adaptive' },
  'claude-opus-5-5': { contextWindow: 1_000_000, input: 4, output: 20, cacheWrite: 5, cacheRead: 0.2, thinking: 'adaptive' },
  'claude-opus-5': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-sonnet-5-5': { contextWindow: 1_000_000, input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.1, thinking: 'adaptive' },
  'claude-sonnet-5': { contextWindow: 1_000_000, input: 2, output: 10, cacheWrite: 2.5, cacheRead: 0.2, thinking: 'adaptive' },
  'claude-haiku-5-5': { contextWindow: 1_000_000, input: 0.1, output: 0.5, cacheWrite: 0.125, cacheRead: 0.01, thinking: 'adaptive' },
  'claude-opus-4-8': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-opus-4-7': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-opus-4-6': { contextWindow: 1_000_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'adaptive' },
  'claude-sonnet-4-6': { contextWindow: 1_000_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'adaptive' },
  'claude-opus-4-5': { contextWindow: 200_000, input: 5, output: 25, cacheWrite: 6.25, cacheRead: 0.5, thinking: 'budget' },
  'claude-sonnet-4-5': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'budget', context1mBeta: true },
  'claude-haiku-4-5': { contextWindow: 200_000, input: 1, output: 5, cacheWrite: 1.25, cacheRead: 0.1, thinking: 'budget' },
  'claude-opus-4-1': { contextWindow: 200_000, input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, thinking: 'budget' },
  'claude-opus-4': { contextWindow: 200_000, input: 15, output: 75, cacheWrite: 18.75, cacheRead: 1.5, thinking: 'budget' },
  'claude-sonnet-4': { contextWindow: 200_000, input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3, thinking: 'budget', context1mBeta: true },
};

// OpenAI: developers.openai.com/api/docs/models (the models overview, stored after the GPT-6.2
// release of 2026-11-17: GPT-6.2 Astra $8/$40, GPT-6.2 Sol $2/$10, GPT-6.1 Terra $1/$5; an earlier
// copy: GPT-6 Astra $10/$50, GPT-5.6 Sol $4/$20, Terra $2/$12, Luna $0.20/$1.20) and the model pages
// (models/gpt-6.2-sol: $0.10 cached, $2.50 30-minute cache write, 1,050,000 window; gpt-6-sol:
// $0.20 / $2.50; gpt-5.6-luna: $0.02 cached, writes 1.25x input; gpt-5-codex: $1.25/$0.125/$10,
// 400,000). GPT-5.5 and 5.4: the pricing page as api-evangelist transcribed it on 2026-05-04.
// Rates the stored vendor pages do not show: GPT-6.1 Sol and Terra cache rates (LiteLLM's GPT-6.1
// Terra note and apidog's comparison, 2026-10/11, quoting OpenAI), GPT-6 Astra's ($1 / $12.50,
// AI Token Meter 0.2.22 citing the model page), GPT-6 Luna's ($0.01 / $0.125, codexometer 0.18.4
// citing OpenAI's 2026-09-22 pricing), GPT-5.6 Sol's and Terra's cached rate (10% of input, as every
// GPT-5.6 page states the rule), GPT-5.2 and its codex models ($1.75/$0.175/$14, GitHub's Copilot
// price table), GPT-5.1 ($1.25/$0.125/$10, launch coverage of 2025-11-13). GPT-6.2 Astra's cache
// rates were found nowhere: its cache reads are priced at input. Rates are for prompts up to 272K
// tokens (longer prompts cost 2x input, 1.5x output). The GPT-5.6 and GPT-6 windows are 1,050,000
// tokens (922,000 of them input).
export const OPENAI: Record<string, ModelInfo> = {
  'gpt-6.2-astra': { contextWindow: 1_050_000, input: 8, output: 40 },
  'gpt-6.2-sol': { contextWindow: 1_050_000, input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  'gpt-6.1-sol': { contextWindow: 1_050_000, input: 2, output: 10, cacheRead: 0.1, cacheWrite: 2.5 },
  'gpt-6.1-terra': { contextWindow: 1_050_000, input: 1, output: 5, cacheRead: 0.05, cacheWrite: 1.25 },
  'gpt-6-astra': { contextWindow: 1_050_000, input: 10, output: 50, cacheRead: 1, cacheWrite: 12.5 },
  'gpt-6-sol': { contextWindow: 1_050_000, input: 2, output: 10, cacheRead: 0.2, cacheWrite: 2.5 },
  'gpt-6-luna': { contextWindow: 1_050_000, input: 0.1, output: 0.5, cacheRead: 0.01, cacheWrite: 0.125 },
  'gpt-5.6-sol': { contextWindow: 1_050_000, input: 4, output: 20, cacheRead: 0.4, cacheWrite: 5 },
  'gpt-5.6': { contextWindow: 1_050_000, input: 4, output: 20, cacheRead: 0.4, cacheWrite: 5 },
  'gpt-5.6-terra': { contextWindow: 1_050_000, input: 2, output: 12, cacheRead: 0.2, cacheWrite: 2.5 },
  'gpt-5.6-luna': { contextWindow: 1_050_000, input: 0.2, output: 1.2, cacheRead: 0.02, cacheWrite: 0.25 },
  'gpt-5.5': { contextWindow: 1_050_000, input: 5, output: 30, cacheRead: 0.5 },
  'gpt-5.5-pro': { contextWindow: 1_050_000, input: 30, output: 180 },
  'gpt-5.4': { contextWindow: 1_050_000, input: 2.5, output: 15, cacheRead: 0.25 },
  'gpt-5.4-mini': { contextWindow: 1_050_000, input: 0.75, output: 4.5, cacheRead: 0.075 },
  'gpt-5.4-nano': { contextWindow: 1_050_000, input: 0.2, output: 1.25, cacheRead: 0.02 },
  'gpt-5.4-pro': { contextWindow: 1_050_000, input: 30, output: 180 },
  'gpt-5.3-codex': { contextWindow: 400_000, input: 1.75, output: 14, cacheRead: 0.175 },
  'gpt-5.2-codex': { contextWindow: 400_000, input: 1.75, output: 14, cacheRead: 0.175 },
  'gpt-5.2': { contextWindow: 400_000, input: 1.75, output: 14, cacheRead: 0.175 },
  'gpt-5.1-codex': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5.1': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-codex': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  // Earlier list prices (openai.com/api/pricing, 2025), kept for existing sessions.
  'codex-mini-latest': { contextWindow: 200_000, input: 1.5, output: 6, cacheRead: 0.375 },
  'gpt-5': { contextWindow: 400_000, input: 1.25, output: 10, cacheRead: 0.125 },
  'gpt-5-mini': { contextWindow: 400_000, input: 0.25, output: 2, cacheRead: 0.025 },
  'gpt-4.1': { contextWindow: 1_047_576, input: 2, output: 8, cacheRead: 0.5 },
  'gpt-4.1-mini': { contextWindow: 1_047_576, input: 0.4, output: 1.6, cacheRead: 0.1 },
  'gpt-4o': { contextWindow: 128_000, input: 2.5, output: 10, cacheRead: 1.25 },
  'gpt-4o-mini': { contextWindow: 128_000, input: 0.15, output: 0.6, cacheRead: 0.075 },
  'o4-mini': { contextWindow: 200_000, input: 1.1, output: 4.4, cacheRead: 0.275 },
};

// Google Gemini through its OpenAI-compatible endpoint
// (https://generativelanguage.googleapis.com/v1beta/openai/, the "gemini" provider choice, Chat
// Completions). Prices: ai.google.dev/gemini-api/docs/pricing as transcribed verbatim on 2026-10-07
// (api-evangelist/deepmind): Gemini 3.8 Flash $0.75/$3.75 through 2026-12-31 ($1.50/$7.50 from
// 2027-01-01), 3.5 Flash $1.50/$9.00, 3.5 Flash-Lite $0.30/$2.50, 3.1 Pro Preview $2/$12 for prompts
// up to 200K tokens ($4/$18 above), 2.5 Pro $1.25/$10, 2.5 Flash $0.30/$2.50. Cache reads: 3.8
// Flash $0.075 (LiteLLM's launch note); gemini-3-flash-preview as factquire.com quoted the pricing
// page (2026-07-04). Windows: 1,048,576 tokens (Google's model pages for the 2.5 and 3 families).
export const GEMINI: Record<string, ModelInfo> = {
  'gemini-3.8-flash': { contextWindow: 1_048_576, input: 0.75, output: 3.75, cacheRead: 0.075 },
  'gemini-3.5-flash': { contextWindow: 1_048_576, input: 1.5, output: 9 },
  'gemini-3.5-flash-lite': { contextWindow: 1_048_576, input: 0.3, output: 2.5 },
  'gemini-3.1-pro-preview': { contextWindow: 1_048_576, input: 2, output: 12 },
  'gemini-3-flash-preview': { contextWindow: 1_048_576, input: 0.5, output: 3, cacheRead: 0.05 },
  'gemini-2.5-pro': { contextWindow: 1_048_576, input: 1.25, output: 10, cacheRead: 0.31 },
  'gemini-2.5-flash': { contextWindow: 1_048_576, input: 0.3, output: 2.5 },
};
