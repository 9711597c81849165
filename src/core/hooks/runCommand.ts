// Runs one hook command as Claude Code does: `sh -c` in the project folder, the event's JSON on
// stdin, CLAUDE_PROJECT_DIR (and TANDEM_PROJECT_DIR) set. It runs in a process group of its own so
// a timeout or a stop kills everything it started; its output is capped.
import { spawn } from 'node:child_process';

/** Characters kept of stdout and of stderr (Claude Code's cap). */
export const HOOK_OUTPUT_CAP = 10_000;

export interface CommandRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** The command could not start (no shell, bad cwd). */
  spawnError?: string;
  durationMs: number;
}

export function runHookCommand(
  command: string,
  input: string,
  opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number; signal?: AbortSignal },
): Promise<CommandRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    const child = spawn('/bin/sh', ['-c', command], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const killTree = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killTree();
    }, opts.timeoutMs);
    const onAbort = () => killTree();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const keep = (acc: string, chunk: string) => (acc.length >= HOOK_OUTPUT_CAP ? acc : (acc + chunk).slice(0, HOOK_OUTPUT_CAP));
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout = keep(stdout, d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = keep(stderr, d)));
    const finish = (exitCode: number | null, spawnError?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      // Whatever the hook left running in its group goes with it.
      if (exitCode === null || timedOut) killTree();
      resolve({ exitCode, stdout, stderr, timedOut, durationMs: Date.now() - started, ...(spawnError ? { spawnError } : {}) });
    };
    child.on('error', (err) => finish(null, err.message));
    child.on('close', (code) => finish(code));
    child.stdin.on('error', () => undefined); // a hook that does not read its input closes the pipe early
    child.stdin.end(input);
  });
}
