// Drives the real workbench in Chromium: code-server with the packaged Tandem .vsix installed.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launchBrowser } from '../harness/browser';
import { installExtension, startCodeServer, TEST_ENV } from '../harness/codeServer';
import type { CodeServer } from '../harness/codeServer';
import { startFakeLlm } from '../fake-llm/server';
import type { FakeLlm } from '../fake-llm/server';

export const ROOT = resolve(__dirname, '..', '..');
export const VSIX = join(ROOT, 'artifacts', 'tandem.vsix');

/**
 * How many times longer than on a quiet machine a wait may last before a test gives up: a loaded
 * 2-core CI machine runs code-server, the extension host and Chromium several times slower. The
 * waits are upper bounds, so a passing run takes no longer; TANDEM_E2E_PATIENCE sets the factor.
 */
export const PATIENCE = Number(process.env.TANDEM_E2E_PATIENCE) || 3;
export const patient = (ms: number): number => ms * PATIENCE;
export const RESULTS = join(ROOT, 'test-results');

export interface Workbench {
  server: CodeServer;
  browser: Browser;
  page: Page;
  workspace: string;
  /** The content frame of the Tandem chat webview. */
  chat(): FrameLocator;
  /** Page errors and console errors seen so far. */
  consoleErrors: string[];
  close(): Promise<void>;
}

export async function openWorkbench(
  opts: {
    userSettings?: Record<string, unknown>;
    workspaceTrust?: boolean;
    /** The .vsix to install (default: the packaged one); null installs none (bench/extension's baseline). */
    vsix?: string | null;
  } = {},
): Promise<Workbench> {
  const vsix = opts.vsix === undefined ? VSIX : opts.vsix;
  if (vsix && !existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first (npm test does).`);
  const runDir = mkdtempSync(join(tmpdir(), 'tandem-e2e-'));
  if (vsix) installExtension(runDir, vsix);
  const workspace = mkdtempSync(join(tmpdir(), 'tandem-e2e-ws-'));
  const server = await startCodeServer({
    runDir,
    userSettings: opts.userSettings,
    workspaceTrust: opts.workspaceTrust,
    // A home of its own: sessions, settings and approvals the tests write never reach the developer's ~/.tandem.
    env: { ...TEST_ENV, HOME: mkdtempSync(join(tmpdir(), 'tandem-home-')) },
  });
  // A workbench that fails to open must not leave code-server (own process group) or the browser
  // running: the suite's after() never sees them, and mocha would wait for them forever.
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  try {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // Actions and waits that name no timeout of their own (Playwright's default: 30 s).
    page.setDefaultTimeout(patient(30_000));
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: patient(60_000) });
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw err;
  }
  return {
    server,
    browser,
    page,
    workspace,
    consoleErrors,
    chat: () => page.frameLocator('iframe.webview.ready').frameLocator('#active-frame'),
    close: async () => {
      await browser.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/** The log files of the Tandem Output channel (a LogOutputChannel writes one per extension host) under a run's logs. */
export function tandemLogFiles(runDir: string): string[] {
  const logs = join(runDir, 'data', 'logs');
  if (!existsSync(logs)) return [];
  return (readdirSync(logs, { recursive: true }) as string[]).filter((p) => p.endsWith('Tandem.log')).map((p) => join(logs, p));
}

/** One "Tandem activated in N ms (activate() M ms; code cache: used)" line of the Tandem log, with the time it was written. */
export interface ActivationLine {
  file: string;
  time: number;
  ms: number;
  activateMs?: number;
  /** Loading (reading, compiling, evaluating) the bundle. */
  loadMs?: number;
  /** How the extension bundle was compiled (src/core/node/codeCache.ts): used, none, rejected or unsupported. */
  codeCache?: string;
  text: string;
}

/** Every activation line in a run's Tandem logs, oldest first. */
export function activationLines(runDir: string): ActivationLine[] {
  const found: ActivationLine[] = [];
  for (const file of tandemLogFiles(runDir)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      // "2026-12-05 08:50:01.123 [info] Tandem activated in 42 ms (loading 20 ms, activate() 7 ms; code cache: used)": the time is local.
      const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[info\] Tandem activated in (\d+) ms(?: \((?:loading (\d+) ms, )?activate\(\) (\d+) ms(?:; code cache: (\w+))?\))?/.exec(line);
      if (m) {
        const num = (x: string | undefined) => (x === undefined ? undefined : Number(x));
        found.push({ file, time: new Date(`${m[1]}T${m[2]}`).getTime(), ms: Number(m[3]), loadMs: num(m[4]), activateMs: num(m[5]), codeCache: m[6], text: line });
      }
    }
  }
  return found.sort((a, b) => a.time - b.time);
}

/** Opens the Tandem view from its activity-bar icon, as a user would. */
export async function openTandemPanel(wb: Workbench): Promise<void> {
  const icon = wb.page.locator('.activitybar [aria-label^="Tandem"]').first();
  await icon.waitFor({ timeout: patient(60_000) });
  await icon.click();
  await wb.chat().locator('#root main').waitFor({ timeout: patient(60_000) });
}

export async function screenshotOnFailure(wb: Workbench | undefined, title: string): Promise<string | undefined> {
  if (!wb) return undefined;
  mkdirSync(RESULTS, { recursive: true });
  const file = join(RESULTS, `${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
  await wb.page.screenshot({ path: file }).catch(() => undefined);
  return file;
}

export interface BrowserSuite {
  llm: FakeLlm;
  wb: Workbench;
}

/**
 * The hooks every browser suite needs, registered in the calling describe(): a fake model server, a
 * workbench with the .vsix, the Tandem panel connected through its setup card as a user would, a
 * screenshot of any failing test, and everything closed afterwards. `prepare` runs before the panel
 * opens (files in the workspace).
 */
export function browserSuite(opts: {
  key: string;
  userSettings?: Record<string, unknown>;
  prepare?: (wb: Workbench) => void;
  /** Leave workspace trust on: the folder opens in Restricted Mode. */
  untrusted?: boolean;
}): BrowserSuite {
  const suite = {} as BrowserSuite;
  before(async () => {
    suite.llm = await startFakeLlm();
    suite.wb = await openWorkbench({ userSettings: opts.userSettings, workspaceTrust: opts.untrusted });
    // code-server opens a folder it has not been told to trust in Restricted Mode (no startup question).
    if (opts.untrusted) await suite.wb.page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first().waitFor({ timeout: patient(60_000) });
    opts.prepare?.(suite.wb);
    await openTandemPanel(suite.wb);
    const chat = suite.wb.chat();
    await chat.getByTestId('setup-card').waitFor();
    await chat.locator('[data-testid="setup-key"] input').fill(opts.key);
    await chat.locator('[data-testid="setup-base-url"] input').fill(suite.llm.anthropicBaseUrl);
    await chat.getByTestId('setup-save').click();
    await chat.getByTestId('prompt-input').waitFor({ timeout: patient(15_000) });
  });
  after(async () => {
    await suite.wb?.close();
    await suite.llm?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      const file = await screenshotOnFailure(suite.wb, this.currentTest.fullTitle());
      if (file) console.log(`      screenshot: ${file}`);
    }
  });
  return suite;
}

/**
 * The chat webview (side bar or editor tab) whose content satisfies `matches`, once one does. With
 * several chats open `wb.chat()` is ambiguous; this tells them apart by what they show.
 */
export async function findChat(wb: Workbench, matches: (chat: FrameLocator) => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<FrameLocator> {
  const frames = wb.page.locator('iframe.webview.ready');
  const deadline = Date.now() + patient(timeoutMs);
  for (;;) {
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const chat = wb.page.frameLocator('iframe.webview.ready').nth(i).frameLocator('#active-frame');
      if (await matches(chat).catch(() => false)) return chat;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs a command from the command palette, as a user would. */
export async function runCommand(wb: Workbench, title: string): Promise<void> {
  const page = wb.page;
  await page.keyboard.press('F1');
  await page.locator('.quick-input-widget input').fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: patient(20_000) });
  await page.keyboard.press('Enter');
}
