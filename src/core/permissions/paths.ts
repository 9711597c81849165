// Paths as the permission engine sees them: canonical (`~`, `..`, symlinks, case), inside or outside
// the workspace, protected or not, and matched by gitignore-style rule globs. Every decision about a
// file is made on the path the write or read would really reach, never on the text the model wrote.
import { lstat, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';

/** `~` and `~/x` name the home directory, as the shell expands them; so do $HOME and ${HOME}. */
export function expandHome(p: string, home: string): string {
  const m = /^(~|\$HOME|\$\{HOME\})(?=\/|$)/.exec(p);
  return m ? home + p.slice(m[0].length) : p;
}

/**
 * The path a read or write of `p` really reaches: home expanded, resolved against cwd, and every
 * existing part resolved through symlinks (the nearest existing ancestor's realpath plus the rest).
 * A dangling symlink is followed to where it points, because writing through it creates that file.
 */
export async function canonicalPath(p: string, cwd: string, home: string, depth = 0): Promise<string> {
  const abs = resolve(cwd, expandHome(p, home));
  const rest: string[] = [];
  let cur = abs;
  for (;;) {
    try {
      const real = await realpath(cur);
      return rest.length ? join(real, ...rest) : real;
    } catch {
      const link = await lstat(cur).then((s) => (s.isSymbolicLink() ? readlink(cur) : undefined), () => undefined);
      if (link !== undefined && depth < 40) {
        const target = resolve(dirname(cur), link);
        return canonicalPath(rest.length ? join(target, ...rest) : target, cwd, home, depth + 1);
      }
      const parent = dirname(cur);
      if (parent === cur) return abs;
      rest.unshift(basename(cur));
      cur = parent;
    }
  }
}

const caseProbe = new Map<string, Promise<boolean>>();

/**
 * Whether the file system holding `dir` ignores case, found by probing: stat the path with the
 * case of its deepest lettered component flipped, and see whether the same file answers.
 */
export function probeCaseInsensitive(dir: string): Promise<boolean> {
  let cached = caseProbe.get(dir);
  if (!cached) {
    cached = (async () => {
      for (let cur = resolve(dir); dirname(cur) !== cur; cur = dirname(cur)) {
        const name = basename(cur);
        const flipped = [...name].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
        if (flipped === name) continue;
        const [a, b] = await Promise.all([stat(cur).catch(() => undefined), stat(join(dirname(cur), flipped)).catch(() => undefined)]);
        if (!a) continue;
        return !!b && a.ino === b.ino && a.dev === b.dev;
      }
      return false;
    })();
    caseProbe.set(dir, cached);
  }
  return cached;
}

/** True when `child` is `parent` or below it. A sibling whose name merely starts with parent's is not. */
export function isWithin(child: string, parent: string, caseInsensitive = false): boolean {
  const rel = caseInsensitive ? relative(parent.toLowerCase(), child.toLowerCase()) : relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/** Shell startup files: whoever writes them runs code in every later shell of the user. */
const STARTUP_FILES = ['.bashrc', '.zshrc', '.profile', '.bash_profile', '.zprofile', '.zshenv', '.bash_login', '.config/fish/config.fish'];
/** Home files that hold credentials or configure tools that run code (git, npm): writes ask. */
const HOME_CONFIG_FILES = ['.gitconfig', '.npmrc', '.config/git/config'];
/** Home folders of secrets: reading them asks too. */
const SECRET_DIRS = ['.ssh', '.aws', '.gnupg'];
/** Folders whose contents configure the agent, the editor or git: any file below them. */
const CONFIG_DIRS = ['.git', '.tandem', '.claude'];
const VSCODE_FILES = ['settings.json', 'tasks.json', 'launch.json'];

/**
 * Why changing (or, for secrets, reading) this path needs the user whatever the mode: it could
 * take over the agent, the editor, git or the user's shell. undefined when it is not protected.
 * Inside a workspace folder only the part below the folder counts, so a workspace that itself
 * lives under some `.claude/` folder is not protected as a whole. Names match in any letter case.
 */
export function protectedReason(absPath: string, access: 'read' | 'write', home: string, _caseInsensitive = false, roots: string[] = []): string | undefined {
  // In every spelling, whatever this file system does: .GIT/hooks is .git/hooks on macOS, Windows and
  // many mounted volumes, and a workspace copied there keeps its meaning. Asking too often is the safe side.
  const norm = (s: string) => s.toLowerCase();
  const p = norm(absPath);
  const h = norm(home);
  for (const d of SECRET_DIRS) if (isWithin(p, join(h, d))) return `${absPath} is in ~/${d}, which holds secrets`;
  if (access === 'read') return undefined;
  for (const f of [...STARTUP_FILES, ...HOME_CONFIG_FILES]) if (p === join(h, f)) return `${absPath} is the shell or tool configuration ~/${f}`;
  const root = roots.map(norm).filter((r) => isWithin(p, r)).sort((a, b) => b.length - a.length)[0];
  const parts = (root === undefined ? p : relative(root, p)).split(sep);
  const name = parts[parts.length - 1];
  const dir = CONFIG_DIRS.find((d) => parts.includes(d));
  if (dir) return `${absPath} is inside ${dir}/, which configures ${dir === '.git' ? 'git' : 'the agent'}`;
  if (parts[parts.length - 2] === '.vscode' && VSCODE_FILES.includes(name)) return `${absPath} is VS Code configuration that can run commands`;
  if (name.endsWith('.code-workspace')) return `${absPath} is a VS Code workspace file`;
  if (name === '.mcp.json' || name === '.envrc') return `${absPath} configures programs that run automatically`;
  if (name === '.env' || name.startsWith('.env.')) return `${absPath} is an environment file`;
  return undefined;
}

/**
 * gitignore-style rule glob against an absolute path: `//x` is absolute, `~/x` is below home, `/x`
 * and any pattern with a slash are anchored at `base`; a pattern without a slash matches at any
 * depth. A pattern naming a directory covers everything inside it.
 */
export function globMatches(spec: string, absPath: string, base: string, home: string, caseInsensitive = false): boolean {
  let pattern = spec.startsWith('./') ? spec.slice(2) : spec;
  let anchor = base;
  let anchored = true;
  if (pattern.startsWith('//')) {
    pattern = pattern.slice(2);
    anchor = '/';
  } else if (pattern === '~' || pattern.startsWith('~/')) {
    pattern = pattern.slice(2);
    anchor = home;
  } else if (pattern.startsWith('/')) {
    pattern = pattern.slice(1);
  } else {
    anchored = pattern.replace(/\/+$/, '').includes('/');
  }
  if (!isWithin(absPath, anchor, caseInsensitive)) return false;
  const rel = relative(caseInsensitive ? anchor.toLowerCase() : anchor, caseInsensitive ? absPath.toLowerCase() : absPath).split(sep).join('/');
  pattern = pattern.replace(/\/+$/, '');
  if (pattern === '') return true;
  const glob = anchored ? pattern : `**/${pattern}`;
  const opts = { dot: true, nocase: caseInsensitive };
  return picomatch(glob, opts)(rel) || picomatch(`${glob}/**`, opts)(rel);
}
