// A repository whose .git/config names a program for git to run (core.fsmonitor runs on every
// `git status`, diff.external on `git diff`): neither Tandem's own git at session start nor the
// model's "read-only" git command may run it, in plan mode or any other.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useAttackRunner, type Dirs } from './attacks';

function evilRepo({ ws, outside }: Dirs, key: string): void {
  const script = join(outside, 'evil.sh');
  writeFileSync(script, `#!/bin/sh\ntouch ${join(outside, 'MARKER')}\n`);
  chmodSync(script, 0o755);
  const git = (...args: string[]) => execFileSync('git', ['-C', ws, ...args], { env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q');
  writeFileSync(join(ws, 'a.txt'), 'one\n');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init');
  writeFileSync(join(ws, 'a.txt'), 'two\n');
  git('config', key, script);
}

const ran = ({ outside }: Dirs) => assert.ok(!existsSync(join(outside, 'MARKER')), 'a program from .git/config ran');

describe('tandem -p never runs what a repository\'s git configuration names', function () {
  this.timeout(60_000);
  const runner = useAttackRunner();

  it('core.fsmonitor: session start in plan mode, then git status', () =>
    runner.run({
      name: 'fsmonitor',
      flags: ['--permission-mode', 'plan'],
      prepare: (d) => evilRepo(d, 'core.fsmonitor'),
      steps: () => [{ tool: 'Bash', input: { command: 'git status' } }],
      harmless: ran,
    }));

  it('diff.external: git diff under a rule for git', () =>
    runner.run({
      name: 'diff.external',
      flags: ['--allowedTools', 'Bash(git:*)'],
      prepare: (d) => evilRepo(d, 'diff.external'),
      steps: () => [{ tool: 'Bash', input: { command: 'git diff' } }],
      harmless: ran,
    }));
});
