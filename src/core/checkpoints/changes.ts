// What a Bash command changed, at the cost of what changed rather than of what the workspace holds.
//
// The workspace's files are listed once per session (ripgrep, in the background) and the listing is
// kept in step from then on, with every folder under the roots (found once with `find -type d`).
// Before a command, the listing catches up with what others (the user, the editor, the agent's
// edits) changed since the last command: each known folder's change time is read (a stat in this
// thread: a few microseconds each, no process and no directory reads), and only folders whose
// entries changed are read again, with everything below a folder that is new. Then a marker file opens the
// command's window. After the command, `find -cnewer marker` names every file whose inode changed in
// the window (written, created, renamed, chmod'ed: a command cannot set ctime back) and every folder
// whose entries changed; only those are looked at. A 200,000-file workspace costs one listing per
// session, and then only what changes.
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { git, listFiles, SKIPPED_DIRS } from './scan';

export interface ListingOptions {
  roots: string[];
  ripgrepPath?: string;
  /** Gitignore-style globs (relative to a root) whose files are not tracked (Workspace.excludeGlobs). */
  ignore: string[];
  /** Paths never tracked (scratch space, the blob store). */
  excluded: (p: string) => boolean;
  /** A private folder for the marker files. */
  markerDir: string;
  /** Tells apart the markers of several listings (chats) sharing the folder. */
  name: string;
}

/**
 * How far a marker's time is set back from its own stamp: the kernel stamps files with a coarse
 * clock (one tick, a few ms), so a file the command writes in the same tick as the marker gets the
 * same time, and `-cnewer` (strictly newer) would miss it. One microsecond earlier catches it, and
 * takes in no more than what was written in that same tick before the marker.
 */
const MARKER_BACKDATE_NS = 1000n;

/** Files of the workspace by folder: folder → names of the regular files directly in it. */
export class Listing {
  private readonly dirs = new Map<string, Set<string>>();
  /** Every folder under the roots (those `find` walks: SKIPPED_DIRS left out), whether it holds listed files or not. */
  private readonly folders = new Set<string>();
  private markers = 0;
  /** Changes after this marker's time are not in the listing yet. */
  private synced: Marker = { file: '', ns: 0n };

  private constructor(private readonly opts: ListingOptions) {}

  static async create(opts: ListingOptions): Promise<Listing> {
    const listing = new Listing(opts);
    listing.synced = listing.newMarker();
    await Promise.all(
      opts.roots.map(async (root) => {
        const [files, folders] = await Promise.all([listFiles(root, { ripgrepPath: opts.ripgrepPath, ignore: opts.ignore }), find(root, ['-type', 'd'])]);
        for (const p of files) if (!opts.excluded(p)) listing.add(p);
        for (const d of folders) listing.folders.add(d);
      }),
    );
    return listing;
  }

  has(p: string): boolean {
    return this.dirs.get(path.dirname(p))?.has(path.basename(p)) ?? false;
  }

  add(p: string): void {
    const dir = path.dirname(p);
    let names = this.dirs.get(dir);
    if (!names) this.dirs.set(dir, (names = new Set()));
    names.add(path.basename(p));
  }

  remove(p: string): void {
    this.dirs.get(path.dirname(p))?.delete(path.basename(p));
  }

  /**
   * Catches up with changes made since the last command (by anyone), then opens a window for the
   * next one. Returns the window's marker.
   */
  async beforeCommand(): Promise<string> {
    const since = this.synced;
    const marker = this.newMarker();
    await this.syncDirs(this.foldersChangedSince(since.ns).filter((d) => !this.opts.excluded(d)));
    rmSync(since.file, { force: true });
    this.synced = marker;
    return marker.file;
  }

  /**
   * Known folders whose entries changed after `ns` (the kernel's file clock). Synchronous on
   * purpose: a stat is a few microseconds here, against tens of ms for a `find` process that reads
   * every folder. A folder that is gone is forgotten (its parent changed, so it is read again).
   */
  private foldersChangedSince(ns: bigint): string[] {
    const changed: string[] = [];
    for (const dir of this.folders) {
      let s;
      try {
        s = lstatSync(dir, { bigint: true, throwIfNoEntry: false });
      } catch {
        // ENOTDIR, EACCES: as good as gone from here.
      }
      if (!s?.isDirectory()) this.folders.delete(dir);
      else if (s.ctimeNs > ns) changed.push(dir);
    }
    return changed;
  }

  /**
   * What changed in the window `marker` opened and the command closed at `endedAt` (ms); the listing
   * is updated to the state after it. A file whose inode changed after the command ended was changed
   * by someone else (the kernel's file clock lags the real one, never leads): it is listed, not
   * attributed to the command.
   */
  async changesSince(marker: string, endedAt: number): Promise<WindowChanges> {
    const touched = (await Promise.all(this.opts.roots.map((r) => find(r, ['-cnewer', marker])))).flat();
    const files: string[] = [];
    const dirs: string[] = [];
    const late = new Set<string>();
    await Promise.all(
      touched.map(async (p) => {
        if (this.opts.excluded(p)) return;
        const s = await fs.lstat(p).catch(() => undefined);
        if (s?.isFile()) files.push(p);
        else if (s?.isDirectory()) dirs.push(p);
        if (s && s.ctimeMs > endedAt + 1) late.add(p);
      }),
    );
    const { added, removed } = await this.syncDirs(dirs);
    const created = new Set(added);
    const modified = (await this.notIgnored(files)).filter((p) => !created.has(p));
    const ours = (p: string) => !late.has(p);
    return { created: added.filter(ours), modified: modified.filter(ours), deleted: removed };
  }

  /**
   * Reads the folders again: names gone are removed (also below a folder that is gone), new ones
   * added. A subfolder not known before is read too, and all below it: a folder moved in from
   * elsewhere keeps its old change times, so nothing inside it would show as changed.
   */
  private async syncDirs(changed: string[]): Promise<{ added: string[]; removed: string[] }> {
    const candidates: string[] = [];
    const removed: string[] = [];
    // A set: a folder met twice (reported, and new under a reported one) is read once.
    const dirs = new Set(changed);
    for (const dir of dirs) {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        this.forgetFolders(dir);
        continue; // gone again: its parent's entry says so
      }
      // A folder new to the listing has nothing known below it that could be gone.
      const wasKnown = this.folders.has(dir);
      this.folders.add(dir);
      const files = new Set(entries.filter((e) => e.isFile()).map((e) => e.name));
      const subdirs = new Set(entries.filter((e) => e.isDirectory() && !SKIPPED_DIRS.has(e.name)).map((e) => e.name));
      for (const name of subdirs) {
        const sub = path.join(dir, name);
        if (this.folders.has(sub) || this.opts.excluded(sub)) continue;
        this.folders.add(sub);
        dirs.add(sub);
      }
      const known = this.dirs.get(dir) ?? new Set<string>();
      for (const name of known) if (!files.has(name)) removed.push(path.join(dir, name));
      for (const name of files) if (!known.has(name)) candidates.push(path.join(dir, name));
      const prefix = dir + path.sep;
      for (const [d, names] of this.dirs) {
        if (!d.startsWith(prefix) || subdirs.has(d.slice(prefix.length).split(path.sep)[0])) continue;
        for (const name of names) removed.push(path.join(d, name));
      }
      if (wasKnown) for (const d of this.folders) if (d.startsWith(prefix) && !subdirs.has(d.slice(prefix.length).split(path.sep)[0])) this.folders.delete(d);
    }
    const added = (await this.notIgnored(candidates)).filter((p) => !this.opts.excluded(p));
    for (const p of removed) this.remove(p);
    for (const p of added) this.add(p);
    return { added, removed };
  }

  /**
   * A marker file stamped a tick before now. Synchronous on purpose: four tiny calls take tens of
   * microseconds on this thread, but queued behind the file reads of the checkpoint in Node's thread
   * pool they took 13-18 ms on the path to every Bash command.
   */
  private newMarker(): Marker {
    mkdirSync(this.opts.markerDir, { recursive: true, mode: 0o700 });
    const file = path.join(this.opts.markerDir, `${this.opts.name}-${++this.markers}`);
    writeFileSync(file, '');
    const stamp = statSync(file, { bigint: true }).mtimeNs;
    const t = Number(stamp - MARKER_BACKDATE_NS) / 1e9;
    utimesSync(file, t, t);
    // What find compares with: the time as stored (utimes takes a double, so read it back).
    return { file, ns: statSync(file, { bigint: true }).mtimeNs };
  }

  /** A folder that is gone, and every folder known below it. */
  private forgetFolders(dir: string): void {
    const prefix = dir + path.sep;
    for (const d of this.folders) if (d === dir || d.startsWith(prefix)) this.folders.delete(d);
  }

  /** Leaves out what the listing leaves out: git-ignored files and the host's exclude globs. */
  private async notIgnored(files: string[]): Promise<string[]> {
    if (files.length === 0) return files;
    const { roots, ignore } = this.opts;
    const isExcluded = ignore.length ? picomatch(ignore, { dot: true }) : () => false;
    const kept = files.filter((p) => {
      const root = roots.find((r) => p.startsWith(r + path.sep));
      return !root || !isExcluded(path.relative(root, p).split(path.sep).join('/'));
    });
    const ignored = new Set<string>();
    for (const root of roots) {
      const mine = kept.filter((p) => p.startsWith(root + path.sep));
      if (mine.length === 0) continue;
      // Exit 1 means "none ignored", 128 "not a git repository": both leave the list as it is.
      const r = await git(root, ['check-ignore', '-z', '--stdin'], mine.join('\0'));
      if (r.code === 0) for (const p of r.stdout.toString('utf8').split('\0')) if (p) ignored.add(path.resolve(root, p));
    }
    return kept.filter((p) => !ignored.has(p));
  }
}

export interface WindowChanges {
  created: string[];
  /** Existed before and changed (content, mode, or replaced by a rename). */
  modified: string[];
  deleted: string[];
}

/** A marker file and its time (ns) in the kernel's file clock. */
interface Marker {
  file: string;
  ns: bigint;
}

/** Paths under `root` (SKIPPED_DIRS left out) that pass find's `test`: folders, or whose inode changed after a marker's mtime. */
function find(root: string, test: string[]): Promise<string[]> {
  const prune = [...SKIPPED_DIRS].flatMap((d, i) => (i === 0 ? ['-name', d] : ['-o', '-name', d]));
  const args = [root, '(', ...prune, ')', '-prune', '-o', ...test, '-print0'];
  return new Promise((resolve, reject) => {
    const child = spawn('find', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // 1: some folder could not be read, or vanished mid-walk (the rest is listed).
      if (code !== 0 && code !== 1) return reject(new Error(`find exited with ${code}: ${err.trim()}`));
      resolve(Buffer.concat(out).toString('utf8').split('\0').filter(Boolean));
    });
  });
}
