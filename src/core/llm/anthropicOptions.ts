// Claude's thinking and context options for one request. Models with adaptive thinking (Opus 4.6
// and later, every Claude 5) take `thinking: {type: "adaptive"}` with `output_config.effort`, and
// some refuse a fixed budget; older models take `thinking: {type: "enabled", budget_tokens}`,
// which interleaves with tool use only behind the interleaved-thinking beta. Sonnet 4/4.5 reach
// 1M tokens of context behind the context-1m beta; later models have it natively.
import type { MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages/messages';
import { modelInfo, splitContextSuffix } from './models';
import type { ReasoningOptions } from './types';

export const INTERLEAVED_THINKING_BETA = 'interleaved-thinking-2025-05-14';
export const CONTEXT_1M_BETA = 'context-1m-2025-08-07';

const BUDGET_FOR_EFFORT: Record<string, number> = { minimal: 2_048, low: 4_096, medium: 10_000, high: 24_000, xhigh: 32_000, max: 48_000 };
/** The API's smallest thinking budget. */
const MIN_BUDGET = 1_024;

type ThinkingFields = Pick<MessageCreateParamsStreaming, 'thinking' | 'output_config' | 'max_tokens' | 'model'>;

export interface ClaudeRequestOptions {
  fields: ThinkingFields;
  betas: string[];
}

export function claudeRequestOptions(opts: {
  model: string;
  maxTokens: number;
  reasoning?: ReasoningOptions;
  context1m?: boolean;
  hasTools: boolean;
}): ClaudeRequestOptions {
  const { model, context1m: suffix1m } = splitContextSuffix(opts.model);
  const info = modelInfo(model);
  const betas: string[] = [];
  const fields: ThinkingFields = { model, max_tokens: opts.maxTokens };
  if ((opts.context1m || suffix1m) && info?.context1mBeta) betas.push(CONTEXT_1M_BETA);
  const r = opts.reasoning;
  if (!r || (r.effort === undefined && r.budgetTokens === undefined)) return { fields, betas };
  const adaptive = info?.thinking === 'adaptive' || (info === undefined && r.budgetTokens === undefined);
  if (r.effort === 'none') {
    // Adaptive-only models refuse "disabled"; the lowest effort is the nearest they take.
    fields.output_config = adaptive ? { effort: 'low' } : undefined;
    if (!adaptive) fields.thinking = { type: 'disabled' };
    return { fields, betas };
  }
  if (adaptive) {
    // Summarized thinking, so the panel has something to show (some models omit it by default).
    fields.thinking = { type: 'adaptive', display: 'summarized' };
    const effort = r.effort === 'minimal' ? 'low' : r.effort;
    if (effort) fields.output_config = { effort };
    return { fields, betas };
  }
  const budget = Math.max(MIN_BUDGET, r.budgetTokens ?? BUDGET_FOR_EFFORT[r.effort ?? 'medium'] ?? 10_000);
  fields.thinking = { type: 'enabled', budget_tokens: budget };
  // budget_tokens must stay below max_tokens; leave room for the answer itself.
  if (fields.max_tokens <= budget) fields.max_tokens = budget + opts.maxTokens;
  if (opts.hasTools) betas.push(INTERLEAVED_THINKING_BETA);
  return { fields, betas };
}
