// A repository's git configuration names programs git runs by itself: core.fsmonitor on every
// status, diff.external and textconv drivers on diff, clean filters when a file changed. Tandem's
// own git must run none of them; a git command the model asks for is read-only only where the
// configuration runs nothing. Real repositories, real git, a marker the programs would create.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { git as checkpointGit } from '../../src/core/checkpoints/scan';
import { environmentFacts } from '../../src/core/memory/environment';
import { programSettings } from '../../src/core/git/configRisk';
import { gitConfigEntries, runGit } from '../../src/core/git/safeGit';
import { PermissionEngine } from '../../src/core/permissions/engine';
import type { PermissionMode } from '../../src/core/permissions/engine';

describe('git configuration that runs programs', () => {
  let base: string;
  let ws: string;
  let marker: string;
  const gitIn = (...args: string[]) => execFileSync('git', ['-C', ws, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: base } });
  const setConfig = (key: string, value: string) => gitIn('config', key, value);

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-gitcfg-')));
    ws = join(base, 'ws');
    mkdirSync(ws);
    marker = join(base, 'MARKER');
    const script = join(base, 'evil.sh');
    writeFileSync(script, `#!/bin/sh\ntouch ${marker}\ncat\n`);
    chmodSync(script, 0o755);
    gitIn('init', '-q');
    writeFileSync(join(ws, 'a.txt'), 'one\n');
    writeFileSync(join(ws, '.gitattributes'), '*.txt filter=evil diff=evil\n');
    gitIn('add', '.');
    gitIn('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'init');
    setConfig('core.fsmonitor', script);
    setConfig('diff.external', script);
    setConfig('diff.evil.textconv', script);
    setConfig('filter.evil.clean', script);
    writeFileSync(join(ws, 'a.txt'), 'two\n');
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('plain git runs them (the test can fail)', () => {
    gitIn('status', '--porcelain');
    assert.ok(existsSync(marker));
  });

  it("Tandem's own git runs none of them: status, diff, the environment facts, a checkpoint scan", async () => {
    // The last ones read no file content, so their configuration is not read first (one process fewer).
    for (const args of [['status', '--porcelain'], ['diff'], ['diff', 'HEAD', '--stat'], ['log', '-p', '-1'], ['hash-object', 'a.txt'], ['rev-parse', '--show-toplevel', 'HEAD'], ['symbolic-ref', 'HEAD'], ['for-each-ref'], ['show-ref'], ['merge-base', 'HEAD', 'HEAD'], ['check-ignore', '-z', '--stdin']]) {
      const r = await runGit(ws, args, args[0] === 'check-ignore' ? { input: `${join(ws, 'a.txt')}\0` } : {});
      if (args[0] === 'check-ignore') {
        assert.equal(r.code, 1, `check-ignore: nothing is ignored: ${r.stderr}`);
        continue;
      }
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
      assert.ok(!existsSync(marker), `git ${args.join(' ')} ran a configured program`);
    }
    const facts = await environmentFacts({ cwd: ws, now: new Date() });
    assert.ok(facts.git.isRepo && facts.git.modified === 1, JSON.stringify(facts.git));
    await checkpointGit(ws, ['diff-index', '--name-only', 'HEAD']);
    await checkpointGit(ws, ['status', '--porcelain']);
    assert.ok(!existsSync(marker), 'environment facts or checkpoints ran a configured program');
  });

  it('lists the repository settings that run programs, and not harmless ones or the user\'s own', async () => {
    setConfig('alias.st', 'status');
    setConfig('pager.log', 'false');
    const settings = programSettings((await gitConfigEntries(ws))!);
    assert.deepEqual(settings.map((s) => s.split('=')[0]).sort(), ['core.fsmonitor', 'diff.evil.textconv', 'diff.external', 'filter.evil.clean']);
    assert.deepEqual(programSettings([{ scope: 'global', key: 'core.pager', value: 'less' }, { scope: 'local', key: 'alias.x', value: '!rm -rf ~' }]), ['alias.x=!rm -rf ~']);
  });

  it('settings in an included file and in the worktree config count too', async () => {
    for (const k of ['core.fsmonitor', 'diff.external', 'diff.evil.textconv', 'filter.evil.clean']) gitIn('config', '--unset', k);
    assert.deepEqual(programSettings((await gitConfigEntries(ws))!), []);
    writeFileSync(join(ws, 'extra.cfg'), '[core]\n\tpager = ./evil\n');
    gitIn('config', 'include.path', '../extra.cfg');
    assert.deepEqual(programSettings((await gitConfigEntries(ws))!), ['core.pager=./evil']);
  });

  describe('the model\'s git commands', () => {
    const engine = (mode: PermissionMode, allow: string[] = []) => new PermissionEngine(mode, { allow }, [ws], { home: join(base, 'home'), userDir: join(base, 'home', '.tandem'), caseInsensitive: false });
    const decide = (e: PermissionEngine, command: string) => e.decide('Bash', false, { kind: 'command', command }, ws);

    it('ask in a repository whose configuration runs programs: in default and plan mode, under a git rule, through -C', async () => {
      for (const [mode, command, allow] of [
        ['default', 'git status', []],
        ['plan', 'git diff', []],
        ['default', 'git log -1', ['Bash(git:*)']],
        ['acceptEdits', 'git commit -m x', ['Bash(git commit:*)']],
        ['default', `git -C ${ws} status`, []],
      ] as const) {
        const v = await decide(engine(mode, [...allow]), command);
        assert.equal(v.behavior, 'ask', `${mode} ${command}: ${JSON.stringify(v)}`);
        assert.match(v.reason, /core\.fsmonitor/);
      }
      assert.ok(!existsSync(marker), 'deciding ran nothing');
    });

    it('are read-only again once the configuration runs nothing', async () => {
      for (const k of ['core.fsmonitor', 'diff.external', 'diff.evil.textconv', 'filter.evil.clean']) gitIn('config', '--unset', k);
      setConfig('core.fsmonitor', 'false');
      assert.equal((await decide(engine('plan'), 'git status')).behavior, 'allow');
      assert.equal((await decide(engine('default'), 'git diff')).behavior, 'allow');
    });
  });
});
