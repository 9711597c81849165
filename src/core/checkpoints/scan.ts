// What a Bash command changed, found by comparing a scan of the workspace before and after it (a
// command can touch any file, and nothing tells us which). A scan is names and stat data only, so it
// stays cheap; contents are kept only for files we can get cheaply (see checkpointer.ts). In a git
// repository, the files that are committed and unchanged can be taken back from git itself.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { runGit, type GitRun } from '../git/safeGit';

/** Enough to tell that a file changed: a rewrite changes size or mtime, a replace (mv) the inode. */
export interface FileSig {
  size: number;
  mtimeMs: number;
  ino: number;
  /** Permission bits, so a restored file gets them back. */
  mode: number;
}

export interface Snapshot {
  /** Regular files (no symlinks), by absolute path. */
  files: Map<string, FileSig>;
  /** False when the file cap was reached: then created/deleted cannot be told apart from "not listed". */
  complete: boolean;
}

export interface SnapshotOptions {
  /** ripgrep binary; with it, .gitignore'd files are left out as Glob/Grep leave them out. */
  ripgrepPath?: string;
  /** Gitignore-style globs to leave out (Workspace.excludeGlobs); only applied when ripgrep is used. */
  ignore?: string[];
  /** Stop listing after this many files; default 50,000. */
  maxFiles?: number;
}

export interface SnapshotDiff {
  created: string[];
  deleted: string[];
  modified: string[];
  /** False when a snapshot was capped: created and deleted are then empty, as they cannot be known. */
  complete: boolean;
}

const DEFAULT_MAX_FILES = 50_000;
/** Folders never worth scanning: git's own data, and installed packages (large, and reinstallable). */
export const SKIPPED_DIRS = new Set(['.git', 'node_modules']);
const STAT_CONCURRENCY = 64;

export async function snapshot(roots: string[], options: SnapshotOptions = {}): Promise<Snapshot> {
  const max = options.maxFiles ?? DEFAULT_MAX_FILES;
  const paths = new Set<string>();
  let complete = true;
  for (const root of roots) {
    const left = max - paths.size;
    const listed = options.ripgrepPath ? await listWithRipgrep(options.ripgrepPath, root, options.ignore ?? [], left) : undefined;
    const found = listed ?? (await listWithReaddir(root, left));
    for (const p of found.paths) paths.add(p);
    if (!found.complete || paths.size >= max) {
      complete = false;
      break;
    }
  }
  const files = new Map<string, FileSig>();
  const all = [...paths];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < all.length) {
      const p = all[next++];
      try {
        const s = await fs.lstat(p);
        if (s.isFile()) files.set(p, { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, mode: s.mode & 0o7777 });
      } catch {
        // Gone between listing and stat: it simply is not in this snapshot.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STAT_CONCURRENCY, all.length) }, worker));
  return { files, complete };
}

interface Listing {
  paths: string[];
  complete: boolean;
}

/** Every file under `root` that a snapshot would hold, with no cap (for the listing in changes.ts). */
export async function listFiles(root: string, options: { ripgrepPath?: string; ignore?: string[] }): Promise<string[]> {
  const listed = options.ripgrepPath ? await listWithRipgrep(options.ripgrepPath, root, options.ignore ?? [], Infinity) : undefined;
  return (listed ?? (await listWithReaddir(root, Infinity))).paths;
}

/** undefined when rg could not run at all (the caller falls back to readdir). */
function listWithRipgrep(rg: string, root: string, ignore: string[], max: number): Promise<Listing | undefined> {
  const args = ['--files', '--no-require-git', '--hidden', '--no-config', '--no-messages', '--null'];
  for (const dir of SKIPPED_DIRS) args.push('-g', `!${dir}`);
  for (const glob of ignore) args.push('-g', `!${glob}`);
  return new Promise((resolve) => {
    const child = spawn(rg, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
    const paths: string[] = [];
    let rest = '';
    let capped = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (capped) return;
      const parts = (rest + chunk).split('\0');
      rest = parts.pop()!;
      for (const rel of parts) {
        if (paths.length >= max) {
          capped = true;
          child.kill();
          return;
        }
        paths.push(path.join(root, rel));
      }
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      // 0: files listed, 1: none, 2: some folders could not be read (the rest is still listed).
      // Anything else (or a signal we did not send) means the list cannot be trusted.
      if (!capped && (code === null || code > 2)) resolve(undefined);
      else resolve({ paths, complete: !capped });
    });
  });
}

async function listWithReaddir(root: string, max: number): Promise<Listing> {
  const paths: string[] = [];
  const dirs = [root];
  while (dirs.length) {
    const dir = dirs.pop()!;
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable or gone: nothing of it can be restored either way
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name)) dirs.push(full);
      } else if (e.isFile()) {
        if (paths.length >= max) return { paths, complete: false };
        paths.push(full);
      }
    }
  }
  return { paths, complete: true };
}

export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
  const modified: string[] = [];
  for (const [p, a] of after.files) {
    const b = before.files.get(p);
    if (b && (b.size !== a.size || b.mtimeMs !== a.mtimeMs || b.ino !== a.ino)) modified.push(p);
  }
  if (!before.complete || !after.complete) return { created: [], deleted: [], modified, complete: false };
  const created = [...after.files.keys()].filter((p) => !before.files.has(p));
  const deleted = [...before.files.keys()].filter((p) => !after.files.has(p));
  return { created, deleted, modified, complete: true };
}

/** A git repository's state before a command: which commit, and which files differed from it. */
export interface GitBaseline {
  toplevel: string;
  head: string;
  /** Paths relative to toplevel ('/'-separated) that differed from HEAD (staged, unstaged, deleted). */
  dirty: Set<string>;
}

/** Runs git in `cwd` (through runGit: nothing the repository configures runs); `input` goes to its stdin. Never rejects. */
export function git(cwd: string, args: string[], input?: string): Promise<GitRun> {
  return runGit(cwd, args, { input });
}

/** The repository `root` is in and its HEAD commit; undefined outside git or before the first commit. */
export async function gitHead(root: string): Promise<{ toplevel: string; head: string } | undefined> {
  const r = await git(root, ['rev-parse', '--show-toplevel', '--verify', '--quiet', 'HEAD^{commit}']);
  const [toplevel, head] = r.stdout.toString().trim().split('\n');
  return r.code === 0 && toplevel && head ? { toplevel, head } : undefined;
}

/**
 * Paths (relative to toplevel, '/'-separated) that differ from `head`, through the index's stat data:
 * a file it does not list has that commit's content. A stale stat entry lists a file that did not
 * change, which only costs a restorable copy. Undefined when git fails.
 */
export async function gitDirty(toplevel: string, head: string): Promise<Set<string> | undefined> {
  const diff = await git(toplevel, ['diff-index', '--name-only', '-z', '--no-renames', head, '--']);
  return diff.code === 0 ? new Set(diff.stdout.toString('utf8').split('\0').filter(Boolean)) : undefined;
}

/** undefined when `root` is not in a git repository with at least one commit (or git is missing). */
export async function gitBaseline(root: string): Promise<GitBaseline | undefined> {
  const at = await gitHead(root);
  const dirty = at && (await gitDirty(at.toplevel, at.head));
  return at && dirty ? { ...at, dirty } : undefined;
}

/**
 * The bytes a file had before the command, taken from git: only when it was committed and unchanged
 * (per the baseline). Returns a reason string when git cannot give them.
 */
export async function gitContent(baseline: GitBaseline, absPath: string): Promise<Buffer | string> {
  const rel = path.relative(baseline.toplevel, absPath);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return `it is outside the git repository at ${baseline.toplevel}`;
  const gitPath = rel.split(path.sep).join('/');
  if (isDirty(baseline, gitPath)) return 'it had changes not committed to git, and the agent had not read it';
  // --filters: the blob as it is checked out (line endings, smudge filters), i.e. the file's bytes.
  const r = await git(baseline.toplevel, ['cat-file', '--filters', `${baseline.head}:${gitPath}`]);
  if (r.code !== 0) return 'it is not committed to git, and the agent had not read it';
  return r.stdout;
}

/** The file's permission bits as `head` records them (0o755 or 0o644); undefined when git cannot say. */
export async function gitMode(baseline: GitBaseline, absPath: string): Promise<number | undefined> {
  const rel = path.relative(baseline.toplevel, absPath).split(path.sep).join('/');
  const r = await git(baseline.toplevel, ['ls-tree', '-z', baseline.head, '--', rel]);
  const mode = /^(\d{6}) blob /.exec(r.stdout.toString('utf8'))?.[1];
  return r.code === 0 && mode ? (mode === '100755' ? 0o755 : 0o644) : undefined;
}

/** Whether `gitPath` or a folder above it is marked dirty (a reported folder covers what is below it). */
export function isDirty(g: GitBaseline, gitPath: string): boolean {
  for (let p = gitPath; p && p !== '.'; p = path.posix.dirname(p)) if (g.dirty.has(p)) return true;
  return false;
}
