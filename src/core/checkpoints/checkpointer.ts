// Checkpoints: before the agent first changes a file in a turn (the work after one user message), the
// file's bytes are saved in the blob store, and the turn's list of {path, hash} goes into the session
// log as a `checkpoint` event, so a rewind to that message can put every file back.
//
// Nothing here sits on the model request path: the host calls startTurn (synchronous) when a user
// message is logged and endTurn (not awaited by the loop) when the turn ends. Only the write path
// awaits captureBefore, and a Bash command waits only for the saving of files the agent has seen
// (wrap.ts plugs both in). What a command changed is found after it, while the model works on its
// result (changes.ts); every later capture, command or log write waits for that first.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { CheckpointBody, CheckpointFile } from '../session/events';
import type { BlobStore } from './blobStore';
import { Listing } from './changes';
import { GitState, type ChangeFeed } from './gitState';
import { diffSnapshots, gitBaseline, gitContent, gitMode, snapshot, type FileSig, type GitBaseline, type Snapshot } from './scan';

/** The part of SessionLog a checkpointer needs. */
export interface CheckpointLog {
  append(body: CheckpointBody): unknown;
}

export interface CheckpointerOptions {
  store: BlobStore;
  /** Where `checkpoint` events go; without it a checkpointer only fills the store (tests, SDK). */
  log?: CheckpointLog;
  /** Folders a Bash command is assumed to change files in (the workspace roots). */
  workspaceRoots: string[] | (() => string[]);
  /** ripgrep for the Bash scan (Workspace.ripgrepPath()); without it a plain folder walk is used. */
  ripgrepPath?: string;
  /** Globs the scan leaves out (Workspace.excludeGlobs()). */
  ignoreGlobs?: () => string[];
  /**
   * Files whose content the agent has seen (e.g. () => session.readFiles.keys()). Before each Bash
   * command their current bytes are saved (once per content), so a command that deletes or
   * rewrites one can be undone even when git cannot give it back.
   */
  knownFiles?: () => Iterable<string>;
  /** Folders whose changes are never part of a checkpoint (scratch space, the session log's folder). */
  excludeDirs?: string[];
  /** Known files larger than this are not saved before Bash; default 5 MB. */
  maxKnownFileBytes?: number;
  /** Problems that do not stop anything but that the user should hear about. */
  onWarning?: (message: string) => void;
  /**
   * What the host knows of changes by others (VS Code: its file watcher). With it, git is asked once
   * which files differ from HEAD instead of before every command (see gitState.ts).
   */
  changeFeed?: ChangeFeed;
}

interface Turn {
  userMessageId: string;
  /** First capture per path wins; the promise never rejects (a failure becomes notRestorable). */
  entries: Map<string, Promise<CheckpointFile>>;
  /** Paths already written to the log. */
  logged: Set<string>;
}

/** What beforeBash saw, for afterBash to compare against. */
export interface BashBaseline {
  turn: Turn;
  roots: string[];
  /** Changes are found from this window (find -cnewer); or, where `find` is not there, from a full scan. */
  window?: { marker: string; listing: Listing };
  before?: Snapshot;
  /** The repositories' HEAD before the command and which files differed from it. */
  git: GitBaseline[];
  /** Saved contents of known files, by path. */
  saved: Map<string, SavedFile>;
}

interface SavedFile {
  hash: string;
  sig: FileSig;
}

const MAX_KNOWN_FILES = 1000;
const READ_CONCURRENCY = 8;
/** Windows has no POSIX `find`; there the workspace is scanned in full before and after a command. */
const USE_FIND = process.platform !== 'win32';
let instances = 0;

export class Checkpointer {
  private turn: Turn | undefined;
  /** Every path captured in this session: its later content is worth saving before a Bash command. */
  private readonly touched = new Set<string>();
  /** Known files already saved, with the stat they had, so an unchanged file is not read again. */
  private readonly savedKnown = new Map<string, SavedFile>();
  /** The workspace's files, listed once (in the background) and kept up to date by each command. */
  private listing: { roots: string; ready: Promise<Listing> } | undefined;
  /** The recording of the last command's changes; everything that depends on it waits for it. */
  private pending: Promise<void> = Promise.resolve();
  private readonly id = ++instances;
  private readonly gitState: GitState;
  readonly warnings: string[] = [];

  constructor(private readonly opts: CheckpointerOptions) {
    this.gitState = new GitState(opts.changeFeed);
  }

  get currentUserMessageId(): string | undefined {
    return this.turn?.userMessageId;
  }

  /** Begins the checkpoint of one user message. A turn still open is ended (its event still logged). */
  startTurn(userMessageId: string): void {
    if (this.turn) this.endTurn().catch((err) => this.warn(`Checkpoint of the previous message not logged: ${(err as Error).message}`));
    this.turn = { userMessageId, entries: new Map(), logged: new Set() };
    if (USE_FIND) void this.listingFor(this.roots()).catch(() => undefined);
    if (this.opts.changeFeed) void this.gitState.baselines(this.roots()).catch(() => undefined);
  }

  /**
   * Records the file's current bytes (null when it does not exist) unless this turn already did.
   * Await it before writing the file; resolves true when this call made the capture. Outside a turn
   * it does nothing. Never rejects: a file that cannot be saved is recorded as not restorable.
   */
  async captureBefore(absPath: string): Promise<boolean> {
    const turn = this.turn;
    if (!turn) return false;
    // A command that ran before this edit changed files first: its record must come first.
    await this.pending;
    const p = path.resolve(absPath);
    const existing = turn.entries.get(p);
    if (existing) return existing.then(() => false);
    this.touched.add(p);
    this.gitState.touched(p);
    const capture = this.capture(p);
    turn.entries.set(p, capture);
    return capture.then(() => true);
  }

  /** Drops a capture this turn made for a change that did not happen (a rejected or stale edit). */
  forget(absPath: string): void {
    const p = path.resolve(absPath);
    if (this.turn && !this.turn.logged.has(p)) this.turn.entries.delete(p);
  }

  /** Logs what was captured since the last flush (so a crash mid-turn keeps it); resolves once written. */
  async flush(): Promise<CheckpointBody | undefined> {
    await this.pending;
    return this.turn ? this.logTurn(this.turn) : undefined;
  }

  /** Finishes the turn: logs a `checkpoint` event for whatever is not logged yet (none when nothing changed). */
  async endTurn(): Promise<CheckpointBody | undefined> {
    const turn = this.turn;
    if (!turn) return undefined;
    this.turn = undefined;
    // A command's changes still being recorded belong to this turn (they hold the turn itself).
    await this.pending;
    return this.logTurn(turn);
  }

  /**
   * Before a Bash command: save what could not be got back afterwards (files the agent has seen) and
   * open a window in which the command's changes will be found. Costs what the agent has seen, not
   * what the workspace holds (only a session's first command may wait for the workspace's listing).
   */
  async beforeBash(): Promise<BashBaseline | undefined> {
    const turn = this.turn;
    if (!turn) return undefined;
    await this.pending;
    const roots = this.roots();
    if (!USE_FIND) {
      const [before, git] = await Promise.all([this.scan(roots), this.gitBaselines(roots)]);
      const saved = await this.saveKnownFiles(turn, before);
      return { turn, roots, before, git, saved };
    }
    const listing = await this.listingFor(roots);
    // All before the command: git's view of which files differ from HEAD must be taken before the
    // command can change (or delete) them; taken later, a file the command deleted would look dirty.
    const [marker, git, saved] = await Promise.all([listing.beforeCommand(), this.gitState.baselines(roots), this.saveKnownFiles(turn)]);
    return { turn, roots, window: { marker, listing }, git, saved };
  }

  /**
   * After a Bash command (also a failed or stopped one): records what it created, deleted or changed.
   * Returns at once; the recording runs in the background, and every capture, command or log write
   * after it waits for it. Never rejects: a failure is a warning.
   */
  afterBash(baseline: BashBaseline): Promise<void> {
    const endedAt = Date.now();
    const run = this.pending.then(() => this.recordBash(baseline, endedAt));
    this.pending = run.catch((err) =>
      this.warn(`Could not find what a Bash command changed, so a rewind cannot undo it: ${(err as Error).message}`),
    );
    return this.pending;
  }

  private async recordBash(baseline: BashBaseline, endedAt: number): Promise<void> {
    const { turn } = baseline;
    let diff: { created: string[]; deleted: string[]; modified: string[] };
    if (baseline.window) {
      diff = await baseline.window.listing.changesSince(baseline.window.marker, endedAt);
    } else {
      const full = diffSnapshots(baseline.before!, await this.scan(baseline.roots));
      if (!full.complete) {
        this.warn('The workspace has too many files to scan fully, so files a Bash command created or deleted were not recorded; a rewind cannot undo those.');
      }
      diff = full;
    }
    const { git } = baseline;
    const keep = (p: string) => !turn.entries.has(p) && !this.excluded(p);
    for (const p of diff.created.filter(keep)) turn.entries.set(p, Promise.resolve({ path: p, hash: null }));
    for (const p of [...diff.deleted, ...diff.modified].filter(keep)) {
      this.touched.add(p);
      turn.entries.set(p, this.fromBaseline(baseline, git, p));
    }
    for (const p of [...diff.created, ...diff.deleted, ...diff.modified]) this.gitState.touched(p);
    await Promise.all(turn.entries.values());
  }

  private listingFor(roots: string[]): Promise<Listing> {
    const key = JSON.stringify(roots);
    if (this.listing?.roots !== key) {
      const ready = Listing.create({
        roots,
        ripgrepPath: this.opts.ripgrepPath,
        ignore: this.opts.ignoreGlobs?.() ?? [],
        excluded: (p) => this.excluded(p),
        markerDir: path.join(this.opts.store.dir, '.windows'),
        name: `${process.pid}-${this.id}`,
      });
      this.listing = { roots: key, ready };
      ready.catch(() => {
        if (this.listing?.ready === ready) this.listing = undefined;
      });
    }
    return this.listing.ready;
  }

  private async capture(p: string): Promise<CheckpointFile> {
    let bytes: Buffer;
    let mode: number;
    try {
      [bytes, mode] = await Promise.all([fs.readFile(p), fs.stat(p).then((s) => s.mode & 0o7777)]);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return { path: p, hash: null };
      return this.lost(p, `it could not be read before the change (${e.message})`);
    }
    try {
      return { path: p, hash: await this.opts.store.put(bytes), mode };
    } catch (err) {
      return this.lost(p, (err as Error).message);
    }
  }

  private async fromBaseline(b: BashBaseline, git: GitBaseline[], p: string): Promise<CheckpointFile> {
    const known = b.saved.get(p);
    if (known) return { path: p, hash: known.hash, mode: known.sig.mode };
    // The stat before the command comes from the full scan where one ran; else git gives the mode.
    const sig = b.before?.files.get(p);
    const repo = git
      .filter((g) => p.startsWith(g.toplevel + path.sep))
      .sort((x, y) => y.toplevel.length - x.toplevel.length)[0];
    if (!repo) return this.lost(p, 'a Bash command changed it, and its earlier content was not saved: it is not in a git repository and the agent had not read it');
    const content = await gitContent(repo, p);
    if (typeof content === 'string') return this.lost(p, `a Bash command changed it, and its earlier content was not saved: ${content}`);
    // The stat data said "unchanged from HEAD"; a size mismatch means it was wrong, so do not trust it.
    if (sig && content.length !== sig.size) return this.lost(p, 'a Bash command changed it, and the copy in git differs from the file before the command');
    const mode = sig?.mode ?? (await gitMode(repo, p));
    try {
      return { path: p, hash: await this.opts.store.put(content), ...(mode !== undefined ? { mode } : {}) };
    } catch (err) {
      return this.lost(p, (err as Error).message);
    }
  }

  private lost(p: string, reason: string): CheckpointFile {
    this.warn(`Checkpoint: ${p} cannot be restored by a rewind: ${reason}.`);
    return { path: p, hash: null, notRestorable: reason };
  }

  /** Saves the files the agent has seen (once per content); `before` gives their stat when a full scan ran. */
  private async saveKnownFiles(turn: Turn, before?: Snapshot): Promise<Map<string, SavedFile>> {
    const max = this.opts.maxKnownFileBytes ?? 5 * 1024 * 1024;
    const candidates = new Set<string>(this.touched);
    for (const p of this.opts.knownFiles?.() ?? []) candidates.add(path.resolve(p));
    const todo = [...candidates].filter((p) => !turn.entries.has(p) && !this.excluded(p)).slice(0, MAX_KNOWN_FILES);
    const saved = new Map<string, SavedFile>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < todo.length) {
        const p = todo[next++];
        const sig = before ? before.files.get(p) : await statSig(p);
        if (!sig || sig.size > max) continue;
        const cached = this.savedKnown.get(p);
        if (cached && sameSig(cached.sig, sig)) {
          saved.set(p, cached);
          continue;
        }
        try {
          const entry = { sig, hash: await this.opts.store.put(await fs.readFile(p)) };
          this.savedKnown.set(p, entry);
          saved.set(p, entry);
        } catch {
          // Not saved: afterBash falls back to git, or reports the file as not restorable.
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, todo.length) }, worker));
    return saved;
  }

  private async logTurn(turn: Turn): Promise<CheckpointBody | undefined> {
    const pending = [...turn.entries.values()];
    const files = await Promise.all(pending);
    // Still this turn's capture of the path (not forgotten, nor forgotten and captured again)?
    const fresh = files.filter((f, i) => !turn.logged.has(f.path) && turn.entries.get(f.path) === pending[i]);
    if (fresh.length === 0) return undefined;
    for (const f of fresh) turn.logged.add(f.path);
    const body: CheckpointBody = { type: 'checkpoint', userMessageId: turn.userMessageId, files: fresh };
    this.opts.log?.append(body);
    return body;
  }

  private roots(): string[] {
    const r = this.opts.workspaceRoots;
    return typeof r === 'function' ? r() : r;
  }

  private scan(roots: string[]): Promise<Snapshot> {
    return snapshot(roots, { ripgrepPath: this.opts.ripgrepPath, ignore: this.opts.ignoreGlobs?.() });
  }

  private async gitBaselines(roots: string[]): Promise<GitBaseline[]> {
    return unique(await Promise.all(roots.map((r) => gitBaseline(r).catch(() => undefined))));
  }

  private excluded(p: string): boolean {
    return [this.opts.store.dir, ...(this.opts.excludeDirs ?? [])].some((d) => p === d || p.startsWith(path.resolve(d) + path.sep));
  }

  /** Records a problem the user should hear about (also used by the port wrappers). */
  warn(message: string): void {
    this.warnings.push(message);
    this.opts.onWarning?.(message);
  }
}

async function statSig(p: string): Promise<FileSig | undefined> {
  try {
    const s = await fs.lstat(p);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, mode: s.mode & 0o7777 } : undefined;
  } catch {
    return undefined;
  }
}

function unique<T extends { toplevel: string }>(list: (T | undefined)[]): T[] {
  const byTop = new Map<string, T>();
  for (const g of list) if (g) byTop.set(g.toplevel, g);
  return [...byTop.values()];
}

function sameSig(a: FileSig, b: FileSig): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}
