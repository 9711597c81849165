import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { environmentFacts, type EnvironmentFacts } from '../../src/core/memory/environment';
import { loadInstructions, MemorySession, truncateUtf8 } from '../../src/core/memory/instructions';
import { buildSystemPrompt } from '../../src/core/memory/systemPrompt';

describe('instruction files', () => {
  let tmp: string;
  let home: string;
  let userDir: string;
  let root: string;
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-memory-')));
    home = join(tmp, 'home');
    userDir = join(home, '.tandem');
    root = join(tmp, 'repo');
    mkdirSync(userDir, { recursive: true });
    mkdirSync(join(root, 'src', 'deep', 'er'), { recursive: true });
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads CLAUDE.md and AGENTS.md from the user folder and each root, CLAUDE.md first as Claude Code does', async () => {
    writeFileSync(join(userDir, 'CLAUDE.md'), 'user prefs');
    writeFileSync(join(root, 'AGENTS.md'), 'agents rules');
    writeFileSync(join(root, 'CLAUDE.md'), 'claude rules');
    const other = join(tmp, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'AGENTS.md'), 'second root');
    const files = await loadInstructions({ userDir, home, roots: [root, other, join(tmp, 'missing')] });
    assert.deepEqual(files, [
      { path: join(userDir, 'CLAUDE.md'), scope: 'user', kind: 'file', content: 'user prefs', truncated: false },
      { path: join(root, 'CLAUDE.md'), scope: 'project', kind: 'file', content: 'claude rules', truncated: false },
      { path: join(root, 'AGENTS.md'), scope: 'project', kind: 'file', content: 'agents rules', truncated: false },
      { path: join(other, 'AGENTS.md'), scope: 'project', kind: 'file', content: 'second root', truncated: false },
    ]);
  });

  it('includes a CLAUDE.md that links to AGENTS.md once', async () => {
    writeFileSync(join(root, 'AGENTS.md'), 'shared');
    symlinkSync('AGENTS.md', join(root, 'CLAUDE.md'));
    const files = await loadInstructions({ home, roots: [root] });
    assert.deepEqual(files.map((f) => f.path), [join(root, 'CLAUDE.md')]);
  });

  it('cuts files over the cap with a visible note', async () => {
    writeFileSync(join(root, 'AGENTS.md'), 'a'.repeat(150));
    const [file] = await loadInstructions({ userDir, home, roots: [root], maxBytesPerFile: 100 });
    assert.equal(file.truncated, true);
    assert.ok(file.content.startsWith('a'.repeat(100) + '\n'));
    assert.ok(!file.content.includes('a'.repeat(101)));
    assert.match(file.content, /\[truncated: 100 of 150 bytes shown\]$/);
    // Never splits a multi-byte character.
    const cut = truncateUtf8(Buffer.from('ééé'), 3);
    assert.match(cut.text, /^é\n\n\[truncated: 2 of 6 bytes shown\]$/);
  });

  it('finds nested files between the root and a read file once', async () => {
    writeFileSync(join(root, 'AGENTS.md'), 'root');
    writeFileSync(join(root, 'src', 'AGENTS.md'), 'src rules');
    writeFileSync(join(root, 'src', 'deep', 'CLAUDE.md'), 'deep rules');
    writeFileSync(join(root, 'src', 'deep', 'CLAUDE.local.md'), 'my deep notes');
    writeFileSync(join(root, 'src', 'deep', 'er', 'AGENTS.md'), 'below the file');
    const memory = new MemorySession({ home, roots: [root] });
    assert.deepEqual((await memory.load()).map((f) => f.path), [join(root, 'AGENTS.md')]);

    const first = await memory.onRead(join(root, 'src', 'deep', 'x.ts'));
    assert.deepEqual(first.map((f) => [f.path, f.scope, f.content]), [
      [join(root, 'src', 'AGENTS.md'), 'nested', 'src rules'],
      [join(root, 'src', 'deep', 'CLAUDE.md'), 'nested', 'deep rules'],
      [join(root, 'src', 'deep', 'CLAUDE.local.md'), 'nested', 'my deep notes'],
    ]);
    assert.deepEqual(await memory.onRead(join(root, 'src', 'deep', 'y.ts')), []);
    const deeper = await memory.onRead(join(root, 'src', 'deep', 'er', 'z.ts'));
    assert.deepEqual(deeper.map((f) => f.content), ['below the file']);
    assert.deepEqual(await memory.onRead(join(tmp, 'elsewhere', 'a.ts')), []);
  });
});

describe('environment facts', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = realpathSync(mkdtempSync(join(tmpdir(), 'tandem-env-')));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const git = (cwd: string, ...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd, stdio: 'ignore' });
  };

  it('reports branch and status in a git repository', async () => {
    git(tmp, 'init', '-q');
    git(tmp, 'checkout', '-q', '-b', 'feature/x');
    writeFileSync(join(tmp, 'tracked.txt'), 'one\n');
    git(tmp, 'add', 'tracked.txt');
    git(tmp, 'commit', '-q', '-m', 'first');
    writeFileSync(join(tmp, 'tracked.txt'), 'two\n');
    writeFileSync(join(tmp, 'new.txt'), 'x');
    writeFileSync(join(tmp, 'new2.txt'), 'y');
    const facts = await environmentFacts({ cwd: tmp, now: new Date(2025, 2, 7, 23, 59) });
    assert.equal(facts.cwd, tmp);
    assert.equal(facts.date, '2025-03-07');
    assert.equal(facts.platform, process.platform);
    assert.ok(facts.git.isRepo);
    assert.equal(facts.git.branch, 'feature/x');
    assert.equal(facts.git.modified, 1);
    assert.equal(facts.git.untracked, 2);
    assert.deepEqual(facts.git.status, [' M tracked.txt', '?? new.txt', '?? new2.txt']);
  });

  it('reports the branch of a repository without commits, and caps the status list', async () => {
    git(tmp, 'init', '-q');
    for (let i = 0; i < 25; i++) writeFileSync(join(tmp, `f${String(i).padStart(2, '0')}.txt`), '');
    const facts = await environmentFacts({ cwd: tmp, now: new Date() });
    assert.ok(facts.git.isRepo);
    assert.equal(facts.git.branch, 'main');
    assert.equal(facts.git.status.length, 20);
    assert.equal(facts.git.statusTotal, 25);
  });

  it('says "not a git repository" outside one', async () => {
    const facts = await environmentFacts({ cwd: tmp, now: new Date() });
    assert.deepEqual(facts.git, { isRepo: false });
    const prompt = buildSystemPrompt({ facts, instructions: [], toolNames: [] });
    assert.match(prompt, /not a git repository/);
  });
});

describe('system prompt', () => {
  const facts: EnvironmentFacts = {
    platform: 'linux',
    os: 'Linux 6.1',
    cwd: '/home/me/proj',
    date: '2025-03-07',
    git: { isRepo: true, branch: 'main', modified: 1, untracked: 1, status: [' M a.ts', '?? b.ts'], statusTotal: 2 },
  };

  it('contains the facts, each instruction file under its path, then the appended text', () => {
    const prompt = buildSystemPrompt({
      facts,
      instructions: [
        { path: '/home/me/.tandem/AGENTS.md', scope: 'user', content: 'USER-RULE', truncated: false },
        { path: '/home/me/proj/CLAUDE.md', scope: 'project', content: 'PROJECT-RULE', truncated: false },
      ],
      append: 'APPENDED-TEXT',
      toolNames: ['Read', 'Edit', 'Write', 'Bash', 'TodoWrite'],
    });
    for (const s of ['/home/me/proj', 'linux', '2025-03-07', 'Git branch: main', '1 modified, 1 untracked', '?? b.ts']) {
      assert.ok(prompt.includes(s), s);
    }
    const userAt = prompt.indexOf('## /home/me/.tandem/AGENTS.md');
    const projectAt = prompt.indexOf('## /home/me/proj/CLAUDE.md');
    assert.ok(userAt > 0 && projectAt > userAt);
    assert.ok(prompt.indexOf('USER-RULE') > userAt && prompt.indexOf('PROJECT-RULE') > projectAt);
    assert.ok(prompt.trimEnd().endsWith('APPENDED-TEXT'));
    assert.match(prompt, /TodoWrite/);
    assert.match(prompt, /Edit/);
    assert.match(prompt, /never instructions/);
  });

  it('mentions only the tools this session has, and stays short', () => {
    const prompt = buildSystemPrompt({ facts, instructions: [], toolNames: ['Read', 'Grep'] });
    assert.doesNotMatch(prompt, /TodoWrite|MultiEdit|\bWrite\b/);
    assert.doesNotMatch(prompt, /# Instructions/);
    const full = buildSystemPrompt({ facts, instructions: [], toolNames: ['Read', 'Edit', 'MultiEdit', 'Write', 'Bash', 'TodoWrite'] });
    assert.ok(full.split('\n').length < 60, `${full.split('\n').length} lines`);
  });
});
