// sed and awk programs can write files and run commands from inside their own language (sed's e
// and w commands and s///e and s///w flags; awk's system(), pipes and print redirection). These
// read the program text just far enough to find those, and report anything they cannot follow.
import { hasOption, optionsNamed, scanOptions } from './options';
import { clip, type Findings } from './findings';
import type { Word } from './words';

const UNREADABLE = 'has a script the analysis could not follow';

/** Why a GNU sed script writes files or runs commands, or undefined when it does neither. */
export function sedScriptRisk(script: string): string | undefined {
  let i = 0;
  const n = script.length;
  const at = (k = i) => script[k] ?? '';
  const skipBlank = () => {
    while (i < n && (at() === ' ' || at() === '\t')) i++;
  };
  const digits = () => {
    while (/[0-9]/.test(at())) i++;
  };
  /** Reads up to an unescaped delimiter and past it; false when the script ends first. */
  const delimited = (delim: string): boolean => {
    while (i < n) {
      const c = script[i++];
      if (c === '\\') i++;
      else if (c === delim) return true;
      else if (c === '\n') return false;
    }
    return false;
  };
  /** Labels and the like run to a newline or a semicolon. */
  const toSeparator = () => {
    while (i < n && at() !== '\n' && at() !== ';') i++;
  };
  /** a/i/c text and file names run to the end of the line (a trailing backslash continues it). */
  const toEndOfLine = () => {
    while (i < n && at() !== '\n') i += at() === '\\' ? 2 : 1;
  };
  const address = (): boolean => {
    const c = at();
    if (/[0-9]/.test(c)) {
      while (/[0-9~]/.test(at())) i++;
    } else if (c === '$') i++;
    else if (c === '/' || c === '\\') {
      i += c === '\\' ? 2 : 1;
      if (!delimited(c === '\\' ? at(i - 1) : '/')) return false;
      while (/[IM]/.test(at())) i++;
    }
    return true;
  };
  while (i < n) {
    while (i < n && /[\s;}]/.test(at())) i++;
    if (i >= n) break;
    if (!address()) return UNREADABLE;
    skipBlank();
    if (at() === ',') {
      i++;
      skipBlank();
      if (at() === '+' || at() === '~') {
        i++;
        digits();
      } else if (!address()) return UNREADABLE;
      skipBlank();
    }
    while (at() === '!' || at() === ' ') i++;
    const cmd = script[i++];
    switch (cmd) {
      case '{': case '=': case 'd': case 'D': case 'g': case 'G': case 'h': case 'H': case 'n': case 'N':
      case 'p': case 'P': case 'x': case 'z': case 'F':
        break;
      case 'l': case 'L': case 'q': case 'Q':
        skipBlank();
        digits();
        break;
      case '#':
      case 'r': case 'R':
      case 'a': case 'i': case 'c':
        toEndOfLine();
        break;
      case ':': case 'b': case 't': case 'T': case 'v':
        toSeparator();
        break;
      case 'w': case 'W':
        return `writes to a file (${cmd} command)`;
      case 'e':
        return 'runs a shell command (e command)';
      case 's': {
        const d = script[i++];
        if (!d || d === '\n' || d === '\\' || !delimited(d) || !delimited(d)) return UNREADABLE;
        for (; /[gpiImMe0-9w]/.test(at()); i++) {
          if (at() === 'e') return 'runs the result as a shell command (s///e)';
          if (at() === 'w') return 'writes to a file (s///w)';
        }
        break;
      }
      case 'y': {
        const d = script[i++];
        if (!d || !delimited(d) || !delimited(d)) return UNREADABLE;
        break;
      }
      default:
        return UNREADABLE;
    }
  }
  return undefined;
}

/** GNU sed's long options: getopt takes any unambiguous prefix of one (`--expr=1e\ id` is --expression). */
const SED_LONG = [
  '--expression', '--file', '--follow-symlinks', '--in-place', '--line-length', '--null-data', '--zero-terminated', '--posix',
  '--quiet', '--silent', '--regexp-extended', '--separate', '--sandbox', '--unbuffered', '--debug', '--help', '--version',
];

/** gawk's long options (getopt_long too: `--sou=...` is --source). */
const AWK_LONG = [
  '--assign', '--field-separator', '--file', '--source', '--exec', '--include', '--load', '--characters-as-bytes', '--traditional',
  '--copyright', '--debug', '--dump-variables', '--gen-pot', '--help', '--lint', '--lint-old', '--bignum', '--use-lc-numeric',
  '--non-decimal-data', '--optimize', '--no-optimize', '--profile', '--pretty-print', '--posix', '--re-interval', '--sandbox',
  '--version', '--csv', '--persist',
];

/** A long option spelled out as getopt reads it: itself, or the one long option it is a prefix of (`--expr=x` is `--expression=x`). */
function longOption(arg: string, names: readonly string[]): string {
  if (!arg.startsWith('--') || arg === '--') return arg;
  const eq = arg.indexOf('=');
  const name = eq < 0 ? arg : arg.slice(0, eq);
  const matches = names.filter((l) => l.startsWith(name));
  const full = names.includes(name) || matches.length !== 1 ? name : matches[0];
  return eq < 0 ? full : `${full}${arg.slice(eq)}`;
}
const sedLongOption = (arg: string) => longOption(arg, SED_LONG);

/**
 * Which of sed's arguments (indices into `args`, the words after `sed`) are script text, not file
 * names: the values of -e/--expression (attached or the next word), else the first operand. A
 * -f/--file value names a file and is not among them.
 */
export function sedScriptArgs(args: readonly string[]): Set<number> {
  const scripts = new Set<number>();
  let given = false;
  let first = -1;
  for (let i = 0; i < args.length; i++) {
    const a = sedLongOption(args[i]);
    if (a === '--') {
      if (first < 0 && i + 1 < args.length) first = i + 1;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      if (name === '--expression') scripts.add(eq < 0 ? ++i : i);
      else if ((name === '--file' || name === '--line-length') && eq < 0) i++;
      given ||= name === '--expression' || name === '--file';
      continue;
    }
    if (a.length < 2 || a[0] !== '-') {
      if (first < 0) first = i;
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      if ('efl'.includes(a[j])) {
        const attached = j + 1 < a.length;
        if (a[j] === 'e') scripts.add(attached ? i : i + 1);
        given ||= a[j] !== 'l';
        if (!attached) i++;
        break;
      }
      if (a[j] === 'i') break;
    }
  }
  if (!given && first >= 0) scripts.add(first);
  return scripts;
}

export function checkSed(words: Word[], f: Findings): void {
  const args = words.map((w) => ({ ...w, text: sedLongOption(w.text) }));
  const o = scanOptions(args, { shortValue: 'efl', shortAttached: 'i', longValue: ['--expression', '--file', '--line-length'], permute: true });
  if (args.some((a) => !a.literal)) f.reasons.push('sed gets its script or options from variables, which cannot be checked');
  const scripts = optionsNamed(o, '-e', '--expression').map((x) => x.value);
  const files = [...o.operands];
  if (hasOption(o, '-f', '--file')) f.reasons.push('sed runs a script file, which cannot be checked');
  else if (scripts.length === 0) scripts.push(files.shift());
  if (!hasOption(o, '--sandbox')) {
    for (const s of scripts) {
      const risk = s ? sedScriptRisk(s.text) : undefined;
      if (risk) f.reasons.push(`sed ${risk}: ${clip(s?.text ?? '', 40)}`);
    }
  }
  if (hasOption(o, '-i', '--in-place')) {
    f.reasons.push(`sed -i edits ${files.length > 0 ? files.map((w) => w.text).join(', ') : 'files'} in place`);
    f.writes.push(...files.map((w) => w.text));
  }
}

/** Why an awk program runs commands or writes files, or undefined. */
export function awkProgramRisk(program: string): string | undefined {
  if (/\bsystem\s*\(/.test(program)) return 'calls system()';
  if (/\|\s*&?\s*getline|\|&/.test(program)) return 'reads from a command (| getline)';
  if (/\bprintf?\b[^;{}\n]*[>|]/.test(program)) return 'prints to a file or a command';
  if (/@\s*[A-Za-z_]/.test(program)) return 'uses @load, @include or an indirect function call';
  return undefined;
}

/**
 * Which of awk's arguments (indices into `args`, the words after `awk`) are not file names: the
 * program text (-e/--source values, else the first operand unless -f/--file/-E/--exec names a
 * program file), -v/--assign and -F/--field-separator values, and `name=value` operands (awk
 * assigns them). Program files and the other operands are files.
 */
export function awkTextArgs(args: readonly string[]): Set<number> {
  const text = new Set<number>();
  let programFile = false;
  let program = false;
  let i = 0;
  for (; i < args.length; i++) {
    const a = longOption(args[i], AWK_LONG);
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a : a.slice(0, eq);
      const takesValue = ['--file', '--source', '--include', '--load', '--exec', '--assign', '--field-separator'].includes(name);
      const at = eq < 0 && takesValue ? ++i : i;
      if (['--source', '--assign', '--field-separator'].includes(name)) text.add(at);
      program ||= name === '--source';
      programFile ||= name === '--file' || name === '--exec';
      continue;
    }
    if (a.length < 2 || a[0] !== '-') break;
    for (let j = 1; j < a.length; j++) {
      if ('FvfeilE'.includes(a[j])) {
        const at = j + 1 < a.length ? i : ++i;
        if ('Fve'.includes(a[j])) text.add(at);
        program ||= a[j] === 'e';
        programFile ||= a[j] === 'f' || a[j] === 'E';
        break;
      }
      if ('dpo'.includes(a[j])) break;
    }
  }
  // Options end at the first operand (awk does not permute).
  if (!program && !programFile && i < args.length) text.add(i++);
  for (; i < args.length; i++) if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i])) text.add(i);
  return text;
}

export function checkAwk(name: string, words: Word[], f: Findings): void {
  const args = words.map((w) => ({ ...w, text: longOption(w.text, AWK_LONG) }));
  const o = scanOptions(args, {
    shortValue: 'FvfeilE',
    shortAttached: 'dpo',
    longValue: ['--file', '--source', '--include', '--load', '--exec', '--assign', '--field-separator'],
  });
  if (args.some((a) => !a.literal)) f.reasons.push(`${name} gets its program or options from variables, which cannot be checked`);
  if (hasOption(o, '-f', '--file', '-E', '--exec', '-i', '--include', '-l', '--load')) {
    f.reasons.push(`${name} loads a program file or extension, which cannot be checked`);
  }
  if (hasOption(o, '-d', '-p', '-o', '--dump-variables', '--profile', '--pretty-print')) f.reasons.push(`${name} writes a dump or profile file`);
  const programs = optionsNamed(o, '-e', '--source').map((x) => x.value);
  if (programs.length === 0 && !hasOption(o, '-f', '--file', '-E', '--exec')) programs.push(o.operands[0]);
  for (const p of programs) {
    const risk = p ? awkProgramRisk(p.text) : undefined;
    if (risk) f.reasons.push(`${name} program ${risk}: ${clip(p?.text ?? '', 40)}`);
  }
}
