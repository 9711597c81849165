// The Shell port inside VS Code: commands run in the session's PersistentShell (which captures the
// output and the exact exit code, with no dependence on shell integration) and are mirrored live into
// a terminal named "Tandem", so the user sees what the agent runs and can stop it with Ctrl+C there.
import * as vscode from 'vscode';
import type { Shell, ShellResult, ShellRunOptions, ShellState } from '../../core/ports';
import { t } from '../l10n';

export const TERMINAL_NAME = 'Tandem';

/** Terminal text written before VS Code opened the pseudoterminal is kept up to this size. */
const MAX_PENDING_CHARS = 1_000_000;

const BOLD = '\x1b[1m';
const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

/** The last command run in the terminal and its output so far (the @terminal mention reads it). */
export interface LastTerminalCommand {
  command: string;
  /** The command's own output (no status lines), its last MAX_LAST_OUTPUT_CHARS characters. */
  output: string;
  /** Set when it finished; null when a signal killed it. */
  exitCode?: number | null;
  running: boolean;
  timedOut?: boolean;
  interrupted?: boolean;
}

/** Output kept of the last command: the end is what matters (errors, summaries). */
const MAX_LAST_OUTPUT_CHARS = 100_000;

export interface TerminalShellOptions {
  /** Terminal name; "Tandem" by default. */
  name?: string;
  /** Bring the terminal into view (without focus) when it is created or re-created. Default true. */
  reveal?: boolean;
}

/** One "Tandem" terminal over a pseudoterminal; gone once the user closes it. */
class MirrorTerminal implements vscode.Disposable {
  readonly terminal: vscode.Terminal;
  closed = false;
  private readonly writes = new vscode.EventEmitter<string>();
  private readonly closes = new vscode.EventEmitter<void>();
  private opened = false;
  private pending = '';
  private readonly closeWatch: vscode.Disposable;

  constructor(name: string, onInterrupt: () => void, onClosed: () => void, sent: vscode.EventEmitter<string>) {
    // What VS Code is given is also reported to `sent` (tests check the mirror's text through it).
    this.writes.event((data) => sent.fire(data));
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writes.event,
      onDidClose: this.closes.event,
      open: () => {
        this.opened = true;
        if (this.pending) this.writes.fire(this.pending);
        this.pending = '';
      },
      close: () => this.markClosed(onClosed),
      handleInput: (data) => {
        // Ctrl+C stops the running command; other keys go nowhere (commands get no stdin).
        if (data.includes('\x03')) onInterrupt();
      },
    };
    this.terminal = vscode.window.createTerminal({
      name,
      pty,
      // A pseudoterminal cannot be brought back after a reload.
      isTransient: true,
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    // pty.close() covers the user closing it; this also covers a terminal disposed some other way.
    this.closeWatch = vscode.window.onDidCloseTerminal((t) => {
      if (t === this.terminal) this.markClosed(onClosed);
    });
  }

  private markClosed(onClosed: () => void): void {
    if (this.closed) return;
    this.closed = true;
    onClosed();
  }

  /** Writes terminal text; \n becomes \r\n (a pseudoterminal only moves down a row on \n). */
  write(text: string): void {
    if (this.closed || !text) return;
    const data = text.replace(/\r?\n/g, '\r\n');
    if (this.opened) {
      this.writes.fire(data);
    } else {
      // Events fired before open() are dropped by VS Code, so early text waits here.
      this.pending = (this.pending + data).slice(-MAX_PENDING_CHARS);
    }
  }

  dispose(): void {
    this.closed = true;
    this.closeWatch.dispose();
    this.terminal.dispose();
    this.writes.dispose();
    this.closes.dispose();
  }
}

export class TerminalShell implements Shell {
  private readonly name: string;
  private readonly reveal: boolean;
  private mirror: MirrorTerminal | undefined;
  /** Aborts the command that is running now; set for the duration of one run. */
  private interrupt: AbortController | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;
  private readonly sent = new vscode.EventEmitter<string>();
  /** Terminal text as handed to VS Code (after the pseudoterminal opened), for tests and logs. */
  readonly onDidWriteTerminal = this.sent.event;
  /** True while the mirror's last text did not end with a newline (the next status line starts a new one). */
  private midLine = false;
  private last: LastTerminalCommand | undefined;
  /** Present only when the inner shell has it, so the Bash tool's "not available" path still works. */
  readonly runInBackground?: (command: string) => Promise<{ id: string; outputFile: string }>;
  /** The inner shell's state, for the permission engine (present when the inner shell has it). */
  readonly state?: () => ShellState;

  constructor(
    private readonly inner: Shell,
    options: TerminalShellOptions = {},
  ) {
    this.name = options.name ?? TERMINAL_NAME;
    this.reveal = options.reveal ?? true;
    if (inner.runInBackground) this.runInBackground = (command) => this.startInBackground(command);
    if (inner.state) this.state = () => inner.state!();
  }

  /** The mirror terminal while it is open (for tests and for a "show terminal" action). */
  get terminal(): vscode.Terminal | undefined {
    return this.mirror && !this.mirror.closed ? this.mirror.terminal : undefined;
  }

  /** The last command run here (also while it runs), undefined before the first. */
  get lastCommand(): LastTerminalCommand | undefined {
    return this.last && { ...this.last };
  }

  /**
   * Runs one command in the inner shell. Runs are queued here (rather than only in the inner shell)
   * so the mirror shows each command next to its own output, and Ctrl+C stops the one that is running.
   */
  run(command: string, options: ShellRunOptions): Promise<ShellResult> {
    const turn = this.queue.then(() => this.runNow(command, options));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async runNow(command: string, options: ShellRunOptions): Promise<ShellResult> {
    if (this.disposed) throw new Error('This shell has been closed; start a new session to run commands.');
    const interrupt = new AbortController();
    const signal = anySignal([options.signal, interrupt.signal]);
    this.interrupt = interrupt;
    this.printLine(`${BOLD}$ ${command.replace(/\n/g, '\n> ')}${RESET}`);
    const last: LastTerminalCommand = { command, output: '', running: true };
    this.last = last;
    try {
      const result = await this.inner.run(command, {
        ...options,
        signal: signal.signal,
        onOutput: (chunk) => {
          last.output = (last.output + chunk).slice(-MAX_LAST_OUTPUT_CHARS);
          this.print(chunk);
          options.onOutput?.(chunk);
        },
      });
      this.printLine(statusLine(result, options.timeoutMs, interrupt.signal.aborted));
      Object.assign(last, { exitCode: result.exitCode, timedOut: result.timedOut, interrupted: result.interrupted });
      if (result.output) last.output = result.output.slice(-MAX_LAST_OUTPUT_CHARS);
      return result;
    } catch (err) {
      this.printLine(`${RED}${t('[could not run: {0}]', (err as Error).message)}${RESET}`);
      throw err;
    } finally {
      last.running = false;
      signal.dispose();
      if (this.interrupt === interrupt) this.interrupt = undefined;
    }
  }

  private async startInBackground(command: string): Promise<{ id: string; outputFile: string }> {
    const started = await this.inner.runInBackground!(command);
    this.printLine(`${BOLD}$ ${command.replace(/\n/g, '\n> ')} &${RESET}`);
    this.printLine(`${DIM}${t('[running in the background as {0}; output in {1}]', started.id, started.outputFile)}${RESET}`);
    return started;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.interrupt?.abort();
    this.inner.dispose();
    this.mirror?.dispose();
    this.mirror = undefined;
    this.sent.dispose();
  }

  /** Writes command output to the mirror, creating the terminal when there is none (first use, or the user closed it). */
  private print(text: string): void {
    if (this.disposed || !text) return;
    const mirror = this.ensureMirror();
    this.midLine = !text.endsWith('\n');
    mirror.write(text);
  }

  /** A line of Tandem's own (command, status), at the left edge even when the output before it had no final newline. */
  private printLine(line: string): void {
    if (this.disposed) return;
    const mirror = this.ensureMirror();
    mirror.write(`${this.midLine ? '\n' : ''}${line}\n`);
    this.midLine = false;
  }

  private ensureMirror(): MirrorTerminal {
    if (this.mirror && !this.mirror.closed) return this.mirror;
    const mirror = new MirrorTerminal(
      this.name,
      () => this.onInterrupt(),
      () => {
        if (this.mirror === mirror) this.mirror = undefined;
      },
      this.sent,
    );
    this.mirror = mirror;
    this.midLine = false;
    if (this.reveal) mirror.terminal.show(true);
    return mirror;
  }

  private onInterrupt(): void {
    if (!this.interrupt) return;
    this.printLine('^C');
    this.interrupt.abort();
  }
}

function statusLine(result: ShellResult, timeoutMs: number, byUser: boolean): string {
  const moved = result.movedToBackground;
  if (moved) {
    return `${DIM}${moved.reason === 'timeout' ? t('[still running after {0} s: moved to the background as {1}]', Math.round(timeoutMs / 1000), moved.id) : t('[moved to the background as {0}]', moved.id)}${RESET}`;
  }
  if (result.timedOut) return `${RED}${t('[timed out after {0} s; stopped]', Math.round(timeoutMs / 1000))}${RESET}`;
  if (result.interrupted) return `${RED}${byUser ? t('[interrupted (Ctrl+C)]') : t('[interrupted]')}${RESET}`;
  const code = result.exitCode === null ? t('none (killed by a signal)') : String(result.exitCode);
  return `${result.exitCode === 0 ? DIM : RED}${t('[exit code {0}]', code)}${RESET}`;
}

/** A signal that aborts when any of the given ones does; dispose() detaches it from them. */
function anySignal(signals: AbortSignal[]): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  for (const s of signals) {
    if (s.aborted) {
      controller.abort();
      break;
    }
    s.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of signals) s.removeEventListener('abort', onAbort);
    },
  };
}
