// What "Allow always" would add for a call that was asked about: the narrowest rule that still
// covers the same kind of call next time. For a command, its name up to its first operand as a
// prefix rule (`Bash(npm run test:unit:*)`, `Bash(git push:*)`); for a destructive git operation,
// the exact command, since only a rule that names the operation allows it; for a file, its folder.
import { dirname, relative, sep } from 'node:path';
import { isWithin } from './paths';

/** Commands whose first operand is a sub-command that takes the real target next (`npm run build`). */
const RUNNERS: Record<string, string[]> = {
  npm: ['run', 'run-script', 'exec', 'x'],
  pnpm: ['run', 'exec', 'dlx'],
  yarn: ['run', 'exec', 'dlx'],
  bun: ['run', 'x'],
  uv: ['run'],
  poetry: ['run'],
  docker: ['compose'],
};

/** A word as it must be written inside a rule spec: quoted when it holds spaces or quotes. */
function quoteWord(w: string): string {
  if (w !== '' && !/[\s'"\\]/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}

export function formatCommand(argv: string[]): string {
  return argv.map(quoteWord).join(' ');
}

/** The prefix rule for one simple command: up to its first operand (two for runners such as npm run). */
export function commandSuggestion(argv: string[]): string {
  const nextOperand = (from: number) => {
    for (let i = from; i < argv.length; i++) if (!argv[i].startsWith('-')) return i;
    return -1;
  };
  let end = nextOperand(1);
  if (end > 0 && RUNNERS[argv[0]]?.includes(argv[end])) {
    const more = nextOperand(end + 1);
    if (more > 0) end = more;
  }
  const words = end < 0 ? argv.slice(0, 1) : argv.slice(0, end + 1);
  return `Bash(${formatCommand(words)}:*)`;
}

/** The exact-command rule: used where a prefix would say too little (destructive git). */
export function exactCommandSuggestion(argv: string[]): string {
  return `Bash(${formatCommand(argv)})`;
}

/**
 * The folder rule for a file: relative to cwd when the file is below it (`Edit(src/**)`, or
 * `Edit(/name)` for a file at the top), absolute with `//` when it is elsewhere (`Read(//abs/dir/**)`).
 */
export function fileSuggestion(tool: 'Read' | 'Edit', absPath: string, isDir: boolean, cwd: string, caseInsensitive = false): string {
  const dir = isDir ? absPath : dirname(absPath);
  if (isWithin(dir, cwd, caseInsensitive)) {
    const rel = relative(cwd, dir).split(sep).join('/');
    if (rel === '') return isDir ? `${tool}(/**)` : `${tool}(/${relative(cwd, absPath).split(sep).join('/')})`;
    return `${tool}(${rel}/**)`;
  }
  return dir === '/' ? `${tool}(//**)` : `${tool}(/${dir.split(sep).join('/')}/**)`;
}
