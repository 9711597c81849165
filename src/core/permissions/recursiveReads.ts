// Commands that read everything below a folder: grep -r, rg, git grep, find, ls -R, tar, cp -r,
// diff -r, zip -r… When a deny rule for Read covers something below that folder, the command would
// read it (or copy it somewhere readable), so it asks. Returns the folders each command reads
// recursively, as written (relative to the shell's folder).
import { basename } from 'node:path';

const hasShort = (args: string[], letters: string) => args.some((a) => /^-[A-Za-z]+$/.test(a) && [...letters].some((l) => a.slice(1).includes(l)));
const hasLong = (args: string[], ...names: string[]) => args.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`)));
const operands = (args: string[]) => {
  const end = args.indexOf('--');
  return [...(end < 0 ? args : args.slice(0, end)).filter((a) => !a.startsWith('-')), ...(end < 0 ? [] : args.slice(end + 1))];
};
/** Searchers take a pattern first (unless given with -e/-f), then folders; none means the current one. */
const searched = (args: string[]) => {
  const ops = operands(args);
  const paths = hasShort(args, 'ef') || hasLong(args, '--regexp', '--file') ? ops : ops.slice(1);
  return paths.length ? paths : ['.'];
};

export function recursiveReadDirs(argv: string[]): string[] {
  const name = basename(argv[0] ?? '');
  const args = argv.slice(1);
  switch (name) {
    case 'grep':
    case 'egrep':
    case 'fgrep':
      return hasShort(args, 'rR') || hasLong(args, '--recursive', '--dereference-recursive') || args.includes('--directories=recurse') ? searched(args) : [];
    case 'rg':
    case 'ag':
    case 'ack':
      return args.includes('--files') ? (operands(args).length ? operands(args) : ['.']) : searched(args);
    case 'git':
      return args.includes('grep') ? ['.'] : args.includes('archive') || args.includes('bundle') ? ['.'] : [];
    case 'find':
    case 'tree':
    case 'du': {
      const ops = [];
      for (const a of args) {
        if (a.startsWith('-') || a === '(' || a === '!') break;
        ops.push(a);
      }
      return name === 'du' ? [] : ops.length ? ops : ['.'];
    }
    case 'ls':
      return hasShort(args, 'R') || hasLong(args, '--recursive') ? (operands(args).length ? operands(args) : ['.']) : [];
    case 'cp':
    case 'rsync':
    case 'scp':
      return hasShort(args, 'rRa') || hasLong(args, '--recursive', '--archive') ? operands(args) : [];
    case 'diff':
      return hasShort(args, 'r') || hasLong(args, '--recursive') ? operands(args) : [];
    case 'zip':
      return hasShort(args, 'r') || hasLong(args, '--recurse-paths') ? operands(args).slice(1) : [];
    case 'tar':
    case '7z':
      return operands(args);
    default:
      return [];
  }
}
