// Git operations that destroy work or history (force pushes, hard resets, cleans, path checkouts,
// branch force-deletes, rebases, history filters, reflog and stash drops, ref deletes, pruning gc).
// A broad rule such as `Bash(git:*)` does not cover them: only a rule that names the operation
// itself does (`Bash(git push --force:*)`, `Bash(git reset --hard)`).
import { basename } from 'node:path';

export interface DestructiveGit {
  /** What it does, for the user: e.g. "git push --force rewrites the remote branch". */
  what: string;
  /** Words an allow rule must contain to name this operation (the subcommand and the flag as written). */
  needs: string[];
}

/** Global options that take a value as the next word (`git -C dir status`). */
const GLOBAL_WITH_VALUE = new Set(['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--exec-path', '--config-env', '--super-prefix']);

/** The git subcommand and its arguments, past git's own global options; undefined when argv is not git. */
export function gitSubcommand(argv: string[]): { sub: string; args: string[] } | undefined {
  if (argv.length === 0 || basename(argv[0]) !== 'git') return undefined;
  let i = 1;
  while (i < argv.length && argv[i].startsWith('-')) {
    i += GLOBAL_WITH_VALUE.has(argv[i]) ? 2 : 1;
  }
  return i < argv.length ? { sub: argv[i], args: argv.slice(i + 1) } : undefined;
}

/** True when a short-option cluster (`-fdx`) or the long form is among args, before any `--`. */
function hasFlag(args: string[], short: string | undefined, ...long: string[]): string | undefined {
  for (const a of args) {
    if (a === '--') return undefined;
    if (long.some((l) => a === l || a.startsWith(`${l}=`))) return a;
    if (short && /^-[A-Za-z]+$/.test(a) && a.slice(1).includes(short)) return a;
  }
  return undefined;
}

export function destructiveGit(argv: string[]): DestructiveGit | undefined {
  const git = gitSubcommand(argv);
  if (!git) return undefined;
  const { sub, args } = git;
  const op = (flag: string, what: string): DestructiveGit => ({ what: `git ${sub} ${flag} ${what}`, needs: [sub, flag] });
  const whole = (what: string): DestructiveGit => ({ what: `git ${sub} ${what}`, needs: [sub] });
  switch (sub) {
    case 'push': {
      const force = hasFlag(args, 'f', '--force', '--force-with-lease', '--force-if-includes', '--mirror');
      if (force) return op(force, 'overwrites the remote branch');
      const del = hasFlag(args, 'd', '--delete');
      if (del) return op(del, 'deletes remote branches');
      const spec = args.find((a) => /^\+./.test(a) || /^:./.test(a));
      if (spec) return op(spec, spec.startsWith('+') ? 'force-updates the remote ref' : 'deletes the remote ref');
      return undefined;
    }
    case 'reset': {
      const hard = hasFlag(args, undefined, '--hard');
      return hard ? op(hard, 'discards uncommitted changes') : undefined;
    }
    case 'clean':
      // Without a dry run, clean deletes untracked files (the -f it needs is usually there).
      return hasFlag(args, 'n', '--dry-run') && !hasFlag(args, 'f', '--force') ? undefined : whole('deletes untracked files');
    case 'checkout': {
      const f = hasFlag(args, 'f', '--force', '--ours', '--theirs', '--pathspec-from-file');
      if (f) return op(f, 'overwrites local changes');
      if (args.includes('--')) return op('--', 'overwrites local changes to those paths');
      if (args.includes('.')) return op('.', 'discards every local change');
      return undefined;
    }
    case 'switch': {
      const f = hasFlag(args, 'f', '--force', '--discard-changes');
      return f ? op(f, 'discards local changes') : undefined;
    }
    case 'restore': {
      const staged = hasFlag(args, 'S', '--staged');
      const worktree = hasFlag(args, 'W', '--worktree');
      return staged && !worktree ? undefined : whole('overwrites local changes');
    }
    case 'branch': {
      const big = hasFlag(args, 'D');
      if (big) return op(big, 'force-deletes a branch');
      const del = hasFlag(args, 'd', '--delete');
      const force = hasFlag(args, 'f', '--force');
      if (del && force) return { what: `git branch ${del} ${force} force-deletes a branch`, needs: ['branch', del, force].filter((v, i, a) => a.indexOf(v) === i) };
      const move = hasFlag(args, 'M');
      return move ? op(move, 'overwrites a branch') : undefined;
    }
    case 'rebase':
      return whole('rewrites history');
    case 'filter-branch':
    case 'filter-repo':
      return whole('rewrites the whole history');
    case 'reflog':
      return args[0] === 'expire' || args[0] === 'delete' ? op(args[0], 'drops reflog entries (the way back to lost commits)') : undefined;
    case 'stash':
      return args[0] === 'drop' || args[0] === 'clear' ? op(args[0], 'drops stashed changes') : undefined;
    case 'update-ref': {
      const d = hasFlag(args, 'd');
      return d ? op(d, 'deletes a ref') : undefined;
    }
    case 'gc': {
      const prune = args.find((a) => a === '--prune=now' || a === '--prune=all');
      return prune ? op(prune, 'deletes unreachable commits now') : undefined;
    }
    default:
      return undefined;
  }
}

/** Whether an allow rule's spec names the operation: every word it needs is a word of the spec. */
export function ruleNamesOperation(specWords: string[], op: DestructiveGit): boolean {
  return op.needs.every((w) => specWords.includes(w));
}
