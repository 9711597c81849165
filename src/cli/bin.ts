// The `tandem` executable (dist/cli.js). Before it loads the CLI bundle (dist/cli-main.js) it sets
// up the process for a short-lived command-line run:
// - Node's on-disk compile cache (Node 22.1 and later; NODE_DISABLE_COMPILE_CACHE=1 turns it off),
//   so a later run reuses V8's compiled code instead of parsing and compiling the multi-megabyte
//   bundle again. It has to be turned on here: it covers the modules loaded after the call.
// - WebAssembly stays on V8's baseline code (Liftoff). The shell parser (tree-sitter's bash
//   grammar) has a few huge functions; once they are warm V8 recompiles them with its optimizing
//   tier, whose working memory took the process's peak RSS from about 110 MB to 350-630 MB in a
//   25-step session on Node 20 and 24 (freed afterwards), and commands are short enough that the
//   faster code never paid that back (the parses took longer in all). `--liftoff-only` is read only
//   at start-up; the tier-up filter (no function has that index) is honoured when set at run time.
//   The flag exists in V8 11 to 14 (Node 20 to 25); a V8 without it would print an error, so newer
//   ones are left alone. The CLI owns its process, so it may set this; the SDK and the extension,
//   which share theirs, do not.
/* eslint-disable @typescript-eslint/no-require-imports -- plain requires keep this file a few lines */
(require('node:module') as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const v8Major = Number(process.versions.v8.split('.')[0]);
if (v8Major >= 11 && v8Major <= 14) (require('node:v8') as typeof import('node:v8')).setFlagsFromString('--wasm-tier-up-filter=2147483647');
(require('./cli-main') as typeof import('./main')).run();
