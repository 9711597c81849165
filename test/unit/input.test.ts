import { strict as assert } from 'node:assert';
import { toAnthropicMessages } from '../../src/core/llm/anthropic';
import { toOpenAIMessages } from '../../src/core/llm/openai';
import type { Message } from '../../src/core/llm/types';
import { insertMention, mentionAtCaret, parseMentions, parseSlashCommand, pathToken, selectionToken } from '../../src/protocol/input';
import { parseWebviewMessage } from '../../src/protocol/messages';

describe('mention tokens', () => {
  it('finds files, folders, quoted paths, selections and the fixed mentions, in order and once each', () => {
    const text = 'Compare @src/a.ts with @"docs/my notes.md" and @src/lib/, see @selection(src/b.ts:3-7) @problems @terminal @git; again @src/a.ts';
    assert.deepEqual(parseMentions(text), [
      { kind: 'path', path: 'src/a.ts' },
      { kind: 'path', path: 'docs/my notes.md' },
      { kind: 'path', path: 'src/lib/' },
      { kind: 'selection', path: 'src/b.ts', startLine: 3, endLine: 7 },
      { kind: 'problems' },
      { kind: 'terminal' },
      { kind: 'git' },
    ]);
  });

  it('leaves e-mail addresses alone and sentence punctuation out of the path', () => {
    assert.deepEqual(parseMentions('mail me@example.com about it'), []);
    assert.deepEqual(parseMentions('Look at @src/a.ts. Then (@src/b.ts), and @c.ts, @d.ts: @e.ts!'), ['src/a.ts', 'src/b.ts', 'c.ts', 'd.ts', 'e.ts'].map((path) => ({ kind: 'path', path })));
    assert.deepEqual(parseMentions('@problems.'), [{ kind: 'problems' }]);
    assert.deepEqual(parseMentions('@"problems"'), [{ kind: 'path', path: 'problems' }], 'a quoted word is a path');
  });

  it('reads single-line selections and drops impossible ranges', () => {
    assert.deepEqual(parseMentions('@selection(a.ts:5)'), [{ kind: 'selection', path: 'a.ts', startLine: 5, endLine: 5 }]);
    assert.deepEqual(parseMentions('@selection(a.ts:7-3) @selection(a.ts:0-2)'), []);
    assert.deepEqual(parseMentions('@selection(C:/work/a b.ts:10-12)'), [{ kind: 'selection', path: 'C:/work/a b.ts', startLine: 10, endLine: 12 }]);
  });

  it('writes tokens that read back as the same mention', () => {
    for (const p of ['src/a.ts', 'my dir/file name.ts', 'src/lib/']) {
      assert.deepEqual(parseMentions(`x @${pathToken(p)} y`), [{ kind: 'path', path: p }]);
    }
    assert.equal(selectionToken('src/a.ts', 4, 4), 'selection(src/a.ts:4)');
    assert.deepEqual(parseMentions(`@${selectionToken('src/a.ts', 4, 9)}`), [{ kind: 'selection', path: 'src/a.ts', startLine: 4, endLine: 9 }]);
  });

  it('knows when the caret is in an @-word being typed', () => {
    assert.deepEqual(mentionAtCaret('fix @sr', 7), { start: 4, query: 'sr' });
    assert.deepEqual(mentionAtCaret('@', 1), { start: 0, query: '' });
    assert.deepEqual(mentionAtCaret('fix @src/a.ts now', 8), { start: 4, query: 'src' });
    assert.equal(mentionAtCaret('me@host', 7), undefined);
    assert.equal(mentionAtCaret('fix @src ', 9), undefined);
    assert.deepEqual(mentionAtCaret('see @"my fi', 11), { start: 4, query: 'my fi' });
  });

  it('replaces the @-word with the picked token and puts the caret after it', () => {
    assert.deepEqual(insertMention('fix @sr please', 4, 7, 'src/a.ts'), { text: 'fix @src/a.ts please', caret: 14 });
    assert.deepEqual(insertMention('@', 0, 1, 'problems'), { text: '@problems ', caret: 10 });
    assert.deepEqual(insertMention('x @src/a', 2, 6, 'src/abc.ts'), { text: 'x @src/abc.ts ', caret: 14 }, 'the rest of the word goes too');
  });
});

describe('slash commands', () => {
  it('parses known commands with their arguments and leaves other text alone', () => {
    assert.deepEqual(parseSlashCommand('/clear'), { name: 'clear', args: '' });
    assert.deepEqual(parseSlashCommand('  /model gpt-4o  '), { name: 'model', args: 'gpt-4o' });
    assert.deepEqual(parseSlashCommand('/resume s-123'), { name: 'resume', args: 's-123' });
    assert.equal(parseSlashCommand('/etc/hosts looks odd'), undefined);
    assert.equal(parseSlashCommand('/unknown'), undefined);
    assert.equal(parseSlashCommand('please /clear'), undefined);
  });

  it('the webview may name only known commands', () => {
    assert.equal(parseWebviewMessage({ type: 'slashCommand', name: 'cost', args: '' }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'slashCommand', name: 'exec', args: 'rm -rf /' }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'mentionQuery', query: 'x'.repeat(201) }).ok, false);
  });
});

describe('pasted images', () => {
  const png = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');

  it('are accepted only as png, jpeg, gif or webp base64 of at most 5 MB', () => {
    assert.equal(parseWebviewMessage({ type: 'send', text: 'see', images: [{ mediaType: 'image/png', data: png }] }).ok, true);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'see', images: [{ mediaType: 'image/svg+xml', data: png }] }).ok, false);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'see', images: [{ mediaType: 'image/png', data: 'not base64!' }] }).ok, false);
    const big = 'A'.repeat(Math.ceil((5 * 1024 * 1024) / 3) * 4 + 4);
    assert.equal(parseWebviewMessage({ type: 'send', text: 'see', images: [{ mediaType: 'image/png', data: big }] }).ok, false);
  });

  it('reach Anthropic as image blocks and OpenAI as image_url data URLs', () => {
    const messages: Message[] = [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', mediaType: 'image/png', data: png }] }];
    assert.deepEqual(toAnthropicMessages(messages)[0].content, [
      { type: 'text', text: 'what is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
    ]);
    assert.deepEqual(toOpenAIMessages('', messages), [
      { role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } }] },
    ]);
    assert.deepEqual(toOpenAIMessages('', [{ role: 'user', content: [{ type: 'text', text: 'plain' }] }]), [{ role: 'user', content: 'plain' }], 'text alone stays a string');
  });
});
