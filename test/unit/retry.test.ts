// The retry module: which provider failures are retried, how long it waits, when it gives up, and
// that an abort cuts a backoff short. Real provider adapters against the fake server; only the
// sleep is injected (it records the delays and returns at once) so the tests run fast.
import { strict as assert } from 'node:assert';
import { Conversation } from '../../src/core/agent/conversation';
import type { AgentEvent } from '../../src/core/agent/events';
import { createProvider, ProviderError } from '../../src/core/llm';
import type { Provider, ProviderEvent, ProviderId, ProviderRequest } from '../../src/core/llm';
import { DEFAULT_RETRY, describeRetry, retryDelayMs, streamWithRetry } from '../../src/core/llm/retry';
import type { RetryNotice, RetryPolicy } from '../../src/core/llm/retry';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

const request: ProviderRequest = {
  model: 'test-model',
  system: 'You are a test.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxTokens: 128,
};

interface Run {
  events: ProviderEvent[];
  notices: RetryNotice[];
  delays: number[];
  error?: unknown;
}

/** A policy whose sleep records the delay and resolves at once. */
function fastPolicy(delays: number[], over: Partial<RetryPolicy> = {}): RetryPolicy {
  return {
    ...DEFAULT_RETRY,
    maxAttempts: 4,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...over,
  };
}

async function run(provider: Provider, over: Partial<RetryPolicy> = {}, signal = new AbortController().signal): Promise<Run> {
  const out: Run = { events: [], notices: [], delays: [] };
  try {
    for await (const ev of streamWithRetry(provider, request, signal, (n) => out.notices.push(n), fastPolicy(out.delays, over))) out.events.push(ev);
  } catch (err) {
    out.error = err;
  }
  return out;
}

function doneText(events: ProviderEvent[]): string {
  const last = events[events.length - 1];
  assert.equal(last?.type, 'done', 'the last event is the successful done');
  const done = last as Extract<ProviderEvent, { type: 'done' }>;
  return done.message.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
}

function providerError(r: Run): ProviderError {
  assert.ok(r.error instanceof ProviderError, `expected a ProviderError, got ${String(r.error)}`);
  return r.error;
}

const SUCCESS = { content: [{ type: 'text' as const, text: 'finally here' }] };

for (const id of ['anthropic', 'openai'] as ProviderId[]) {
  describe(`streamWithRetry with the ${id} provider`, () => {
    let llm: FakeLlm;
    let provider: Provider;

    beforeEach(async () => {
      llm = await startFakeLlm();
      provider = createProvider({ provider: id, apiKey: 'test-key', baseURL: id === 'anthropic' ? llm.anthropicBaseUrl : llm.openaiBaseUrl });
    });
    afterEach(() => llm.close());

    it('waits out a 429 retry-after of 1 s once, then yields the success', async () => {
      llm.push({ fault: { status: 429, retryAfter: 1 } }, SUCCESS);
      const r = await run(provider);
      assert.equal(r.error, undefined);
      assert.equal(llm.requests.length, 2);
      assert.equal(r.notices.length, 1);
      const n = r.notices[0];
      assert.equal(n.delayMs, 1000);
      assert.equal(n.attempt, 2);
      assert.equal(n.maxAttempts, 4);
      assert.equal(n.error.kind, 'rate_limit');
      assert.equal(n.discardPartial, false, 'nothing was streamed before the 429');
      assert.deepEqual(r.delays, [1000]);
      assert.match(describeRetry(n), /429.*Retrying in 1 s, attempt 2 of 4\./);
      assert.equal(doneText(r.events), 'finally here');
      assert.equal(r.events.filter((e) => e.type === 'done').length, 1);
    });

    for (const status of [529, 500]) {
      it(`retries HTTP ${status}`, async () => {
        llm.push({ fault: { status } }, SUCCESS);
        const r = await run(provider);
        assert.equal(r.error, undefined);
        assert.equal(llm.requests.length, 2);
        assert.equal(r.notices.length, 1);
        assert.equal(r.notices[0].error.status, status);
        assert.equal(doneText(r.events), 'finally here');
      });
    }

    it('moves to the fallback model after three overloaded answers in a row, with a fresh count of attempts', async () => {
      llm.push({ fault: { status: 529 } }, { fault: { status: 529 } }, { fault: { status: 529 } }, { fault: { status: 529 } }, SUCCESS);
      const r = await run(provider, { fallbackModel: 'backup-model' });
      assert.equal(r.error, undefined);
      assert.deepEqual(llm.requests.map((q) => q.body.model), ['test-model', 'test-model', 'test-model', 'backup-model', 'backup-model']);
      const switched = r.notices.filter((n) => n.fallbackModel);
      assert.equal(switched.length, 1);
      assert.match(describeRetry(switched[0]), /Switching to the fallback model backup-model\./);
      assert.equal(doneText(r.events), 'finally here');
    });

    it('does not use the fallback model for failures that are not overload', async () => {
      llm.push({ fault: { status: 500 } }, { fault: { status: 500 } }, { fault: { status: 500 } }, SUCCESS);
      const r = await run(provider, { fallbackModel: 'backup-model' });
      assert.equal(r.error, undefined);
      assert.ok(llm.requests.every((q) => q.body.model === 'test-model'));
    });

    it('retries a dropped connection and tells the consumer to discard the streamed text', async () => {
      llm.push({ content: [{ type: 'text', text: 'one two three four five six seven' }], dropAfterChunks: 4 }, SUCCESS);
      const r = await run(provider);
      assert.equal(r.error, undefined);
      assert.equal(llm.requests[0].outcome, 'dropped');
      assert.equal(llm.requests.length, 2);
      assert.equal(r.notices.length, 1);
      assert.equal(r.notices[0].discardPartial, true);
      const firstDone = r.events.findIndex((e) => e.type === 'done');
      assert.ok(r.events.slice(0, firstDone).some((e) => e.type === 'text_delta'), 'the failed attempt had streamed text');
      assert.equal(doneText(r.events), 'finally here');
    });

    it('does not retry a 401', async () => {
      llm.push({ fault: { status: 401, message: 'invalid x-api-key' } }, SUCCESS);
      const r = await run(provider);
      assert.equal(providerError(r).kind, 'auth');
      assert.equal(llm.requests.length, 1);
      assert.equal(r.notices.length, 0);
      assert.deepEqual(r.delays, []);
    });

    it('does not retry a prompt-too-long 400', async () => {
      llm.push({ fault: { status: 400, message: 'prompt is too long: 250000 tokens > 200000 maximum' } }, SUCCESS);
      const r = await run(provider);
      assert.equal(providerError(r).kind, 'prompt_too_long');
      assert.equal(llm.requests.length, 1);
      assert.equal(r.notices.length, 0);
    });

    it('makes at most maxAttempts requests, then says it gave up', async () => {
      for (let i = 0; i < 5; i++) llm.push({ fault: { status: 500, message: `boom ${i}` } });
      const r = await run(provider, { maxAttempts: 3 });
      const err = providerError(r);
      assert.equal(llm.requests.length, 3);
      assert.equal(err.kind, 'server');
      assert.match(err.message, /Gave up after 3 attempts/);
      assert.deepEqual(r.notices.map((n) => [n.attempt, n.maxAttempts]), [[2, 3], [3, 3]]);
      assert.equal(r.delays.length, 2);
    });

    it('gives up at once when retry-after is longer than maxRetryAfterMs', async () => {
      llm.push({ fault: { status: 429, retryAfter: 600 } }, SUCCESS);
      const r = await run(provider, { maxRetryAfterMs: 60_000 });
      const err = providerError(r);
      assert.equal(err.kind, 'rate_limit');
      assert.match(err.message, /asked to wait 600 s; try again later/);
      assert.equal(llm.requests.length, 1);
      assert.equal(r.notices.length, 0);
      assert.deepEqual(r.delays, []);
    });
  });
}

describe('retryDelayMs', () => {
  const err = new ProviderError('server', 'boom', 500);
  const policy = (random: number): RetryPolicy => ({ ...DEFAULT_RETRY, baseDelayMs: 1000, maxDelayMs: 8000, jitter: 0.25, random: () => random });

  it('doubles per attempt, within the jitter bounds', () => {
    assert.deepEqual([1, 2, 3, 4].map((a) => retryDelayMs(err, a, policy(0))), [750, 1500, 3000, 6000]);
    assert.deepEqual([1, 2, 3].map((a) => retryDelayMs(err, a, policy(1))), [1250, 2500, 5000]);
    assert.deepEqual([1, 2, 3].map((a) => retryDelayMs(err, a, policy(0.5))), [1000, 2000, 4000]);
  });

  it('never waits longer than maxDelayMs, jitter included', () => {
    for (const r of [0, 0.5, 0.999, 1]) {
      for (const attempt of [4, 5, 10, 30]) {
        const d = retryDelayMs(err, attempt, policy(r));
        assert.ok(d <= 8000, `attempt ${attempt}, random ${r}: ${d} ms`);
        assert.ok(d >= 6000, `attempt ${attempt}, random ${r}: ${d} ms`);
      }
    }
    assert.equal(retryDelayMs(err, 30, policy(0)), 6000);
    assert.equal(retryDelayMs(err, 30, policy(1)), 8000);
  });

  it('uses retry-after as given, without jitter, capped at maxRetryAfterMs', () => {
    const limited = new ProviderError('rate_limit', 'slow down', 429, 3);
    assert.equal(retryDelayMs(limited, 1, policy(0)), 3000);
    assert.equal(retryDelayMs(limited, 5, policy(1)), 3000);
    const long = new ProviderError('rate_limit', 'slow down', 429, 500);
    assert.equal(retryDelayMs(long, 1, { ...policy(0), maxRetryAfterMs: 10_000 }), 10_000);
  });

  it('describes short waits in milliseconds', () => {
    assert.equal(describeRetry({ attempt: 3, maxAttempts: 6, delayMs: 250, error: err, discardPartial: false }), 'boom Retrying in 250 ms, attempt 3 of 6.');
  });
});

describe('retry and abort', () => {
  let llm: FakeLlm;
  beforeEach(async () => {
    llm = await startFakeLlm();
  });
  afterEach(() => llm.close());

  it('rejects promptly with kind aborted when aborted during the backoff sleep', async () => {
    const provider = createProvider({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl });
    llm.push({ fault: { status: 500 } }, SUCCESS);
    const ac = new AbortController();
    let abortedAt = 0;
    const policy: RetryPolicy = { ...DEFAULT_RETRY, baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.5 }; // the real abortableSleep
    const onRetry = (n: RetryNotice) => {
      assert.equal(n.delayMs, 60_000);
      setTimeout(() => {
        abortedAt = Date.now();
        ac.abort();
      }, 50);
    };
    let caught: unknown;
    try {
      for await (const ev of streamWithRetry(provider, request, ac.signal, onRetry, policy)) void ev;
    } catch (err) {
      caught = err;
    }
    assert.ok(abortedAt > 0, 'the abort fired during the sleep');
    assert.ok(caught instanceof ProviderError, `got ${String(caught)}`);
    assert.equal(caught.kind, 'aborted');
    assert.ok(Date.now() - abortedAt < 500, `took ${Date.now() - abortedAt} ms after the abort`);
    assert.equal(llm.requests.length, 1, 'no second attempt after the abort');
  });
});

describe('retries inside a Conversation', () => {
  let llm: FakeLlm;
  beforeEach(async () => {
    llm = await startFakeLlm();
  });
  afterEach(() => llm.close());

  it('announces the retry, drops the failed attempt\'s text and keeps only the success', async () => {
    const provider = createProvider({ provider: 'anthropic', apiKey: 'k', baseURL: llm.anthropicBaseUrl });
    const delays: number[] = [];
    const conv = new Conversation({ provider, model: 'm', system: 's', retry: fastPolicy(delays) });
    llm.push({ content: [{ type: 'text', text: 'lost words here and more' }], dropAfterChunks: 5 }, SUCCESS);
    const events: AgentEvent[] = [];
    for await (const ev of conv.send('q', new AbortController().signal)) events.push(ev);
    const types = events.map((e) => e.type);
    const retryAt = types.indexOf('retry');
    assert.ok(retryAt > 0, `events: ${types.join(', ')}`);
    const retry = events[retryAt] as Extract<AgentEvent, { type: 'retry' }>;
    assert.equal(retry.discardPartial, true);
    assert.equal(retry.attempt, 2);
    assert.match(retry.message, /attempt 2 of 4/);
    assert.ok(types.slice(0, retryAt).includes('text_delta'), 'text from the failed attempt came before the notice');
    assert.deepEqual(types.slice(-3), ['assistant_message', 'context', 'turn_end']);
    assert.equal((events[events.length - 1] as Extract<AgentEvent, { type: 'turn_end' }>).status, 'completed');
    assert.deepEqual(conv.messages, [
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'finally here' }] },
    ]);
    assert.equal(delays.length, 1);
  });
});
