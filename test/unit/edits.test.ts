// The edit engine: text formats, matching old_string, hunks, and what the model is told.
import { strict as assert } from 'node:assert';
import { applyHunks, computeHunks, unifiedDiff } from '../../src/core/edits/hunks';
import { findEdit } from '../../src/core/edits/match';
import { buildProposal, describeOutcome } from '../../src/core/edits/proposal';
import { contentHash, decodeText, detectFormat, restoreFormat, toLf } from '../../src/core/edits/text';

function ok(r: ReturnType<typeof findEdit>): string {
  if (!r.ok) assert.fail(`expected a match, got ${r.code}: ${r.message}`);
  return r.content;
}

describe('edits/text', () => {
  it('decodes UTF-8 and keeps the BOM so the text is the whole file', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69, 0x0d, 0x0a]);
    const text = decodeText(bytes);
    assert.equal(text, '\uFEFFhi\r\n');
    assert.deepEqual(new Uint8Array(Buffer.from(text, 'utf8')), bytes);
    assert.deepEqual(detectFormat(text), { bom: true, eol: '\r\n', finalNewline: true });
  });

  it('detects the dominant line ending and a missing final newline', () => {
    assert.deepEqual(detectFormat('a\r\nb\r\nc\nd'), { bom: false, eol: '\r\n', finalNewline: false });
    assert.deepEqual(detectFormat('a\nb\nc\r\n'), { bom: false, eol: '\n', finalNewline: true });
    assert.equal(detectFormat('no breaks').eol, '\n');
  });

  it('round-trips every format through the LF view', () => {
    for (const original of ['a\nb\n', 'a\r\nb\r\n', '\uFEFFa\r\nb', '\uFEFFx\ny\n', 'single', '']) {
      const format = detectFormat(original);
      const lf = toLf(original);
      assert.ok(!lf.includes('\r') && !lf.startsWith('\uFEFF'), JSON.stringify(original));
      assert.equal(restoreFormat(lf, format), original, JSON.stringify(original));
    }
  });

  it('can force the final newline state', () => {
    const noFinal = detectFormat('a\r\nb');
    assert.equal(restoreFormat('a\nc\n', noFinal, { finalNewline: true }), 'a\r\nc');
    assert.equal(restoreFormat('a\nc', detectFormat('x\n'), { finalNewline: true }), 'a\nc\n');
    assert.equal(restoreFormat('a\nc\n', noFinal), 'a\r\nc\r\n');
  });

  it('hashes content with sha256', () => {
    assert.equal(contentHash('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.notEqual(contentHash('a\n'), contentHash('a\r\n'));
  });
});

describe('edits/match', () => {
  it('replaces a unique exact match', () => {
    const r = findEdit('const a = 1;\nconst b = 2;\n', 'b = 2', 'b = 3');
    assert.equal(ok(r), 'const a = 1;\nconst b = 3;\n');
    assert.equal(r.ok && r.match, 'exact');
  });

  it('refuses an ambiguous match and says how many and where', () => {
    const r = findEdit('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 9');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 'ambiguous');
    assert.equal(r.occurrences, 2);
    assert.match(r.message, /2 matches/);
    assert.match(r.message, /lines 1, 3/);
    assert.match(r.message, /replace_all/);
  });

  it('replaces every occurrence with replaceAll', () => {
    assert.equal(ok(findEdit('x = 1\ny = 2\nx = 1\n', 'x = 1', 'x = 9', { replaceAll: true })), 'x = 9\ny = 2\nx = 9\n');
  });

  it('rejects identical and empty strings', () => {
    const same = findEdit('abc', 'b', 'b');
    assert.equal(!same.ok && same.code, 'no_change');
    const empty = findEdit('abc', '', 'x');
    assert.equal(!empty.ok && empty.code, 'empty_old_string');
  });

  it('matches LF old_string in a CRLF file and writes CRLF back, BOM kept', () => {
    const file = '\uFEFFline one\r\nline two\r\nline three\r\n';
    const r = findEdit(file, 'line one\nline two\n', 'line 1\nline 2\nline 2b\n');
    assert.equal(ok(r), '\uFEFFline 1\r\nline 2\r\nline 2b\r\nline three\r\n');
    assert.equal(r.ok && r.match, 'line-endings');
  });

  it('leaves the other line endings of a mixed file alone', () => {
    const file = 'a\r\nb\nc\r\nd\r\n';
    assert.equal(ok(findEdit(file, 'c\nd', 'C\nD')), 'a\r\nb\nC\r\nD\r\n');
  });

  it('tolerates trailing whitespace differences when the match is unique', () => {
    const file = 'function f() {   \n  return 1;\t\n}\n';
    const r = findEdit(file, 'function f() {\n  return 1;\n}', 'function f() {\n  return 2;\n}');
    assert.equal(ok(r), 'function f() {\n  return 2;\n}\n');
    assert.equal(r.ok && r.match, 'trailing-whitespace');
  });

  it('tolerates an indentation shift and re-indents new_string by the same amount', () => {
    const file = 'class A {\n    method() {\n        if (x) {\n            go();\n        }\n    }\n}\n';
    const old = 'if (x) {\n    go();\n}';
    const replacement = 'if (x) {\n    go();\n    stop();\n}\nafter();';
    const r = findEdit(file, old, replacement);
    assert.equal(ok(r), 'class A {\n    method() {\n        if (x) {\n            go();\n            stop();\n        }\n        after();\n    }\n}\n');
    assert.equal(r.ok && r.match, 'indentation');
  });

  it('re-indents when old_string was indented more than the file', () => {
    const file = 'def f():\n  return 1\n';
    assert.equal(ok(findEdit(file, '    def f():\n      return 1', '    def f():\n      return 2')), 'def f():\n  return 2\n');
  });

  it('maps spaces to the tabs the file uses', () => {
    const file = 'fn main() {\n\tlet a = 1;\n\tprint(a);\n}\n';
    const r = findEdit(file, '    let a = 1;\n    print(a);', '    let a = 2;\n    print(a);\n        // nested');
    assert.equal(ok(r), 'fn main() {\n\tlet a = 2;\n\tprint(a);\n\t    // nested\n}\n');
  });

  it('gives new lines the file\'s indentation when old_string was flattened (one old indent, several in the file)', () => {
    const file = 'x\ny\n    foo()\n    bar()\nz\n';
    // The model wrote old_string without the file's indentation on the second line only.
    assert.equal(ok(findEdit(file, 'y\nfoo()', 'y\nfoo(1)')), 'x\ny\n    foo(1)\n    bar()\nz\n');
    assert.equal(ok(findEdit(file, 'y\nfoo()', 'y\nfoo(1)\nmore()')), 'x\ny\n    foo(1)\n    more()\n    bar()\nz\n');
    const nested = 'if a:\n    if b:\n        go()\n';
    // A new line with the text of an old line takes that line's place in the file.
    assert.equal(ok(findEdit(nested, 'if b:\ngo()', 'go()\nif b:')), 'if a:\n        go()\n    if b:\n');
  });

  it('refuses a tolerant match that is not unique', () => {
    const file = '  a();\n  b();\n\n    a();\n    b();\n';
    const r = findEdit(file, 'a();\nb();', 'c();');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 'ambiguous');
    assert.match(r.message, /lines 1, 4/);
    const trailing = findEdit('x  \ny\nx \ny\n', 'x\ny\n', 'z\n');
    assert.equal(!trailing.ok && trailing.code, 'ambiguous');
  });

  it('on a miss fails closed and shows the closest region with line numbers', () => {
    const file = ['import x from "x";', '', 'function add(a, b) {', '  return a + b;', '}', '', 'function sub(a, b) {', '  return a - b;', '}', ''].join('\n');
    const r = findEdit(file, 'function add(a, c) {\n  return a + c;\n}', 'nope');
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.code, 'not_found');
    assert.ok(r.closest);
    assert.equal(r.closest.startLine, 3);
    assert.equal(r.closest.endLine, 5);
    assert.match(r.message, /lines 3-5/);
    assert.match(r.message, /\n3\tfunction add\(a, b\) \{\n4\t {2}return a \+ b;\n5\t\}/);
  });

  it('finds the closest region in a large file too, quickly', () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `  const v${i} = compute(${i}, "label ${i % 89}");`);
    const old = lines.slice(25_000, 25_020).map((l) => l.replace('compute', 'calc')).join('\n');
    const started = Date.now();
    const r = findEdit(lines.join('\n') + '\n', old, 'x');
    assert.equal(!r.ok && r.closest?.startLine, 25_001);
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  });

  it('says so when nothing resembles old_string', () => {
    const r = findEdit('alpha\nbeta\n', 'zzzzqqqq', 'x');
    assert.equal(!r.ok && r.code, 'not_found');
    assert.equal(!r.ok && r.closest, undefined);
  });
});

describe('edits/hunks', () => {
  const oldLines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
  const oldText = oldLines.join('\n') + '\n';
  const newLines = [...oldLines];
  newLines[2] = 'CHANGED 3';
  newLines.splice(14, 1); // remove line 15
  newLines.splice(26, 0, 'inserted after 27'); // index 26 of the shortened list: just before old line 28
  const newText = newLines.join('\n') + '\n';

  /** What the text should be with a given subset of the three changes. */
  function expected(accept: Set<number>): string {
    const out: string[] = [];
    oldLines.forEach((l, i) => {
      if (i === 2) out.push(accept.has(0) ? 'CHANGED 3' : l);
      else if (i === 14) {
        if (!accept.has(1)) out.push(l);
      } else out.push(l);
      if (i === 26 && accept.has(2)) out.push('inserted after 27');
    });
    return out.join('\n') + '\n';
  }

  it('computes one hunk per separate change', () => {
    const hunks = computeHunks(oldText, newText);
    assert.equal(hunks.length, 3);
    assert.equal(hunks[0].oldStart, 1);
    assert.ok(hunks[0].lines.includes('-line 3') && hunks[0].lines.includes('+CHANGED 3'));
    assert.ok(hunks[1].lines.includes('-line 15'));
    assert.ok(hunks[2].lines.includes('+inserted after 27'));
  });

  it('applies every subset of accepted hunks correctly', () => {
    const hunks = computeHunks(oldText, newText);
    for (let mask = 0; mask < 8; mask++) {
      const accept = new Set([0, 1, 2].filter((i) => mask & (1 << i)));
      assert.equal(applyHunks(oldText, hunks, accept), expected(accept), `subset ${[...accept]}`);
    }
    assert.equal(applyHunks(oldText, hunks, [0, 1, 2]), newText);
    assert.equal(applyHunks(oldText, hunks, []), oldText);
  });

  it('keeps CRLF, BOM and a missing final newline when applying hunks', () => {
    const body = 'abcdefghijkl'.split('');
    const old = '\uFEFF' + body.join('\r\n');
    const next = '\uFEFF' + body.map((c) => (c === 'b' || c === 'l' ? c.toUpperCase() : c)).join('\r\n');
    const hunks = computeHunks(old, next);
    assert.equal(hunks.length, 2);
    assert.equal(applyHunks(old, hunks, [0, 1]), next);
    assert.equal(applyHunks(old, hunks, [1]), '\uFEFF' + body.map((c) => (c === 'l' ? 'L' : c)).join('\r\n'));
    assert.equal(applyHunks(old, hunks, [0]), '\uFEFF' + body.map((c) => (c === 'b' ? 'B' : c)).join('\r\n'));
  });

  it('handles a change of the final newline and a new file', () => {
    const hunks = computeHunks('a\nb', 'a\nb\n');
    assert.equal(applyHunks('a\nb', hunks, [0]), 'a\nb\n');
    const created = computeHunks('', 'x\ny\n');
    assert.equal(applyHunks('', created, [0]), 'x\ny\n');
  });

  it('refuses hunks that do not fit the text', () => {
    const hunks = computeHunks('a\nb\nc\n', 'a\nB\nc\n');
    assert.throws(() => applyHunks('a\nX\nc\n', hunks, [0]), /does not fit/);
  });

  it('renders a unified diff for display', () => {
    const d = unifiedDiff('/p/f.txt', 'a\r\nb\r\n', 'a\r\nc\r\n');
    assert.equal(d, '--- /p/f.txt\n+++ /p/f.txt\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n');
    assert.equal(unifiedDiff('/p/f.txt', 'same', 'same'), '');
  });
});

describe('edits/proposal', () => {
  const old = Array.from({ length: 20 }, (_, i) => `l${i + 1}`).join('\n') + '\n';
  const next = old.replace('l2\n', 'L2\n').replace('l15\nl16\n', 'L15\nL16\n');
  const proposal = buildProposal({ toolUseId: 't1', toolName: 'Edit', absPath: '/w/f.txt', oldContent: old, newContent: next });

  it('builds a proposal with base hash and hunks', () => {
    assert.equal(proposal.baseHash, contentHash(old));
    assert.equal(proposal.hunks.length, 2);
    const created = buildProposal({ toolUseId: 't2', toolName: 'Write', absPath: '/w/n.txt', oldContent: null, newContent: 'x\n' });
    assert.equal(created.baseHash, null);
    assert.equal(created.hunks.length, 1);
  });

  it('describes an applied edit with a numbered snippet', () => {
    const text = describeOutcome(proposal, { status: 'applied', acceptedHunks: [0, 1], rejectedHunks: [], finalContent: next });
    assert.match(text, /^Applied the edit to \/w\/f.txt\./);
    assert.match(text, /(^|\n)2\tL2/);
    assert.match(text, /\n16\tL16/);
  });

  it('describes a new file', () => {
    const created = buildProposal({ toolUseId: 't2', toolName: 'Write', absPath: '/w/n.txt', oldContent: null, newContent: 'x\n' });
    assert.equal(describeOutcome(created, { status: 'applied', acceptedHunks: [0], rejectedHunks: [], finalContent: 'x\n' }), 'Created /w/n.txt.');
  });

  it('names accepted and rejected hunks with their line ranges, and the comment', () => {
    const text = describeOutcome(proposal, { status: 'partial', acceptedHunks: [1], rejectedHunks: [0], comment: 'keep l2 as it is', finalContent: '' });
    assert.match(text, /accepted 1 of 2/);
    assert.match(text, /Accepted \(now in the file\): hunk 2 \(lines 15-16\)/);
    assert.match(text, /Rejected \(not made\): hunk 1 \(line 2\)/);
    assert.match(text, /The user's comment: keep l2 as it is/);
  });

  it('describes a rejection and a stale file', () => {
    const rejected = describeOutcome(proposal, { status: 'rejected', acceptedHunks: [], rejectedHunks: [0, 1], comment: 'use a constant' });
    assert.match(rejected, /rejected the edit to \/w\/f.txt; the file was not changed/);
    assert.match(rejected, /use a constant/);
    const stale = describeOutcome(proposal, { status: 'stale', acceptedHunks: [], rejectedHunks: [0, 1] });
    assert.match(stale, /changed on disk after it was read/);
    assert.match(stale, /Read the file again/);
  });

  it('describes a pure insertion by the line it follows', () => {
    const p = buildProposal({ toolUseId: 't', toolName: 'Edit', absPath: '/f', oldContent: 'a\nb\nc\nd\ne\nf\ng\nh\n', newContent: 'a\nb\nc\nd\nnew\ne\nf\ng\nh\n' });
    const text = describeOutcome(p, { status: 'partial', acceptedHunks: [], rejectedHunks: [0] });
    assert.match(text, /hunk 1 \(insertion after line 4\)/);
  });
});
