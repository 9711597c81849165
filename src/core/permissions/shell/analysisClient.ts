// Where shell commands are analysed: in a worker thread when the bundle ships the worker
// (dist/shell-analysis-worker.js, see analysisWorker.ts), else on the calling thread (sources run
// with tsx, the SDK's own build). Both give the same ShellAnalysis: the worker runs the same code.
// A worker that cannot start, crashes or answers with an error is not retried: that command and
// every later one are analysed on the calling thread, so a broken worker costs speed, never a
// decision.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { analyzeCommand, prepareShellAnalysis } from './analyze';
import { ANALYSIS_WORKER_FILE, type AnalysisReply, type AnalysisRequest } from './analysisProtocol';
import type { ShellAnalysis } from './types';

export interface ShellAnalyzer {
  /** Which thread analyses: 'worker' until the worker failed, then 'thread'. */
  readonly where: 'worker' | 'thread';
  /** Why the worker is no longer used, once it failed. */
  readonly failure: string | undefined;
  analyze(command: string): Promise<ShellAnalysis>;
  /** Loads the parser in the background (the worker starts and warms up; or this thread's parser loads). */
  prepare(): void;
  /** Stops the worker (tests; a host shutting down). Later calls start a new one. */
  dispose(): Promise<void>;
}

interface Pending {
  command: string;
  resolve: (a: ShellAnalysis) => void;
}

/** Analyses commands in a worker thread started from `file`, falling back to this thread. */
export class WorkerAnalyzer implements ShellAnalyzer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failed: string | undefined;

  constructor(private readonly file: string) {}

  get where(): 'worker' | 'thread' {
    return this.failed === undefined ? 'worker' : 'thread';
  }

  get failure(): string | undefined {
    return this.failed;
  }

  prepare(): void {
    if (this.failed === undefined) this.start();
    else void prepareShellAnalysis();
  }

  analyze(command: string): Promise<ShellAnalysis> {
    if (this.failed !== undefined) return analyzeCommand(command);
    const worker = this.start();
    if (!worker) return analyzeCommand(command);
    const id = this.nextId++;
    return new Promise<ShellAnalysis>((resolve) => {
      this.pending.set(id, { command, resolve });
      // Only a worker with questions in flight keeps the process alive.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, command } satisfies AnalysisRequest);
    });
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      await worker.terminate();
    }
    this.settleOnThisThread();
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    let worker: Worker;
    try {
      worker = new Worker(this.file);
    } catch (err) {
      this.fail(`the worker could not start: ${(err as Error).message}`);
      return undefined;
    }
    worker.unref();
    worker.on('message', (reply: AnalysisReply) => this.answer(reply));
    worker.on('error', (err) => this.fail(`the worker failed: ${err.message}`));
    worker.on('exit', (code) => this.fail(`the worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private answer(reply: AnalysisReply): void {
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error !== undefined) {
      // Not the command's fault as far as we know: this thread gives the decision.
      this.fail(`the worker could not analyse a command: ${reply.error}`);
      void analyzeCommand(waiting.command).then(waiting.resolve);
      return;
    }
    waiting.resolve(reply.result);
  }

  private fail(why: string): void {
    if (this.failed !== undefined) return;
    this.failed = why;
    const worker = this.worker;
    this.worker = undefined;
    if (worker) {
      worker.removeAllListeners();
      void worker.terminate().catch(() => undefined);
    }
    this.settleOnThisThread();
  }

  /** Questions the worker will not answer any more are answered here. */
  private settleOnThisThread(): void {
    const left = [...this.pending.values()];
    this.pending.clear();
    for (const p of left) void analyzeCommand(p.command).then(p.resolve);
  }
}

/** Analyses on the calling thread (no worker file next to the bundle, or TANDEM_SHELL_WORKER=0). */
export const threadAnalyzer: ShellAnalyzer = {
  where: 'thread',
  failure: undefined,
  analyze: analyzeCommand,
  prepare: () => void prepareShellAnalysis(),
  dispose: async () => undefined,
};

/** A worker when `dir` holds the worker's file (a bundle's folder) and TANDEM_SHELL_WORKER is not 0; else this thread. */
export function chooseAnalyzer(dir: string, env: NodeJS.ProcessEnv = process.env): ShellAnalyzer {
  const file = join(dir, ANALYSIS_WORKER_FILE);
  return env.TANDEM_SHELL_WORKER !== '0' && existsSync(file) ? new WorkerAnalyzer(file) : threadAnalyzer;
}

let shared: ShellAnalyzer | undefined;

/**
 * The process's analyzer: one worker for every permission engine of the process (the extension
 * runs one per chat and sub-agent), started on first use or on prepare().
 */
export function shellAnalyzer(): ShellAnalyzer {
  shared ??= chooseAnalyzer(__dirname);
  return shared;
}
