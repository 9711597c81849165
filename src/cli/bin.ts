// The `tandem` executable (dist/cli.js). Before it loads the CLI bundle (dist/cli-main.js) it sets
// up the process for a short-lived command-line run:
// - The bundle is compiled through a V8 code cache of its own (src/core/node/codeCache.ts), written
//   when the first run exits, so it holds everything that run compiled: a later run skips parsing
//   and compiling most of the multi-megabyte bundle (start to first request ~200 -> ~170 ms here).
//   The cache lives next to the bundle when that folder can be written, else in the user's cache
//   folder. Node's own compile cache stays on for the files loaded with require() (provider chunks).
//   NODE_DISABLE_COMPILE_CACHE=1 turns both off.
// - WebAssembly stays on V8's baseline code (Liftoff). The shell parser (tree-sitter's bash
//   grammar) has a few huge functions; once they are warm V8 recompiles them with its optimizing
//   tier, whose working memory took the process's peak RSS from about 110 MB to 350-630 MB in a
//   25-step session on Node 20 and 24 (freed afterwards), and commands are short enough that the
//   faster code never paid that back (the parses took longer in all). `--liftoff-only` is read only
//   at start-up; the tier-up filter (no function has that index) is honoured when set at run time.
//   The flag exists in V8 11 to 14 (Node 20 to 25); a V8 without it would print an error, so newer
//   ones are left alone. The CLI owns its process, so it may set this; the SDK and the extension,
//   which share theirs, do not. (It is set before the bundle is compiled: V8 rejects a code cache
//   written under other flags.)
import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadWithCodeCache } from '../core/node/codeCache';

/* eslint-disable @typescript-eslint/no-require-imports -- plain requires keep this file a few lines */
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 11 && v8Major <= 14) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--wasm-tier-up-filter=2147483647');

/** The folder for the bundle's code cache: next to it when writable, else the user's cache folder. */
function cacheDir(): string | undefined {
  try {
    accessSync(__dirname, constants.W_OK);
    return __dirname;
  } catch {
    const env = process.env;
    const base = env.XDG_CACHE_HOME || (process.platform === 'win32' ? env.LOCALAPPDATA : process.platform === 'darwin' ? join(homedir(), 'Library', 'Caches') : join(homedir(), '.cache'));
    return base ? join(base, 'tandem', 'code-cache') : undefined;
  }
}

const bundle = join(__dirname, 'cli-main.js');
if (process.env.NODE_DISABLE_COMPILE_CACHE) {
  (require(bundle) as typeof import('./main')).run();
} else {
  (require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  const dir = cacheDir();
  if (dir === undefined) {
    (require(bundle) as typeof import('./main')).run();
  } else {
    // Several versions of the CLI may share the user's cache folder: keep a few.
    const load = loadWithCodeCache(bundle, require, { dir, keep: 3 });
    if (load.status !== 'used') process.once('exit', () => load.save());
    (load.exports as typeof import('./main')).run();
  }
}
