import { strict as assert } from 'node:assert';
import { fmList, fmString, parseFrontmatter } from '../../src/core/config/frontmatter';

describe('frontmatter', () => {
  it('reads a Claude Code command file: keys and body', () => {
    const f = parseFrontmatter('---\ndescription: Review a PR\nargument-hint: [pr-number]\nallowed-tools: Bash(gh pr view:*), Read\nmodel: haiku\n---\nReview PR #$1.\n');
    assert.equal(f.error, undefined);
    assert.equal(fmString(f.data, 'description'), 'Review a PR');
    assert.deepEqual(f.data['argument-hint'], ['pr-number']);
    assert.deepEqual(fmList(f.data, 'allowed-tools'), ['Bash(gh pr view:*)', 'Read']);
    assert.equal(f.body, 'Review PR #$1.\n');
  });

  it('keeps commas inside parentheses and accepts YAML lists', () => {
    assert.deepEqual(fmList({ tools: 'Bash(git diff:*, x), Grep' }, 'tools'), ['Bash(git diff:*, x)', 'Grep']);
    assert.deepEqual(fmList({ tools: ['Read', ' Glob '] }, 'tools'), ['Read', 'Glob']);
    assert.equal(fmList({}, 'tools'), undefined);
  });

  it('a file without frontmatter is all body; CRLF and a BOM are handled', () => {
    assert.deepEqual(parseFrontmatter('just text\n---\nno'), { data: {}, body: 'just text\n---\nno' });
    const f = parseFrontmatter('\uFEFF---\r\nname: x\r\n---\r\nbody\r\n');
    assert.equal(fmString(f.data, 'name'), 'x');
    assert.equal(f.body, 'body\r\n');
  });

  it('invalid YAML or a non-mapping is reported, not thrown, and the body is kept', () => {
    const bad = parseFrontmatter('---\nname: [unclosed\n  - x\n---\nbody');
    assert.match(bad.error ?? '', /invalid YAML/);
    assert.equal(bad.body, 'body');
    const list = parseFrontmatter('---\n- a\n- b\n---\nbody');
    assert.match(list.error ?? '', /not a mapping/);
    assert.deepEqual(parseFrontmatter('---\n---\nbody'), { data: {}, body: 'body' });
  });
});

describe('frontmatter: Claude Code examples that are not strict YAML', () => {
  it('reads `argument-hint: [pr-number] [priority]` as the string it is', () => {
    const fm = parseFrontmatter('---\nargument-hint: [pr-number] [priority]\ndescription: Review a PR\nallowed-tools: Bash(git diff:*), Read\n---\nbody');
    assert.equal(fm.error, undefined);
    assert.equal(fmString(fm.data, 'argument-hint'), '[pr-number] [priority]');
    assert.deepEqual(fmList(fm.data, 'allowed-tools'), ['Bash(git diff:*)', 'Read']);
  });
});
