// The panel keeps up with a long streamed reply: transcript events are applied once per frame, and
// Markdown is split into blocks that are parsed once.
import { strict as assert } from 'node:assert';
import type { HostToWebview } from '../../src/protocol/messages';
import { splitBlocks } from '../../webview-ui/src/markdownBlocks';
import { MessageBatch } from '../../webview-ui/src/messageBatch';
import { initialState, reduce } from '../../webview-ui/src/state';

describe('streaming a long reply into the panel', () => {
  describe('splitBlocks', () => {
    it('splits at blank lines before a line at the margin, and the blocks add up to the text', () => {
      const text = '# Title\n\nFirst paragraph\nstill first.\n\nSecond.\n\n- a\n- b\n';
      const blocks = splitBlocks(text);
      assert.deepEqual(blocks, ['# Title\n\n', 'First paragraph\nstill first.\n\n', 'Second.\n\n', '- a\n- b\n']);
      assert.equal(blocks.join(''), text);
    });

    it('never splits inside fenced code (backticks or tildes, longer closers), nor before indented lines', () => {
      const code = '```ts\nconst a = 1;\n\n\nconst b = 2;\n````\n\n';
      const tilde = '~~~\nx\n\n```\nstill in\n~~~\n\n';
      const list = '1. one\n\n   continued under one\n\n2. two\n';
      const blocks = splitBlocks(code + tilde + list);
      assert.deepEqual(blocks, [code, tilde, '1. one\n\n   continued under one\n\n', '2. two\n']);
    });

    it('an unclosed fence keeps the rest as one block (a code block still streaming)', () => {
      const text = 'Intro\n\n```py\ndef f():\n\n    return 1\n\nprint(f())';
      assert.deepEqual(splitBlocks(text), ['Intro\n\n', '```py\ndef f():\n\n    return 1\n\nprint(f())']);
    });

    it('handles text without newlines and empty text', () => {
      assert.deepEqual(splitBlocks('no newline at all'), ['no newline at all']);
      assert.deepEqual(splitBlocks(''), []);
    });
  });

  describe('MessageBatch', () => {
    const ev = (seq: number, text: string): HostToWebview => ({ type: 'event', sessionId: 's', seq, event: { type: 'text_delta', id: 'a1', text } });

    it('gathers transcript events for a frame and applies them at once, in order', async () => {
      const applied: HostToWebview[][] = [];
      const batch = new MessageBatch((m) => applied.push(m));
      for (let i = 1; i <= 500; i++) batch.add(ev(i, 'x'));
      assert.equal(applied.length, 0, 'nothing is rendered per delta');
      await new Promise((r) => setTimeout(r, 40));
      assert.equal(applied.length, 1);
      assert.deepEqual(applied[0].map((m) => (m.type === 'event' ? m.seq : -1)), Array.from({ length: 500 }, (_, i) => i + 1));
      batch.dispose();
    });

    it('any other message flushes what is gathered first, so the order is kept', () => {
      const applied: HostToWebview[][] = [];
      const batch = new MessageBatch((m) => applied.push(m));
      batch.add(ev(1, 'a'));
      batch.add({ type: 'busy', sessionId: 's', busy: false });
      assert.deepEqual(applied.map((b) => b.map((m) => m.type)), [['event', 'busy']]);
      batch.dispose();
    });
  });

  it('a batch reduces like its messages one by one', () => {
    const start = reduce(initialState, { type: 'transcript', sessionId: 's', seq: 0, items: [], busy: true });
    const messages: HostToWebview[] = [
      { type: 'event', sessionId: 's', seq: 1, event: { type: 'assistant_start', id: 'a1' } },
      { type: 'event', sessionId: 's', seq: 2, event: { type: 'text_delta', id: 'a1', text: 'Hello' } },
      { type: 'event', sessionId: 's', seq: 3, event: { type: 'text_delta', id: 'a1', text: ', world' } },
    ];
    const oneByOne = messages.reduce(reduce, start);
    const batched = reduce(start, { type: 'batch', actions: messages });
    assert.deepEqual(batched, oneByOne);
    assert.equal(batched.seq, 3);
  });
});

describe('DeltaCoalescer (host side)', () => {
  // Imported here: the module has no vscode dependency.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DeltaCoalescer } = require('../../src/extension/deltaCoalescer') as typeof import('../../src/extension/deltaCoalescer');
  type Sent = { type: string; id?: string; text?: string; tag: string };

  it('joins consecutive deltas of one message and sends them before any other event', () => {
    const sent: Sent[] = [];
    const c = new DeltaCoalescer<string>((e, tag) => sent.push({ type: e.type, id: 'id' in e ? e.id : undefined, text: 'text' in e ? e.text : undefined, tag }), 1000);
    for (const piece of ['Hel', 'lo', ', ', 'world']) c.push({ type: 'text_delta', id: 'a1', text: piece }, 's1');
    c.push({ type: 'thinking_delta', id: 'a1', text: 'hmm' }, 's1');
    c.push({ type: 'assistant_end', id: 'a1', status: 'done' }, 's1');
    assert.deepEqual(sent, [
      { type: 'text_delta', id: 'a1', text: 'Hello, world', tag: 's1' },
      { type: 'thinking_delta', id: 'a1', text: 'hmm', tag: 's1' },
      { type: 'assistant_end', id: 'a1', text: undefined, tag: 's1' },
    ]);
    c.dispose();
  });

  it('sends a joined delta after one frame when nothing else comes, tagged with its session', async () => {
    const sent: [string, string][] = [];
    const c = new DeltaCoalescer<string>((e, tag) => sent.push([e.type === 'text_delta' ? e.text : e.type, tag]), 10);
    c.push({ type: 'text_delta', id: 'a1', text: 'a' }, 'old');
    c.push({ type: 'text_delta', id: 'a1', text: 'b' }, 'new');
    assert.deepEqual(sent, [['a', 'old']], 'another session tag is never joined');
    await new Promise((r) => setTimeout(r, 30));
    assert.deepEqual(sent, [['a', 'old'], ['b', 'new']]);
    c.dispose();
  });
});
