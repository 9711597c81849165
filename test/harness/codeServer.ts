// Starts a real VS Code (code-server) for integration and end-to-end tests and for `npm start`.
// See shared/REAL-VSCODE.md for why each flag is here.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPaths } from '../../scripts/tools';

export const tools = toolPaths;

/** Provider variables removed for tests: they must not pick up a developer's real keys. */
export const TEST_ENV: Record<string, undefined> = {
  ANTHROPIC_API_KEY: undefined,
  OPENAI_API_KEY: undefined,
  ANTHROPIC_BASE_URL: undefined,
  OPENAI_BASE_URL: undefined,
};

export interface CodeServerOptions {
  /** Folder for user data, extensions and config; a new temp folder when omitted. */
  runDir?: string;
  /** VS Code user settings written before start. */
  userSettings?: Record<string, unknown>;
  /** Extra environment for the server and so for its extension host. */
  env?: Record<string, string | undefined>;
  /** Needed for extension tests through the `payload` URL parameter. */
  smokeTestDriver?: boolean;
  /** Keep workspace trust prompts (workspace trust tests). */
  workspaceTrust?: boolean;
  port?: number;
  /** Where server output goes; default: kept in memory for error messages. */
  onLog?: (line: string) => void;
}

export interface CodeServer {
  url: string;
  port: number;
  runDir: string;
  extensionsDir: string;
  stop(): Promise<void>;
}

function baseArgs(runDir: string, o: CodeServerOptions): string[] {
  const args = [
    '--auth', 'none',
    '--config', join(runDir, 'config.yaml'),
    '--user-data-dir', join(runDir, 'data'),
    '--extensions-dir', join(runDir, 'ext'),
    '--disable-telemetry',
    '--disable-update-check',
    '--ignore-last-opened',
  ];
  if (!o.workspaceTrust) args.push('--disable-workspace-trust');
  if (o.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  return args;
}

/** Installs a .vsix into the run folder's extensions directory (under a second). */
export function installExtension(runDir: string, vsix: string): void {
  const t = tools();
  mkdirSync(runDir, { recursive: true });
  const r = spawnSync(t.node24, [t.codeServerEntry, ...baseArgs(runDir, {}), '--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export async function startCodeServer(o: CodeServerOptions = {}): Promise<CodeServer> {
  const t = tools();
  const runDir = o.runDir ?? mkdtempSync(join(tmpdir(), 'tandem-cs-'));
  mkdirSync(join(runDir, 'data', 'User'), { recursive: true });
  writeFileSync(join(runDir, 'config.yaml'), 'auth: none\ncert: false\n');
  writeFileSync(
    join(runDir, 'data', 'User', 'settings.json'),
    JSON.stringify({ 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'workbench.tips.enabled': false, ...o.userSettings }, null, 2),
  );
  const args = [t.codeServerEntry, '--bind-addr', `127.0.0.1:${o.port ?? 0}`, ...baseArgs(runDir, o)];
  const child: ChildProcess = spawn(t.node24, args, {
    detached: true, // own process group: stop() kills helpers too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: mergeEnv(process.env, o.env),
  });
  const logLines: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${logLines.join('\n')}`)), 60_000);
    const onData = (buf: Buffer) => {
      for (const line of buf.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        logLines.push(line);
        o.onLog?.(line);
        const m = /HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited with ${code} before listening:\n${logLines.join('\n')}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url);
  let stopped = false;
  return {
    url,
    port,
    runDir,
    extensionsDir: join(runDir, 'ext'),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await killGroup(child);
    },
  };
}

/** Overrides the environment; an undefined value removes the variable. */
function mergeEnv(base: NodeJS.ProcessEnv, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

async function waitForHealth(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`code-server at ${url} never answered /healthz`);
}

export function killGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.pid === undefined) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      resolve();
    }, 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}
