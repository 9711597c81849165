// A per-session shell whose working directory and exported environment carry over between commands,
// for Linux and macOS with bash.
//
// Each command runs in its own short-lived `bash`, started in the session's cwd with the session's
// environment, in a process group of its own (detached). On exit an EXIT trap writes the final
// `pwd -P` and the exported variables to two files that are read back as the next command's state.
// A long-lived interactive bash fed through a pipe would be the other design; this one was chosen
// because a timeout or a cancel can kill the whole process tree (kill(-pgid)) without losing the
// session, a command can never read the next command as its input, and the exit code is exact.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, existsSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { Socket } from 'node:net';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Shell, ShellResult, ShellRunOptions, ShellState } from '../ports';
import { ensurePrivateDir } from './scratch';
import { BASH_IS_SECRET, isSecretVariable } from './secrets';

export interface PersistentShellOptions {
  cwd: string;
  /** The environment the session starts with; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /** Folder for the state files and background output; created when missing. */
  scratchDir: string;
  /** bash to run; defaults to /bin/bash when present, else `bash` on PATH. */
  bashPath?: string;
  /** Time between SIGTERM and SIGKILL when a command is stopped. */
  killGraceMs?: number;
}

interface BackgroundJob {
  child: ChildProcess;
  outputFile: string;
  exitCode: number | null;
  running: boolean;
}

// Runs the user's command with eval in this same bash, so `cd` and `export` are visible to the EXIT
// trap, which also runs after an explicit `exit N` (and keeps N as the status). stderr is joined to
// stdout at the source so both arrive through one pipe in the order they were written. The wrapper is
// a single line so that bash's messages about the command say "line 1", not a line of the wrapper.
//
// The state file never holds a secret: a variable Tandem knows as secret ($4 names them) is written
// as its name and whether the command changed it (its value stays in Tandem's memory), and a new
// secret-looking variable is only named. The cwd and env files live in the private scratch folder.
//
// The watchdog: a process in the command's group that ignores SIGTERM and waits on fd 3, a pipe
// whose other end only Tandem holds. When Tandem dies (even by SIGKILL) the read returns and it
// kills the group, so no command outlives its session. It is ended with the command, unless the
// command left jobs running in the background: those then die with the session too.
const SAVE_STATE =
  '__tandem_status=$?; trap - EXIT; set +eu +f; IFS=$\' \\t\\n\'; ' +
  '[ -z "$(jobs -pr)" ] && kill -KILL "$__tandem_watchdog" 2>/dev/null; ' +
  'pwd -P >| "$__tandem_cwd_file" 2>/dev/null; ' +
  'for __tandem_name in $(compgen -e); do __tandem_i=0; __tandem_at=; ' +
  'for __tandem_s in $__tandem_secrets; do if [ "$__tandem_s" = "$__tandem_name" ]; then __tandem_at=$__tandem_i; break; fi; __tandem_i=$((__tandem_i+1)); done; ' +
  'if [ -n "$__tandem_at" ]; then if [ "${!__tandem_name}" = "${__tandem_before[$__tandem_at]}" ]; then printf \'%s\\001\\0\' "$__tandem_name"; else printf \'%s\\002\\0\' "$__tandem_name"; fi; ' +
  'elif __tandem_is_secret "$__tandem_name" "${!__tandem_name}"; then printf \'%s\\002\\0\' "$__tandem_name"; ' +
  'else printf \'%s=%s\\0\' "$__tandem_name" "${!__tandem_name}"; fi; done >| "$__tandem_env_file" 2>/dev/null; ' +
  'exit "$__tandem_status"';
/** Also used by background commands (background.ts), so they too die with Tandem. */
export const WATCHDOG =
  '{ trap \'\' TERM INT HUP; read -r -u 3 __tandem_x; kill -TERM 0; sleep 2; kill -KILL 0; } </dev/null >/dev/null 2>&1 & ' +
  '__tandem_watchdog=$!; disown "$__tandem_watchdog" 2>/dev/null; exec 3<&-; ';
/** Exported for tests only: what the state files hold is checked against the wrapper itself. */
export const WRAPPER =
  'exec 2>&1; __tandem_cwd_file=$1 __tandem_env_file=$2 __tandem_command=$3 __tandem_secrets=$4; set --; ' +
  WATCHDOG +
  '__tandem_before=(); __tandem_i=0; for __tandem_s in $__tandem_secrets; do __tandem_before[$__tandem_i]=${!__tandem_s}; __tandem_i=$((__tandem_i+1)); done; ' +
  `${BASH_IS_SECRET}; __tandem_save() { ${SAVE_STATE}; }; trap __tandem_save EXIT; eval "$__tandem_command"`;

/** Variables bash sets for itself; carrying them over would make them drift (SHLVL grows each run). */
const NOT_CARRIED = new Set(['SHLVL', '_', 'PWD']);

/** Output kept in memory per command; past it the middle is dropped (a runaway `yes` can't exhaust memory). */
const MAX_KEPT_CHARS = 16_000_000;

/** After bash exits, how long to wait for its pipe to drain when a leftover background process holds it open. */
const DRAIN_MS = 250;

let shellCount = 0;

export class PersistentShell implements Shell {
  private cwd: string;
  private env: Record<string, string>;
  private readonly startEnv: Readonly<Record<string, string>>;
  private readonly initialCwd: string;
  private readonly scratchDir: string;
  private readonly bash: string;
  private readonly killGraceMs: number;
  private readonly tag = `${process.pid}-${++shellCount}`;
  private runCount = 0;
  private queue: Promise<void> = Promise.resolve();
  private current: ChildProcess | undefined;
  private readonly jobs = new Map<string, BackgroundJob>();
  private disposed = false;

  constructor(options: PersistentShellOptions) {
    this.cwd = options.cwd;
    this.initialCwd = options.cwd;
    this.scratchDir = options.scratchDir;
    this.bash = options.bashPath ?? (existsSync('/bin/bash') ? '/bin/bash' : 'bash');
    this.killGraceMs = options.killGraceMs ?? 2000;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(options.env ?? process.env)) {
      if (v !== undefined && !NOT_CARRIED.has(k)) env[k] = v;
    }
    // No TTY and stdin is /dev/null: an editor git opened for a message would never get input.
    env.GIT_EDITOR ??= 'true';
    this.env = env;
    this.startEnv = { ...env };
  }

  /** The directory the next command starts in. */
  get currentCwd(): string {
    return this.cwd;
  }

  /** Where the next command starts (as runNow will pick it) and the environment it gets. */
  state(): ShellState {
    return { cwd: isDirectory(this.cwd) ? this.cwd : this.initialCwd, env: { ...this.env }, startEnv: this.startEnv };
  }

  /** Commands run one at a time: each starts from the state the previous one left. */
  run(command: string, options: ShellRunOptions): Promise<ShellResult> {
    const turn = this.queue.then(() => this.runNow(command, options));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async runNow(command: string, options: ShellRunOptions): Promise<ShellResult> {
    if (this.disposed) throw new Error('This shell has been closed; start a new session to run commands.');
    if (options.signal.aborted) return { exitCode: null, output: '', timedOut: false, interrupted: true, cwd: this.cwd };

    const output = new KeptOutput(MAX_KEPT_CHARS);
    const emit = (text: string) => {
      if (!text) return;
      output.push(text);
      options.onOutput?.(text);
    };
    if (!isDirectory(this.cwd)) {
      emit(`[The working directory ${this.cwd} no longer exists; running in ${this.initialCwd} instead.]\n`);
      this.cwd = this.initialCwd;
    }
    ensurePrivateDir(this.scratchDir);
    const base = path.join(this.scratchDir, `.shell-${this.tag}-${++this.runCount}`);
    const cwdFile = `${base}.cwd`;
    const envFile = `${base}.env`;
    const secrets = Object.keys(this.env).filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) && isSecretVariable(k, this.env[k]));

    const child = spawn(this.bash, ['-c', WRAPPER, 'bash', cwdFile, envFile, command, secrets.join(' ')], {
      cwd: this.cwd,
      env: this.env,
      detached: true,
      // fd 3: the watchdog's lifeline (see WATCHDOG). Read so its end is seen; never keeps Tandem alive.
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const lifeline = child.stdio[3] as Socket | null;
    lifeline?.on('error', () => undefined).resume().unref();
    this.current = child;

    let stoppedBy: 'timeout' | 'abort' | undefined;
    const stop = (why: 'timeout' | 'abort') => {
      if (stoppedBy || moved) return;
      stoppedBy = why;
      killGroup(child, 'SIGTERM');
      // Whatever ignored SIGTERM is killed after the grace period, even once bash itself is gone.
      // The timer never holds Tandem open (exit after Ctrl-C is prompt): if Tandem exits first,
      // the watchdog does the same.
      setTimeout(() => killGroup(child, 'SIGKILL'), this.killGraceMs).unref();
    };

    // Moving to the background: the command already runs in a process group of its own, apart from
    // this shell (each command has its own bash), so nothing has to leave a job table. Its pipes are
    // handed over with it: from then on what it writes goes to the background job's file, not to this
    // run, and this run resolves at once so the next command can start (from the state before the
    // moved one: its `cd` and `export` no longer carry over). The watchdog stays with it, so it still
    // dies with Tandem.
    const handoff = options.background;
    let moved: { id: string; outputFile: string; reason: 'timeout' | 'request' } | undefined;
    let onMoved: (() => void) | undefined;
    const movedAway = new Promise<void>((resolve) => (onMoved = resolve));
    const readers: { stream: NodeJS.ReadableStream; data: (chunk: Buffer) => void; end: () => void; decoder: StringDecoder }[] = [];
    const moveToBackground = (reason: 'timeout' | 'request') => {
      if (!handoff || stoppedBy || moved || child.exitCode !== null || child.signalCode !== null) return;
      for (const r of readers) {
        r.stream.off('data', r.data);
        r.stream.off('end', r.end);
        emit(r.decoder.end());
      }
      try {
        moved = { ...handoff.adopt(child, output.text()), reason };
      } catch (err) {
        emit(`\n[Could not move the command to the background (${(err as Error).message}); stopping it.]\n`);
        stop(reason === 'timeout' ? 'timeout' : 'abort');
        return;
      }
      // The moved command's state files are written when it ends; nobody reads them.
      child.once('exit', () => {
        rmSync(cwdFile, { force: true });
        rmSync(envFile, { force: true });
      });
      onMoved?.();
    };

    // setTimeout fires at once for delays past 2^31-1 ms, so an "unlimited" timeout is clamped (~24 days).
    const timeout = setTimeout(() => (handoff?.onTimeout ? moveToBackground('timeout') : stop('timeout')), Math.min(options.timeoutMs, 2 ** 31 - 1));
    const onAbort = () => stop('abort');
    options.signal.addEventListener('abort', onAbort, { once: true });
    const onRequest = () => moveToBackground('request');
    handoff?.request?.addEventListener('abort', onRequest, { once: true });

    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      const decoder = new StringDecoder('utf8');
      const reader = { stream, decoder, data: (chunk: Buffer) => emit(decoder.write(chunk)), end: () => emit(decoder.end()) };
      readers.push(reader);
      stream.on('data', reader.data);
      stream.on('end', reader.end);
    }

    try {
      const exited = waitForExit(child);
      const exit = await Promise.race([exited, movedAway.then(() => undefined)]);
      if (!exit) {
        exited.catch(() => undefined);
        return { exitCode: null, output: output.text(), timedOut: false, interrupted: false, cwd: this.cwd, movedToBackground: moved };
      }
      const cwd = this.readState(cwdFile, envFile, stoppedBy === undefined && exit.signal === null, emit);
      return {
        exitCode: exit.code,
        output: output.text(),
        timedOut: stoppedBy === 'timeout',
        interrupted: stoppedBy === 'abort',
        cwd,
      };
    } finally {
      clearTimeout(timeout);
      options.signal.removeEventListener('abort', onAbort);
      handoff?.request?.removeEventListener('abort', onRequest);
      this.current = undefined;
      if (!moved) {
        rmSync(cwdFile, { force: true });
        rmSync(envFile, { force: true });
      }
    }
  }

  /**
   * Takes over the cwd (when it is still a directory) and, after a clean exit, the environment.
   * Secrets come from memory (unchanged) or are dropped (changed or new: their value is not on disk).
   */
  private readState(cwdFile: string, envFile: string, takeEnv: boolean, note: (text: string) => void): string {
    const cwd = readIfPresent(cwdFile)?.replace(/\n$/, '');
    if (cwd && isDirectory(cwd)) this.cwd = cwd;
    const envText = takeEnv ? readIfPresent(envFile) : undefined;
    // An empty or cut-off file (the command replaced the shell with exec, or the disk is full) keeps
    // the previous environment rather than wiping it.
    if (envText && envText.endsWith('\0')) {
      const env: Record<string, string> = {};
      const dropped: string[] = [];
      for (const entry of envText.slice(0, -1).split('\0')) {
        const eq = entry.indexOf('=');
        const secret = eq < 0 ? entry.slice(0, -1) : '';
        if (eq < 0 && entry.endsWith('\x01') && secret in this.env) env[secret] = this.env[secret];
        else if (eq < 0 && entry.endsWith('\x02')) dropped.push(secret);
        if (eq <= 0) continue;
        const name = entry.slice(0, eq);
        if (!NOT_CARRIED.has(name)) env[name] = entry.slice(eq + 1);
      }
      this.env = env;
      if (dropped.length) {
        note(`\n[Tandem does not carry secret-looking variables a command sets (${dropped.join(', ')}) to later commands: set them in the command that uses them.]\n`);
      }
    }
    return this.cwd;
  }

  async runInBackground(command: string): Promise<{ id: string; outputFile: string }> {
    if (this.disposed) throw new Error('This shell has been closed; start a new session to run commands.');
    ensurePrivateDir(this.scratchDir);
    const id = `bg-${this.tag}-${this.jobs.size + 1}`;
    const outputFile = path.join(this.scratchDir, `${id}.log`);
    const fd = openSync(outputFile, 'w');
    let child: ChildProcess;
    try {
      child = spawn(this.bash, ['-c', command], {
        cwd: isDirectory(this.cwd) ? this.cwd : this.initialCwd,
        env: this.env,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      closeSync(fd); // the child holds its own copy
    }
    const job: BackgroundJob = { child, outputFile, exitCode: null, running: true };
    child.on('exit', (code) => {
      job.running = false;
      job.exitCode = code;
    });
    await once(child, 'spawn');
    // The job must not keep a headless host alive; dispose() ends it.
    child.unref();
    this.jobs.set(id, job);
    return { id, outputFile };
  }

  /** State of a background job, or undefined for an unknown id. */
  backgroundJob(id: string): { running: boolean; exitCode: number | null; outputFile: string } | undefined {
    const job = this.jobs.get(id);
    return job && { running: job.running, exitCode: job.exitCode, outputFile: job.outputFile };
  }

  /** Kills a background job's whole process tree; false when the id is unknown or it had ended. */
  killBackground(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job || !job.running) return false;
    this.terminate(job.child);
    return true;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.current) this.terminate(this.current);
    for (const job of this.jobs.values()) if (job.running) this.terminate(job.child);
  }

  private terminate(child: ChildProcess): void {
    killGroup(child, 'SIGTERM');
    setTimeout(() => killGroup(child, 'SIGKILL'), this.killGraceMs).unref();
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // ESRCH: the group has already exited.
  }
}

/**
 * Resolves once bash has exited and its output has been read. A process the command left running in
 * the background may hold the pipe open for ever, so after exit the pipe gets DRAIN_MS to finish.
 */
function waitForExit(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let drain: NodeJS.Timeout | undefined;
    const finish = () => {
      if (!exit) return;
      clearTimeout(drain);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(exit);
    };
    child.on('error', (err) => reject(new Error(`Could not start bash: ${err.message}`)));
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      drain = setTimeout(finish, DRAIN_MS);
    });
    child.on('close', finish);
  });
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Head and tail of a stream of text within a bound; the middle is dropped and counted. */
class KeptOutput {
  private head = '';
  private tail: string[] = [];
  private tailLength = 0;
  private dropped = 0;

  constructor(private readonly max: number) {}

  push(text: string): void {
    const half = this.max / 2;
    if (this.head.length < half) {
      const room = half - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
    }
    if (!text) return;
    this.tail.push(text);
    this.tailLength += text.length;
    while (this.tail.length > 1 && this.tailLength - this.tail[0]!.length >= half) {
      const first = this.tail.shift()!;
      this.tailLength -= first.length;
      this.dropped += first.length;
    }
  }

  text(): string {
    let tail = this.tail.join('');
    let dropped = this.dropped;
    if (tail.length > this.max / 2) {
      dropped += tail.length - this.max / 2;
      tail = tail.slice(tail.length - this.max / 2);
    }
    if (dropped === 0) return this.head + tail;
    return `${this.head}\n\n[... ${dropped} characters of output dropped here to bound memory ...]\n\n${tail}`;
  }
}
