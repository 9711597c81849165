// When Tandem's loading began, for the activation time in the log ("Tandem activated in 42 ms"),
// which bench/extension.ts reads. The loader (dist/extension.js, src/extension/loader.ts) notes the
// time before it reads and compiles the bundle and how the bundle was compiled; without the loader
// (the bundle required directly) the start is this module's evaluation, the bundle's first statement.
const LOAD_INFO_KEY = Symbol.for('tandem.extensionLoad');

/** What the loader notes on globalThis before and after it evaluates the bundle. */
export interface LoadInfo {
  start: number;
  /** How the bundle was compiled (src/core/node/codeCache.ts CodeCacheStatus), once known. */
  codeCache?: string;
  /** How long reading, compiling and evaluating the bundle took. */
  loadedMs?: number;
}

export function noteLoadStart(start = performance.now()): LoadInfo {
  const info: LoadInfo = { start };
  (globalThis as Record<symbol, unknown>)[LOAD_INFO_KEY] = info;
  return info;
}

function loadInfo(): LoadInfo | undefined {
  return (globalThis as Record<symbol, unknown>)[LOAD_INFO_KEY] as LoadInfo | undefined;
}

const bundleStart = loadInfo()?.start ?? performance.now();

/**
 * The Output line activate() ends with: the time since loading began, then Tandem's own parts of it
 * (loading the bundle, activate() itself) and the code cache's use. The rest is the extension host
 * between loading the module and calling activate() (it builds the extension's context meanwhile).
 */
export function activationLine(activateStart: number, now = performance.now()): string {
  const info = loadInfo();
  const parts = [
    ...(info?.loadedMs !== undefined ? [`loading ${Math.round(info.loadedMs)} ms`] : []),
    `activate() ${Math.round(now - activateStart)} ms`,
  ].join(', ');
  return `Tandem activated in ${Math.round(now - bundleStart)} ms (${parts}${info?.codeCache ? `; code cache: ${info.codeCache}` : ''})`;
}
