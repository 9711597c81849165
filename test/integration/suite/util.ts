import * as vscode from 'vscode';
import type { TandemApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'tandem-dev.tandem';

export async function activateTandem(): Promise<TandemApi> {
  const ext = vscode.extensions.getExtension<TandemApi>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
