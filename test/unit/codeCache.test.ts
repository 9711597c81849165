import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheFileFor, loadWithCodeCache } from '../../src/core/node/codeCache';

/** A CommonJS "bundle" that exercises what the real one uses: this, exports, require, module, __dirname and import(). */
function bundleText(tag: string): string {
  return [
    `const path = require('node:path');`,
    `exports.tag = ${JSON.stringify(tag)};`,
    `exports.thisIsExports = this === exports;`,
    `exports.dir = __dirname;`,
    `exports.file = __filename;`,
    `exports.join = (...parts) => path.join(...parts);`,
    `exports.importOs = () => import('node:os').then((os) => typeof os.platform);`,
    `module.exports.viaModule = true;`,
    `exports.isMain = require.main === module;`,
  ].join('\n');
}


type Loaded = { isMain: boolean; tag: string; thisIsExports: boolean; dir: string; file: string; join(...p: string[]): string; importOs(): Promise<string>; viaModule: boolean };

describe('the extension bundle loader with its own code cache', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-codecache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const caches = () => readdirSync(dir).filter((n) => n.endsWith('.v8cache'));

  it('evaluates the file as the caller’s module, and compiles it from the cache it wrote', async () => {
    const file = join(dir, 'extension-main.js');
    writeFileSync(file, bundleText(`a-${Date.now()}`));
    const load1 = loadWithCodeCache(file, require);
    assert.equal(load1.status, 'none');
    const m = load1.exports as Loaded;
    assert.equal(m.isMain, false, 'the file is a module of its own, never the main one');
    assert.equal(m.thisIsExports, true);
    assert.equal(m.dir, dir);
    assert.equal(m.file, file);
    assert.equal(m.join('a', 'b'), join('a', 'b'), 'require() works inside the bundle');
    assert.equal(await m.importOs(), 'function', 'dynamic import() works inside the bundle');
    assert.equal(m.viaModule, true);
    assert.deepEqual(caches(), [], 'nothing is written before save()');

    assert.equal(load1.save(), true);
    assert.deepEqual(caches(), [cacheFileFor(file, Buffer.from(bundleText(m.tag))).slice(dir.length + 1)]);
    assert.match(caches()[0]!, new RegExp(`^extension-main\\.${process.versions.v8.replace(/\./g, '\\.')}\\.${process.arch}\\.[0-9a-f]{16}\\.v8cache$`));
    assert.equal(load1.save(), false, 'written once');

    const load2 = loadWithCodeCache(file, require);
    assert.equal(load2.status, 'used');
    assert.equal((load2.exports as Loaded).tag, m.tag);
    assert.equal(await (load2.exports as Loaded).importOs(), 'function');
    assert.equal(load2.save(), false, 'a cache that was used is not written again');
  });

  it('never offers one build’s cache to another of the same length, and keeps only the newest', () => {
    const file = join(dir, 'extension-main.js');
    writeFileSync(file, bundleText('build-1'));
    const load1 = loadWithCodeCache(file, require);
    assert.equal(load1.save(), true);
    const old = caches();
    // The same length, other text: V8 itself would only compare the length.
    writeFileSync(file, bundleText('build-2'));
    const load2 = loadWithCodeCache(file, require);
    assert.equal(load2.status, 'none');
    assert.equal((load2.exports as Loaded).tag, 'build-2');
    assert.equal(load2.save(), true);
    assert.equal(caches().length, 1, 'the other build’s cache is removed');
    assert.notDeepEqual(caches(), old);
  });

  it('keeps its caches in another folder when asked (made private), and the newest `keep` of them', async () => {
    const file = join(dir, 'cli-main.js');
    const cacheDir = join(dir, 'user-cache', 'tandem', 'code-cache');
    for (const build of ['v1', 'v2', 'v3']) {
      writeFileSync(file, bundleText(build));
      const load = loadWithCodeCache(file, require, { dir: cacheDir, keep: 2 });
      assert.equal(load.status, 'none');
      assert.equal(load.save(), true);
      // File times are coarse (a few ms): let each cache be newer than the last.
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    const kept = readdirSync(cacheDir);
    assert.equal(kept.length, 2, kept.join(', '));
    assert.ok(kept.includes(cacheFileFor(file, Buffer.from(bundleText('v3')), cacheDir).slice(cacheDir.length + 1)), 'the newest is kept');
    assert.ok(!kept.includes(cacheFileFor(file, Buffer.from(bundleText('v1')), cacheDir).slice(cacheDir.length + 1)), 'the oldest is gone');
    assert.deepEqual(caches(), [], 'nothing next to the bundle');
    assert.equal(loadWithCodeCache(file, require, { dir: cacheDir, keep: 2 }).status, 'used');
  });

  it('compiles from source when the cache is damaged, and replaces it', () => {
    const file = join(dir, 'extension-main.js');
    const text = bundleText(`damaged-${Date.now()}`);
    writeFileSync(file, text);
    writeFileSync(cacheFileFor(file, Buffer.from(text)), Buffer.from('not a V8 code cache at all, just bytes'));
    const load = loadWithCodeCache(file, require);
    assert.equal(load.status, 'rejected');
    assert.equal((load.exports as Loaded).viaModule, true, 'the bundle still ran');
    assert.equal(load.save(), true);
    assert.equal(loadWithCodeCache(file, require).status, 'used');
  });

  it('runs without a cache where none can be written, leaving no temporary file', () => {
    const file = join(dir, 'extension-main.js');
    const text = bundleText(`readonly-${Date.now()}`);
    writeFileSync(file, text);
    // A folder where the cache file should be: it can be neither read nor replaced (as root, file modes do not stop writes).
    mkdirSync(cacheFileFor(file, Buffer.from(text)));
    const load = loadWithCodeCache(file, require);
    assert.equal(load.status, 'none');
    assert.equal((load.exports as Loaded).viaModule, true);
    assert.equal(load.save(), false);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.tmp')), []);
  });

  it('lets an error thrown by the bundle reach the caller', () => {
    const file = join(dir, 'extension-main.js');
    writeFileSync(file, `throw new Error('bundle failed ${Date.now()}');`);
    assert.throws(() => loadWithCodeCache(file, require), /bundle failed/);
  });
});
