// The scratch folder and the shell's state files: private to this user, never holding a secret,
// and readable by the model for exactly this session.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermissionEngine } from '../../src/core/permissions/engine';
import { PersistentShell, WRAPPER } from '../../src/core/shell/persistentShell';
import { createScratchDir, ensurePrivateDir } from '../../src/core/shell/scratch';

const SECRETS = {
  ANTHROPIC_API_KEY: 'sk-ant-secret-value-1',
  GITHUB_TOKEN: 'ghp_secret-value-2',
  AWS_SECRET_ACCESS_KEY: 'aws-secret-value-3',
  DATABASE_URL: 'postgres://user:db-secret-value-4@db.example/app',
};

describe('scratch folder and shell state', () => {
  let base: string;
  beforeEach(() => (base = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-scratch-base-')))));
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('is created with mkdtemp, mode 0700, owned by this user; a pre-existing shared "tandem" folder is not used', () => {
    const shared = join(base, 'tandem');
    mkdirSync(shared, { mode: 0o777 });
    chmodSync(shared, 0o777);
    if (process.getuid?.() === 0) chownSync(shared, 65534, 65534);
    const a = createScratchDir('abc-session');
    const b = createScratchDir('abc-session', base);
    try {
      for (const dir of [a, b]) {
        const s = statSync(dir);
        assert.equal(s.mode & 0o777, 0o700);
        assert.equal(s.uid, process.getuid?.());
        assert.ok(!dir.startsWith(shared + '/'), 'not inside the shared folder');
      }
      assert.notEqual(createScratchDir('abc-session', base), b, 'a new name every time');
      assert.deepEqual(readdirSync(shared), []);
    } finally {
      rmSync(a, { recursive: true, force: true });
    }
  });

  it('refuses a folder others can open, or a symlink in its place', () => {
    const open = join(base, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    assert.throws(() => ensurePrivateDir(open), /not private: others can access it \(mode 755\)/);
    const link = join(base, 'link');
    symlinkSync(open, link);
    assert.throws(() => ensurePrivateDir(link), /not private: it is not a folder/);
    const gone = join(base, 'recreated');
    ensurePrivateDir(gone);
    assert.equal(statSync(gone).mode & 0o777, 0o700);
  });

  it("the shell's state file holds no secret value, new or inherited", async () => {
    const dir = createScratchDir('state', base);
    const cwdFile = join(dir, 'state.cwd');
    const envFile = join(dir, 'state.env');
    const command = 'export NEW_API_KEY=sk-new-secret-value-5 PLAIN=visible; export GITHUB_TOKEN=ghp_changed-secret-value-6';
    const child = spawn('/bin/bash', ['-c', WRAPPER, 'bash', cwdFile, envFile, command, 'ANTHROPIC_API_KEY GITHUB_TOKEN AWS_SECRET_ACCESS_KEY DATABASE_URL'], {
      cwd: base,
      env: { PATH: process.env.PATH, ...SECRETS },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    (child.stdio[3] as NodeJS.ReadableStream).resume();
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    const state = readFileSync(envFile, 'utf8');
    assert.match(state, /PLAIN=visible/);
    assert.match(state, /ANTHROPIC_API_KEY\x01/);
    assert.match(state, /GITHUB_TOKEN\x02/);
    assert.match(state, /NEW_API_KEY\x02/);
    assert.doesNotMatch(state, /secret-value/);
  });

  it('secrets stay usable by later commands from memory; a secret a command sets is not carried, and it says so', async () => {
    const dir = createScratchDir('shell', base);
    const shell = new PersistentShell({ cwd: base, scratchDir: dir, env: { PATH: process.env.PATH, ...SECRETS } });
    const run = (command: string) => shell.run(command, { timeoutMs: 10_000, signal: new AbortController().signal });
    try {
      const first = await run('export PLAIN=kept MY_TOKEN=new-token; echo ok');
      assert.match(first.output, /does not carry secret-looking variables a command sets \(MY_TOKEN\)/);
      const second = await run('echo "$ANTHROPIC_API_KEY|$DATABASE_URL|$PLAIN|${MY_TOKEN:-unset}"');
      assert.equal(second.output.trim(), `${SECRETS.ANTHROPIC_API_KEY}|${SECRETS.DATABASE_URL}|kept|unset`);
      for (const f of readdirSync(dir)) assert.doesNotMatch(readFileSync(join(dir, f), 'utf8'), /secret-value/);
    } finally {
      shell.dispose();
    }
  });

  it("the permission engine lets the model Read exactly this session's scratch folder", async () => {
    const ws = realpathSync(mkdtempSync(join(base, 'ws-')));
    const mine = createScratchDir('mine', base);
    const other = createScratchDir('other', base);
    writeFileSync(join(mine, 'bash-t1.log'), 'full output');
    symlinkSync('/etc/hostname', join(mine, 'escape'));
    const engine = new PermissionEngine('default', {}, [ws], { home: base, userDir: join(base, '.tandem'), caseInsensitive: false, scratchDir: mine });
    const read = (p: string) => engine.decide('Read', true, { kind: 'read', path: p }, ws);
    assert.equal((await read(join(mine, 'bash-t1.log'))).behavior, 'allow');
    assert.equal((await read(join(other, 'bash-t1.log'))).behavior, 'ask');
    assert.equal((await read(join(mine, 'escape'))).behavior, 'ask', 'a symlink out of the folder is judged by its target');
    assert.equal((await engine.decide('Write', false, { kind: 'write', path: join(mine, 'x') }, ws)).behavior, 'ask', 'reading only');
    assert.ok(existsSync(mine));
  });
});
