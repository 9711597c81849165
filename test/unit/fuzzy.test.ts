import { strict as assert } from 'node:assert';
import { fuzzyRank, fuzzyScore, isSubsequence } from '../../src/protocol/fuzzy';

const rank = (query: string, items: string[]) => fuzzyRank(query, items, (s) => s).map((r) => r.item);

describe('fuzzy scorer', () => {
  it('matches only when the query is a subsequence, ignoring case', () => {
    assert.equal(fuzzyScore('xyz', 'src/a.ts'), undefined);
    assert.equal(fuzzyScore('sat', 'src/a.ts') === undefined, false);
    assert.equal(fuzzyScore('ats', 'src/a.ts') === undefined, false);
    assert.equal(fuzzyScore('tsa', 'src/a.ts'), undefined, 'order matters');
    assert.ok(fuzzyScore('README', 'readme.md'));
    assert.ok(fuzzyScore('readme', 'README.md'));
    assert.equal(isSubsequence('abc', 'aXbXc'), true);
    assert.equal(isSubsequence('abc', 'acb'), false);
  });

  it('scores an exact match highest and an empty query as a match of everything', () => {
    assert.equal(fuzzyScore('src/a.ts', 'SRC/A.ts')!.score, Infinity);
    assert.deepEqual(fuzzyScore('', 'anything'), { score: 0, positions: [] });
    assert.deepEqual(rank('', ['b', 'a']), ['a', 'b'], 'equal scores: shorter, then alphabetical');
  });

  it('returns the positions of the matched characters', () => {
    const m = fuzzyScore('fzy', 'src/protocol/fuzzy.ts')!;
    assert.deepEqual(m.positions.map((i) => 'src/protocol/fuzzy.ts'[i]), ['f', 'z', 'y']);
    assert.deepEqual(m.positions, [13, 16, 17], 'the alignment right after the slash, with the consecutive zy');
    for (let i = 1; i < m.positions.length; i++) assert.ok(m.positions[i] > m.positions[i - 1]);
  });

  it('prefers matches at the start of a segment or word, and consecutive runs', () => {
    assert.deepEqual(rank('fb', ['fabric.ts', 'foo_bar.ts']), ['foo_bar.ts', 'fabric.ts'], 'b at a word start');
    assert.deepEqual(rank('ment', ['docs/menu/ent.md', 'src/extension/mentions.ts']), ['src/extension/mentions.ts', 'docs/menu/ent.md'], 'one run beats two pieces');
    assert.deepEqual(rank('cc', ['accurate', 'chatController']), ['chatController', 'accurate'], 'two word starts beat a pair in the middle of a word');
    assert.deepEqual(rank('ct', ['chatcontroller', 'chatController']), ['chatController', 'chatcontroller'], 'camelCase hump');
  });

  it('ranks the file a person means first', () => {
    const files = ['src/a.ts', 'src/abc/test.ts', 'src/core/agent/conversation.ts', 'src/common/parse.ts', 'webview-ui/src/Composer.tsx', 'README.md', 'src/extension/chatController.ts'];
    assert.equal(rank('a.ts', files)[0], 'src/a.ts');
    assert.equal(rank('comp', files)[0], 'webview-ui/src/Composer.tsx');
    assert.equal(rank('chatc', files)[0], 'src/extension/chatController.ts');
    assert.deepEqual(rank('chatc', files), ['src/extension/chatController.ts'], 'only matching items are returned');
    assert.equal(rank('readme', files)[0], 'README.md');
  });

  it('caps the result and stays quick on a large workspace', () => {
    const many = Array.from({ length: 20_000 }, (_, i) => `packages/pkg${i % 50}/src/module${i}/file${i}.ts`);
    const started = Date.now();
    const out = fuzzyRank('pkg7file', many, (s) => s, 50);
    const ms = Date.now() - started;
    assert.equal(out.length, 50);
    for (let i = 1; i < out.length; i++) assert.ok(out[i - 1].score >= out[i].score, 'sorted best first');
    assert.ok(ms < 3000, `ranking 20,000 paths took ${ms} ms`);
  });

  it('does not score absurdly long queries or targets', () => {
    assert.equal(fuzzyScore('a'.repeat(65), 'a'.repeat(100)), undefined);
    assert.equal(fuzzyScore('a', `${'b'.repeat(2000)}a`), undefined);
  });
});
