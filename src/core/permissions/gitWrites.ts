// Git subcommands that create or write files where their arguments point: init, clone, worktree
// add, bundle create, archive -o, format-patch -o. Like cp's and mv's, those paths pass the write
// check, so a rule for git (or for `git clone`) does not let them land outside the workspace or in
// a protected place.
import { basename, isAbsolute, join } from 'node:path';
import { gitSubcommand } from './gitSafety';

/** Options of these subcommands that take the next word as their value (so it is not an operand). */
const WITH_VALUE: Record<string, Set<string>> = {
  init: new Set(['--template', '--separate-git-dir', '-b', '--initial-branch', '--object-format', '--ref-format', '--shared']),
  clone: new Set([
    '-o', '--origin', '-b', '--branch', '-u', '--upload-pack', '--reference', '--reference-if-able', '--depth', '--template', '-c',
    '--config', '--filter', '-j', '--jobs', '--shallow-since', '--shallow-exclude', '--server-option', '--bundle-uri', '--ref-format',
    '--separate-git-dir', '--revision',
  ]),
  worktree: new Set(['-b', '-B', '--reason']),
  bundle: new Set(['--version']),
  archive: new Set(['--format', '--prefix', '-o', '--output', '--remote', '--exec', '--add-file', '--add-virtual-file', '--mtime']),
  'format-patch': new Set(['-o', '--output-directory', '--output', '--subject-prefix', '--start-number', '--suffix', '--in-reply-to', '--signature-file', '--base', '--to', '--cc', '--from']),
};

/** Options whose value is a path git writes to (`--opt value` or `--opt=value`). */
const WRITES_TO: Record<string, string[]> = {
  init: ['--separate-git-dir'],
  clone: ['--separate-git-dir'],
  archive: ['-o', '--output'],
  'format-patch': ['-o', '--output-directory', '--output'],
};

interface Parsed {
  operands: string[];
  values: Map<string, string[]>;
}

function parse(sub: string, args: string[]): Parsed {
  const takes = WITH_VALUE[sub] ?? new Set<string>();
  const out: Parsed = { operands: [], values: new Map() };
  const add = (opt: string, v: string) => out.values.set(opt, [...(out.values.get(opt) ?? []), v]);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.operands.push(...args.slice(i + 1));
      break;
    }
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0) add(a.slice(0, eq), a.slice(eq + 1));
    else if (takes.has(a)) add(a, args[++i] ?? '');
    else if (/^-[a-zA-Z]./.test(a) && takes.has(a.slice(0, 2))) add(a.slice(0, 2), a.slice(2)); // -opatches
    else if (!a.startsWith('-')) out.operands.push(a);
  }
  return out;
}

/** The paths a git command writes to, as written (relative ones to the shell's folder or `-C`'s). */
export function gitWritePaths(argv: string[]): string[] {
  const git = gitSubcommand(argv);
  if (!git) return [];
  let { sub, args } = git;
  if (sub === 'worktree' || sub === 'bundle') {
    if (args[0] !== (sub === 'worktree' ? 'add' : 'create')) return [];
    args = args.slice(1);
  }
  if (!(sub in WITH_VALUE)) return [];
  const p = parse(sub, args);
  const paths = (WRITES_TO[sub] ?? []).flatMap((o) => p.values.get(o) ?? []);
  if (sub === 'init' || sub === 'worktree' || sub === 'bundle') paths.push(...p.operands.slice(0, 1));
  if (sub === 'clone' && p.operands[0]) paths.push(p.operands[1] ?? basename(p.operands[0].replace(/[/\\]+$/, '')).replace(/\.git$/, ''));
  const c = gitDirOption(argv);
  return paths.filter((x) => x !== '').map((x) => (c && !isAbsolute(x) && !x.startsWith('~') ? join(c, x) : x));
}

/** `git -C dir …` runs in dir (several -C stack): the folder relative to the shell's, or undefined. */
export function gitDirOption(argv: string[]): string | undefined {
  const git = gitSubcommand(argv);
  const globals = argv.slice(1, git ? argv.length - git.args.length - 1 : argv.length);
  return globals.reduce<string | undefined>((dir, a, i, all) => (all[i - 1] === '-C' ? (dir && !isAbsolute(a) ? join(dir, a) : a) : dir), undefined);
}
