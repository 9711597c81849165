// The fake server must speak the real wire formats: these tests use the official SDKs, raw, as
// clients, so a drift in shapes shows up here rather than as a confusing adapter failure.
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { strict as assert } from 'node:assert';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

describe('fake-llm with the official SDKs', () => {
  let llm: FakeLlm;
  let anthropic: Anthropic;
  let openai: OpenAI;

  beforeEach(async () => {
    llm = await startFakeLlm();
    anthropic = new Anthropic({ apiKey: 'test-key', baseURL: llm.anthropicBaseUrl, maxRetries: 0 });
    openai = new OpenAI({ apiKey: 'test-key', baseURL: llm.openaiBaseUrl, maxRetries: 0 });
  });
  afterEach(() => llm.close());

  describe('Anthropic Messages', () => {
    it('streams text, thinking and a tool call whose JSON is split across chunks', async () => {
      llm.push({
        content: [
          { type: 'thinking', thinking: 'Let me look.', signature: 'sig-abc' },
          { type: 'text', text: 'Reading the file now.' },
          { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { file_path: '/tmp/a.ts', limit: 20 }, jsonChunks: 4 },
        ],
        usage: { input: 42, output: 17, cacheRead: 8, cacheWrite: 3 },
      });
      const stream = anthropic.messages.stream({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'hi' }] });
      const jsonPieces: string[] = [];
      stream.on('inputJson', (partial) => jsonPieces.push(partial));
      const final = await stream.finalMessage();
      assert.equal(final.stop_reason, 'tool_use');
      assert.deepEqual(final.content.map((b) => b.type), ['thinking', 'text', 'tool_use']);
      const thinking = final.content[0] as Anthropic.ThinkingBlock;
      assert.equal(thinking.thinking, 'Let me look.');
      assert.equal(thinking.signature, 'sig-abc');
      assert.equal((final.content[1] as Anthropic.TextBlock).text, 'Reading the file now.');
      const tool = final.content[2] as Anthropic.ToolUseBlock;
      assert.deepEqual(tool.input, { file_path: '/tmp/a.ts', limit: 20 });
      assert.ok(jsonPieces.length >= 3, `JSON arrived in ${jsonPieces.length} pieces`);
      assert.equal(final.usage.input_tokens, 42);
      assert.equal(final.usage.output_tokens, 17);
      assert.equal(final.usage.cache_read_input_tokens, 8);
      assert.equal(final.usage.cache_creation_input_tokens, 3);
    });

    it('answers non-streaming calls with a full message', async () => {
      llm.push({ content: [{ type: 'text', text: 'plain answer' }] });
      const msg = await anthropic.messages.create({ model: 'claude-test', max_tokens: 10, messages: [{ role: 'user', content: 'q' }] });
      assert.equal(msg.stop_reason, 'end_turn');
      assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'plain answer');
    });

    it('records every request as sent', async () => {
      llm.push({ content: [{ type: 'text', text: 'ok' }] });
      await anthropic.messages.create({ model: 'claude-x', max_tokens: 7, system: 'be brief', messages: [{ role: 'user', content: 'question?' }] });
      assert.equal(llm.requests.length, 1);
      const r = llm.requests[0];
      assert.equal(r.api, 'anthropic');
      assert.equal(r.body.model, 'claude-x');
      assert.equal(r.body.system, 'be brief');
      assert.ok(r.headers['x-api-key'] === 'test-key' || r.headers.authorization === 'Bearer test-key', 'the API key reached the server');
    });

    for (const status of [429, 529, 500]) {
      it(`injects HTTP ${status} with retry-after`, async () => {
        llm.push({ fault: { status, retryAfter: 3 } });
        await assert.rejects(
          anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }),
          (err: InstanceType<typeof Anthropic.APIError>) => {
            assert.equal(err.status, status);
            assert.equal(err.headers?.get('retry-after'), '3');
            return true;
          },
        );
      });
    }

    it('drops the connection mid-stream', async () => {
      llm.push({ content: [{ type: 'text', text: 'one two three four five six' }], dropAfterChunks: 4 });
      const stream = anthropic.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      const seen: string[] = [];
      stream.on('text', (t) => seen.push(t));
      await assert.rejects(stream.finalMessage());
      assert.ok(seen.length > 0 && seen.join('') !== 'one two three four five six', `partial text: ${JSON.stringify(seen)}`);
      assert.equal(llm.requests[0].outcome, 'dropped');
    });

    it('paces chunks slowly when asked', async () => {
      llm.push({ content: [{ type: 'text', text: 'a b c d' }], delayMs: 30 });
      const stream = anthropic.messages.stream({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
      const arrivals: number[] = [];
      stream.on('text', () => arrivals.push(Date.now()));
      await stream.finalMessage();
      assert.equal(arrivals.length, 4);
      assert.ok(arrivals[3] - arrivals[0] >= 60, 'chunks were spread out over time');
    });
  });

  describe('OpenAI Chat Completions', () => {
    it('streams text and tool calls with argument deltas and a usage chunk', async () => {
      llm.push({
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'call_a', name: 'Grep', input: { pattern: 'TODO' }, jsonChunks: 3 },
          { type: 'tool_use', id: 'call_b', name: 'Glob', input: { pattern: '**/*.ts' } },
        ],
        usage: { input: 30, output: 12, cacheRead: 4 },
      });
      const stream = await openai.chat.completions.create({
        model: 'gpt-test', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'hi' }],
      });
      let text = '';
      const args = new Map<number, string>();
      const names = new Map<number, string>();
      let finish: string | null = null;
      let usage: OpenAI.CompletionUsage | undefined;
      let argDeltas = 0;
      for await (const chunk of stream) {
        if (chunk.usage) usage = chunk.usage;
        for (const c of chunk.choices) {
          text += c.delta.content ?? '';
          for (const tc of c.delta.tool_calls ?? []) {
            if (tc.function?.name) names.set(tc.index, tc.function.name);
            if (tc.function?.arguments) {
              argDeltas++;
              args.set(tc.index, (args.get(tc.index) ?? '') + tc.function.arguments);
            }
          }
          finish = c.finish_reason ?? finish;
        }
      }
      assert.equal(text, 'Let me check.');
      assert.deepEqual([...names.values()], ['Grep', 'Glob']);
      assert.deepEqual(JSON.parse(args.get(0)!), { pattern: 'TODO' });
      assert.deepEqual(JSON.parse(args.get(1)!), { pattern: '**/*.ts' });
      assert.ok(argDeltas >= 4);
      assert.equal(finish, 'tool_calls');
      assert.equal(usage?.prompt_tokens, 34);
      assert.equal(usage?.prompt_tokens_details?.cached_tokens, 4);
    });

    it('answers non-streaming calls with a chat.completion', async () => {
      llm.push({ content: [{ type: 'text', text: 'done' }] });
      const c = await openai.chat.completions.create({ model: 'gpt-test', messages: [{ role: 'user', content: 'q' }] });
      assert.equal(c.choices[0].message.content, 'done');
      assert.equal(c.choices[0].finish_reason, 'stop');
      assert.equal(llm.requests[0].headers.authorization, 'Bearer test-key');
    });

    it('injects 429 with retry-after and drops connections', async () => {
      llm.push({ fault: { status: 429, retryAfter: 2 } });
      await assert.rejects(openai.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), (err: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(err.status, 429);
        assert.equal(err.headers?.get('retry-after'), '2');
        return true;
      });
      llm.push({ content: [{ type: 'text', text: 'a b c d e f g' }], dropAfterChunks: 3 });
      const stream = await openai.chat.completions.create({ model: 'm', stream: true, messages: [{ role: 'user', content: 'x' }] });
      await assert.rejects(async () => {
        for await (const chunk of stream) void chunk;
      });
    });
  });

  it('answers 500 with a clear message when the scenario has no reply left', async () => {
    await assert.rejects(anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] }), /no scripted reply left/);
  });

  it('skips replies scripted for the other API', async () => {
    llm.push({ api: 'openai', content: [{ type: 'text', text: 'for openai' }] }, { api: 'anthropic', content: [{ type: 'text', text: 'for anthropic' }] });
    const msg = await anthropic.messages.create({ model: 'm', max_tokens: 5, messages: [{ role: 'user', content: 'x' }] });
    assert.equal((msg.content[0] as Anthropic.TextBlock).text, 'for anthropic');
    assert.equal(llm.pending(), 1);
  });
});
