// The engine decides Bash calls against the real persistent shell: where it is and which variables
// that change what programs run an earlier command left in it. Real shell, real engine.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionEngine } from '../../src/core/permissions/engine';
import type { PermissionMode } from '../../src/core/permissions/engine';
import type { Shell } from '../../src/core/ports';
import { PersistentShell } from '../../src/core/shell/persistentShell';

describe('permission engine and the shell\'s real state', () => {
  let base: string;
  let ws: string;
  let shell: PersistentShell;
  const engine = (mode: PermissionMode = 'default', allow: string[] = []) =>
    new PermissionEngine(mode, { allow }, [ws], { home: join(base, 'home'), userDir: join(base, 'home', '.tandem'), caseInsensitive: false });
  const decide = (e: PermissionEngine, command: string, s: Pick<Shell, 'state'> = shell) => e.decide('Bash', false, { kind: 'command', command }, ws, s);
  const run = (command: string) => shell.run(command, { timeoutMs: 10_000, signal: new AbortController().signal });

  beforeEach(() => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-shellstate-')));
    ws = join(base, 'ws');
    mkdirSync(join(ws, 'src'), { recursive: true });
    mkdirSync(join(base, 'home'));
    writeFileSync(join(ws, 'README'), 'hi\n');
    shell = new PersistentShell({ cwd: ws, scratchDir: join(base, 'scratch'), env: { PATH: process.env.PATH, HOME: join(base, 'home') } });
  });
  afterEach(() => {
    shell.dispose();
    rmSync(base, { recursive: true, force: true });
  });

  it('a risky variable an earlier command exported (however it was set) makes the next command ask, once the user approves it no more', async () => {
    const e = engine();
    assert.equal((await decide(e, 'git diff')).behavior, 'allow', 'before: git diff only reads');
    await run('true ${GIT_EXTERNAL_DIFF:=/tmp/evil.sh}; export GIT_EXTERNAL_DIFF');
    const v = await decide(e, 'git diff');
    assert.equal(v.behavior, 'ask', JSON.stringify(v));
    assert.match(v.reason, /GIT_EXTERNAL_DIFF=\/tmp\/evil\.sh/);
    assert.equal((await decide(e, 'ls')).behavior, 'ask', 'every command runs with it');
    v.onApproved?.();
    assert.equal((await decide(e, 'git diff')).behavior, 'allow', 'asked once');
    await run('unset GIT_EXTERNAL_DIFF');
    assert.equal((await decide(e, 'ls')).behavior, 'ask', 'removing it is a change too');
  });

  it('a denied ask leaves the state unapproved; plan mode asks too; bypassPermissions does not', async () => {
    await run('export LD_PRELOAD=/tmp/x.so');
    const e = engine();
    assert.equal((await decide(e, 'ls')).behavior, 'ask');
    assert.equal((await decide(e, 'ls')).behavior, 'ask', 'still unapproved');
    assert.equal((await decide(engine('plan'), 'cat README')).behavior, 'ask');
    assert.equal((await decide(engine('bypassPermissions'), 'cat README')).behavior, 'allow');
  });

  it('harmless variables change nothing', async () => {
    const e = engine();
    await decide(e, 'ls');
    await run('export FOO=1 BUILD_MODE=debug');
    assert.equal((await decide(e, 'cat README')).behavior, 'allow');
  });

  it('relative paths are judged in the shell\'s folder', async () => {
    const e = engine('acceptEdits');
    await run('cd src');
    assert.equal((await decide(e, 'cat ../README')).behavior, 'allow');
    assert.equal((await decide(e, 'echo x > ../../escape')).behavior, 'ask', 'two levels up from src leaves the workspace');
    assert.equal((await decide(e, 'echo x > ../escape')).behavior, 'allow');
    await run('cd ..');
    assert.equal((await decide(e, 'echo x > ../escape')).behavior, 'ask');
  });

  it('a question about a command the shell runs away from the workspace folder names the folder it is in', async () => {
    const e = engine();
    assert.doesNotMatch((await decide(e, 'npm test')).reason, /the shell is in/, 'in the workspace folder nothing is added');
    await run('cd src');
    const v = await decide(e, 'npm test');
    assert.equal(v.behavior, 'ask');
    assert.ok(v.reason.endsWith(`(the shell is in ${join(ws, 'src')})`), v.reason);
    assert.equal((await decide(e, 'cat ../README')).behavior, 'allow', 'what is allowed stays allowed');
  });

  it('a shell that cannot report its state is an unknown folder: every command asks', async () => {
    const e = engine('acceptEdits', ['Bash(make:*)']);
    const blind = {};
    assert.equal((await decide(e, 'cat README', blind)).behavior, 'ask');
    assert.equal((await decide(e, 'make', blind)).behavior, 'ask');
    assert.equal((await decide(e, `cat ${join(ws, 'README')}`, blind)).behavior, 'ask');
    assert.equal((await decide(e, 'make')).behavior, 'allow', 'with the real shell in the workspace, the rule applies');
  });
});
