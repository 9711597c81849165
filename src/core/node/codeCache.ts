// Loads a CommonJS bundle through a V8 code cache of its own, written after the bundle has run, so
// it holds the functions that start-up compiled as well as the top level (Node's compile cache,
// module.enableCompileCache(), is written at compile time: only the top level). Used by the
// extension's loader (src/extension/loader.ts), where Node's cache would also be process-wide and
// cache every other extension's modules, and by the CLI's launcher (src/cli/bin.ts).
//
// Cache files are named by the bundle, V8's version, the CPU and a hash of the bundle's bytes: V8
// itself checks only the source's length, so one build's cache must never be offered to another.
// A folder that cannot be written just means no cache; a damaged cache is rejected by V8 and rewritten.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

/** How the bundle was compiled: from its cache, or from source (no cache yet, V8 rejected it, or the runtime cannot). */
export type CodeCacheStatus = 'used' | 'none' | 'rejected' | 'unsupported';

export interface CodeCacheLoad {
  status: CodeCacheStatus;
  exports: unknown;
  /** Writes the cache from what V8 has compiled by now (call it once the start-up work ran); false when nothing needed writing or it could not be written. */
  save(): boolean;
}

export interface CodeCacheOptions {
  /** Where the cache files live (default: next to the bundle). */
  dir?: string;
  /** How many caches of this bundle's name to keep (other versions, other V8s); the oldest go first. Default 1. */
  keep?: number;
}

const CACHE_SUFFIX = '.v8cache';

/** The cache file for a bundle with these bytes, for this V8 and CPU. */
export function cacheFileFor(file: string, bytes: Buffer, dir = path.dirname(file)): string {
  const hash = createHash('sha1').update(bytes).digest('hex').slice(0, 16);
  const v8 = process.versions.v8.replace(/[^0-9A-Za-z.-]/g, '_');
  return path.join(dir, `${path.basename(file, '.js')}.${v8}.${process.arch}.${hash}${CACHE_SUFFIX}`);
}

/**
 * Evaluates the CommonJS file `file` as a module of its own (so `require.main === module` inside it
 * is false, as for any required file) whose `require` is the caller's: the host's own modules (the
 * editor API in the extension host) and `require('./chunk')` resolve exactly as from the caller's
 * file, which must be in the same folder. This module itself needs plain Node only.
 * It compiles from the cache when valid; `exports` is what the file exported.
 */
export function loadWithCodeCache(file: string, req: NodeJS.Require, opts: CodeCacheOptions = {}): CodeCacheLoad {
  // import() inside a vm.Script needs Node's default loader (Node 20.12 / 21.7 and later; it warns
  // as experimental when used): the extension's bundle is built without one (esbuild.mjs).
  const defaultLoader = (vm.constants as Partial<typeof vm.constants> | undefined)?.USE_MAIN_CONTEXT_DEFAULT_LOADER;
  if (defaultLoader === undefined) {
    return { status: 'unsupported', exports: req(file) as unknown, save: () => false };
  }
  // Hashing the bytes and decoding them once costs a third of hashing the decoded text.
  const bytes = fs.readFileSync(file);
  const cacheFile = cacheFileFor(file, bytes, opts.dir);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's CommonJS wrapper, on one line so that line numbers in stack traces stay the file's.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n});`;
  const script = new vm.Script(wrapped, { filename: file, cachedData, importModuleDynamically: defaultLoader as never });
  const status: CodeCacheStatus = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used';
  const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const mod = { exports: {} as unknown, id: file, filename: file, loaded: false, children: [], paths: [] };
  wrapper.call(mod.exports, mod.exports, req, mod, file, path.dirname(file));
  mod.loaded = true;
  let saved = status === 'used';
  return {
    status,
    exports: mod.exports,
    save() {
      if (saved) return false;
      saved = true;
      return writeCache(cacheFile, script.createCachedData(), opts.keep ?? 1);
    },
  };
}

/** Writes the cache atomically (two processes may write at once) and keeps the `keep` newest of the bundle's caches. */
function writeCache(cacheFile: string, data: Buffer, keep: number): boolean {
  const dir = path.dirname(cacheFile);
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(temp, data, { mode: 0o600 });
    fs.renameSync(temp, cacheFile);
  } catch {
    fs.rmSync(temp, { force: true });
    return false;
  }
  const prefix = `${path.basename(cacheFile).split('.')[0]}.`;
  const others = safeList(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith(CACHE_SUFFIX) && path.join(dir, name) !== cacheFile)
    .map((name) => ({ name, mtime: safeMtime(path.join(dir, name)) }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of others.slice(Math.max(0, keep - 1))) fs.rmSync(path.join(dir, old.name), { force: true });
  return true;
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function safeMtime(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
