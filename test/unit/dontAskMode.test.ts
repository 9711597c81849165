// dontAsk mode (Claude Code's): anything not allowed by a rule is refused without a question.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionPolicy } from '../../src/core/permissions/policy';
import type { PermissionSubject } from '../../src/core/tools/types';

describe('dontAsk permission mode', () => {
  let root: string;
  const at = (p: string) => join(root, p);
  const decide = (p: PermissionPolicy, tool: string, subject: PermissionSubject) => p.decide(tool, tool === 'Read' || tool === 'Grep', subject, root);

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tandem-dontask-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('refuses what default mode would ask, and says why', async () => {
    const p = new PermissionPolicy('dontAsk', {}, [root], { caseInsensitive: false, editsAreReviewed: true });
    const bash = await decide(p, 'Bash', { kind: 'command', command: 'npm test' });
    assert.equal(bash.behavior, 'deny');
    assert.match(bash.reason, /dontAsk/);
    assert.equal((await decide(p, 'Edit', { kind: 'write', path: at('a.ts') })).behavior, 'deny', 'edits are not reviewed in dontAsk: no one is there');
    assert.equal((await decide(p, 'Read', { kind: 'read', path: '/etc/hostname' })).behavior, 'deny', 'outside the workspace');
    assert.equal((await decide(p, 'WebFetch', { kind: 'none' })).behavior, 'deny');
  });

  it('lets through what rules allow and reads inside the workspace', async () => {
    const p = new PermissionPolicy('dontAsk', { allow: ['Bash(npm test)', 'Edit(src/**)'] }, [root], { caseInsensitive: false });
    assert.equal((await decide(p, 'Read', { kind: 'read', path: at('README.md') })).behavior, 'allow');
    assert.equal((await decide(p, 'Bash', { kind: 'command', command: 'npm test' })).behavior, 'allow');
    assert.equal((await decide(p, 'Edit', { kind: 'write', path: at('src/a.ts') })).behavior, 'allow');
    assert.equal((await decide(p, 'Edit', { kind: 'write', path: at('docs/a.md') })).behavior, 'deny');
  });

  it('still refuses protected paths, even with an allow rule', async () => {
    const p = new PermissionPolicy('dontAsk', { allow: ['Edit'] }, [root], { caseInsensitive: false });
    assert.equal((await decide(p, 'Edit', { kind: 'write', path: at('.git/config') })).behavior, 'deny');
  });
});
