// Runs the bundled mocha suite inside code-server's real extension host, driven through the
// workbench's smoke-test hooks (shared/REAL-VSCODE.md): the page relays the extension host's
// console and exit code back to us.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { launchBrowser } from './browser';
import { startCodeServer, TEST_ENV } from './codeServer';

// Built-in extensions of the workbench complain about services this offline machine cannot reach.
const NOISE = [/^\[AgentHost\] No signed-in session/, /getaddrinfo ENOTFOUND/, /^\[ChatModelSelection\]/, /^\[AccountPolicyGate\]/];

/** The workspace the integration suite opens (its tests read these). */
export const INTEGRATION_FILES: Record<string, string> = { 'notes.txt': 'the needle is here\nand hay\n' };

export interface ExtensionTestRun {
  exitCode: number;
  output: string[];
}

export async function runExtensionTests(opts: {
  extensionPath: string;
  testsPath: string;
  workspace?: string;
  /** Files to create in the workspace first (name → content). */
  files?: Record<string, string>;
  timeoutMs?: number;
  onLine?: (line: string) => void;
}): Promise<ExtensionTestRun> {
  const extensionPath = resolve(opts.extensionPath);
  const workspace = opts.workspace ?? mkdtempSync(join(tmpdir(), 'tandem-ws-'));
  for (const [name, text] of Object.entries(opts.files ?? {})) writeFileSync(join(workspace, name), text);
  const server = await startCodeServer({
    smokeTestDriver: true,
    // Tests must not pick up a developer's real keys.
    // A home of its own: sessions, settings and approvals the tests write never reach the developer's ~/.tandem.
    env: { ...TEST_ENV, HOME: mkdtempSync(join(tmpdir(), 'tandem-home-')) },
  });
  const browser = await launchBrowser();
  const output: string[] = [];
  const emit = (line: string) => {
    output.push(line);
    opts.onLine?.(line);
  };
  try {
    const page = await browser.newPage();
    const exit = new Promise<number>((resolveExit) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolveExit(Number(code)));
    });
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      // The extension host forwards console calls with their printf-style arguments.
      const text = format(...(Array.isArray(args) ? args : [args]));
      for (const line of text.split('\n')) if (!NOISE.some((n) => n.test(line))) emit(line);
    });
    const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(extensionPath)],
      ['extensionTestsPath', remote(resolve(opts.testsPath))],
    ]);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    const timeoutMs = opts.timeoutMs ?? 180_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<number>((resolveTimeout) => {
      timer = setTimeout(() => {
        emit(`[harness] extension tests did not finish within ${timeoutMs / 1000} s`);
        resolveTimeout(124);
      }, timeoutMs);
    });
    const exitCode = await Promise.race([exit, timeout]);
    clearTimeout(timer);
    return { exitCode, output };
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}
