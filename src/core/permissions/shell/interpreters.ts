// Shells and language interpreters: `bash -c SCRIPT` is analysed as a script of its own; inline
// code (python -c, node -e, perl -e, ...), a script file given to a shell, and a program read from
// standard input (a pipe or here-doc into bash or python) cannot be checked and ask.
import { hasOption, scanOptions, type OptionGrammar } from './options';
import { clip, type Findings } from './findings';
import type { Word } from './words';

/** Shells whose -c script the bash parser reads as the shell would (zsh mostly; see below). */
const POSIX_SHELLS = new Set(['bash', 'sh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'posh', 'zsh', 'rbash']);
/** Shells with a syntax of their own: their scripts are not analysed. */
const OTHER_SHELLS = new Set(['fish', 'csh', 'tcsh', 'nu', 'elvish', 'xonsh', 'pwsh', 'powershell']);

const SHELL_GRAMMAR: OptionGrammar = { shortValue: 'oO', longValue: ['--rcfile', '--init-file'], plus: true };

/** Options that only print something about the program. */
const INFO = new Set(['--version', '-V', '-v', '--help', '-h', '-version', '-help']);
const onlyInfo = (args: Word[]) => args.length > 0 && args.every((a) => INFO.has(a.text));

interface Interpreter {
  grammar: OptionGrammar;
  /** Options whose value is program text. */
  inline: string[];
  /** Options that mean a program was given some other way (node --test, python -m). */
  program?: string[];
  /** Asks when no program is given: it would be read from standard input. */
  stdin?: boolean;
}

const INTERPRETERS: Record<string, Interpreter> = {
  python: { grammar: { shortValue: 'cmWX' }, inline: ['-c'], program: ['-m'], stdin: true },
  node: {
    grammar: {
      shortValue: 'eprC',
      longValue: ['--eval', '--print', '--require', '--import', '--loader', '--experimental-loader', '--conditions', '--input-type', '--title', '--run'],
    },
    inline: ['-e', '--eval', '-p', '--print'],
    program: ['--test', '--run'],
    stdin: true,
  },
  perl: { grammar: { shortValue: 'eE', shortAttached: 'IMmxdDCli0' }, inline: ['-e', '-E'], stdin: true },
  ruby: { grammar: { shortValue: 'eIrCE', shortAttached: 'FxKTWl0' }, inline: ['-e'], stdin: true },
  php: { grammar: { shortValue: 'rBREFcdzSt' }, inline: ['-r', '-B', '-R', '-E', '--run', '--process-begin', '--process-code', '--process-end'], program: ['-S', '-F'] },
  lua: { grammar: { shortValue: 'el' }, inline: ['-e'], stdin: true },
  bun: { grammar: { shortValue: 'ep', longValue: ['--eval', '--print'] }, inline: ['-e', '--eval', '-p', '--print'] },
  Rscript: { grammar: { shortValue: 'e' }, inline: ['-e'] },
  osascript: { grammar: { shortValue: 'el' }, inline: ['-e'], stdin: true },
  expect: { grammar: { shortValue: 'cf' }, inline: ['-c'] },
};

function interpreterFor(name: string): Interpreter | undefined {
  if (/^(python|pypy)(\d+(\.\d+)*)?$/.test(name)) return INTERPRETERS.python;
  if (name === 'nodejs') return INTERPRETERS.node;
  if (/^perl(\d+(\.\d+)*)?$/.test(name)) return INTERPRETERS.perl;
  if (/^(lua|luajit)(\d+(\.\d+)*)?$/.test(name)) return INTERPRETERS.lua;
  if (/^php(\d+(\.\d+)*)?$/.test(name)) return INTERPRETERS.php;
  return Object.hasOwn(INTERPRETERS, name) ? INTERPRETERS[name] : undefined;
}

export function isShell(name: string): boolean {
  return POSIX_SHELLS.has(name) || OTHER_SHELLS.has(name);
}

/** bash -c, sh script.sh, bash <<EOF, ... */
export function checkShell(name: string, args: Word[], f: Findings): void {
  if (OTHER_SHELLS.has(name)) {
    if (!onlyInfo(args)) f.reasons.push(`${name} runs a script in a syntax the analysis does not read`);
    return;
  }
  const scanned = scanOptions(args, SHELL_GRAMMAR);
  if (args.some((a) => !a.literal && a.text.startsWith('-'))) f.reasons.push(`${name} gets options from variables, which cannot be checked`);
  if (hasOption(scanned, '-c')) {
    const script = scanned.operands[0];
    if (!script) {
      f.reasons.push(`${name} -c is missing its script`);
      return;
    }
    // zsh reads some words differently from bash: glob qualifiers and (e) flags run code, and both need a parenthesis.
    if (name === 'zsh' && script.text.includes('(')) f.reasons.push('the zsh -c script uses parentheses, which zsh can read differently from bash');
    f.scripts.push({ text: script.text, via: `${name} -c`, replaces: true, dynamic: !script.literal });
    return;
  }
  const file = scanned.operands[0];
  if (file && !hasOption(scanned, '-s')) f.reasons.push(`${name} runs the script file ${clip(file.text)}, which cannot be checked`);
  else if (!onlyInfo(args)) f.reasons.push(`${name} reads commands from its standard input (a pipe, here-doc or terminal), which cannot be checked`);
}

/** python -c, node -e, perl -e, ... and interpreters fed a program on standard input. */
export function checkInterpreter(name: string, args: Word[], f: Findings): boolean {
  if (name === 'deno') {
    const sub = args.find((a) => !a.text.startsWith('-'))?.text;
    if (sub === 'eval') f.reasons.push('deno eval runs inline code, which cannot be checked');
    else if (sub === undefined || sub === 'repl') f.reasons.push('deno without a script reads code from its input, which cannot be checked');
    return true;
  }
  const spec = interpreterFor(name);
  if (!spec) return false;
  const scanned = scanOptions(args, spec.grammar);
  const inline = scanned.options.find((o) => spec.inline.includes(o.name));
  if (inline) {
    f.reasons.push(`${name} ${inline.name} runs inline code, which cannot be checked${inline.value ? `: ${clip(inline.value.text, 40)}` : ''}`);
    return true;
  }
  const given = scanned.operands.length > 0 && scanned.operands[0].text !== '-';
  if (spec.stdin && !given && !scanned.options.some((o) => spec.program?.includes(o.name)) && !onlyInfo(args)) {
    f.reasons.push(`${name} without a script reads its program from standard input (a pipe or here-doc), which cannot be checked`);
  }
  return true;
}
