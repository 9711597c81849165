// Files that define what a command runs: package.json scripts (npm/yarn/pnpm/bun), a Makefile
// (make), a justfile, tox.ini/noxfile.py, build.rs and .cargo/config (cargo), the pre-commit
// configuration and git hooks (.husky, .githooks, .git/hooks: git commit, push, merge…). A rule
// such as `Bash(npm test:*)` allows a command the user knew; once the agent has rewritten what that
// command runs, the next run asks once, saying what changed. The watch keeps each definition's
// content from before the agent could have changed it (taken when a call that may write it is
// decided, before it runs) and compares at the next decision; an approval accepts the new content.
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';

/** A definition: one file, or a folder of hooks (its files, compared together). */
interface Source {
  path: string;
  folder?: boolean;
  /** For package.json: the scripts that matter for this command ('all': every one). */
  scripts?: string[] | 'all';
}

/** Definition files by name, in the folder a command runs in. */
const PROGRAM_FILES: Record<string, string[]> = {
  make: ['GNUmakefile', 'makefile', 'Makefile'],
  gmake: ['GNUmakefile', 'makefile', 'Makefile'],
  just: ['justfile', 'Justfile', '.justfile'],
  tox: ['tox.ini', 'tox.toml'],
  nox: ['noxfile.py'],
  cargo: ['build.rs', '.cargo/config.toml', '.cargo/config'],
  'pre-commit': ['.pre-commit-config.yaml'],
  rake: ['Rakefile', 'rakefile'],
  task: ['Taskfile.yml', 'Taskfile.yaml'],
};
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);
const HOOK_FOLDERS = ['.husky', '.githooks', '.git/hooks'];
/** git subcommands that run no hook. */
const GIT_WITHOUT_HOOKS = new Set(['status', 'diff', 'log', 'show', 'rev-parse', 'ls-files', 'ls-tree', 'blame', 'grep', 'describe', 'shortlog', 'cat-file', 'help', 'version', 'config', 'remote', 'branch', 'tag', 'stash', 'fetch']);

const NAMED_FILES = new Set(['package.json', ...Object.values(PROGRAM_FILES).flat().filter((f) => !f.includes('/'))]);

/** The definition a written path belongs to (a hook file: its folder), if it is one. */
export function definitionOf(path: string): Source | undefined {
  const parts = path.split(sep);
  for (const folder of HOOK_FOLDERS) {
    const f = folder.split('/');
    for (let i = 1; i + f.length < parts.length; i++) {
      if (f.every((x, j) => parts[i + j] === x)) return { path: parts.slice(0, i + f.length).join(sep), folder: true };
    }
  }
  const name = basename(path);
  if (NAMED_FILES.has(name) || (parts.at(-2) === '.cargo' && /^config(\.toml)?$/.test(name))) return { path };
  return undefined;
}

const LIFECYCLE = ['preinstall', 'install', 'postinstall', 'prepublish', 'preprepare', 'prepare', 'postprepare', 'prepack', 'postpack', 'dependencies'];
const NO_SCRIPTS: Record<string, Set<string>> = {
  npm: new Set(['ls', 'list', 'view', 'info', 'show', 'outdated', 'audit', 'config', 'help', 'version', 'whoami', 'search', 'cache', 'init', 'exec', 'x', 'why', 'explain', 'doctor', 'root', 'prefix', 'bin', 'fund']),
  yarn: new Set(['list', 'info', 'why', 'config', 'cache', 'help', 'init', 'outdated', 'audit', 'dlx', 'exec', 'bin', 'licenses', 'owner', 'login', 'logout']),
  pnpm: new Set(['list', 'ls', 'why', 'outdated', 'audit', 'config', 'help', 'dlx', 'exec', 'store', 'licenses', 'root', 'bin']),
  bun: new Set(['x', 'pm', 'outdated', 'init', 'create', 'upgrade', 'build', 'test']),
};

/** The scripts a package manager's command runs by name (their pre/post and what they name come later). */
export function scriptsRun(argv: string[]): string[] | 'all' {
  const pm = basename(argv[0] ?? '');
  const args = argv.slice(1).filter((a) => !a.startsWith('-'));
  const [sub, name] = args;
  const install = ['install', 'i', 'ci', 'add', 'in', 'update', 'up', 'upgrade', 'rebuild', 'pack', 'publish', 'link'];
  if (sub === undefined) return pm === 'yarn' ? LIFECYCLE : [];
  if (['run', 'run-script', 'rum', 'urn'].includes(sub)) return name === undefined ? [] : [name];
  if (['test', 't', 'tst'].includes(sub)) return pm === 'bun' && sub === 'test' ? [] : ['test'];
  if (sub === 'start' || sub === 'stop') return [sub];
  if (sub === 'restart') return ['restart', 'stop', 'start'];
  if (install.includes(sub)) return LIFECYCLE;
  if (NO_SCRIPTS[pm]?.has(sub)) return [];
  // npm has no other script-running subcommands; yarn, pnpm and bun run a script of that name.
  return pm === 'npm' ? 'all' : [sub];
}

function definitionsOfCommand(argv: string[]): { files: string[]; scripts?: string[] | 'all'; hooks?: boolean } | undefined {
  const prog = basename(argv[0] ?? '');
  if (PACKAGE_MANAGERS.has(prog)) {
    const scripts = scriptsRun(argv);
    return scripts === 'all' || scripts.length ? { files: ['package.json'], scripts } : undefined;
  }
  if (PROGRAM_FILES[prog]) return { files: PROGRAM_FILES[prog] };
  if (prog === 'git') {
    const sub = argv.slice(1).find((a, i, all) => !a.startsWith('-') && !['-C', '-c', '--git-dir', '--work-tree'].includes(all[i - 1] ?? ''));
    if (sub && !GIT_WITHOUT_HOOKS.has(sub)) return { files: ['.pre-commit-config.yaml'], hooks: true };
  }
  return undefined;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

/** The nearest folder at or above `dir` that holds `name`. */
async function nearest(dir: string, name: string): Promise<string | undefined> {
  for (let d = dir; ; d = dirname(d)) {
    if (await exists(join(d, name))) return d;
    if (dirname(d) === d) return undefined;
  }
}

/** What a command run in `dir` takes its instructions from. */
export async function commandSources(argv: string[], dir: string): Promise<Source[]> {
  const what = definitionsOfCommand(argv);
  if (!what) return [];
  if (what.scripts) return [{ path: join((await nearest(dir, 'package.json')) ?? dir, 'package.json'), scripts: what.scripts }];
  const base = what.hooks ? ((await nearest(dir, '.git')) ?? dir) : dir;
  const out: Source[] = what.files.map((f) => ({ path: join(base, f) }));
  if (what.hooks) out.push(...HOOK_FOLDERS.map((f) => ({ path: join(base, f), folder: true })));
  return out;
}

/** Every definition in a folder that a shell command run there might rewrite. */
function sourcesIn(dir: string): Source[] {
  const files = ['package.json', ...new Set(Object.values(PROGRAM_FILES).flat())];
  return [...files.map((f) => ({ path: join(dir, f) })), ...HOOK_FOLDERS.map((f) => ({ path: join(dir, f), folder: true }))];
}

/** A definition's content now: the file's text, or a folder's files (two levels); null when absent. */
async function snapshot(s: Source): Promise<string | null> {
  if (!s.folder) return readFile(s.path, 'utf8').catch(() => null);
  const files: Record<string, string> = {};
  const walk = async (d: string, depth: number): Promise<void> => {
    const entries = await readdir(d, { withFileTypes: true }).catch(() => []);
    for (const e of entries.slice(0, 200)) {
      const p = join(d, e.name);
      if (e.isDirectory() && depth < 2) await walk(p, depth + 1);
      else if (e.isFile()) files[relative(s.path, p)] = await readFile(p, 'utf8').catch(() => '');
    }
  };
  if (!(await exists(s.path))) return null;
  await walk(s.path, 1);
  return JSON.stringify(files, Object.keys(files).sort());
}

function scriptsOf(text: string | null): Record<string, string> | undefined {
  if (text === null) return {};
  try {
    const scripts = (JSON.parse(text) as { scripts?: unknown }).scripts;
    if (scripts === undefined) return {};
    if (typeof scripts !== 'object' || scripts === null) return undefined;
    return Object.fromEntries(Object.entries(scripts).map(([k, v]) => [k, String(v)]));
  } catch {
    return undefined;
  }
}

/** The scripts `names` run: with their pre/post scripts and every script their text names, transitively. */
export function scriptClosure(names: string[], scripts: Record<string, string>): Set<string> {
  const out = new Set<string>();
  const queue = names.flatMap((n) => [`pre${n}`, n, `post${n}`]);
  while (queue.length) {
    const n = queue.pop()!;
    if (out.has(n)) continue;
    out.add(n);
    const text = scripts[n];
    if (text === undefined) continue;
    for (const word of text.split(/[^\w:.@/-]+/)) if (word in scripts && !out.has(word)) queue.push(`pre${word}`, word, `post${word}`);
  }
  return out;
}

/** What changed in a definition between two contents, in words; empty when nothing that matters did. */
function describeChange(s: Source, before: string | null, now: string | null, label: string): string[] {
  if (before === now) return [];
  if (!s.scripts) {
    if (before === null) return [`${label} was created by the agent in this session`];
    if (now === null) return [`${label} was deleted by the agent in this session`];
    return [`${label} was changed by the agent in this session`];
  }
  const [old, cur] = [scriptsOf(before), scriptsOf(now)];
  if (!old || !cur) return [`${label} was changed by the agent in this session, and its scripts cannot be read`];
  const names = s.scripts === 'all' ? new Set([...Object.keys(old), ...Object.keys(cur)]) : new Set([...scriptClosure(s.scripts, old), ...scriptClosure(s.scripts, cur)]);
  const changed = [...names].filter((n) => old[n] !== cur[n]).sort();
  return changed.map((n) => `${label}'s scripts.${n} was ${old[n] === undefined ? 'added' : cur[n] === undefined ? 'removed' : 'changed'} by the agent in this session`);
}

export interface DefinitionChanges {
  reasons: string[];
  /** The user approved running the command: its definitions as they are now are accepted. */
  accept(): void;
}

export class DefinitionWatch {
  /** Per definition path: its content before the agent could change it, or as the user last accepted it. */
  private readonly baseline = new Map<string, string | null>();

  private async remember(s: Source): Promise<void> {
    if (!this.baseline.has(s.path)) this.baseline.set(s.path, await snapshot(s));
  }

  /** A file tool is about to write `path`: keep the definition it belongs to as it is now. */
  async beforeWrite(path: string): Promise<void> {
    const s = definitionOf(path);
    if (s) await this.remember(s);
  }

  /** A shell command is about to run in these folders and may write anything there: keep their definitions. */
  async beforeCommand(dirs: string[]): Promise<void> {
    await Promise.all([...new Set(dirs)].flatMap((d) => sourcesIn(d).map((s) => this.remember(s))));
  }

  /** What the agent changed in the definitions of a command about to run in `dir` (`label` names a path for the user). */
  async changes(argv: string[], dir: string, label: (path: string) => string): Promise<DefinitionChanges> {
    const reasons: string[] = [];
    const seen: { path: string; now: string | null }[] = [];
    for (const s of await commandSources(argv, dir)) {
      if (!this.baseline.has(s.path)) continue;
      const now = await snapshot(s);
      const why = describeChange(s, this.baseline.get(s.path)!, now, label(s.path));
      if (why.length) {
        reasons.push(...why);
        seen.push({ path: s.path, now });
      }
    }
    return { reasons, accept: () => seen.forEach(({ path, now }) => this.baseline.set(path, now)) };
  }
}
