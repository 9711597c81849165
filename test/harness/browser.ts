import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { tools } from './codeServer';

// Flags from shared/REAL-VSCODE.md: the machine has no network beyond the registries, so anything
// Chromium would fetch in the background is switched off.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: tools().chromium, headless: true, args: FLAGS });
}
