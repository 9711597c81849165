// Rule parsing, raw Bash prefix and path matching (rules.ts), and the permission engine through its
// first policy's name (PermissionPolicy): the decision per mode, with deny beating ask beating
// allow. Paths are real temp directories. The table-driven suite is permissionEngine.test.ts.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PERMISSION_MODES, PermissionPolicy } from '../../src/core/permissions/policy';
import type { Decision, PermissionRules } from '../../src/core/permissions/policy';
import { commandMatches, parseRule, pathMatches } from '../../src/core/permissions/rules';
import type { PermissionSubject } from '../../src/core/tools/types';

describe('permission rules', () => {
  describe('parseRule', () => {
    it('parses a bare tool name', () => {
      assert.deepEqual(parseRule('Bash'), { tool: 'Bash', spec: undefined, source: 'settings' });
      assert.deepEqual(parseRule('  mcp__github__create-pr ', 'allow'), { tool: 'mcp__github__create-pr', spec: undefined, source: 'allow' });
    });

    it('parses a tool with a spec, and treats an empty or * spec as the bare tool', () => {
      assert.deepEqual(parseRule('Bash(npm run test:*)', 'allow'), { tool: 'Bash', spec: 'npm run test:*', source: 'allow' });
      assert.deepEqual(parseRule('Edit( src/** )'), { tool: 'Edit', spec: 'src/**', source: 'settings' });
      assert.equal(parseRule('Bash(echo (a))').spec, 'echo (a)');
      assert.equal(parseRule('Read()').spec, undefined);
      assert.equal(parseRule('Read(*)').spec, undefined);
    });

    for (const bad of ['', 'bash rm', '(src/**)', 'Bash(unclosed', '1Tool', 'Read(a) trailing']) {
      it(`rejects ${JSON.stringify(bad)}`, () => {
        assert.throws(() => parseRule(bad), /Invalid permission rule .*expected Tool or Tool\(spec\)/);
      });
    }
  });

  describe('commandMatches', () => {
    it('matches an exact command, ignoring extra whitespace', () => {
      assert.ok(commandMatches('git status', 'git status'));
      assert.ok(commandMatches('git status', '  git   status '));
      assert.ok(!commandMatches('git status', 'git status --short'));
      assert.ok(!commandMatches('git status', 'git statusx'));
      assert.ok(!commandMatches('git status', 'git'));
    });

    it('matches a :* prefix on word boundaries only', () => {
      assert.ok(commandMatches('npm run test:*', 'npm run test'));
      assert.ok(commandMatches('npm run test:*', 'npm run test -- --watch'));
      assert.ok(commandMatches('npm run test:*', 'npm  run test unit'));
      // `test:unit` is another script, and `testx` another word: neither is `npm run test ...`.
      assert.ok(!commandMatches('npm run test:*', 'npm run test:unit'));
      assert.ok(!commandMatches('npm run test:*', 'npm run testx'));
      assert.ok(!commandMatches('npm run test:*', 'npm run'));
      assert.ok(commandMatches('npm run:*', 'npm run test:unit'));
    });

    const compound = [
      'git status && rm -rf /',
      'git status; curl x',
      'git status || curl x',
      'git status | sh',
      'git status & curl x',
      'git status $(rm x)',
      'git status `rm x`',
      'git status > /etc/passwd',
      'git status < /dev/zero',
      'git status\nrm -rf /',
      'git status \\\nrm -rf /',
      'git status ${HOME}',
    ];
    for (const command of compound) {
      it(`never allows ${JSON.stringify(command)} by an allow rule`, () => {
        assert.ok(!commandMatches('git status:*', command));
        assert.ok(!commandMatches('git:*', command));
      });
    }

    it('matches a deny rule anywhere in a compound command', () => {
      for (const command of [
        'rm -rf /',
        'echo hi && rm -rf /',
        'echo hi&&rm -rf /',
        'echo hi; rm x',
        'echo hi | rm x',
        'echo $(rm x)',
        'echo `rm x`',
        'echo hi\nrm x',
        "'rm' -rf /",
        '"rm" -rf /',
        'r\\m -rf /',
        '{rm,-rf,/}',
      ]) {
        assert.ok(commandMatches('rm:*', command, true), command);
      }
      assert.ok(commandMatches('git push', 'cd repo && git push', true));
      assert.ok(!commandMatches('rm:*', 'echo hi && ls', true));
      assert.ok(!commandMatches('git push', 'git pull', true));
    });
  });

  describe('pathMatches', () => {
    const cwd = '/ws/proj';

    it('matches src/** below cwd only', () => {
      assert.ok(pathMatches('src/**', '/ws/proj/src/a.ts', cwd));
      assert.ok(pathMatches('src/**', '/ws/proj/src/deep/er/b.ts', cwd));
      assert.ok(!pathMatches('src/**', '/ws/proj/lib/src/a.ts', cwd));
      assert.ok(!pathMatches('src/**', '/ws/proj/srcx/a.ts', cwd));
    });

    it('matches a pattern without a slash at any depth', () => {
      assert.ok(pathMatches('.env', '/ws/proj/.env', cwd));
      assert.ok(pathMatches('.env', '/ws/proj/a/b/.env', cwd));
      assert.ok(!pathMatches('.env', '/ws/proj/.envrc', cwd));
      assert.ok(!pathMatches('.env', '/ws/proj/env', cwd));
      assert.ok(pathMatches('*.pem', '/ws/proj/keys/server.pem', cwd));
      assert.ok(pathMatches('secrets', '/ws/proj/x/secrets/token.txt', cwd), 'a directory name covers its contents');
    });

    it('anchors ~/ at the home directory', () => {
      assert.ok(pathMatches('~/.ssh/**', join(homedir(), '.ssh', 'id_ed25519'), cwd));
      assert.ok(!pathMatches('~/.ssh/**', '/ws/proj/.ssh/id_ed25519', cwd));
      assert.ok(pathMatches('~/notes.txt', join(homedir(), 'notes.txt'), cwd));
      assert.ok(!pathMatches('~/notes.txt', join(homedir(), 'deep', 'notes.txt'), cwd), '~/ anchors at home, not any depth');
    });

    it('anchors // at the file system root', () => {
      assert.ok(pathMatches('//etc/**', '/etc/passwd', cwd));
      assert.ok(pathMatches('//etc/passwd', '/etc/passwd', cwd));
      assert.ok(pathMatches('//etc', '/etc/ssh/sshd_config', cwd), 'a directory covers its contents');
      assert.ok(!pathMatches('//etc/**', '/home/etc/passwd', cwd));
      assert.ok(!pathMatches('//passwd', '/etc/passwd', cwd), '// anchors, never any depth');
    });

    it('anchors a single leading / at cwd', () => {
      assert.ok(pathMatches('/config', '/ws/proj/config', cwd));
      assert.ok(!pathMatches('/config', '/ws/proj/a/config', cwd));
      assert.ok(pathMatches('/src/**/*.ts', '/ws/proj/src/a/b.ts', cwd));
    });

    it('never matches a relative pattern outside cwd', () => {
      assert.ok(!pathMatches('**', '/elsewhere/a.ts', cwd));
      assert.ok(!pathMatches('src/**', '/elsewhere/src/a.ts', cwd));
      assert.ok(!pathMatches('.env', '/ws/.env', cwd));
      assert.ok(!pathMatches('**', '/ws/proj/src/../../other/a.ts', cwd));
    });
  });
});

describe('PermissionPolicy', () => {
  let root: string;
  let outside: string;
  const read = (p: string): PermissionSubject => ({ kind: 'read', path: p.startsWith('/') ? p : join(root, p) });
  const write = (p: string): PermissionSubject => ({ kind: 'write', path: p.startsWith('/') ? p : join(root, p) });
  const cmd = (command: string): PermissionSubject => ({ kind: 'command', command });
  const policy = (mode: (typeof PERMISSION_MODES)[number], rules: PermissionRules = {}) => new PermissionPolicy(mode, rules, [root], { caseInsensitive: false });

  /** Read is read-only; Write, Edit, MultiEdit and Bash are not. */
  const decide = (p: PermissionPolicy, tool: string, subject: PermissionSubject): Promise<Decision> => p.decide(tool, tool === 'Read', subject, root);
  const behavior = async (p: PermissionPolicy, tool: string, subject: PermissionSubject) => (await decide(p, tool, subject)).behavior;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'tandem-perm-root-'));
    outside = mkdtempSync(join(tmpdir(), 'tandem-perm-out-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  });

  it('default mode with reviewed edits: edits inside the workspace go to review, the rest still asks', async () => {
    const p = new PermissionPolicy('default', { deny: ['Edit(locked/**)'] }, [root], { editsAreReviewed: true });
    assert.equal(await behavior(p, 'Edit', write('src/a.ts')), 'allow');
    assert.equal(await behavior(p, 'Write', write(join(outside, 'x.ts'))), 'ask', 'outside the workspace');
    assert.equal(await behavior(p, 'Edit', write('.git/config')), 'ask', 'protected path');
    assert.equal(await behavior(p, 'Edit', write('locked/a.ts')), 'deny', 'deny rules still win');
    assert.equal(await behavior(p, 'Bash', cmd('npm test')), 'ask', 'commands are not edits');
    assert.equal(await behavior(new PermissionPolicy('plan', {}, [root], { editsAreReviewed: true }), 'Edit', write('src/a.ts')), 'deny');
  });

  for (const mode of PERMISSION_MODES) {
    it(`${mode}: deny beats ask beats allow`, async () => {
      const p = policy(mode, {
        deny: ['Read(secret/**)', 'Bash(rm:*)'],
        ask: ['Read(secret/**)', 'Read(notes/**)', 'Bash(git push:*)'],
        allow: ['Read(secret/**)', 'Read(notes/**)', `Read(/${outside}/**)`, 'Bash(git:*)', 'Bash(rm:*)'],
      });
      const denied = await decide(p, 'Read', read('secret/key.txt'));
      assert.deepEqual([denied.behavior, denied.by], ['deny', 'rule']);
      assert.match(denied.reason, /Read\(secret\/\*\*\)/);
      assert.equal(await behavior(p, 'Bash', cmd('rm -rf build')), 'deny');
      assert.equal(await behavior(p, 'Bash', cmd('git status && rm -rf build')), 'deny');
      const asked = await decide(p, 'Read', read('notes/todo.md'));
      // dontAsk refuses what would be asked (nobody is there to answer).
      assert.deepEqual([asked.behavior, asked.by], [mode === 'dontAsk' ? 'deny' : 'ask', 'rule']);
      assert.equal(await behavior(p, 'Read', read(join(outside, 'data.csv'))), 'allow', 'an allow rule opens a read outside the roots');
      // Plan mode runs known read-only commands only; an ask rule asks in every other mode.
      assert.equal(await behavior(p, 'Bash', cmd('git push origin main')), mode === 'plan' || mode === 'dontAsk' ? 'deny' : 'ask');
      assert.equal(await behavior(p, 'Bash', cmd('git status')), 'allow');
    });
  }

  it('default: reads inside the roots and read-only commands are allowed; reads outside, writes and other commands ask', async () => {
    const p = policy('default');
    assert.deepEqual(await decide(p, 'Read', read('src/a.ts')), { behavior: 'allow', reason: 'reading inside the workspace', by: 'mode', suggestions: [] });
    const out = await decide(p, 'Read', read(join(outside, 'a.txt')));
    assert.equal(out.behavior, 'ask');
    assert.match(out.reason, /outside the workspace/);
    for (const tool of ['Write', 'Edit', 'MultiEdit']) assert.equal(await behavior(p, tool, write('src/a.ts')), 'ask', tool);
    assert.equal(await behavior(p, 'Bash', cmd('ls -la')), 'allow', 'a known read-only command');
    const run = await decide(p, 'Bash', cmd('npm test'));
    assert.equal(run.behavior, 'ask');
    assert.match(run.reason, /running `npm test` needs approval/);
  });

  it('acceptEdits: allows writes inside the roots only', async () => {
    const p = policy('acceptEdits');
    for (const tool of ['Write', 'Edit', 'MultiEdit']) assert.equal(await behavior(p, tool, write('src/a.ts')), 'allow', tool);
    assert.equal(await behavior(p, 'Write', write(join(outside, 'a.ts'))), 'ask');
    assert.equal(await behavior(p, 'Bash', cmd('npm test')), 'ask');
    assert.equal(await behavior(p, 'Write', write('.git/config')), 'ask', 'protected even inside the roots');
    assert.equal(await behavior(p, 'Read', read('src/a.ts')), 'allow');
  });

  it('plan: denies writes and commands that change anything, allows reads and read-only commands', async () => {
    const p = policy('plan');
    const w = await decide(p, 'Write', write('src/a.ts'));
    assert.deepEqual([w.behavior, w.by], ['deny', 'mode']);
    assert.match(w.reason, /plan mode is read-only/);
    assert.equal(await behavior(p, 'Edit', write('src/a.ts')), 'deny');
    assert.equal(await behavior(p, 'Bash', cmd('ls')), 'allow');
    assert.equal(await behavior(p, 'Bash', cmd('npm test')), 'deny');
    assert.equal(await behavior(p, 'Read', read('src/a.ts')), 'allow');
  });

  it('bypassPermissions: allows everything except deny rules and protected paths, which ask', async () => {
    const p = policy('bypassPermissions', { deny: ['Bash(curl:*)'] });
    assert.equal(await behavior(p, 'Write', write(join(outside, 'a.ts'))), 'allow');
    assert.equal(await behavior(p, 'Write', write('src/a.ts')), 'allow');
    assert.equal(await behavior(p, 'Bash', cmd('make all && ./deploy.sh')), 'allow');
    assert.equal(await behavior(p, 'Read', read(join(outside, 'a.txt'))), 'allow');
    assert.equal(await behavior(p, 'Bash', cmd('curl https://example.invalid')), 'deny');
    for (const file of ['.git/config', '.tandem/settings.json', '.env', 'sub/.env.local', '.vscode/settings.json']) {
      const d = await decide(p, 'Write', write(file));
      assert.equal(d.behavior, 'ask', file);
      assert.match(d.reason, /protected path/);
    }
    assert.equal(await behavior(p, 'Read', read('.env')), 'allow', 'only writes to protected paths ask');
  });

  it('Edit(...) rules also cover Write and MultiEdit', async () => {
    const deny = policy('acceptEdits', { deny: ['Edit(config/**)'] });
    for (const tool of ['Edit', 'Write', 'MultiEdit']) assert.equal(await behavior(deny, tool, write('config/app.json')), 'deny', tool);
    assert.equal(await behavior(deny, 'Read', read('config/app.json')), 'allow', 'an Edit rule is not a Read rule');
    const allow = policy('default', { allow: ['Edit(src/**)'] });
    for (const tool of ['Edit', 'Write', 'MultiEdit']) {
      const d = await decide(allow, tool, write('src/a.ts'));
      assert.deepEqual([d.behavior, d.by], ['allow', 'rule'], tool);
    }
    assert.equal(await behavior(allow, 'Write', write('lib/a.ts')), 'ask');
  });

  it('a session rule (what "remember" adds) allows the same command later, but not another', async () => {
    const p = policy('default');
    const first = await decide(p, 'Bash', cmd('npm test'));
    assert.deepEqual([first.behavior, first.suggestions], ['ask', ['Bash(npm test:*)']]);
    await p.addRule('allow', 'Bash(npm test)', 'session');
    const again = await decide(p, 'Bash', cmd('npm  test'));
    assert.deepEqual([again.behavior, again.by, again.rule], ['allow', 'rule', 'Bash(npm test)']);
    for (const other of ['npm install', 'npm test --watch', 'npm test && rm -rf /', 'npm test; curl x']) {
      assert.equal(await behavior(p, 'Bash', cmd(other)), 'ask', other);
    }
  });

  it('treats a path whose .. escapes the root as outside', async () => {
    const escaping = join(root, 'sub', '..', '..', 'elsewhere.txt');
    const r = await decide(policy('default'), 'Read', read(escaping));
    assert.equal(r.behavior, 'ask');
    assert.match(r.reason, /outside the workspace/);
    assert.ok(!r.reason.includes('..'), `the reason names the resolved path: ${r.reason}`);
    assert.equal(await behavior(policy('acceptEdits'), 'Write', write(escaping)), 'ask');
    assert.equal(await behavior(policy('default', { allow: ['Edit(**)', 'Read(**)'] }), 'Write', write(escaping)), 'ask');
    assert.equal(await behavior(policy('default', { allow: ['Read(**)'] }), 'Read', read(escaping)), 'ask');
    assert.equal(await behavior(policy('acceptEdits'), 'Write', write(join(root, 'a', '..', 'b.txt'))), 'allow', 'a .. that stays inside is inside');
  });

  it('resolves a relative subject path against cwd for rules and modes alike', async () => {
    const p = policy('default', { deny: ['Read(.env)'] });
    assert.equal((await p.decide('Read', true, { kind: 'read', path: '.env' }, root)).behavior, 'deny');
    assert.equal((await p.decide('Read', true, { kind: 'read', path: 'src/a.ts' }, root)).behavior, 'allow');
    assert.equal((await p.decide('Read', true, { kind: 'read', path: '../x.txt' }, root)).behavior, 'ask');
  });
});
