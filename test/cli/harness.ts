// Runs the built CLI (dist/cli.js) as a real process against the fake model server.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cleanEnv, runProcess } from '../harness/process';

export const REPO = resolve(__dirname, '..', '..');
export const CLI = join(REPO, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/cli.js unless it is newer than every source file. */
export function ensureCliBuilt(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(REPO, 'src'))) return;
  const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 0, `node esbuild.mjs failed:\n${r.stdout}\n${r.stderr}`);
}

/** Runs the CLI in `cwd` with only the given provider variables (none from the developer's shell). */
export function runCli(args: string[], opts: { cwd: string; env: Record<string, string>; timeoutMs?: number; stdin?: string }): Promise<CliRun> {
  return runProcess(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: cleanEnv(opts.env), timeoutMs: opts.timeoutMs ?? 20_000, stdin: opts.stdin });
}
