// The workspace's file watcher as the checkpointer's ChangeFeed: what the user, the editor or other
// programs changed between two commands, so that git need not stat every file before each command.
import * as vscode from 'vscode';
import type { ChangeFeed } from '../../core/checkpoints/gitState';

/** Past this many changed paths between two commands, the checkpointer asks git in full instead. */
const MAX_PATHS = 20_000;

export class WatcherChangeFeed implements ChangeFeed, vscode.Disposable {
  private changed = new Set<string>();
  private overflow = false;
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');

  constructor() {
    const note = (uri: vscode.Uri) => {
      if (uri.scheme !== 'file') return;
      if (this.changed.size >= MAX_PATHS) this.overflow = true;
      else this.changed.add(uri.fsPath);
    };
    this.watcher.onDidCreate(note);
    this.watcher.onDidChange(note);
    this.watcher.onDidDelete(note);
  }

  take(): string[] | 'overflow' {
    const out: string[] | 'overflow' = this.overflow ? 'overflow' : [...this.changed];
    this.changed = new Set();
    this.overflow = false;
    return out;
  }

  dispose(): void {
    this.watcher.dispose();
  }
}
