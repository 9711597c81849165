// Claude Code's CLI for bench/vs-claude-code: installed from the npm registry into a cache folder
// outside the repository (never a project dependency), and the environment it runs in: pointed at
// the fake model server, with a dummy key, its own config folder, and every non-essential request
// (telemetry, auto-update, error reports) switched off through its documented variables.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readSync, closeSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface ClaudeCode {
  /** The command to run (the native binary, or node with the fallback launcher). */
  command: string[];
  version: string;
}

const PKG = '@anthropic-ai/claude-code';

function isElf(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 0);
    return b.toString('latin1') === '\x7fELF';
  } finally {
    closeSync(fd);
  }
}

function commandIn(dir: string): string[] | undefined {
  const pkgDir = path.join(dir, 'node_modules', PKG);
  const bin = path.join(pkgDir, 'bin', 'claude.exe');
  if (!existsSync(bin)) return undefined;
  if (isElf(bin)) return [bin];
  // The postinstall step that puts the native binary in place did not run: the platform package's
  // binary is used directly (what the package's own fallback launcher would spawn).
  const platformBin = path.join(dir, 'node_modules', `${PKG}-${process.platform}-${process.arch}`, 'claude');
  if (existsSync(platformBin)) return [platformBin];
  return [process.execPath, path.join(pkgDir, 'cli-wrapper.cjs')];
}

/**
 * Finds Claude Code in the cache folder (TANDEM_BENCH_CACHE, default ~/.cache/tandem-bench),
 * installing it there first when missing. Returns why not when it cannot be had or does not run.
 */
export function findClaudeCode(log: (s: string) => void): ClaudeCode | { unavailable: string } {
  if (process.env.BENCH_CLAUDE_CODE === '0') return { unavailable: 'BENCH_CLAUDE_CODE=0' };
  const dir = process.env.TANDEM_BENCH_CACHE ?? path.join(os.homedir(), '.cache', 'tandem-bench');
  let command = commandIn(dir);
  if (!command) {
    const version = process.env.BENCH_CLAUDE_CODE_VERSION ?? 'latest';
    log(`Installing ${PKG}@${version} into ${dir} (outside the repository) ...`);
    mkdirSync(dir, { recursive: true });
    if (!existsSync(path.join(dir, 'package.json'))) writeFileSync(path.join(dir, 'package.json'), '{ "private": true }\n');
    try {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', dir, `${PKG}@${version}`], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5 * 60_000 });
    } catch (err) {
      const stderr = String((err as { stderr?: Buffer }).stderr ?? err).trim().split('\n').slice(-3).join(' ');
      return { unavailable: `npm could not install ${PKG}: ${stderr}` };
    }
    command = commandIn(dir);
    if (!command) return { unavailable: `${PKG} installed into ${dir} but has no bin/claude.exe` };
  }
  const r = spawnSync(command[0], [...command.slice(1), '--version'], { encoding: 'utf8', timeout: 60_000, env: { ...claudeCodeEnv('http://127.0.0.1:9', os.tmpdir()), PATH: process.env.PATH } });
  if (r.status !== 0) return { unavailable: `\`claude --version\` failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').trim().slice(0, 300)}` };
  return { command, version: r.stdout.trim() };
}

/**
 * Claude Code's default tools, plus Grep and Glob: its native Linux and macOS builds (since 2.1.117)
 * leave those two out and alias grep/find inside Bash instead; `--tools` brings them back, so both
 * CLIs run the very same calls. The list is the default roster 2.1.332 sends (ToolSearch drops out
 * when tools are listed).
 */
export const CLAUDE_CODE_TOOLS = ['--tools', 'Agent,Bash,Edit,Glob,Grep,ListAgents,Read,ReportFindings,ScheduleWakeup,Skill,ToolSearch,Workflow,Write'];

/** Claude Code's environment: the fake server, a dummy key, its own config, nothing non-essential. */
export function claudeCodeEnv(baseUrl: string, home: string): NodeJS.ProcessEnv {
  return {
    HOME: home,
    CLAUDE_CONFIG_DIR: path.join(home, '.claude'),
    ANTHROPIC_BASE_URL: baseUrl,
    ANTHROPIC_API_KEY: 'sk-bench',
    IS_SANDBOX: '1', // its bypass mode refuses root otherwise
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_ERROR_REPORTING: '1',
    DISABLE_BUG_COMMAND: '1',
  };
}
