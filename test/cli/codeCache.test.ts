// The launcher (dist/cli.js, src/cli/bin.ts) compiles the CLI bundle through a code cache it
// writes when the first run exits, next to the bundle; later runs use it and leave it alone.
import { strict as assert } from 'node:assert';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runProcess } from '../harness/process';
import { ensureCliBuilt, REPO } from './harness';

describe('tandem: the bundle’s code cache', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => ensureCliBuilt());
  beforeEach(() => {
    // A copy of the built CLI, so the cache files it writes are this test's alone.
    dir = mkdtempSync(join(tmpdir(), 'tandem-cli-cache-'));
    for (const f of ['cli.js', 'cli-main.js', 'tree-sitter-runtime.js', 'tree-sitter.wasm', 'tree-sitter-bash.wasm']) copyFileSync(join(REPO, 'dist', f), join(dir, f));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const caches = () => readdirSync(dir).filter((n) => n.endsWith('.v8cache'));
  const version = (env: Record<string, string> = {}) =>
    runProcess(process.execPath, [join(dir, 'cli.js'), '--version'], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir, ...env }, timeoutMs: 30_000 });

  it('writes the cache on the first run and compiles from it afterwards without rewriting it', async () => {
    const first = await version();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stderr, '');
    const written = caches();
    assert.equal(written.length, 1, `one cache file next to the bundle: ${written.join(', ')}`);
    assert.match(written[0]!, new RegExp(`^cli-main\\.${process.versions.v8.replace(/\./g, '\\.')}\\.`));
    const mtime = statSync(join(dir, written[0]!)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const second = await version();
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout, first.stdout);
    assert.equal(second.stderr, '', 'no warning from the loader');
    assert.deepEqual(caches(), written);
    assert.equal(statSync(join(dir, written[0]!)).mtimeMs, mtime, 'a cache that was used is not written again');
  });

  it('writes none with NODE_DISABLE_COMPILE_CACHE=1', async () => {
    const r = await version({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\d+\.\d+\.\d+/);
    assert.deepEqual(caches(), []);
  });
});
