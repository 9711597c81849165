// The panel's list of a chat's running background commands (owner, command, running time, last
// lines) and its two actions: Stop (the same kill as KillShell: the whole process group) and "Move
// to background" on a running Bash card. The list follows the chat's current agent; when the agent
// ends (new chat, another session, the chat closes) its commands are stopped and the list empties.
import type * as vscode from 'vscode';
import type { BackgroundJobInfo } from '../core/tools/types';
import type { BackgroundJobView, HostToWebview } from '../protocol/messages';

/** What the list needs of the session's background commands (core's BackgroundProcesses). */
export interface BackgroundSource {
  list(): BackgroundJobInfo[];
  kill(id: string): Promise<boolean>;
  tail(id: string, lines?: number): string;
  requestMove(toolUseId: string): boolean;
}

/** A command's text in the list: long ones are cut (the whole command is in the transcript). */
const MAX_COMMAND_CHARS = 300;
const MAX_LINES_CHARS = 600;
/** How often the last lines are looked at while something runs. */
const POLL_MS = 1000;

export class BackgroundPanel implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  /** What was last posted (without the running times), so an unchanged list is not sent again. */
  private lastKey = '';

  constructor(
    private readonly source: () => BackgroundSource | undefined,
    private readonly post: (message: HostToWebview) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** A command started, moved here or ended (onBackgroundChange). */
  changed(): void {
    this.update(true);
  }

  /** The view (re)loaded: it gets the list again. */
  push(): void {
    this.update(true);
  }

  async stop(id: string): Promise<void> {
    await this.source()?.kill(id);
    this.update(true);
  }

  /** False when that call is not a running foreground command (it ended meanwhile). */
  move(toolUseId: string): boolean {
    return this.source()?.requestMove(toolUseId) ?? false;
  }

  jobs(): BackgroundJobView[] {
    const source = this.source();
    if (!source) return [];
    return source
      .list()
      .filter((j) => j.running)
      .map((j) => ({
        id: j.id,
        owner: j.owner,
        command: j.command.length > MAX_COMMAND_CHARS ? `${j.command.slice(0, MAX_COMMAND_CHARS)}…` : j.command,
        runningMs: Math.max(0, this.now() - j.startedAt),
        lastLines: source.tail(j.id, 3).slice(-MAX_LINES_CHARS),
      }));
  }

  private update(force: boolean): void {
    const jobs = this.jobs();
    const key = JSON.stringify(jobs.map(({ runningMs: _, ...rest }) => rest));
    if (force || key !== this.lastKey) this.post({ type: 'background', jobs });
    this.lastKey = key;
    if (jobs.length > 0 && !this.timer) {
      this.timer = setInterval(() => this.update(false), POLL_MS);
      this.timer.unref?.();
    } else if (jobs.length === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
