// One error type for every provider failure, so callers decide on retries and messages without
// knowing which SDK threw.

export type ProviderErrorKind =
  | 'auth'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'connection'
  | 'prompt_too_long'
  | 'bad_request'
  | 'aborted'
  | 'stream'
  | 'unknown';

export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
    /** Seconds the server asked us to wait (retry-after), when it said so. */
    readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }

  get retryable(): boolean {
    return ['rate_limit', 'overloaded', 'server', 'connection', 'stream'].includes(this.kind);
  }
}

interface HttpishError {
  status?: number;
  headers?: Headers | Record<string, string | null | undefined>;
  message?: string;
  name?: string;
}

function header(headers: HttpishError['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const v = (headers as Record<string, string | null | undefined>)[name];
  return v ?? undefined;
}

function retryAfterSeconds(headers: HttpishError['headers']): number | undefined {
  const ms = header(headers, 'retry-after-ms');
  if (ms && !Number.isNaN(Number(ms))) return Number(ms) / 1000;
  const raw = header(headers, 'retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (!Number.isNaN(secs)) return secs;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - Date.now()) / 1000);
}

// Anthropic: 400 "prompt is too long: N tokens > M maximum", "input length and `max_tokens` exceed
// context limit"; OpenAI: code context_length_exceeded, "maximum context length is N tokens"; vLLM the
// same words; llama.cpp: exceed_context_size_error, "the request exceeds the available context size";
// Ollama and LM Studio: "context window"/"context length" exceeded. Shared by every adapter.
const PROMPT_TOO_LONG =
  /prompt is too long|context length|maximum context|too many tokens|context_length_exceeded|exceeds? (?:the )?(?:available )?context|context (?:window|size|limit) (?:exceeded|overflow)|exceed context limit|input (?:is )?too long|exceed_context_size/i;
const PROMPT_TOO_LONG_CODES = new Set(['context_length_exceeded', 'exceed_context_size_error', 'string_above_max_length']);

/** The error's code or type fields (SDK error objects and their parsed bodies), for codes that say prompt-too-long. */
function promptTooLongCode(err: unknown): boolean {
  const e = err as { code?: unknown; type?: unknown; error?: { code?: unknown; type?: unknown; error?: { code?: unknown; type?: unknown } } } | null;
  const fields = [e?.code, e?.type, e?.error?.code, e?.error?.type, e?.error?.error?.code, e?.error?.error?.type];
  return fields.some((f) => typeof f === 'string' && PROMPT_TOO_LONG_CODES.has(f));
}

/**
 * The message with what caused it, where the SDK wraps a cause ("Failed to acquire Google OAuth
 * credentials." says nothing of the key file it could not read; "fetch failed" nothing of the refused
 * connection): up to three causes, each once.
 */
function withCauses(err: unknown, msg: string): string {
  const parts = [msg];
  let cause = (err as { cause?: unknown } | null)?.cause;
  while (cause !== undefined && cause !== null && parts.length < 4) {
    const text = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
    if (text && !parts.some((p) => p.includes(text))) parts.push(text);
    cause = (cause as { cause?: unknown }).cause;
  }
  return parts.length === 1 ? msg : `${msg} (${parts.slice(1).join('; ')})`;
}

/** Translate whatever an SDK threw into a ProviderError with a message a user can act on. */
export function toProviderError(err: unknown, providerName: string, signal?: AbortSignal): ProviderError {
  if (err instanceof ProviderError) return err;
  const e = (err ?? {}) as HttpishError;
  const msg = typeof e.message === 'string' ? e.message : String(err);
  if (signal?.aborted || e.name === 'AbortError' || e.name === 'APIUserAbortError') {
    return new ProviderError('aborted', 'Request cancelled.');
  }
  const status = typeof e.status === 'number' ? e.status : undefined;
  const retryAfter = retryAfterSeconds(e.headers);
  if (status === undefined) {
    if (/connect|ECONNREFUSED|ENOTFOUND|ECONNRESET|socket|network|fetch failed|terminated/i.test(msg)) {
      return new ProviderError('connection', `Could not reach ${providerName}: ${withCauses(err, msg)}`);
    }
    return new ProviderError('stream', `${providerName} stream failed: ${withCauses(err, msg)}`);
  }
  if (status === 401 || status === 403) {
    return new ProviderError('auth', `${providerName} rejected the API key (HTTP ${status}). Set a valid key with "Tandem: Set API Key".`, status);
  }
  if (status === 429) return new ProviderError('rate_limit', `${providerName} rate limit reached (HTTP 429).`, status, retryAfter);
  if (status === 529) return new ProviderError('overloaded', `${providerName} is overloaded (HTTP 529).`, status, retryAfter);
  if (status >= 500) return new ProviderError('server', `${providerName} server error (HTTP ${status}): ${msg}`, status, retryAfter);
  if (status === 413 || PROMPT_TOO_LONG.test(msg) || promptTooLongCode(err)) {
    return new ProviderError('prompt_too_long', `The conversation is too long for this model: ${msg}`, status);
  }
  return new ProviderError('bad_request', `${providerName} refused the request (HTTP ${status}): ${msg}`, status);
}
