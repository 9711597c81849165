// A model stream that stops sending (a proxy holding the connection, a server stuck mid-reply) is
// cut after an idle time and retried by retry.ts, instead of waiting for the HTTP library's own
// limit (minutes). Idle is measured on the wire, between bytes received, so a long answer or a
// long tool input that keeps arriving is never cut, and the providers' keep-alive pings count.
// Configurable: TANDEM_STREAM_IDLE_TIMEOUT_MS (default 90 s) or ProviderConfig.streamIdleTimeoutMs.

export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 90_000;

export function streamIdleTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.TANDEM_STREAM_IDLE_TIMEOUT_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_STREAM_IDLE_TIMEOUT_MS;
}

/** Thrown into the SDK's stream; toProviderError makes it a retryable 'stream' failure. */
export class StreamIdleError extends Error {
  constructor(readonly idleMs: number) {
    super(`The model sent nothing for ${idleMs >= 1000 ? `${Math.round(idleMs / 1000)} s` : `${idleMs} ms`}; the stalled stream was cut.`);
    this.name = 'StreamIdleError';
  }
}

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A fetch for the provider SDKs that fails a request when no byte arrives for `idleMs`. */
export function idleTimeoutFetch(idleMs: number, inner: Fetch = (i, n) => globalThis.fetch(i, n)): Fetch {
  return async (input, init) => {
    const controller = new AbortController();
    const outer = init?.signal ?? undefined;
    const onAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) controller.abort(outer.reason);
    else outer?.addEventListener('abort', onAbort, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stalled = false;
    const done = () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    };
    const arm = (onStall: () => void) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        stalled = true;
        onStall();
        controller.abort(new StreamIdleError(idleMs));
      }, idleMs);
    };

    arm(() => undefined);
    let response: Response;
    try {
      response = await inner(input, { ...init, signal: controller.signal });
    } catch (err) {
      done();
      throw stalled ? new StreamIdleError(idleMs) : err;
    }
    if (!response.body) {
      done();
      return response;
    }
    const reader = response.body.getReader();
    let failed = false;
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        arm(() => {
          failed = true;
          c.error(new StreamIdleError(idleMs));
        });
      },
      async pull(c) {
        let chunk: Awaited<ReturnType<typeof reader.read>>;
        try {
          chunk = await reader.read();
        } catch (err) {
          done();
          if (!failed) c.error(stalled ? new StreamIdleError(idleMs) : err);
          failed = true;
          return;
        }
        if (failed) return;
        if (chunk.done) {
          done();
          c.close();
          return;
        }
        arm(() => {
          failed = true;
          c.error(new StreamIdleError(idleMs));
        });
        c.enqueue(chunk.value);
      },
      cancel(reason) {
        done();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}
