// The one place provider failures are retried: 429, 529, 5xx, dropped or cut-off streams, with
// exponential backoff and jitter, honouring retry-after, a bounded number of attempts, and every
// retry announced so the user sees why nothing is happening.
import { sanitizeRequest } from '../security/sanitizeRequest';
import { ProviderError, toProviderError } from './errors';
import type { Provider, ProviderEvent, ProviderRequest } from './types';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest retry-after we honour before giving up instead of waiting. */
  maxRetryAfterMs: number;
  /** 0..1: the delay is multiplied by a random factor in [1 - jitter, 1 + jitter]. */
  jitter: number;
  random?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * Claude Code's --fallback-model: after this many overloaded answers in a row (or the last
   * attempt, if sooner) the request goes to this model instead, with a fresh count of attempts.
   */
  fallbackModel?: string;
}

/** Overloaded answers in a row before a request moves to the fallback model. */
export const OVERLOADED_BEFORE_FALLBACK = 3;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 1000,
  maxDelayMs: 32_000,
  maxRetryAfterMs: 120_000,
  jitter: 0.25,
};

export interface RetryNotice {
  /** The attempt about to be made (2 = first retry). */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  error: ProviderError;
  /** Text already streamed from the failed attempt must be discarded by whoever shows it. */
  discardPartial: boolean;
  /** Set when the next attempt goes to the fallback model (policy.fallbackModel). */
  fallbackModel?: string;
}

export function retryDelayMs(error: ProviderError, failedAttempt: number, policy: RetryPolicy): number {
  if (error.retryAfterSec !== undefined) return Math.min(error.retryAfterSec * 1000, policy.maxRetryAfterMs);
  const exp = Math.min(policy.baseDelayMs * 2 ** (failedAttempt - 1), policy.maxDelayMs);
  const r = (policy.random ?? Math.random)();
  // Capped again after the jitter: maxDelayMs is the longest the user is ever kept waiting.
  return Math.min(Math.round(exp * (1 - policy.jitter + 2 * policy.jitter * r)), policy.maxDelayMs);
}

export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ProviderError('aborted', 'Request cancelled.'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ProviderError('aborted', 'Request cancelled.'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Streams one request, retrying retryable failures. Events of a failed attempt may already have
 * been yielded; the notice's `discardPartial` tells the consumer to drop them.
 */
export async function* streamWithRetry(
  provider: Provider,
  request: ProviderRequest,
  signal: AbortSignal,
  onRetry: (notice: RetryNotice) => void,
  policy: RetryPolicy = DEFAULT_RETRY,
): AsyncGenerator<ProviderEvent> {
  const sleep = policy.sleep ?? abortableSleep;
  // Every request passes the invisible-character filter here, whoever built it.
  let clean = sanitizeRequest(request);
  let overloaded = 0;
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const ev of provider.stream(clean, signal)) {
        yielded = true;
        yield ev;
      }
      return;
    } catch (err) {
      const e = toProviderError(err, provider.id, signal);
      overloaded = e.kind === 'overloaded' ? overloaded + 1 : 0;
      const fallback = policy.fallbackModel;
      if (fallback && fallback !== clean.model && !signal.aborted && overloaded >= Math.min(OVERLOADED_BEFORE_FALLBACK, policy.maxAttempts)) {
        onRetry({ attempt: 1, maxAttempts: policy.maxAttempts, delayMs: 0, error: e, discardPartial: yielded, fallbackModel: fallback });
        clean = { ...clean, model: fallback };
        overloaded = 0;
        attempt = 0;
        continue;
      }
      if (!e.retryable || attempt >= policy.maxAttempts || signal.aborted) {
        if (e.retryable && attempt >= policy.maxAttempts) {
          throw new ProviderError(e.kind, `${e.message} Gave up after ${attempt} attempts.`, e.status, e.retryAfterSec);
        }
        throw e;
      }
      if (e.retryAfterSec !== undefined && e.retryAfterSec * 1000 > policy.maxRetryAfterMs) {
        throw new ProviderError(e.kind, `${e.message} The server asked to wait ${Math.round(e.retryAfterSec)} s; try again later.`, e.status, e.retryAfterSec);
      }
      const delayMs = retryDelayMs(e, attempt, policy);
      onRetry({ attempt: attempt + 1, maxAttempts: policy.maxAttempts, delayMs, error: e, discardPartial: yielded });
      await sleep(delayMs, signal);
    }
  }
}

export function describeRetry(n: RetryNotice): string {
  if (n.fallbackModel) return `${n.error.message} Switching to the fallback model ${n.fallbackModel}.`;
  const secs = n.delayMs >= 1000 ? `${Math.round(n.delayMs / 1000)} s` : `${n.delayMs} ms`;
  return `${n.error.message} Retrying in ${secs}, attempt ${n.attempt} of ${n.maxAttempts}.`;
}
