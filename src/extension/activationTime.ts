// The first module the extension bundle evaluates (extension.ts imports it before anything else),
// so its timestamp marks the start of the bundle's evaluation: activate() logs the time from here
// to its end ("Tandem activated in 42 ms"), and bench/extension.ts reads that line.
export const bundleStart = performance.now();

/** The Output line activate() ends with: the time since the bundle began to evaluate, and activate()'s own part. */
export function activationLine(activateStart: number, now = performance.now()): string {
  return `Tandem activated in ${Math.round(now - bundleStart)} ms (activate() ${Math.round(now - activateStart)} ms)`;
}
