// Which files of each repository differ from HEAD, for deciding whether git can give back a file's
// bytes after a command changed it. Asking git (`diff-index`) stats every tracked file, which on a
// large workspace costs more than the command itself; so, where the host reports what changes
// (VS Code's file watcher), git is asked once and the answer kept up to date: every path the host
// reports, the agent edits or a command changes counts as differing from HEAD from then on (a safe
// over-estimate: such a file is restored from a saved copy or reported as not restorable, never
// restored from git wrongly). A new HEAD, or more changes than the host could report, asks git again.
import * as path from 'node:path';
import { gitDirty, gitHead, type GitBaseline } from './scan';

/** What a host knows of changes made by anyone (the user, other programs). */
export interface ChangeFeed {
  /** Absolute paths (files or folders) changed since the last call; 'overflow' when too many to tell. */
  take(): string[] | 'overflow';
}

export class GitState {
  private readonly known = new Map<string, Promise<GitBaseline | undefined>>();

  /** Without a feed, git is asked before every command. */
  constructor(private readonly feed?: ChangeFeed) {}

  /** A path the agent or a command changed: it may differ from HEAD from now on. */
  touched(absPath: string): void {
    for (const pending of this.known.values()) void pending.then((g) => g && markDirty(g, absPath));
  }

  /**
   * Each repository the roots are in: HEAD and which files differ from it, as of now. The result is
   * a copy: later changes (the command's own) never alter what was true before the command.
   */
  async baselines(roots: string[]): Promise<GitBaseline[]> {
    const changed = this.feed ? this.feed.take() : 'overflow';
    const heads = await Promise.all(roots.map((r) => gitHead(r).catch(() => undefined)));
    const out = new Map<string, GitBaseline>();
    for (const at of heads) {
      if (!at || out.has(at.toplevel)) continue;
      let cached = await this.known.get(at.toplevel);
      if (!cached || cached.head !== at.head || changed === 'overflow') {
        const fresh = gitDirty(at.toplevel, at.head).then((dirty) => (dirty ? { ...at, dirty } : undefined), () => undefined);
        this.known.set(at.toplevel, fresh);
        cached = await fresh;
      } else {
        for (const p of changed) markDirty(cached, p);
      }
      if (cached) out.set(at.toplevel, { ...cached, dirty: new Set(cached.dirty) });
    }
    return [...out.values()];
  }
}

function markDirty(g: GitBaseline, absPath: string): void {
  const rel = path.relative(g.toplevel, absPath);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return;
  g.dirty.add(rel.split(path.sep).join('/'));
}
