// Bash's pathname expansion, done at decision time so that a command's glob arguments are judged by
// the files they will name (`wc -l lib/*.ts` reads lib/a.ts and lib/b.ts), against the folder the
// shell is really in. Bash's rules: `*` and `?` never match a `/` and never match a leading dot
// unless the pattern starts with one (or dotglob is on); `**` is `*` unless globstar is on; a
// pattern that matches nothing stays the word itself. Each segment is matched by picomatch against
// the real directory listing. The caller checks every match as a path (each is made canonical
// there, so a symlink inside the folder is judged by its target) and the word itself as well.
import type { Dirent } from 'node:fs';
import { lstat, readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import picomatch from 'picomatch';
import { expandHome } from './paths';
import type { ShellAnalysis } from './shell/types';

/** Past this many matches a glob is not expanded: the command asks. */
export const MAX_GLOB_MATCHES = 1000;
/** Directory entries looked at for one word (globstar over a large tree), past which it asks. */
const MAX_ENTRIES_SEEN = 50_000;

/** The shell options that change what a glob names; each is true when it may be on. */
export interface GlobOptions {
  globstar: boolean;
  dotglob: boolean;
  nocaseglob: boolean;
  extglob: boolean;
}

export type Expansion = { paths: string[] } | { unknown: string };

const GLOB_OPTIONS = ['globstar', 'dotglob', 'nocaseglob', 'extglob'] as const;

/**
 * The options in force for a command line: those the shell's environment turns on (BASHOPTS,
 * GLOBIGNORE, which turns dotglob on) and any a `shopt` anywhere in the line may set: in a loop
 * or after `||` its place does not say whether it ran first, so it counts as possibly on.
 */
export function globOptions(analysis: ShellAnalysis, env: Readonly<Record<string, string>> = {}): GlobOptions {
  const bashopts = new Set((env.BASHOPTS ?? '').split(':'));
  const opts: GlobOptions = { globstar: false, dotglob: !!env.GLOBIGNORE, nocaseglob: false, extglob: false };
  for (const o of GLOB_OPTIONS) if (bashopts.has(o)) opts[o] = true;
  for (const sc of analysis.commands) {
    if (sc.argv[0] !== 'shopt') continue;
    const named = sc.argv.slice(1).filter((a) => !a.startsWith('-'));
    // A name only known at run time may be any of them.
    const unknown = named.some((a) => /[$`*?[]/.test(a)) || named.length === 0;
    for (const o of GLOB_OPTIONS) if (unknown || named.includes(o)) opts[o] = true;
  }
  return opts;
}

const hasWildcard = (segment: string) => /(^|[^\\])[*?[]/.test(segment.replace(/\\\\/g, ''));
const unescape = (segment: string) => segment.replace(/\\(.)/g, '$1');

interface Walk {
  seen: number;
}

/**
 * The paths a glob names when run in `cwd`, spelled as bash would pass them (relative stays
 * relative). Empty when nothing matches (bash then passes the word itself). Unknown when there are
 * too many to check.
 */
export async function expandGlob(pattern: string, cwd: string, opts: GlobOptions): Promise<Expansion> {
  if (opts.extglob && /[?*+@!]\\\(/.test(pattern)) return { unknown: 'it uses an extended glob (extglob may be on), which the analysis does not expand' };
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/');
  let spelled: string[] = [absolute ? '/' : ''];
  const walk: Walk = { seen: 0 };
  const fsPath = (s: string) => resolve(cwd, s || '.');
  const join = (s: string, name: string) => (s === '' ? name : s.endsWith('/') ? s + name : `${s}/${name}`);
  let globbed = false;
  for (let k = absolute ? 1 : 0; k < segments.length; k++) {
    const segment = segments[k];
    const last = k === segments.length - 1;
    if (segment === '') {
      // `a//b` or a trailing slash: only folders remain.
      spelled = (await keepDirs(spelled, fsPath)).map((s) => (s.endsWith('/') ? s : `${s}/`));
      continue;
    }
    if (!hasWildcard(segment)) {
      const name = unescape(segment);
      spelled = spelled.map((s) => join(s, name));
      if (globbed) spelled = await keepExisting(spelled, fsPath);
      continue;
    }
    globbed = true;
    const next: string[] = [];
    if (opts.globstar && segment === '**') {
      for (const s of spelled) {
        if (!last) next.push(s);
        const found = await descendants(s, fsPath, join, opts, walk, last);
        if (found === undefined) return tooMany();
        next.push(...found);
        if (next.length > MAX_GLOB_MATCHES) return tooMany();
      }
    } else {
      const match = picomatch(segment, { dot: opts.dotglob, nocase: opts.nocaseglob, nobrace: true, noextglob: true, nonegate: true, posix: true });
      // Bash before 5.2 (macOS ships 3.2) lets `.*` match `.` and `..`: counted, so as to judge the wider case.
      const dots = segment.startsWith('.') ? ['.', '..'] : [];
      for (const s of spelled) {
        const entries = await list(fsPath(s), walk);
        if (entries === undefined) return tooMany();
        for (const name of [...dots, ...entries.map((e) => e.name)]) if (match(name)) next.push(join(s, name));
        if (next.length > MAX_GLOB_MATCHES) return tooMany();
      }
    }
    spelled = next;
    if (spelled.length === 0) break;
  }
  return { paths: globbed ? [...new Set(spelled)].sort() : [] };
}

/** The paths a glob word names when run in `dir`: its matches, or the word itself when none (bash passes it unchanged). */
export async function namedPaths(word: string, pattern: string, dir: string, home: string, opts: GlobOptions): Promise<Expansion> {
  const expanded = await expandGlob(expandHome(pattern, home), dir, opts);
  if ('unknown' in expanded) return expanded;
  return { paths: expanded.paths.length ? expanded.paths : [expandHome(word, home)] };
}

const tooMany = (): Expansion => ({ unknown: `it names more than ${MAX_GLOB_MATCHES.toLocaleString('en-US')} files (or a tree too large to look through)` });

async function list(dir: string, walk: Walk): Promise<Dirent[] | undefined> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [] as Dirent[]);
  walk.seen += entries.length;
  return walk.seen > MAX_ENTRIES_SEEN ? undefined : entries;
}

/** lstat: a dangling symlink is a match too (bash passes it, and writing through it creates its target). */
async function keepExisting(spelled: string[], fsPath: (s: string) => string): Promise<string[]> {
  const ok = await Promise.all(spelled.map((s) => lstat(fsPath(s)).then(() => true, () => false)));
  return spelled.filter((_, i) => ok[i]);
}

async function keepDirs(spelled: string[], fsPath: (s: string) => string): Promise<string[]> {
  const ok = await Promise.all(spelled.map((s) => stat(fsPath(s)).then((st) => st.isDirectory(), () => false)));
  return spelled.filter((_, i) => ok[i]);
}

/**
 * globstar's `**`: every folder below `s` (and, as the last segment, every file), not following
 * symlinked folders (bash 4.3 and later do not), hidden ones only with dotglob.
 */
async function descendants(
  s: string,
  fsPath: (s: string) => string,
  join: (s: string, name: string) => string,
  opts: GlobOptions,
  walk: Walk,
  files: boolean,
): Promise<string[] | undefined> {
  const out: string[] = [];
  const queue = [s];
  while (queue.length) {
    const dir = queue.shift()!;
    const entries = await list(fsPath(dir), walk);
    if (entries === undefined) return undefined;
    for (const e of entries) {
      if (e.name.startsWith('.') && !opts.dotglob) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        out.push(p);
        queue.push(p);
      } else if (files) out.push(p);
      if (out.length > MAX_GLOB_MATCHES) return undefined;
    }
  }
  return out;
}
