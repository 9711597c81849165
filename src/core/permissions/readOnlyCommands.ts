// Commands known to only read: allowed without a rule in default and acceptEdits, and the only
// commands plan mode runs. Each is judged on its normalized argv; options that write a file, run
// another program or change the machine make it an ordinary command again. The paths it reads are
// returned so the engine can ask before a read outside the workspace, as it does for Read.
import type { SimpleCommand } from './shell/types';
import { gitSubcommand } from './gitSafety';

export type ReadOnlyVerdict = { readOnly: true; paths: string[] } | { readOnly: false; why: string };

/** Where a command's file arguments are: every operand, all but the first (a pattern), or find's start points. */
type PathArgs = 'none' | 'all' | 'afterPattern' | 'findRoots';

interface CommandSpec {
  paths: PathArgs;
  /** Why these arguments make the command more than a read; undefined when they do not. */
  forbid?: (args: string[]) => string | undefined;
}

/** Variables that only change formatting or locale: a command with them still only reads. */
const SAFE_ASSIGNMENTS = new Set(['LANG', 'LC_ALL', 'LC_CTYPE', 'LC_MESSAGES', 'TZ', 'NO_COLOR', 'FORCE_COLOR', 'CLICOLOR', 'TERM', 'COLUMNS']);

const operands = (args: string[]) => {
  const i = args.indexOf('--');
  return i < 0 ? args.filter((a) => !a.startsWith('-') || a === '-') : [...args.slice(0, i).filter((a) => !a.startsWith('-')), ...args.slice(i + 1)];
};
const flagged = (args: string[], short: string, ...long: string[]) =>
  args.find((a) => long.some((l) => a === l || a.startsWith(`${l}=`)) || (/^-[A-Za-z0-9]+$/.test(a) && short !== '' && a.slice(1).includes(short)));
const writesWith = (short: string, ...long: string[]) => (args: string[]) => {
  const f = flagged(args, short, ...long);
  return f ? `${f} makes it write or run something` : undefined;
};

const FIND_ACTIONS = ['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fprint', '-fprint0', '-fprintf', '-fls'];

const COMMANDS: Record<string, CommandSpec> = {
  ls: { paths: 'all' },
  cat: { paths: 'all' },
  head: { paths: 'all' },
  tail: { paths: 'all' },
  wc: { paths: 'all' },
  stat: { paths: 'all' },
  file: { paths: 'all', forbid: writesWith('C', '--compile') },
  tree: { paths: 'all', forbid: writesWith('', '-o', '-R') },
  du: { paths: 'all' },
  df: { paths: 'all' },
  diff: { paths: 'all' },
  cmp: { paths: 'all' },
  comm: { paths: 'all' },
  nl: { paths: 'all' },
  cut: { paths: 'all' },
  sort: { paths: 'all', forbid: writesWith('o', '--output', '--compress-program') },
  uniq: { paths: 'all', forbid: (a) => (operands(a).length > 1 ? 'a second operand is a file uniq writes' : undefined) },
  realpath: { paths: 'all' },
  readlink: { paths: 'all' },
  md5sum: { paths: 'all' },
  sha1sum: { paths: 'all' },
  sha256sum: { paths: 'all' },
  sha512sum: { paths: 'all' },
  cksum: { paths: 'all' },
  cd: { paths: 'all' },
  grep: { paths: 'afterPattern' },
  egrep: { paths: 'afterPattern' },
  fgrep: { paths: 'afterPattern' },
  rg: { paths: 'afterPattern', forbid: writesWith('', '--pre') },
  find: {
    paths: 'findRoots',
    forbid: (a) => {
      const act = a.find((x) => FIND_ACTIONS.includes(x));
      return act ? `find ${act} runs or writes something` : undefined;
    },
  },
  pwd: { paths: 'none' },
  echo: { paths: 'none' },
  printf: { paths: 'none' },
  which: { paths: 'none' },
  type: { paths: 'none' },
  whereis: { paths: 'none' },
  basename: { paths: 'none' },
  dirname: { paths: 'none' },
  true: { paths: 'none' },
  false: { paths: 'none' },
  test: { paths: 'none' },
  '[': { paths: 'none' },
  uname: { paths: 'none' },
  whoami: { paths: 'none' },
  id: { paths: 'none' },
  seq: { paths: 'none' },
  printenv: { paths: 'none' },
  env: { paths: 'none', forbid: (a) => (a.length ? 'env with arguments runs a command' : undefined) },
  hostname: { paths: 'none', forbid: (a) => (a.length ? 'hostname with arguments changes the host name' : undefined) },
  date: {
    paths: 'none',
    forbid: (a) => (flagged(a, 's', '--set') || operands(a).some((x) => !x.startsWith('+')) ? 'date with that argument sets the clock' : undefined),
  },
  git: { paths: 'none' },
};

/** Git's global options a read-only git command may carry. */
const GIT_GLOBAL_OK = new Set(['-C', '--no-pager', '-P', '--no-optional-locks']);

const GIT_BRANCH_LISTING = new Set(['-a', '--all', '-r', '--remotes', '-v', '-vv', '--verbose', '--list', '-l', '--show-current', '--no-color', '--color', '--merged', '--no-merged', '--contains', '--no-contains', '--points-at', '--sort', '--format', '--column', '--no-column', '-i', '--ignore-case', '--abbrev', '--no-abbrev']);

function gitReadOnly(argv: string[]): string | undefined {
  const git = gitSubcommand(argv);
  if (!git) return 'git without a subcommand';
  for (let i = 1; i < argv.length && argv[i] !== git.sub; i++) {
    if (!argv[i].startsWith('-')) continue;
    if (!GIT_GLOBAL_OK.has(argv[i])) return `git ${argv[i]} changes how git runs`;
  }
  const { sub, args } = git;
  const bad = args.find((a) => /^--(output|ext-diff|open-files-in-pager|exec)(=|$)/.test(a) || a === '-O');
  if (bad) return `git ${sub} ${bad} writes a file or runs a program`;
  switch (sub) {
    case 'status':
    case 'diff':
    case 'log':
    case 'show':
    case 'rev-parse':
    case 'ls-files':
    case 'ls-tree':
    case 'blame':
    case 'grep':
    case 'describe':
    case 'shortlog':
    case 'show-ref':
    case 'cat-file':
    case 'merge-base':
    case 'rev-list':
      return undefined;
    case 'branch': {
      const listing = args.includes('--list') || args.includes('-l');
      const extra = args.find((a) => (a.startsWith('-') ? !GIT_BRANCH_LISTING.has(a.split('=')[0]) : !listing));
      return extra ? `git branch ${extra} changes branches` : undefined;
    }
    case 'tag':
      return args.length === 0 || args[0] === '-l' || args[0] === '--list' ? undefined : 'git tag with arguments creates or deletes tags';
    case 'remote':
      return args.length === 0 || args[0] === '-v' || args[0] === 'get-url' || args[0] === 'show' ? undefined : `git remote ${args[0]} changes remotes`;
    case 'stash':
      return args[0] === 'list' || args[0] === 'show' ? undefined : 'git stash changes the working tree';
    case 'reflog':
      return args.length === 0 || args[0] === 'show' ? undefined : `git reflog ${args[0]} changes the reflog`;
    case 'worktree':
      return args[0] === 'list' ? undefined : 'git worktree changes worktrees';
    case 'config':
      return args.some((a) => /^(--get|--get-all|--get-regexp|--list|-l)$/.test(a)) && !args.some((a) => /^--(add|unset|unset-all|replace-all|edit|rename-section|remove-section)$/.test(a))
        ? undefined
        : 'git config without --get/--list changes configuration';
    default:
      return `git ${sub} is not a read-only git command`;
  }
}

function pathOperands(kind: PathArgs, args: string[], globs: SimpleCommand['globs'] = {}): string[] {
  switch (kind) {
    case 'none':
      return [];
    case 'all':
      return operands(args).filter((a) => a !== '-');
    case 'afterPattern': {
      const explicit = args.some((a) => /^(-e|-f|--regexp|--file|--files)(=|$)/.test(a) || /^-[A-Za-z]*[ef]$/.test(a));
      const ops = operands(args);
      // An unquoted wildcard in the pattern's place (`grep *`) becomes file names: the first is the pattern, the rest are read.
      return explicit || (ops.length && Object.hasOwn(globs, ops[0])) ? ops : ops.slice(1);
    }
    case 'findRoots': {
      const end = args.findIndex((a) => a.startsWith('-') || a === '(' || a === '!');
      return end < 0 ? args : args.slice(0, end);
    }
  }
}

export function readOnlyCommand(sc: SimpleCommand): ReadOnlyVerdict {
  const [name, ...args] = sc.argv;
  if (name === undefined) return { readOnly: false, why: 'it only sets shell variables, which later commands inherit' };
  const unsafe = sc.assignments.find((a) => !SAFE_ASSIGNMENTS.has(a));
  if (unsafe) return { readOnly: false, why: `it sets ${unsafe}, which can change what the program does` };
  if (name.includes('/')) return { readOnly: false, why: `${name} is a program named by path, not a known command` };
  const spec = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!spec) return { readOnly: false, why: `${name} is not a known read-only command` };
  const why = name === 'git' ? gitReadOnly(sc.argv) : spec.forbid?.(args);
  if (why) return { readOnly: false, why };
  const gitDir = name === 'git' ? [...gitDirArg(sc.argv), ...gitFileOperands(sc.argv, sc.globs)] : [];
  return { readOnly: true, paths: [...gitDir, ...pathOperands(spec.paths, args, sc.globs)] };
}

/**
 * Files git reads outside the repository's objects: `git diff` compares any two files given
 * `--no-index` (and does so unasked outside a repository), `git grep --no-index` searches files.
 * Their operands are checked as reads (a revision name checked as a path is harmless: inside).
 */
function gitFileOperands(argv: string[], globs: SimpleCommand['globs']): string[] {
  const git = gitSubcommand(argv);
  if (git?.sub === 'diff') return pathOperands('all', git.args);
  if (git?.sub === 'grep' && git.args.includes('--no-index')) return pathOperands('afterPattern', git.args, globs);
  return [];
}

/** `git -C dir ...` reads dir. */
function gitDirArg(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length && argv[i].startsWith('-'); i++) if (argv[i] === '-C' && i + 1 < argv.length) out.push(argv[++i]);
  return out;
}
