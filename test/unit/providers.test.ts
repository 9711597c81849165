// Both provider adapters, driven by the official SDKs over real HTTP against the local fake server.
import { strict as assert } from 'node:assert';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createProvider, ProviderError } from '../../src/core/llm';
import type { Message, Provider, ProviderEvent, ProviderRequest } from '../../src/core/llm';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

type Done = Extract<ProviderEvent, { type: 'done' }>;

const request = (over: Partial<ProviderRequest> = {}): ProviderRequest => ({
  model: 'test-model',
  system: 'You are a test.',
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  maxTokens: 256,
  ...over,
});

async function collect(provider: Provider, req = request(), signal = new AbortController().signal): Promise<ProviderEvent[]> {
  const events: ProviderEvent[] = [];
  for await (const ev of provider.stream(req, signal)) events.push(ev);
  return events;
}

function doneOf(events: ProviderEvent[]): Done {
  const last = events[events.length - 1];
  assert.equal(last?.type, 'done', 'done comes last');
  assert.equal(events.filter((e) => e.type === 'done').length, 1, 'exactly one done');
  return last as Done;
}

async function providerError(run: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await run();
  } catch (err) {
    assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the stream to throw');
}

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** 'responses' is the openai provider on the Responses API; 'openai' on Chat Completions. */
const PROVIDERS = ['anthropic', 'openai', 'responses'] as const;

function providerFor(id: (typeof PROVIDERS)[number], base: { anthropic: string; openai: string }, apiKey = 'test-key'): Provider {
  if (id === 'anthropic') return createProvider({ provider: 'anthropic', apiKey, baseURL: base.anthropic });
  return createProvider({ provider: 'openai', apiKey, baseURL: base.openai, wireApi: id === 'responses' ? 'responses' : 'chat' });
}

for (const id of PROVIDERS) {
  describe(`${id} provider over the fake server`, () => {
    let llm: FakeLlm;
    let provider: Provider;

    beforeEach(async () => {
      llm = await startFakeLlm();
      provider = providerFor(id, { anthropic: llm.anthropicBaseUrl, openai: llm.openaiBaseUrl });
    });
    afterEach(() => llm.close());

    it('streams text deltas that concatenate to the final text', async () => {
      llm.push({ content: [{ type: 'text', text: 'Hello, world', chunks: ['Hel', 'lo, ', 'world'] }] });
      const events = await collect(provider);
      const deltas = events.filter((e) => e.type === 'text_delta').map((e) => (e as { text: string }).text);
      assert.deepEqual(deltas, ['Hel', 'lo, ', 'world']);
      const done = doneOf(events);
      assert.deepEqual(done.message, { role: 'assistant', content: [{ type: 'text', text: 'Hello, world' }] });
      assert.equal(done.stopReason, 'end_turn');
    });

    it('parses a tool call whose JSON arrives in pieces', async () => {
      const input = { file_path: '/src/a.ts', lines: [1, 2, 3], opts: { deep: true, note: 'x "quoted" y' } };
      llm.push({ content: [{ type: 'tool_use', id: 'tool_1', name: 'Read', input, jsonChunks: 6 }] });
      const events = await collect(provider);
      const startIdx = events.findIndex((e) => e.type === 'tool_call_start');
      assert.deepEqual(events[startIdx], { type: 'tool_call_start', id: 'tool_1', name: 'Read' });
      const done = doneOf(events);
      assert.ok(startIdx < events.length - 1);
      assert.deepEqual(done.message.content, [{ type: 'tool_use', id: 'tool_1', name: 'Read', input }]);
      assert.equal(done.stopReason, 'tool_use');
    });

    it('keeps several tool calls in order, after the text', async () => {
      llm.push({
        content: [
          { type: 'text', text: 'Looking.' },
          { type: 'tool_use', id: 'a1', name: 'Grep', input: { pattern: 'TODO' } },
          { type: 'tool_use', id: 'b2', name: 'Glob', input: { pattern: '**/*.ts' }, jsonChunks: 2 },
        ],
      });
      const events = await collect(provider);
      const starts = events.filter((e) => e.type === 'tool_call_start');
      assert.deepEqual(starts.map((e) => (e as { id: string }).id), ['a1', 'b2']);
      assert.deepEqual(doneOf(events).message.content, [
        { type: 'text', text: 'Looking.' },
        { type: 'tool_use', id: 'a1', name: 'Grep', input: { pattern: 'TODO' } },
        { type: 'tool_use', id: 'b2', name: 'Glob', input: { pattern: '**/*.ts' } },
      ]);
    });

    it('streams thinking and keeps it in the final message', async () => {
      llm.push({ content: [{ type: 'thinking', thinking: 'Let me think this over.', signature: 'sig-xyz' }, { type: 'text', text: 'Answer.' }] });
      // Responses sends reasoning (and asks for it encrypted) only for reasoning models.
      const events = await collect(provider, request({ model: id === 'responses' ? 'gpt-5.5' : 'test-model' }));
      const thought = events.filter((e) => e.type === 'thinking_delta').map((e) => (e as { text: string }).text);
      assert.ok(thought.length > 1, 'thinking arrives in several deltas');
      assert.equal(thought.join(''), 'Let me think this over.');
      // Anthropic needs the signature back verbatim; Responses its encrypted content (the fake sends
      // the scripted signature as encrypted_content); OpenAI-compatible reasoning has neither.
      const thinking = id === 'anthropic'
        ? { type: 'thinking', thinking: 'Let me think this over.', signature: 'sig-xyz' }
        : id === 'responses'
          ? { type: 'reasoning', summary: 'Let me think this over.', encryptedContent: 'sig-xyz' }
          : { type: 'thinking', thinking: 'Let me think this over.' };
      assert.deepEqual(doneOf(events).message.content, [thinking, { type: 'text', text: 'Answer.' }]);
    });

    it('maps usage numbers', async () => {
      llm.push({ content: [{ type: 'text', text: 'ok' }], usage: { input: 42, output: 17, cacheRead: 8, cacheWrite: 3 } });
      const { usage } = doneOf(await collect(provider));
      // Chat Completions reports no cache writes.
      assert.deepEqual(usage, { inputTokens: 42, outputTokens: 17, cacheReadTokens: 8, cacheWriteTokens: id === 'anthropic' ? 3 : 0 });
    });

    // The Responses API has no stop reason: tool_use is derived from the function calls present
    // (tested above), so a text-only reply cannot claim it there.
    for (const stop of id === 'responses' ? (['end_turn', 'max_tokens'] as const) : (['end_turn', 'tool_use', 'max_tokens'] as const)) {
      it(`maps stop reason ${stop}`, async () => {
        llm.push({ content: [{ type: 'text', text: 'cut' }], stopReason: stop });
        assert.equal(doneOf(await collect(provider)).stopReason, stop);
      });
    }

    it('keeps malformed tool JSON as the raw string instead of throwing', async () => {
      llm.push({ content: [{ type: 'tool_use', id: 'bad', name: 'Edit', input: null, rawJson: '{"a": ' }] });
      const done = doneOf(await collect(provider));
      assert.deepEqual(done.message.content, [{ type: 'tool_use', id: 'bad', name: 'Edit', input: '{"a": ' }]);
    });

    for (const [status, kind] of [[429, 'rate_limit'], [529, 'overloaded'], [500, 'server']] as const) {
      it(`turns HTTP ${status} into a retryable ${kind} error with retry-after`, async () => {
        llm.push({ fault: { status, retryAfter: 7 } });
        const err = await providerError(() => collect(provider));
        assert.equal(err.kind, kind);
        assert.equal(err.status, status);
        assert.equal(err.retryable, true);
        assert.equal(err.retryAfterSec, 7);
        assert.equal(llm.requests.length, 1, 'the SDK did not retry on its own');
      });
    }

    it('turns 401 into an auth error that says how to set the key', async () => {
      llm.push({ fault: { status: 401, message: 'invalid x-api-key' } });
      const err = await providerError(() => collect(provider));
      assert.equal(err.kind, 'auth');
      assert.equal(err.retryable, false);
      assert.match(err.message, /set .*key/i);
    });

    it('turns a 400 "prompt is too long" into prompt_too_long', async () => {
      llm.push({ fault: { status: 400, message: 'prompt is too long: 250000 tokens > 200000 maximum' } });
      const err = await providerError(() => collect(provider));
      assert.equal(err.kind, 'prompt_too_long');
      assert.equal(err.retryable, false);
      assert.match(err.message, /too long/);
    });

    it('throws a retryable error when the connection drops mid-stream', async () => {
      llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight' }], dropAfterChunks: 4 });
      const seen: ProviderEvent[] = [];
      const err = await providerError(async () => {
        for await (const ev of provider.stream(request(), new AbortController().signal)) seen.push(ev);
      });
      assert.equal(llm.requests[0].outcome, 'dropped');
      assert.ok(!seen.some((e) => e.type === 'done'), 'no done after a broken stream');
      assert.equal(err.retryable, true, `kind ${err.kind}: ${err.message}`);
    });

    it('treats a stream that ends without its closing events as a retryable error, not a reply', async () => {
      llm.push({ content: [{ type: 'text', text: 'one two three four five six seven eight' }], endAfterChunks: 5 });
      const seen: ProviderEvent[] = [];
      const err = await providerError(async () => {
        for await (const ev of provider.stream(request(), new AbortController().signal)) seen.push(ev);
      });
      assert.equal(llm.requests[0].outcome, 'cut-off');
      assert.ok(!seen.some((e) => e.type === 'done'), 'no done for a cut-off stream');
      assert.equal(err.kind, 'stream');
      assert.equal(err.retryable, true);
    });

    it('aborts promptly mid-stream and closes the request', async () => {
      llm.push({ content: [{ type: 'text', text: 'a b c d e f g h i j k l m n o p' }], delayMs: 100 });
      const ac = new AbortController();
      let abortedAt = 0;
      const err = await providerError(async () => {
        for await (const ev of provider.stream(request(), ac.signal)) {
          if (ev.type === 'text_delta' && !abortedAt) {
            abortedAt = Date.now();
            ac.abort();
          }
        }
      });
      assert.ok(abortedAt > 0, 'saw text before aborting');
      assert.equal(err.kind, 'aborted');
      assert.equal(err.retryable, false);
      assert.ok(Date.now() - abortedAt < 500, `took ${Date.now() - abortedAt}ms`);
      await until(() => llm.requests[0]?.outcome === 'client-closed');
      assert.equal(llm.requests[0].outcome, 'client-closed');
    });

    it('reports an unreachable server as a connection error', async () => {
      const port = await closedPort();
      const base = `http://127.0.0.1:${port}`;
      const dead = providerFor(id, { anthropic: base, openai: `${base}/v1` }, 'k');
      const err = await providerError(() => collect(dead));
      assert.equal(err.kind, 'connection');
      assert.equal(err.retryable, true);
    });
  });
}

// A history with a tool round trip, to check how each adapter translates it on the wire.
const toolHistory: Message[] = [
  { role: 'user', content: [{ type: 'text', text: 'What is in a.ts?' }] },
  {
    role: 'assistant',
    content: [
      { type: 'text', text: 'Reading it.' },
      { type: 'tool_use', id: 'tu_1', name: 'Read', input: { file_path: 'a.ts' } },
    ],
  },
  { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tu_1', content: 'export const a = 1;' }] },
];
const tools = [{ name: 'Read', description: 'Read a file', inputSchema: { type: 'object', properties: { file_path: { type: 'string' } } } }];

describe('request bodies on the wire', () => {
  let llm: FakeLlm;
  beforeEach(async () => {
    llm = await startFakeLlm();
    llm.push({ content: [{ type: 'text', text: 'It exports a.' }] });
  });
  afterEach(() => llm.close());

  it('Anthropic: system, content blocks, tools with input_schema, stream', async () => {
    const p = createProvider({ provider: 'anthropic', apiKey: 'test-key', baseURL: llm.anthropicBaseUrl });
    await collect(p, request({ model: 'claude-t', messages: toolHistory, tools, maxTokens: 99 }));
    const body = llm.requests[0].body;
    const h = llm.requests[0].headers;
    assert.ok(h['x-api-key'] === 'test-key' || h.authorization === 'Bearer test-key', 'the key was sent');
    assert.equal(body.model, 'claude-t');
    assert.equal(body.max_tokens, 99);
    // Prompt caching: breakpoints on the system prompt, the last tool, and the last two user messages.
    assert.deepEqual(body.system, [{ type: 'text', text: 'You are a test.', cache_control: { type: 'ephemeral' } }]);
    assert.equal(body.stream, true);
    assert.deepEqual(body.tools, [{ name: 'Read', description: 'Read a file', input_schema: tools[0].inputSchema, cache_control: { type: 'ephemeral' } }]);
    assert.equal(JSON.stringify(body).split('"cache_control"').length - 1, 4, 'at most the API limit of 4 breakpoints');
    assert.deepEqual(body.messages, [
      { role: 'user', content: [{ type: 'text', text: 'What is in a.ts?', cache_control: { type: 'ephemeral' } }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Reading it.' },
          { type: 'tool_use', id: 'tu_1', name: 'Read', input: { file_path: 'a.ts' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'tu_1', content: 'export const a = 1;', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  it('OpenAI: system first, tool_calls with string arguments, tool messages, usage requested', async () => {
    const p = createProvider({ provider: 'openai', apiKey: 'test-key', baseURL: llm.openaiBaseUrl });
    const history: Message[] = [
      ...toolHistory,
      { role: 'assistant', content: [{ type: 'tool_use', id: 'tu_2', name: 'Read', input: { file_path: 'b.ts' } }] },
      { role: 'user', content: [{ type: 'tool_result', toolUseId: 'tu_2', content: 'no such file', isError: true }, { type: 'text', text: 'ok?' }] },
    ];
    await collect(p, request({ model: 'gpt-t', messages: history, tools }));
    const body = llm.requests[0].body;
    assert.equal(llm.requests[0].headers.authorization, 'Bearer test-key');
    assert.equal(body.model, 'gpt-t');
    assert.equal(body.stream, true);
    assert.deepEqual(body.stream_options, { include_usage: true });
    assert.deepEqual(body.tools, [{ type: 'function', function: { name: 'Read', description: 'Read a file', parameters: tools[0].inputSchema } }]);
    assert.deepEqual(body.messages, [
      { role: 'system', content: 'You are a test.' },
      { role: 'user', content: 'What is in a.ts?' },
      {
        role: 'assistant',
        content: 'Reading it.',
        tool_calls: [{ id: 'tu_1', type: 'function', function: { name: 'Read', arguments: '{"file_path":"a.ts"}' } }],
      },
      { role: 'tool', tool_call_id: 'tu_1', content: 'export const a = 1;' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'tu_2', type: 'function', function: { name: 'Read', arguments: '{"file_path":"b.ts"}' } }],
      },
      { role: 'tool', tool_call_id: 'tu_2', content: 'Error: no such file' },
      { role: 'user', content: 'ok?' },
    ]);
  });
});
