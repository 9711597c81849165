import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRipgrep, findRipgrepAsync } from '../../src/core/node/ripgrep';
import type { FileStat, Shell, Workspace } from '../../src/core/ports';
import { PersistentShell } from '../../src/core/shell/persistentShell';
import { bashTool, elideMiddle, MAX_OUTPUT_CHARS } from '../../src/core/tools/bash';
import { globTool } from '../../src/core/tools/glob';
import { grepTool } from '../../src/core/tools/grep';
import { globToRegExp, lsTool } from '../../src/core/tools/ls';
import { todoWriteTool } from '../../src/core/tools/todoWrite';
import type { Tool, ToolContext, ToolResult } from '../../src/core/tools/types';

const kind = (s: fs.Stats): FileStat['type'] => (s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other');

/** The Workspace port straight over node:fs (the real adapter lives elsewhere). */
function fsWorkspace(root: string, rg: string | null = findRipgrep() ?? null): Workspace {
  return {
    roots: () => [root],
    readFile: (p) => fs.promises.readFile(p),
    async stat(p) {
      try {
        const s = await fs.promises.stat(p);
        return { type: kind(s), size: s.size, mtimeMs: s.mtimeMs };
      } catch {
        return undefined;
      }
    },
    async list(d) {
      const entries = await fs.promises.readdir(d, { withFileTypes: true });
      return entries.map((e) => ({ name: e.name, type: e.isFile() ? 'file' : e.isDirectory() ? 'directory' : 'other' }));
    },
    realpath: (p) => fs.promises.realpath(p),
    ripgrepPath: () => rg ?? undefined,
  };
}

const unusedShell: Shell = {
  run: () => Promise.reject(new Error('no shell in this test')),
  dispose: () => undefined,
};

function makeCtx(cwd: string, extra: Partial<ToolContext> = {}): ToolContext {
  return {
    cwd,
    workspace: fsWorkspace(cwd),
    proposals: { propose: () => Promise.reject(new Error('no proposals in this test')) },
    shell: unusedShell,
    session: { readFiles: new Map(), todos: [], scratchDir: path.join(cwd, '.scratch') },
    clock: { now: () => 1000 },
    signal: new AbortController().signal,
    toolUseId: 'toolu_test',
    ...extra,
  };
}

/** Validates like the agent loop does, then runs. */
function call<I>(tool: Tool<I>, raw: unknown, ctx: ToolContext): Promise<ToolResult> {
  return tool.execute(tool.input.parse(raw), ctx);
}

function write(root: string, rel: string, content: string, ageSec = 0): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  const t = new Date(Date.now() - ageSec * 1000);
  fs.utimesSync(file, t, t);
  return file;
}

describe('ripgrep discovery', () => {
  it('finds an rg that runs, from PATH or the npm package', () => {
    const rg = findRipgrep();
    assert.ok(rg, 'ripgrep should be found (the @vscode/ripgrep-universal package ships it)');
    assert.ok(path.isAbsolute(rg));
  });

  it('skips candidates that are missing or not executable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-rgfind-'));
    const fake = path.join(dir, 'rg');
    fs.writeFileSync(fake, '#!/bin/sh\necho not ripgrep\n', { mode: 0o644 });
    const found = findRipgrep({ pathEnv: dir, candidates: [path.join(dir, 'missing')] });
    assert.notEqual(found, fake);
    fs.chmodSync(fake, 0o755); // executable now, but it is not ripgrep
    assert.notEqual(findRipgrep({ pathEnv: `${dir}${path.delimiter}` }), fake);
    fs.rmSync(dir, { recursive: true });
  });

  it('finds the same rg without blocking (findRipgrepAsync), skipping a fake one first on PATH', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-rgfind-'));
    const fake = path.join(dir, 'rg');
    fs.writeFileSync(fake, '#!/bin/sh\necho not ripgrep\n', { mode: 0o755 });
    const pathEnv = `${dir}${path.delimiter}${process.env.PATH ?? ''}`;
    const found = await findRipgrepAsync({ pathEnv, candidates: [path.join(dir, 'missing')] });
    assert.ok(found && found !== fake, `found ${found}`);
    assert.equal(found, findRipgrep({ pathEnv, candidates: [path.join(dir, 'missing')] }));
    assert.equal(await findRipgrepAsync({ pathEnv: dir, candidates: [] }).then((f) => f === fake), false);
    fs.rmSync(dir, { recursive: true });
  });
});

/** A folder of files of known ages: ignored, hidden and .git entries among them. */
function searchFixture(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'tandem-search-')));
  write(root, '.gitignore', 'ignored/\n*.log\n', 500);
  write(root, 'old.ts', 'export const Alpha = 1;\n', 300);
  write(root, 'src/newest.ts', 'const alpha = 2;\n// TODO: first\n', 10);
  write(root, 'src/middle.ts', 'line one\nline two\nALPHA three\nline four\nline five\n', 100);
  write(root, 'src/lib/util.py', 'def alpha():\n    return "--flag"\n', 200);
  write(root, 'docs/guide.md', 'Alpha and alpha\n', 150);
  write(root, 'ignored/skip.ts', 'alpha in an ignored folder\n', 5);
  write(root, 'debug.log', 'alpha in an ignored file\n', 5);
  write(root, '.hidden.ts', 'alpha hidden\n', 5);
  write(root, '.env', 'SECRET=alpha\n', 5);
  write(root, '.git/config', 'alpha in git\n', 5);
  return root;
}

/** The ripgreps a user may have: the one Tandem ships (npm package) and the first rg on PATH. */
const SHIPPED_RG = findRipgrep({ pathEnv: '' });
const PATH_RG = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, 'rg')).find((f) => spawnSync(f, ['--version']).status === 0);
const rgVersion = (rg: string) => spawnSync(rg, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];

describe('ripgrep on PATH', () => {
  it('is installed, so Glob and Grep are also tested with the ripgrep a distribution ships', () => {
    assert.ok(PATH_RG, 'no rg on PATH: apt-get install ripgrep (npm test installs it with the other tools)');
  });
});

for (const [label, rg] of [['shipped', SHIPPED_RG], ['PATH', PATH_RG]] as const) {
  if (!rg) continue;
  describe(`search tools with the ${label} ripgrep (${rgVersion(rg)})`, () => {
    let root: string;
    let ctx: ToolContext;

    beforeEach(() => {
      root = searchFixture();
      ctx = makeCtx(root, { workspace: fsWorkspace(root, rg) });
    });

    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    describe('Glob', () => {
      it('lists matches newest first, relative to the working directory, skipping ignored and hidden files', async () => {
        const r = await call(globTool, { pattern: '**/*.ts' }, ctx);
        assert.equal(r.isError, undefined);
        assert.deepEqual(r.content.split('\n'), ['src/newest.ts', 'src/middle.ts', 'old.ts']);
      });

      it('finds hidden files when the pattern names them, never .git', async () => {
        assert.equal((await call(globTool, { pattern: '.env*' }, ctx)).content, '.env');
        assert.equal((await call(globTool, { pattern: '**/.hidden.ts' }, ctx)).content, '.hidden.ts');
        assert.equal((await call(globTool, { pattern: '**/config' }, ctx)).content, 'No files found');
        assert.equal((await call(globTool, { pattern: '.git/*' }, ctx)).content, 'No files found');
      });

      it('searches under path, and takes an absolute pattern apart', async () => {
        const r = await call(globTool, { pattern: '*.py', path: 'src' }, ctx);
        assert.equal(r.content, 'src/lib/util.py');
        const abs = await call(globTool, { pattern: path.join(root, 'src', '*.ts') }, ctx);
        assert.deepEqual(abs.content.split('\n'), ['src/newest.ts', 'src/middle.ts']);
      });

      it('gives absolute paths outside the working directory', async () => {
        const inSrc = makeCtx(path.join(root, 'src'), { workspace: fsWorkspace(root, rg) });
        assert.equal((await call(globTool, { pattern: '*.md', path: path.join(root, 'docs') }, inSrc)).content, path.join(root, 'docs/guide.md'));
        assert.equal((await call(grepTool, { pattern: 'alpha', '-i': true, path: path.join(root, 'docs') }, inSrc)).content, `Found 1 file\n${path.join(root, 'docs/guide.md')}`);
        assert.equal((await call(globTool, { pattern: '*.py', path: 'lib' }, inSrc)).content, 'lib/util.py');
      });

      it('caps results at 100 with a note', async () => {
        for (let k = 0; k < 105; k++) write(root, `many/f${k}.txt`, 'x', 1000 - k);
        const r = await call(globTool, { pattern: 'many/*.txt' }, ctx);
        const lines = r.content.split('\n');
        assert.equal(lines.length, 101);
        assert.equal(lines[0], 'many/f104.txt', 'the newest comes first');
        assert.match(lines[100]!, /truncated.*100 most recently modified of 105/);
      });

      it('says when nothing matches, when the folder is missing, and when ripgrep is missing', async () => {
        assert.equal((await call(globTool, { pattern: '*.nothing' }, ctx)).content, 'No files found');
        const missing = await call(globTool, { pattern: '*', path: 'nope' }, ctx);
        assert.equal(missing.isError, true);
        assert.match(missing.content, /does not exist/);
        const noRg = await call(globTool, { pattern: '*' }, makeCtx(root, { workspace: fsWorkspace(root, null) }));
        assert.equal(noRg.isError, true);
        assert.match(noRg.content, /ripgrep \(rg\).*not found/);
      });

      it('is read-only and its subject is the search folder', () => {
        assert.equal(globTool.readOnly, true);
        assert.deepEqual(globTool.subject({ pattern: '*', path: 'src' }, root), { kind: 'read', path: path.join(root, 'src') });
      });
    });

    describe('Grep', () => {
      it('files_with_matches (default): newest first, .gitignore and .git respected, hidden files searched', async () => {
        const r = await call(grepTool, { pattern: 'alpha' }, ctx);
        assert.deepEqual(r.content.split('\n'), [
          'Found 5 files',
          '.env',
          '.hidden.ts',
          'src/newest.ts',
          'docs/guide.md',
          'src/lib/util.py',
        ]);
      });

      it('-i makes the search case-insensitive', async () => {
        const r = await call(grepTool, { pattern: 'alpha', '-i': true, glob: '*.ts' }, ctx);
        assert.deepEqual(r.content.split('\n').slice(1).sort(), [
          '.hidden.ts',
          'old.ts',
          'src/middle.ts',
          'src/newest.ts',
        ]);
      });

      it('content mode shows line numbers and -C context', async () => {
        const file = 'src/middle.ts'; // relative to the working directory in the output
        const plain = await call(grepTool, { pattern: 'ALPHA', output_mode: 'content', path: 'src' }, ctx);
        assert.equal(plain.content, `${file}:3:ALPHA three`);
        const ctxLines = await call(grepTool, { pattern: 'ALPHA', output_mode: 'content', path: 'src', '-C': 1 }, ctx);
        assert.equal(ctxLines.content, `${file}-2-line two\n${file}:3:ALPHA three\n${file}-4-line four`);
        const noNumbers = await call(grepTool, { pattern: 'ALPHA', output_mode: 'content', path: path.join(root, file), '-n': false }, ctx);
        assert.equal(noNumbers.content, `${file}:ALPHA three`);
      });

      it('count mode gives per-file counts and a total', async () => {
        const r = await call(grepTool, { pattern: 'alpha', output_mode: 'count', '-i': true, type: 'md' }, ctx);
        assert.equal(r.content, `docs/guide.md:1\nFound 1 matching line across 1 file.`);
      });

      it('filters by type and by glob', async () => {
        const py = await call(grepTool, { pattern: 'alpha', type: 'py' }, ctx);
        assert.equal(py.content, `Found 1 file\nsrc/lib/util.py`);
        const md = await call(grepTool, { pattern: 'alpha', glob: '*.{md,py}', '-i': true }, ctx);
        assert.equal(md.content.split('\n')[0], 'Found 2 files');
      });

      it('takes a pattern starting with "-" as a pattern', async () => {
        const r = await call(grepTool, { pattern: '--flag', output_mode: 'content' }, ctx);
        assert.equal(r.isError, undefined);
        assert.equal(r.content, `src/lib/util.py:2:    return "--flag"`);
      });

      it('reports no matches without an error, and a bad regex or type as one', async () => {
        const none = await call(grepTool, { pattern: 'zzz-not-there' }, ctx);
        assert.equal(none.isError, undefined);
        assert.equal(none.content, 'No files found');
        const noContent = await call(grepTool, { pattern: 'zzz-not-there', output_mode: 'content' }, ctx);
        assert.equal(noContent.content, 'No matches found');
        const bad = await call(grepTool, { pattern: '(unclosed' }, ctx);
        assert.equal(bad.isError, true);
        assert.match(bad.content, /regex parse error/);
        const badType = await call(grepTool, { pattern: 'x', type: 'no-such-type' }, ctx);
        assert.equal(badType.isError, true);
      });

      it('multiline matches across lines; head_limit caps entries', async () => {
        const multi = await call(grepTool, { pattern: 'one.line two', multiline: true }, ctx);
        assert.equal(multi.content, `Found 1 file\nsrc/middle.ts`);
        const head = await call(grepTool, { pattern: 'line', output_mode: 'content', head_limit: 2 }, ctx);
        assert.deepEqual(head.content.split('\n'), [
          `src/middle.ts:1:line one`,
          `src/middle.ts:2:line two`,
          '(Showing the first 2 of 4 lines.)',
        ]);
      });

      it('caps very long output with a note', async () => {
        write(root, 'big.txt', Array.from({ length: 3000 }, (_, k) => `match line ${k} ${'x'.repeat(20)}`).join('\n'));
        const r = await call(grepTool, { pattern: 'match line', output_mode: 'content', path: 'big.txt' }, ctx);
        assert.ok(r.content.length < 31_000);
        assert.match(r.content, /Output truncated at 30000 characters/);
      });
    });
  });
}

describe('search tools', () => {
  let root: string;
  let ctx: ToolContext;

  beforeEach(() => {
    root = searchFixture();
    ctx = makeCtx(root);
  });

  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('LS', () => {
    it('lists a tree with trailing "/" on folders, skipping .git and not opening node_modules', async () => {
      write(root, 'node_modules/pkg/index.js', '');
      const r = await call(lsTool, { path: root, ignore: ['*.md', 'lib'] }, ctx);
      assert.equal(
        r.content,
        [
          `- ${root}/`,
          '  - .env',
          '  - .gitignore',
          '  - .hidden.ts',
          '  - debug.log',
          '  - docs/',
          '  - ignored/',
          '    - skip.ts',
          '  - node_modules/ (contents not listed)',
          '  - old.ts',
          '  - src/',
          '    - middle.ts',
          '    - newest.ts',
        ].join('\n'),
      );
    });

    it('caps the listing at 1000 entries, nearest levels first', async () => {
      for (let k = 0; k < 1005; k++) write(root, `deep/f${String(k).padStart(4, '0')}`, '');
      const r = await call(lsTool, { path: root }, ctx);
      assert.match(r.content, /^There are more than 1000 files and directories/);
      assert.ok(r.content.includes('  - src/'), 'top-level entries come first');
      // 9 top-level entries (.git is skipped), then deep/ fills the rest.
      assert.equal(r.content.split('\n').filter((l) => /^ {4}- f\d{4}$/.test(l)).length, 1000 - 9);
    });

    it('ignore globs: * stays in a segment, ** crosses them, braces and classes work', () => {
      const re = globToRegExp('src/**/*.ts');
      assert.ok(re.test('src/a/b/c.ts') && re.test('src/c.ts'));
      assert.ok(!re.test('lib/c.ts') && !re.test('src/c.tsx'));
      assert.ok(globToRegExp('*.{js,md}').test('x.md') && !globToRegExp('*.{js,md}').test('a/x.md'));
      assert.ok(globToRegExp('[!a]*').test('b1') && !globToRegExp('[!a]*').test('a1'));
      assert.ok(globToRegExp('dist/').test('dist') && !globToRegExp('a.b').test('axb'));
    });

    it('reports a missing directory or a file as an error', async () => {
      assert.equal((await call(lsTool, { path: path.join(root, 'nope') }, ctx)).isError, true);
      assert.equal((await call(lsTool, { path: path.join(root, 'old.ts') }, ctx)).isError, true);
    });
  });

  describe('TodoWrite', () => {
    const todo = (content: string, status: string) => ({ content, status, activeForm: `${content}ing` });

    it('replaces the session todos and confirms', async () => {
      ctx.session.todos = [{ content: 'old', status: 'pending', activeForm: 'olding' }];
      const r = await call(todoWriteTool, { todos: [todo('Build', 'in_progress'), todo('Test', 'pending'), todo('Plan', 'completed')] }, ctx);
      assert.equal(r.isError, undefined);
      assert.match(r.content, /3 total: 1 completed, 1 in progress, 1 pending/);
      assert.deepEqual(ctx.session.todos.map((t) => `${t.content}:${t.status}`), ['Build:in_progress', 'Test:pending', 'Plan:completed']);
    });

    it('rejects two in_progress items and leaves the list alone', async () => {
      ctx.session.todos = [{ content: 'keep', status: 'pending', activeForm: 'keeping' }];
      const r = await call(todoWriteTool, { todos: [todo('A', 'in_progress'), todo('B', 'in_progress')] }, ctx);
      assert.equal(r.isError, true);
      assert.match(r.content, /at most one/);
      assert.deepEqual(ctx.session.todos.map((t) => t.content), ['keep']);
    });

    it('rejects an unknown status or a missing activeForm in the schema', () => {
      assert.equal(todoWriteTool.input.safeParse({ todos: [todo('A', 'doing')] }).success, false);
      assert.equal(todoWriteTool.input.safeParse({ todos: [{ content: 'A', status: 'pending' }] }).success, false);
      assert.equal(todoWriteTool.readOnly, true);
      assert.deepEqual(todoWriteTool.subject({ todos: [] }, root), { kind: 'none' });
    });
  });

  describe('Bash tool', () => {
    let shell: PersistentShell;

    beforeEach(() => {
      shell = new PersistentShell({ cwd: root, scratchDir: path.join(root, '.scratch'), killGraceMs: 500 });
      ctx = makeCtx(root, { shell });
    });

    afterEach(() => shell.dispose());

    it('returns the output, streams it, and says nothing more on success', async () => {
      const progress: string[] = [];
      const r = await call(bashTool, { command: 'echo hi; echo there >&2' }, { ...ctx, onProgress: (t) => progress.push(t) });
      assert.equal(r.content, 'hi\nthere');
      assert.equal(r.isError, false);
      assert.equal(progress.join(''), 'hi\nthere\n');
    });

    it('cuts the middle of long output and saves the full output to a file', async () => {
      const r = await call(bashTool, { command: 'seq 1 30000' }, ctx);
      const full = Array.from({ length: 30000 }, (_, k) => String(k + 1)).join('\n');
      assert.ok(r.content.startsWith('1\n2\n3\n'));
      const file = /The full output is in (\S+) /.exec(r.content)?.[1];
      assert.ok(file, r.content.slice(-400));
      assert.ok(file.startsWith(ctx.session.scratchDir));
      assert.equal(fs.readFileSync(file, 'utf8'), full);
      const [shown] = r.content.split('\n\nOutput was');
      assert.ok(shown!.length <= MAX_OUTPUT_CHARS, `shown ${shown!.length}`);
      assert.ok(shown!.endsWith('\n29999\n30000'));
      const cut = Number(/\[(\d+) characters cut\]/.exec(shown!)?.[1]);
      assert.equal(shown!.length - shown!.split('\n').find((l) => l.includes('characters cut'))!.length - 2 + cut, full.length);
    });

    it('elideMiddle keeps head and tail on line breaks and counts what it cut', () => {
      const text = Array.from({ length: 1000 }, (_, k) => `line ${k}`).join('\n');
      const { text: out, cut } = elideMiddle(text, 2000);
      assert.ok(out.length <= 2000);
      const [head, tail] = out.split(/\n\.\.\. \[\d+ characters cut\] \.\.\.\n/);
      assert.equal(head!.length + tail!.length + cut, text.length);
      assert.ok(text.startsWith(head!) && text.endsWith(tail!));
      assert.match(head!, /line \d+$/);
      assert.match(tail!, /^line \d+/);
      assert.deepEqual(elideMiddle('short', 2000), { text: 'short', cut: 0 });
    });

    it('reports a non-zero exit code, a timeout and a cwd change', async () => {
      const failed = await call(bashTool, { command: 'echo oops >&2; exit 3' }, ctx);
      assert.equal(failed.isError, true);
      assert.equal(failed.content, 'oops\n\nExit code 3');
      const slow = await call(bashTool, { command: 'sleep 5', timeout: 1000 }, ctx);
      assert.equal(slow.isError, true);
      assert.match(slow.content, /^\(no output\)\n\nCommand timed out after 1 s/);
      const moved = await call(bashTool, { command: 'cd src' }, ctx);
      assert.match(moved.content, new RegExp(`Shell working directory is now ${path.join(root, 'src')}`));
      assert.equal(bashTool.input.safeParse({ command: 'x', timeout: 600_001 }).success, false);
    });

    it('runs in the background and gives the id and output file', async () => {
      const r = await call(bashTool, { command: 'echo from-bg', run_in_background: true }, ctx);
      const file = /written to (\S+);/.exec(r.content)?.[1];
      assert.ok(file, r.content);
      assert.match(r.content, /id bg-/);
      const end = Date.now() + 3000;
      while (Date.now() < end && !(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('from-bg'))) {
        await new Promise((res) => setTimeout(res, 50));
      }
      assert.equal(fs.readFileSync(file, 'utf8'), 'from-bg\n');
    });

    it('is a command subject and not read-only', () => {
      assert.equal(bashTool.readOnly, false);
      assert.deepEqual(bashTool.subject({ command: 'ls -la' }, root), { kind: 'command', command: 'ls -la' });
    });
  });
});
