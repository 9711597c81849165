// One conformance suite for every wire Tandem speaks, each through its official SDK over real
// HTTP against the fake server: Anthropic Messages, OpenAI Chat Completions, OpenAI Responses,
// Claude on Bedrock (AWS event-stream framing, SigV4-signed with fake credentials) and Claude on
// Vertex AI (a fake access token). Each must: run a two-tool turn, carry reasoning/thinking
// across the tool round trip as its API requires, retry a 429, and stop on abort.
import { strict as assert } from 'node:assert';
import { createProvider } from '../../src/core/llm';
import type { Message, Provider, ProviderConfig, ProviderEvent, ProviderRequest } from '../../src/core/llm';
import { streamWithRetry, DEFAULT_RETRY } from '../../src/core/llm/retry';
import { ProviderError } from '../../src/core/llm/errors';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';
import { fakeEncrypted } from '../fake-llm/responsesWire';

interface Wire {
  name: string;
  config(llm: FakeLlm): ProviderConfig;
  model: string;
  /** The reasoning block the adapter keeps for this wire. */
  kept(thinking: string): unknown;
  /** Checks the second request carries the reasoning back as the API requires. */
  replayed(body: any, thinking: string): void; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** How the request authenticated itself (Authorization header, x-api-key). */
  auth: RegExp;
  /** The function calls and their results as the second request sends them. */
  pairs(body: any): { calls: string[]; results: string[] }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const anthropicKept = (thinking: string) => ({ type: 'thinking', thinking, signature: `sig-${thinking.length}` });
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anthropicReplayed = (body: any, thinking: string) => {
  const assistant = body.messages.find((m: { role: string }) => m.role === 'assistant');
  assert.deepEqual(assistant.content[0], { type: 'thinking', thinking, signature: `sig-${thinking.length}` }, 'thinking goes back first, signed');
};
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const anthropicPairs = (body: any) => ({
  calls: body.messages.flatMap((m: any) => (m.role === 'assistant' ? m.content.filter((b: any) => b.type === 'tool_use').map((b: any) => b.id) : [])), // eslint-disable-line @typescript-eslint/no-explicit-any
  results: body.messages.flatMap((m: any) => (m.role === 'user' && Array.isArray(m.content) ? m.content.filter((b: any) => b.type === 'tool_result').map((b: any) => b.tool_use_id) : [])), // eslint-disable-line @typescript-eslint/no-explicit-any
});

const WIRES: Wire[] = [
  {
    name: 'Anthropic Messages',
    config: (llm) => ({ provider: 'anthropic', apiKey: 'test-key', baseURL: llm.anthropicBaseUrl }),
    model: 'claude-sonnet-5-5',
    kept: anthropicKept,
    replayed: anthropicReplayed,
    auth: /^(Bearer )?test-key$/,
    pairs: anthropicPairs,
  },
  {
    name: 'Claude on Bedrock',
    config: (llm) => ({ provider: 'anthropic', platform: 'bedrock', apiKey: '', baseURL: llm.anthropicBaseUrl, region: 'eu-west-1' }),
    model: 'anthropic.claude-sonnet-5-5',
    kept: anthropicKept,
    replayed: anthropicReplayed,
    // SigV4 with the environment's (fake) credentials, scoped to the configured region.
    auth: /^AWS4-HMAC-SHA256 Credential=AKIDFAKE\/\d{8}\/eu-west-1\/bedrock\/aws4_request/,
    pairs: anthropicPairs,
  },
  {
    name: 'Claude on Vertex AI',
    config: (llm) => ({ provider: 'anthropic', platform: 'vertex', apiKey: 'fake-google-token', baseURL: `${llm.anthropicBaseUrl}/v1`, region: 'us-east5', projectId: 'tandem-test' }),
    model: 'claude-sonnet-5-5',
    kept: anthropicKept,
    replayed: anthropicReplayed,
    auth: /^Bearer fake-google-token$/,
    pairs: anthropicPairs,
  },
  {
    name: 'OpenAI Responses',
    config: (llm) => ({ provider: 'openai', apiKey: 'test-key', baseURL: llm.openaiBaseUrl, wireApi: 'responses' }),
    model: 'gpt-5.5',
    kept: (thinking) => ({ type: 'reasoning', summary: thinking, encryptedContent: fakeEncrypted(thinking) }),
    replayed: (body, thinking) => {
      assert.equal(body.store, false);
      assert.deepEqual(body.include, ['reasoning.encrypted_content']);
      const reasoning = body.input.filter((i: { type?: string }) => i.type === 'reasoning');
      assert.equal(reasoning.length, 1);
      assert.equal(reasoning[0].encrypted_content, fakeEncrypted(thinking), 'replayed verbatim');
      assert.equal(reasoning[0].id, undefined, 'without its rs_ id (store:false)');
      const idx = body.input.indexOf(reasoning[0]);
      assert.equal(body.input[idx + 1].type, 'function_call', 'next to the calls it led to');
    },
    auth: /^Bearer test-key$/,
    pairs: (body) => ({
      calls: body.input.filter((i: { type?: string }) => i.type === 'function_call').map((i: { call_id: string }) => i.call_id),
      results: body.input.filter((i: { type?: string }) => i.type === 'function_call_output').map((i: { call_id: string }) => i.call_id),
    }),
  },
  {
    name: 'OpenAI Chat Completions',
    config: (llm) => ({ provider: 'openai', apiKey: 'test-key', baseURL: llm.openaiBaseUrl, wireApi: 'chat' }),
    model: 'deepseek-reasoner',
    kept: (thinking) => ({ type: 'thinking', thinking }),
    replayed: (body) => {
      // Chat Completions takes no reasoning back: none is sent.
      assert.ok(!JSON.stringify(body.messages).includes('reasoning_content'));
    },
    auth: /^Bearer test-key$/,
    pairs: (body) => ({
      calls: body.messages.flatMap((m: { tool_calls?: { id: string }[] }) => (m.tool_calls ?? []).map((c) => c.id)),
      results: body.messages.filter((m: { role: string }) => m.role === 'tool').map((m: { tool_call_id: string }) => m.tool_call_id),
    }),
  },
];

const noSleep = { ...DEFAULT_RETRY, sleep: async () => undefined };

async function run(provider: Provider, req: ProviderRequest, signal = new AbortController().signal, retries: string[] = []): Promise<ProviderEvent[]> {
  const out: ProviderEvent[] = [];
  for await (const ev of streamWithRetry(provider, req, signal, (n) => retries.push(n.error.kind), noSleep)) out.push(ev);
  return out;
}

const tools = [
  { name: 'Read', description: 'Read a file', inputSchema: { type: 'object', properties: { file_path: { type: 'string' } } } },
  { name: 'Grep', description: 'Search', inputSchema: { type: 'object', properties: { pattern: { type: 'string' } } } },
];

for (const wire of WIRES) {
  describe(`provider conformance: ${wire.name}`, () => {
    let llm: FakeLlm;
    let provider: Provider;
    const saved = { ...process.env };

    beforeEach(async () => {
      llm = await startFakeLlm();
      // Bedrock signs with SigV4 from the AWS credential chain: fake credentials through the environment.
      process.env.AWS_ACCESS_KEY_ID = 'AKIDFAKE';
      process.env.AWS_SECRET_ACCESS_KEY = 'fake-secret';
      provider = createProvider(wire.config(llm));
    });
    afterEach(async () => {
      process.env = { ...saved };
      await llm.close();
    });

    it('runs a two-tool turn and carries the reasoning across the tool round trip', async () => {
      const thinking = 'Two files to check.';
      llm.push(
        {
          content: [
            { type: 'thinking', thinking, ...(wire.name.startsWith('OpenAI Responses') ? {} : { signature: `sig-${thinking.length}` }) },
            { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: 'a.ts' }, jsonChunks: 4 },
            { type: 'tool_use', id: 'call_b', name: 'Grep', input: { pattern: 'TODO' }, jsonChunks: 3 },
          ],
        },
        { content: [{ type: 'text', text: 'Both checked.' }] },
      );
      const user: Message = { role: 'user', content: [{ type: 'text', text: 'check a.ts and TODOs' }] };
      const first = await run(provider, { model: wire.model, system: 'sys', messages: [user], tools, maxTokens: 1000 });
      const done = first.at(-1) as Extract<ProviderEvent, { type: 'done' }>;
      assert.equal(done.type, 'done');
      assert.equal(done.stopReason, 'tool_use');
      assert.deepEqual(first.filter((e) => e.type === 'tool_call_start').map((e) => (e as { id: string }).id), ['call_a', 'call_b']);
      assert.deepEqual(done.message.content, [
        wire.kept(thinking),
        { type: 'tool_use', id: 'call_a', name: 'Read', input: { file_path: 'a.ts' } },
        { type: 'tool_use', id: 'call_b', name: 'Grep', input: { pattern: 'TODO' } },
      ]);
      const results: Message = {
        role: 'user',
        content: [
          { type: 'tool_result', toolUseId: 'call_a', content: 'export {}' },
          { type: 'tool_result', toolUseId: 'call_b', content: 'no matches' },
        ],
      };
      const second = await run(provider, { model: wire.model, system: 'sys', messages: [user, done.message, results], tools, maxTokens: 1000 });
      assert.deepEqual((second.at(-1) as Extract<ProviderEvent, { type: 'done' }>).message.content, [{ type: 'text', text: 'Both checked.' }]);
      assert.equal(llm.requests.length, 2);
      assert.ok(llm.requests.every((r) => r.outcome === 'complete'), 'the fake accepted both requests');
      wire.replayed(llm.requests[1].body, thinking);
      const h = llm.requests[0].headers;
      assert.match(String(h['x-api-key'] ?? h.authorization), wire.auth);
      assert.deepEqual(wire.pairs(llm.requests[1].body), { calls: ['call_a', 'call_b'], results: ['call_a', 'call_b'] });
    });

    it('retries a 429 and then answers', async () => {
      llm.push({ fault: { status: 429, retryAfter: 0 } }, { content: [{ type: 'text', text: 'after the wait' }] });
      const retries: string[] = [];
      const events = await run(provider, { model: wire.model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], maxTokens: 100 }, undefined, retries);
      assert.deepEqual(retries, ['rate_limit']);
      assert.equal(llm.requests.length, 2);
      const done = events.at(-1) as Extract<ProviderEvent, { type: 'done' }>;
      assert.deepEqual(done.message.content, [{ type: 'text', text: 'after the wait' }]);
    });

    it('stops on abort mid-stream with an aborted error', async () => {
      llm.push({ content: [{ type: 'text', text: 'a b c d e f g h i j k l' }], delayMs: 50 });
      const ac = new AbortController();
      let err: unknown;
      try {
        for await (const ev of streamWithRetry(provider, { model: wire.model, system: '', messages: [{ role: 'user', content: [{ type: 'text', text: 'go' }] }], maxTokens: 100 }, ac.signal, () => undefined, noSleep)) {
          if (ev.type === 'text_delta') ac.abort();
        }
      } catch (e) {
        err = e;
      }
      assert.ok(err instanceof ProviderError, `expected a ProviderError, got ${String(err)}`);
      assert.equal(err.kind, 'aborted');
      assert.equal(llm.requests.length, 1, 'an abort is not retried');
    });
  });
}
