// The webview is untrusted: every message it sends goes through parseWebviewMessage. The transcript
// reducer is shared by host and webview, so it must be pure.
import { strict as assert } from 'node:assert';
import { parseWebviewMessage } from '../../src/protocol/messages';
import type { TranscriptItem, UiEvent } from '../../src/protocol/messages';
import { applyEvent } from '../../src/protocol/transcript';

function rejected(raw: unknown): string {
  const r = parseWebviewMessage(raw);
  assert.equal(r.ok, false, `accepted ${JSON.stringify(raw)}`);
  return (r as { ok: false; error: string }).error;
}

describe('parseWebviewMessage', () => {
  const valid: unknown[] = [
    { type: 'ready' },
    { type: 'send', text: 'hello' },
    { type: 'send', text: 'x'.repeat(200_000) },
    { type: 'stop' },
    { type: 'newChat' },
    { type: 'openSetup' },
    { type: 'saveSetup', provider: 'anthropic', apiKey: 'sk-ant-123' },
    { type: 'saveSetup', provider: 'openai', apiKey: 'sk-1', baseUrl: '' },
    { type: 'saveSetup', provider: 'openai', apiKey: 'sk-1', baseUrl: 'https://api.example.com/v1' },
    { type: 'saveSetup', provider: 'anthropic', apiKey: 'k', baseUrl: 'http://127.0.0.1:8080' },
  ];
  for (const msg of valid) {
    it(`accepts ${JSON.stringify(msg).slice(0, 80)}`, () => {
      const r = parseWebviewMessage(msg);
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.value, msg);
    });
  }

  it('rejects values that are not objects', () => {
    for (const raw of [null, undefined, 42, 'send', true, [], [{ type: 'ready' }]]) rejected(raw);
    assert.match(rejected('send'), /string/);
    assert.match(rejected(42), /number/);
  });

  it('rejects unknown types and names the type', () => {
    assert.match(rejected({ type: 'deleteEverything' }), /deleteEverything/);
    rejected({});
    rejected({ type: 7 });
    rejected({ type: 'READY' });
  });

  it('rejects extra properties', () => {
    rejected({ type: 'ready', extra: 1 });
    rejected(JSON.parse('{"type":"stop","__proto__":{"polluted":true}}'));
    const err = rejected({ type: 'send', text: 'hi', command: 'rm -rf /' });
    assert.match(err, /command/);
    rejected({ type: 'saveSetup', provider: 'openai', apiKey: 'k', model: 'gpt' });
  });

  it('rejects wrong field types and names the field', () => {
    assert.match(rejected({ type: 'send', text: 42 }), /text/);
    rejected({ type: 'send' });
    rejected({ type: 'send', text: ['a'] });
    assert.match(rejected({ type: 'saveSetup', provider: 'openai', apiKey: 123 }), /apiKey/);
    rejected({ type: 'saveSetup', provider: 'openai', apiKey: 'k', baseUrl: 5 });
  });

  it('rejects empty and oversize prompts', () => {
    assert.match(rejected({ type: 'send', text: '' }), /^invalid message \(send\): text: /);
    assert.match(rejected({ type: 'send', text: 'x'.repeat(200_001) }), /text/);
  });

  it('rejects saveSetup with a non-http baseUrl', () => {
    for (const baseUrl of ['javascript:alert(1)', 'file:///etc/passwd', 'ftp://example.com', 'not a url', 'data:text/html,hi']) {
      assert.match(rejected({ type: 'saveSetup', provider: 'openai', apiKey: 'k', baseUrl }), /baseUrl/, baseUrl);
    }
  });

  it('rejects saveSetup with an empty or blank apiKey', () => {
    assert.match(rejected({ type: 'saveSetup', provider: 'anthropic', apiKey: '' }), /apiKey/);
    assert.match(rejected({ type: 'saveSetup', provider: 'anthropic', apiKey: '   ' }), /apiKey/);
    rejected({ type: 'saveSetup', provider: 'anthropic' });
    rejected({ type: 'saveSetup', provider: 'anthropic', apiKey: 'k'.repeat(1001) });
  });

  it('rejects saveSetup with an unknown provider', () => {
    assert.match(rejected({ type: 'saveSetup', provider: 'gemini', apiKey: 'k' }), /provider/);
    rejected({ type: 'saveSetup', apiKey: 'k' });
  });

  it('trims the apiKey it accepts', () => {
    const r = parseWebviewMessage({ type: 'saveSetup', provider: 'openai', apiKey: '  sk-1 \n' });
    assert.ok(r.ok);
    assert.equal(r.value.type === 'saveSetup' && r.value.apiKey, 'sk-1');
  });
});

/** Deep-freezes a copy, so a reducer that mutates its input throws in strict mode. */
function frozen(items: TranscriptItem[]): readonly TranscriptItem[] {
  return Object.freeze(items.map((it) => Object.freeze({ ...it })));
}

const fold = (events: UiEvent[], start: readonly TranscriptItem[] = []) =>
  events.reduce<readonly TranscriptItem[]>((items, ev) => frozen(applyEvent(items, ev)), start);

describe('applyEvent', () => {
  it('builds user and assistant items', () => {
    const items = fold([
      { type: 'user_message', id: 'u1', text: 'hi' },
      { type: 'assistant_start', id: 'a1' },
      { type: 'text_delta', id: 'a1', text: 'Hel' },
      { type: 'text_delta', id: 'a1', text: 'lo' },
      { type: 'assistant_end', id: 'a1', status: 'done' },
    ]);
    assert.deepEqual(items, [
      { kind: 'user', id: 'u1', text: 'hi' },
      { kind: 'assistant', id: 'a1', text: 'Hello', thinking: '', status: 'done' },
    ]);
  });

  it('appends deltas to the assistant item with the matching id', () => {
    const items = fold([
      { type: 'assistant_start', id: 'a1' },
      { type: 'text_delta', id: 'a1', text: 'first' },
      { type: 'user_message', id: 'u2', text: 'more' },
      { type: 'assistant_start', id: 'a2' },
      { type: 'text_delta', id: 'a2', text: 'second' },
      { type: 'text_delta', id: 'a1', text: '+late' },
      { type: 'thinking_delta', id: 'a2', text: 'hmm' },
      { type: 'thinking_delta', id: 'a2', text: '...' },
      { type: 'assistant_end', id: 'a1', status: 'stopped' },
    ]);
    assert.deepEqual(items, [
      { kind: 'assistant', id: 'a1', text: 'first+late', thinking: '', status: 'stopped' },
      { kind: 'user', id: 'u2', text: 'more' },
      { kind: 'assistant', id: 'a2', text: 'second', thinking: 'hmm...', status: 'streaming' },
    ]);
  });

  it('ignores deltas for an unknown id and never touches user items with that id', () => {
    const start = frozen([{ kind: 'user', id: 'x', text: 'q' }]);
    const after = applyEvent(start, { type: 'text_delta', id: 'x', text: 'nope' });
    assert.deepEqual(after, [{ kind: 'user', id: 'x', text: 'q' }]);
    assert.notEqual(after, start, 'a new array even when nothing changed');
  });

  it('adds error items and ends an assistant with status error', () => {
    const items = fold([
      { type: 'assistant_start', id: 'a1' },
      { type: 'assistant_end', id: 'a1', status: 'error' },
      { type: 'error', id: 'e1', message: 'Anthropic server error (HTTP 500)' },
    ]);
    assert.deepEqual(items, [
      { kind: 'assistant', id: 'a1', text: '', thinking: '', status: 'error' },
      { kind: 'error', id: 'e1', message: 'Anthropic server error (HTTP 500)' },
    ]);
  });

  it('does not mutate its input and replaces only the touched item', () => {
    const original: TranscriptItem[] = [
      { kind: 'user', id: 'u1', text: 'hi' },
      { kind: 'assistant', id: 'a1', text: 'abc', thinking: 't', status: 'streaming' },
      { kind: 'assistant', id: 'a2', text: '', thinking: '', status: 'streaming' },
    ];
    const snapshot = structuredClone(original);
    const input = frozen(original);
    const events: UiEvent[] = [
      { type: 'text_delta', id: 'a1', text: 'd' },
      { type: 'thinking_delta', id: 'a1', text: 'u' },
      { type: 'assistant_end', id: 'a1', status: 'done' },
      { type: 'user_message', id: 'u2', text: 'x' },
      { type: 'assistant_start', id: 'a3' },
      { type: 'error', id: 'e1', message: 'm' },
    ];
    for (const ev of events) {
      const out = applyEvent(input, ev);
      assert.notEqual(out, input);
      assert.equal(out[0], input[0], 'untouched items are shared');
      assert.equal(out[2], input[2], 'untouched items are shared');
    }
    assert.deepEqual(original, snapshot);
    const updated = applyEvent(input, { type: 'text_delta', id: 'a1', text: 'd' });
    assert.notEqual(updated[1], input[1]);
    assert.equal((updated[1] as { text: string }).text, 'abcd');
  });
});
