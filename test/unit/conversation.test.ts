// Conversation: one streamed reply per user message, and a history that stays valid for the next
// request after a stop or a failure. Real Anthropic adapter against the fake server.
import { strict as assert } from 'node:assert';
import { DEFAULT_RETRY } from '../../src/core/llm/retry';
import { Conversation } from '../../src/core/agent/conversation';
import type { AgentEvent } from '../../src/core/agent/events';
import { createProvider } from '../../src/core/llm';
import type { Provider } from '../../src/core/llm';
import { SessionRecorder } from '../../src/core/agent/recorder';
import { SessionLog } from '../../src/core/session/log';
import { toMessages, toTranscript } from '../../src/core/session/replay';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

async function run(conv: Conversation, text: string, signal = new AbortController().signal): Promise<AgentEvent[]> {
  const out: AgentEvent[] = [];
  for await (const ev of conv.send(text, signal)) out.push(ev);
  return out;
}

/** Roles of a recorded request body, to check that user and assistant alternate. */
const roles = (body: { messages: { role: string }[] }) => body.messages.map((m) => m.role);

function textsOf(message: { content: { type: string; text?: string }[] }): string[] {
  return message.content.filter((b) => b.type === 'text').map((b) => b.text ?? '');
}

const NO_RETRY = { ...DEFAULT_RETRY, maxAttempts: 1 };

function assertTurnEnd(ev: AgentEvent | undefined, status: string): void {
  assert.equal(ev?.type, 'turn_end');
  assert.equal((ev as Extract<AgentEvent, { type: 'turn_end' }>).status, status);
}

describe('Conversation', () => {
  let llm: FakeLlm;
  let provider: Provider;
  let conv: Conversation;

  beforeEach(async () => {
    llm = await startFakeLlm();
    provider = createProvider({ provider: 'anthropic', apiKey: 'test-key', baseURL: llm.anthropicBaseUrl });
    let n = 0;
    // Retries are the retry module's business (retry.test.ts); here one attempt shows the failure as is.
    conv = new Conversation({ provider, model: 'claude-a', system: 'Be brief.', maxTokens: 321, newId: () => `id${++n}`, retry: NO_RETRY });
  });
  afterEach(() => llm.close());

  it('yields events in order and grows the history', async () => {
    llm.push({ content: [{ type: 'text', text: 'Hi there', chunks: ['Hi', ' there'] }], usage: { input: 11, output: 2 } });
    const events = await run(conv, 'hello');
    assert.deepEqual(events.map((e) => e.type), ['user_message', 'assistant_start', 'text_delta', 'text_delta', 'assistant_message', 'context', 'turn_end']);
    // The context in use after the reply: the provider's count (input + cache), against the model's window when known.
    assert.deepEqual(events[5], { type: 'context', tokens: 11, estimated: false });
    assert.deepEqual(events[0], { type: 'user_message', id: 'id1', text: 'hello' });
    assert.deepEqual(events[1], { type: 'assistant_start', id: 'id2' });
    assert.deepEqual(events.slice(2, 4), [
      { type: 'text_delta', id: 'id2', text: 'Hi' },
      { type: 'text_delta', id: 'id2', text: ' there' },
    ]);
    const msg = events[4] as Extract<AgentEvent, { type: 'assistant_message' }>;
    assert.equal(msg.id, 'id2');
    assert.equal(msg.stopReason, 'end_turn');
    assert.equal(msg.usage.inputTokens, 11);
    assert.deepEqual(msg.message.content, [{ type: 'text', text: 'Hi there' }]);
    assertTurnEnd(events[6], 'completed');

    assert.deepEqual(conv.messages, [
      { role: 'user', content: [{ type: 'text', text: 'hello' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hi there' }] },
    ]);
    const body = llm.requests[0].body;
    assert.equal(body.model, 'claude-a');
    assert.equal(body.system[0].text, 'Be brief.');
    assert.equal(body.max_tokens, 321);

    llm.push({ content: [{ type: 'text', text: 'Again' }] });
    await run(conv, 'second');
    assert.deepEqual(conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
    assert.deepEqual(roles(llm.requests[1].body), ['user', 'assistant', 'user']);
    assert.deepEqual(llm.requests[1].body.messages[1].content, [{ type: 'text', text: 'Hi there' }]);
  });

  it('keeps the partial reply after an abort, and the next request alternates roles', async () => {
    llm.push({ content: [{ type: 'text', text: 'one two three four five six seven' }], delayMs: 60 });
    const ac = new AbortController();
    const events: AgentEvent[] = [];
    let partial = '';
    for await (const ev of conv.send('tell me', ac.signal)) {
      events.push(ev);
      if (ev.type === 'text_delta') {
        partial += ev.text;
        if (partial.split(' ').length > 2) ac.abort();
      }
    }
    assert.ok(partial.length > 0 && partial !== 'one two three four five six seven', `partial: ${partial}`);
    assertTurnEnd(events[events.length - 1], 'aborted');
    assert.ok(!events.some((e) => e.type === 'error' || e.type === 'assistant_message'));
    assert.deepEqual(conv.messages, [
      { role: 'user', content: [{ type: 'text', text: 'tell me' }] },
      { role: 'assistant', content: [{ type: 'text', text: partial }] },
    ]);

    llm.push({ content: [{ type: 'text', text: 'ok' }] });
    const next = await run(conv, 'go on');
    assertTurnEnd(next[next.length - 1], 'completed');
    const body = llm.requests[1].body;
    assert.deepEqual(roles(body), ['user', 'assistant', 'user']);
    assert.deepEqual(textsOf(body.messages[1]), [partial]);
    assert.deepEqual(textsOf(body.messages[2]), ['go on']);
  });

  it('reports an error, then merges the next message into the unanswered one', async () => {
    llm.push({ fault: { status: 500, message: 'boom' } });
    const events = await run(conv, 'first');
    assert.deepEqual(events.map((e) => e.type), ['user_message', 'assistant_start', 'error', 'turn_end']);
    const err = events[2] as Extract<AgentEvent, { type: 'error' }>;
    assert.equal(err.kind, 'server');
    assert.match(err.message, /500/);
    assertTurnEnd(events[3], 'error');
    assert.deepEqual(conv.messages, [{ role: 'user', content: [{ type: 'text', text: 'first' }] }]);

    llm.push({ content: [{ type: 'text', text: 'answer' }] });
    await run(conv, 'second');
    const body = llm.requests[1].body;
    assert.deepEqual(roles(body), ['user']);
    assert.deepEqual(textsOf(body.messages[0]), ['first', 'second']);
    assert.deepEqual(conv.messages.map((m) => m.role), ['user', 'assistant']);
  });

  it('keeps partial text after a dropped stream and reports a retryable kind', async () => {
    llm.push({ content: [{ type: 'text', text: 'alpha beta gamma delta epsilon zeta' }], dropAfterChunks: 4 });
    const events = await run(conv, 'q');
    const types = events.map((e) => e.type);
    assert.equal(types[types.length - 2], 'error');
    const kind = (events[events.length - 2] as Extract<AgentEvent, { type: 'error' }>).kind;
    assert.ok(kind === 'connection' || kind === 'stream', `kind: ${kind}`);
    assertTurnEnd(events[events.length - 1], 'error');
    const shown = events.filter((e) => e.type === 'text_delta').map((e) => (e as { text: string }).text).join('');
    assert.ok(shown.length > 0);
    assert.deepEqual(conv.messages[1], { role: 'assistant', content: [{ type: 'text', text: shown }] });

    llm.push({ content: [{ type: 'text', text: 'again' }] });
    await run(conv, 'retry');
    assert.deepEqual(roles(llm.requests[1].body), ['user', 'assistant', 'user']);
  });

  it('logs the context and images sent with a message, so a resumed conversation sends the same request', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-extra-'));
    try {
      const log = SessionLog.create(dir, { cwd: dir, provider: 'anthropic', model: 'claude-a' });
      const recorder = new SessionRecorder(log);
      const extra = [
        { type: 'text' as const, text: '<context source="a.ts">const a = 1;</context>' },
        { type: 'image' as const, mediaType: 'image/png', data: 'iVBORw0KGgo=' },
      ];
      llm.push({ content: [{ type: 'text', text: 'Seen.' }] });
      for await (const ev of conv.send('look at @a.ts and this', new AbortController().signal, extra)) recorder.record(ev);
      log.close();
      const { events } = SessionLog.read(log.file);
      assert.deepEqual(toMessages(events), conv.messages, 'the log rebuilds the history the model saw');
      assert.deepEqual(toMessages(events)[0].content, [{ type: 'text', text: 'look at @a.ts and this' }, ...extra]);
      const userEntry = toTranscript(events).find((e) => e.kind === 'user');
      assert.equal(userEntry?.kind === 'user' ? userEntry.images : undefined, 1, 'the transcript says an image was attached');

      // Resumed: the next request repeats the first message with its context and image.
      const resumed = new Conversation({ provider, model: 'claude-a', system: 'Be brief.', history: toMessages(events), retry: NO_RETRY });
      llm.push({ content: [{ type: 'text', text: 'Again.' }] });
      await run(resumed, 'and now?');
      const first = llm.requests.at(-1)?.body.messages[0] as { content: { type: string; text?: string; source?: { data: string } }[] };
      assert.deepEqual(first.content.map((b) => b.type), ['text', 'text', 'image']);
      assert.match(first.content[1].text ?? '', /const a = 1/);
      assert.equal(first.content[2].source?.data, 'iVBORw0KGgo=');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('switches provider and model for the next request with use()', async () => {
    llm.push({ content: [{ type: 'text', text: 'from claude' }] });
    await run(conv, 'one');
    const openai = createProvider({ provider: 'openai', apiKey: 'other-key', baseURL: llm.openaiBaseUrl });
    conv.use(openai, 'gpt-b');
    llm.push({ content: [{ type: 'text', text: 'from gpt' }] });
    const events = await run(conv, 'two');
    assertTurnEnd(events[events.length - 1], 'completed');
    const second = llm.requests[1];
    assert.equal(second.api, 'openai');
    assert.equal(second.body.model, 'gpt-b');
    assert.deepEqual(second.body.messages, [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'from claude' },
      { role: 'user', content: 'two' },
    ]);
    assert.deepEqual(conv.messages.map((m) => m.role), ['user', 'assistant', 'user', 'assistant']);
  });
});
