// dist/extension.js, the extension's entry: evaluates the extension bundle (dist/extension-main.js,
// built from extension.ts) through a code cache of its own (src/core/node/codeCache.ts says why), and writes that
// cache a few seconds after the first activation, when the code that activation and restoring the
// chat ran has been compiled. `activate` and `deactivate` are the bundle's.
import * as path from 'node:path';
import { noteLoadStart } from './activationTime';
import { loadWithCodeCache } from '../core/node/codeCache';

const info = noteLoadStart();
const load = loadWithCodeCache(path.join(__dirname, 'extension-main.js'), require);
info.codeCache = load.status;
info.loadedMs = performance.now() - info.start;

/** How long after activation the cache is written: by then the restored chat has been set up too. */
const SAVE_DELAY_MS = 3000;
const bundle = load.exports as { activate(context: unknown): unknown; deactivate?(): unknown };
module.exports = {
  activate(context: unknown): unknown {
    const api = bundle.activate(context);
    setTimeout(() => load.save(), SAVE_DELAY_MS).unref();
    return api;
  },
  deactivate: (): unknown => bundle.deactivate?.(),
};
