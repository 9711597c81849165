// Background commands (Bash run_in_background, BashOutput, KillShell): each runs in its own
// process group, its output (stdout and stderr together) goes to a file up to a cap, readers get
// what is new since their last read, and every one is stopped when the session ends or the
// process exits (the whole group, so nothing is left running: checked by pid in the tests).
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { Socket } from 'node:net';
import type { BackgroundCommands, BackgroundJobInfo, BackgroundRead } from '../tools/types';
import { WATCHDOG } from './persistentShell';

// The command runs under the same watchdog as the session shell's commands: a process in its group
// that kills the group when Tandem's end of fd 3 closes, so even a Tandem killed by SIGKILL (no exit
// hook runs) leaves nothing behind. When the command ends with no jobs of its own left, the watchdog
// goes with it.
const BACKGROUND_WRAPPER =
  '__tandem_command=$1; set --; ' +
  WATCHDOG +
  'trap \'[ -z "$(jobs -pr)" ] && kill -KILL "$__tandem_watchdog" 2>/dev/null\' EXIT; eval "$__tandem_command"';

export interface BackgroundOptions {
  scratchDir: string;
  /** Where and with what environment a command starts: the session shell's current state. */
  spawnContext: () => { cwd: string; env: Record<string, string> };
  /** Bytes of output kept per command; default 20 MB. Past it the output is dropped (and said so). */
  maxOutputBytes?: number;
  /** Characters one read returns at most; default 30,000 (the rest stays for the next read). */
  maxReadChars?: number;
  killGraceMs?: number;
  bashPath?: string;
  /** Told when a command starts, ends or writes (the panel's list). */
  onChange?: (job: BackgroundJobInfo) => void;
}

interface Job extends BackgroundJobInfo {
  child: ChildProcess;
  fd: number | undefined;
  written: number;
  readOffset: number;
  capped: boolean;
  exited: Promise<void>;
}

let serial = 0;
const live = new Set<BackgroundProcesses>();
let exitHookInstalled = false;

/** On process exit (the CLI ends, the extension host shuts down) every group still running is killed. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const b of live) b.killAllNow();
  });
}

export class BackgroundProcesses implements BackgroundCommands {
  private readonly jobs = new Map<string, Job>();
  private readonly movable = new Map<string, AbortController>();
  private readonly tag = `${process.pid}-${++serial}`;
  private count = 0;
  private disposed = false;

  constructor(private readonly opts: BackgroundOptions) {
    live.add(this);
    installExitHook();
  }

  async start(command: string, owner: string): Promise<BackgroundJobInfo> {
    if (this.disposed) throw new Error('This session has ended; background commands can no longer start.');
    mkdirSync(this.opts.scratchDir, { recursive: true });
    const id = `bash_${this.tag}_${++this.count}`;
    const outputFile = path.join(this.opts.scratchDir, `${id}.log`);
    const { cwd, env } = this.opts.spawnContext();
    const child = spawn(this.opts.bashPath ?? 'bash', ['-c', BACKGROUND_WRAPPER, 'bash', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) => reject(new Error(`Could not start bash: ${err.message}`)));
    });
    // fd 3: the watchdog's lifeline; read so its end is seen, never keeping Tandem alive.
    (child.stdio[3] as Socket | null)?.on('error', () => undefined).resume().unref();
    return this.adopt(child, { id, command, owner, outputFile });
  }

  /**
   * Takes over a running process group (a foreground command moved to the background). Its output
   * so far goes first into the file and counts as read: the model already had it in the Bash result.
   */
  adopt(child: ChildProcess, meta: { id?: string; command: string; owner: string; outputFile?: string; initialOutput?: string }): BackgroundJobInfo {
    const id = meta.id ?? `bash_${this.tag}_${++this.count}`;
    const outputFile = meta.outputFile ?? path.join(this.opts.scratchDir, `${id}.log`);
    mkdirSync(this.opts.scratchDir, { recursive: true });
    const job: Job = {
      id,
      command: meta.command,
      owner: meta.owner,
      pid: child.pid,
      startedAt: Date.now(),
      running: child.exitCode === null && child.signalCode === null,
      exitCode: child.exitCode,
      outputFile,
      child,
      fd: openSync(outputFile, 'w'),
      written: 0,
      readOffset: 0,
      capped: false,
      exited: Promise.resolve(),
    };
    this.jobs.set(id, job);
    if (meta.initialOutput) this.write(job, Buffer.from(meta.initialOutput));
    job.readOffset = job.written;
    for (const stream of [child.stdout, child.stderr] as (Readable | null)[]) {
      stream?.on('data', (chunk: Buffer) => this.write(job, chunk));
      // The pipes must not keep a headless host alive: dispose() or the exit hook ends the job.
      (stream as unknown as { unref?: () => void } | null)?.unref?.();
    }
    job.exited = new Promise<void>((resolve) => {
      if (!job.running) return resolve();
      child.once('exit', (code, signal) => {
        job.running = false;
        job.exitCode = code ?? (signal ? 128 : null);
        this.opts.onChange?.(this.info(job));
        resolve();
      });
    });
    child.unref();
    this.opts.onChange?.(this.info(job));
    return this.info(job);
  }

  private write(job: Job, chunk: Buffer): void {
    const max = this.opts.maxOutputBytes ?? 20_000_000;
    if (job.fd === undefined || job.capped) return;
    const room = max - job.written;
    const part = chunk.length > room ? chunk.subarray(0, Math.max(0, room)) : chunk;
    writeSync(job.fd, part);
    job.written += part.length;
    if (part.length < chunk.length) {
      job.capped = true;
      const note = Buffer.from(`\n[Output reached the ${max}-byte cap; the rest is not kept. The command is still running.]\n`);
      writeSync(job.fd, note);
      job.written += note.length;
    }
  }

  read(id: string, filter?: RegExp): BackgroundRead | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    const maxChars = this.opts.maxReadChars ?? 30_000;
    const fd = openSync(job.outputFile, 'r');
    let text: string;
    try {
      const length = Math.max(0, Math.min(job.written - job.readOffset, maxChars * 4));
      const buf = Buffer.alloc(length);
      const n = length ? readSync(fd, buf, 0, length, job.readOffset) : 0;
      // Stop at the last whole line (or whole UTF-8 character) so nothing is split between reads.
      let end = n;
      const nl = buf.subarray(0, n).lastIndexOf(0x0a);
      if (job.running && nl >= 0) end = nl + 1;
      while (end > 0 && end < n && (buf[end] & 0xc0) === 0x80) end--;
      text = buf.subarray(0, end).toString('utf8');
      if (text.length > maxChars) {
        text = text.slice(0, maxChars);
        end = Buffer.byteLength(text);
      }
      job.readOffset += end;
    } finally {
      closeSync(fd);
    }
    if (filter) text = text.split('\n').filter((l) => filter.test(l)).join('\n');
    return { info: this.info(job), text, capped: job.capped };
  }

  async kill(id: string): Promise<boolean> {
    const job = this.jobs.get(id);
    if (!job || !job.running) return false;
    this.signal(job, 'SIGTERM');
    const hard = setTimeout(() => this.signal(job, 'SIGKILL'), this.opts.killGraceMs ?? 2000);
    await job.exited;
    clearTimeout(hard);
    this.signal(job, 'SIGKILL'); // whatever the shell left in its group
    return true;
  }

  /**
   * A foreground command that may move here while it runs (the panel's "Move to background"): the
   * signal fires on requestMove(toolUseId); call release() once the command has ended or moved.
   */
  watchForeground(toolUseId: string): { signal: AbortSignal; release(): void } {
    const controller = new AbortController();
    this.movable.set(toolUseId, controller);
    return { signal: controller.signal, release: () => this.movable.get(toolUseId) === controller && this.movable.delete(toolUseId) };
  }

  /** The user asked to move a running foreground command to the background; false when none with that tool call id runs. */
  requestMove(toolUseId: string): boolean {
    const controller = this.movable.get(toolUseId);
    if (!controller) return false;
    this.movable.delete(toolUseId);
    controller.abort();
    return true;
  }

  /** The last lines a command wrote (for the panel's list), read from the end of its output file. */
  tail(id: string, lines = 3, maxBytes = 4096): string {
    const job = this.jobs.get(id);
    if (!job || job.written === 0) return '';
    const length = Math.min(job.written, maxBytes);
    const buf = Buffer.alloc(length);
    let n = 0;
    try {
      const fd = openSync(job.outputFile, 'r');
      try {
        n = readSync(fd, buf, 0, length, job.written - length);
      } finally {
        closeSync(fd);
      }
    } catch {
      return '';
    }
    let text = buf.subarray(0, n).toString('utf8').replace(/\r\n?/g, '\n').replace(/\n+$/, '');
    if (length < job.written) text = text.slice(text.indexOf('\n') + 1); // the first line may be cut
    return text.split('\n').slice(-lines).join('\n');
  }

  list(): BackgroundJobInfo[] {
    return [...this.jobs.values()].map((j) => this.info(j));
  }

  /** Stops every command now (the session ended); safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    live.delete(this);
    for (const job of this.jobs.values()) {
      if (job.running) {
        this.signal(job, 'SIGTERM');
        setTimeout(() => this.signal(job, 'SIGKILL'), this.opts.killGraceMs ?? 2000).unref();
      }
      if (job.fd !== undefined) closeSync(job.fd);
      job.fd = undefined;
    }
  }

  /** Synchronous last resort at process exit. */
  killAllNow(): void {
    for (const job of this.jobs.values()) if (job.running) this.signal(job, 'SIGKILL');
  }

  private signal(job: Job, sig: NodeJS.Signals): void {
    if (job.pid === undefined) return;
    try {
      process.kill(-job.pid, sig);
    } catch {
      // ESRCH: the group is gone.
    }
  }

  private info(job: Job): BackgroundJobInfo {
    const { id, command, owner, pid, startedAt, running, exitCode, outputFile } = job;
    return { id, command, owner, pid, startedAt, running, exitCode, outputFile };
  }
}
