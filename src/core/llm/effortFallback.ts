// Which reasoning efforts a model takes differs by model and changes with each release (GPT-5 took
// `minimal`, GPT-5.1 refuses it and takes `none`; a model without reasoning refuses the parameter),
// and OpenAI-compatible servers differ again. No table can keep up, but the server's refusal names
// what it takes: the request is sent again once with the nearest effort it named (or without an
// effort), and the provider keeps that choice for the model, as Claude's adaptive models map an
// effort they lack to the nearest one (anthropicOptions.ts).
import type { ReasoningEffort } from './types';
import { ProviderError } from './errors';

const ORDER: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/**
 * Per server, model and effort set: what the server took instead, or null when it takes none. For
 * the process, not one provider (the extension makes a provider per turn); a new setting is tried
 * as set.
 */
const learned = new Map<string, ReasoningEffort | null>();
const keyOf = (server: string, model: string, set: ReasoningEffort) => `${server}\n${model}\n${set}`;

/** The effort to send to `model` at `server` (a base URL; '' for the vendor's own): what it took before in place of `set`, else `set`. */
export function effortFor(server: string, model: string, set: ReasoningEffort | undefined): ReasoningEffort | null | undefined {
  if (!set) return set;
  const key = keyOf(server, model, set);
  return learned.has(key) ? learned.get(key) : set;
}

export function learnEffort(server: string, model: string, set: ReasoningEffort, took: ReasoningEffort | null): void {
  learned.set(keyOf(server, model, set), took);
}

/**
 * What to send instead of `sent` after `err`: the nearest effort the server named, null when it
 * takes no reasoning effort at all, undefined when `err` is not a refusal of the effort.
 */
export function effortFallback(err: unknown, sent: ReasoningEffort): ReasoningEffort | null | undefined {
  if (!(err instanceof ProviderError) || err.status !== 400) return undefined;
  const msg = err.message;
  // "Unsupported parameter: 'reasoning_effort' is not supported with this model." (also 'reasoning.effort')
  if (/Unsupported parameter:\s*'(reasoning_effort|reasoning\.effort)'/i.test(msg)) return null;
  // "Unsupported value: 'minimal' is not supported with the 'gpt-5.1' model. Supported values are: 'none', 'low', 'medium', and 'high'."
  // "Unsupported value: 'reasoning_effort' does not support 'none' with this model. Supported values are: 'minimal', 'low', 'medium', and 'high'."
  const at = msg.search(/Supported values are:?/i);
  if (at < 0 || !msg.slice(0, at).includes(`'${sent}'`)) return undefined;
  const named = [...msg.slice(at).matchAll(/'([a-z]+)'/g)].map((m) => m[1]!);
  // Every value named must be an effort: another parameter's refusal (same wording) is not ours.
  if (named.length === 0 || !named.every((v) => (ORDER as readonly string[]).includes(v))) return undefined;
  return nearestEffort(sent, named as ReasoningEffort[]);
}

/** The supported effort nearest to the one wanted; between two as near, the higher (more thought, not less). */
export function nearestEffort(wanted: ReasoningEffort, supported: readonly ReasoningEffort[]): ReasoningEffort | undefined {
  const w = ORDER.indexOf(wanted);
  let best: ReasoningEffort | undefined;
  let bestDistance = Infinity;
  for (const s of supported) {
    const d = Math.abs(ORDER.indexOf(s) - w);
    if (d < bestDistance || (d === bestDistance && ORDER.indexOf(s) > ORDER.indexOf(best!))) {
      best = s;
      bestDistance = d;
    }
  }
  return best === wanted ? undefined : best;
}
