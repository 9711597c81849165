// Finding and running ripgrep, which Glob and Grep use. The binary comes from PATH or from the npm
// package @vscode/ripgrep-universal (which ships prebuilt binaries for every platform inside the
// package, so nothing is downloaded at install time). A host may add candidates of its own, e.g. the
// rg that VS Code itself ships, since the .vsix does not carry node_modules.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export interface FindRipgrepOptions {
  /** Binaries to try after PATH and before the npm package (absolute paths). */
  candidates?: string[];
  /** PATH to search; defaults to process.env.PATH. */
  pathEnv?: string;
}

const EXE = process.platform === 'win32' ? 'rg.exe' : 'rg';
const cache = new Map<string, string | undefined>();

/** An executable rg that runs on this platform/arch, or undefined when none was found. */
export function findRipgrep(options: FindRipgrepOptions = {}): string | undefined {
  const pathEnv = options.pathEnv ?? process.env.PATH ?? '';
  const key = JSON.stringify([pathEnv, options.candidates ?? []]);
  if (cache.has(key)) return cache.get(key);
  const found = candidates(pathEnv, options.candidates ?? []).find(runs);
  cache.set(key, found);
  return found;
}

const asyncCache = new Map<string, Promise<string | undefined>>();

/**
 * findRipgrep without blocking: the candidates are probed with `rg --version` one after another in
 * child processes while the caller goes on (the synchronous probe holds the event loop for the
 * whole process start, 5-50 ms). Cached per process like findRipgrep.
 */
export function findRipgrepAsync(options: FindRipgrepOptions = {}): Promise<string | undefined> {
  const pathEnv = options.pathEnv ?? process.env.PATH ?? '';
  const key = JSON.stringify([pathEnv, options.candidates ?? []]);
  if (cache.has(key)) return Promise.resolve(cache.get(key));
  let found = asyncCache.get(key);
  if (!found) {
    found = (async () => {
      for (const file of candidates(pathEnv, options.candidates ?? [])) if (await runsAsync(file)) return file;
      return undefined;
    })();
    asyncCache.set(key, found);
  }
  return found;
}

function runsAsync(file: string): Promise<boolean> {
  try {
    if (!statSync(file).isFile()) return Promise.resolve(false);
    accessSync(file, constants.X_OK);
  } catch {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    execFile(file, ['--version'], { timeout: 5000 }, (err, stdout) => resolve(!err && stdout.startsWith('ripgrep')));
  });
}

function candidates(pathEnv: string, extra: string[]): string[] {
  const onPath = pathEnv
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => path.join(dir, EXE));
  const fromPackage = packageBinary();
  return [...onPath, ...extra, ...(fromPackage ? [fromPackage] : [])];
}

function packageBinary(): string | undefined {
  try {
    // Only the package's location is resolved: its entry module is ESM (import.meta.url), which the
    // CommonJS extension bundle could not load, and all it does is build this same path.
    const main = require.resolve('@vscode/ripgrep-universal');
    return path.join(path.dirname(path.dirname(main)), 'bin', `${process.platform}-${process.arch}`, EXE);
  } catch {
    return undefined;
  }
}

/** Exists, is executable, and actually runs here (a binary for another arch would fail to start). */
function runs(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
  } catch {
    return false;
  }
  const probe = spawnSync(file, ['--version'], { timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
  return probe.status === 0 && probe.stdout.toString().startsWith('ripgrep');
}

export interface RipgrepResult {
  /** 0: matches, 1: no matches, 2: an error (possibly alongside matches). null when killed. */
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** stdout went past maxOutputChars and rg was stopped; stdout holds what came before. */
  truncated: boolean;
}

export interface RunRipgrepOptions {
  cwd: string;
  signal: AbortSignal;
  /** Stop collecting (and stop rg) after this many characters of stdout. */
  maxOutputChars?: number;
}

/**
 * Runs rg with an argument list, never through a shell. `--no-config` always comes first so a user's
 * RIPGREP_CONFIG_PATH cannot add flags such as --pre (which runs programs) behind the caller's back.
 */
export function runRipgrep(rgPath: string, args: string[], options: RunRipgrepOptions): Promise<RipgrepResult> {
  const maxChars = options.maxOutputChars ?? 20_000_000;
  return new Promise((resolve, reject) => {
    if (options.signal.aborted) {
      reject(new Error('Search cancelled.'));
      return;
    }
    const child = spawn(rgPath, ['--no-config', ...args], {
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let truncated = false;
    const onAbort = () => child.kill('SIGKILL');
    options.signal.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (truncated) return;
      stdout += chunk;
      if (stdout.length > maxChars) {
        truncated = true;
        // Keep whole lines only, so a cut never shows half a path.
        stdout = stdout.slice(0, stdout.lastIndexOf('\n', maxChars) + 1);
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 10_000) stderr += chunk;
    });
    child.on('error', (err) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(new Error(`Could not run ripgrep (${rgPath}): ${err.message}`));
    });
    child.on('close', (code) => {
      options.signal.removeEventListener('abort', onAbort);
      if (options.signal.aborted) reject(new Error('Search cancelled.'));
      else resolve({ exitCode: code, stdout, stderr, truncated });
    });
  });
}

/**
 * True when a glob names a dot-file or dot-folder itself (".env*", ".github/**", "{.eslintrc,*.json}"):
 * hidden files are skipped by default, so the caller then adds --hidden.
 */
export function globNamesHidden(glob: string): boolean {
  return /(^|[/{,])\.[^/.]/.test(glob);
}

/** Version-control folders never searched, even with --hidden. */
export const VCS_DIRS = ['.git', '.svn', '.hg', '.bzr', '.jj', '.sl'];
