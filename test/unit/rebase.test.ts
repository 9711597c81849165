// Re-basing reviewed hunks onto a file that changed after the edit was computed.
import { strict as assert } from 'node:assert';
import { applyHunks, computeHunks } from '../../src/core/edits/hunks';
import { invertHunk, locateHunks, rebaseHunks } from '../../src/core/edits/rebase';

const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`);
const text = (ls: string[], eol = '\n') => ls.map((l) => l + eol).join('');

describe('edits/rebase', () => {
  const base = lines(20);
  const proposed = base.slice();
  proposed[2] = 'THREE';
  proposed[15] = 'SIXTEEN';
  const hunks = computeHunks(text(base), text(proposed));

  it('has two separate hunks to work with', () => {
    assert.equal(hunks.length, 2);
  });

  it('applies accepted hunks where their lines moved to', () => {
    const current = text(['new top', 'another', ...base]);
    const r = rebaseHunks(current, hunks, [0, 1]);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.content, text(['new top', 'another', ...proposed]));
  });

  it('applies only the accepted hunks and keeps other changes in the file', () => {
    const changed = base.slice();
    changed[9] = 'user edit';
    const r = rebaseHunks(text(changed), hunks, [1]);
    assert.ok(r.ok, JSON.stringify(r));
    const expected = changed.slice();
    expected[15] = 'SIXTEEN';
    assert.equal(r.content, text(expected));
  });

  it('on the unchanged text gives what applyHunks gives', () => {
    for (const accepted of [[0], [1], [0, 1]]) {
      const r = rebaseHunks(text(base), hunks, accepted);
      assert.ok(r.ok);
      assert.equal(r.content, applyHunks(text(base), hunks, accepted));
    }
  });

  it('fails when a hunk’s old lines changed', () => {
    const changed = base.slice();
    changed[3] = 'edited context line';
    const r = rebaseHunks(text(changed), hunks, [0, 1]);
    assert.deepEqual(r.ok ? r : { hunk: r.hunk, ok: r.ok }, { hunk: 0, ok: false });
    if (!r.ok) assert.match(r.reason, /no longer in the file/);
  });

  it('fails when a hunk’s old lines appear more than once', () => {
    const block = base.slice(0, 7);
    const current = text([...block, ...block]);
    const r = rebaseHunks(current, hunks, [0]);
    assert.ok(!r.ok);
    assert.match(r.reason, /2 times/);
  });

  it('keeps CRLF line endings and the BOM of the current text', () => {
    const current = '\uFEFF' + text(['extra', ...base], '\r\n');
    const r = rebaseHunks(current, hunks, [0]);
    assert.ok(r.ok, JSON.stringify(r));
    const expected = ['extra', ...base];
    expected[3] = 'THREE';
    assert.equal(r.content, '\uFEFF' + text(expected, '\r\n'));
  });

  it('refuses to anchor an insertion without context into a non-empty file', () => {
    const create = computeHunks('', 'hello\n');
    assert.ok(rebaseHunks('', create, [0]).ok);
    assert.ok(!rebaseHunks('something\n', create, [0]).ok);
  });

  it('locates hunks in a buffer that moved on, and not when they are gone', () => {
    assert.deepEqual(locateHunks(text(base), hunks), [hunks[0].oldStart, hunks[1].oldStart]);
    const changed = ['inserted', ...base];
    changed[16] = 'edited';
    assert.deepEqual(locateHunks(text(changed), hunks), [hunks[0].oldStart + 1, undefined]);
  });

  it('inverts a hunk so applying it restores the old lines', () => {
    const after = text(proposed);
    const r = rebaseHunks(after, [invertHunk(hunks[1])], [0]);
    assert.ok(r.ok, JSON.stringify(r));
    const expected = proposed.slice();
    expected[15] = 'line 16';
    assert.equal(r.content, text(expected));
  });

  it('inverts a change at a missing final newline', () => {
    const h = computeHunks('a\nb', 'a\nc\nd');
    const r = rebaseHunks('a\nc\nd', h.map(invertHunk), [0]);
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.content, 'a\nb');
  });
});
