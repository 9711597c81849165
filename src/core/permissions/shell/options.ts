// Reads a program's options the way getopt does (clusters, attached and separate values, --, and
// GNU's options-after-operands), so that wrappers can be peeled off and risky flags found however
// they are spelled.
import type { Word } from './words';

export interface OptionGrammar {
  /** Short options that take a value, attached (-n5) or as the next word (-n 5). */
  shortValue?: string;
  /** Short options whose value can only be attached (sed -i.bak, xargs -i{}); it may be empty. */
  shortAttached?: string;
  /** Long options that take the next word as value unless written --opt=value. */
  longValue?: string[];
  /** Words starting with + are options too (bash +o name). */
  plus?: boolean;
  /** GNU getopt: options may follow operands (`sed 's/a/b/' -i file`); otherwise the first operand ends them. */
  permute?: boolean;
}

export interface Option {
  /** `-n` for a short option (one per letter of a cluster), `--name` for a long one. */
  name: string;
  value?: Word;
}

export interface ScannedOptions {
  options: Option[];
  /** The operands in order (without permute: every word from the first operand on). */
  operands: Word[];
}

const part = (w: Word, text: string): Word => ({ ...w, text });

export function scanOptions(args: Word[], g: OptionGrammar): ScannedOptions {
  const options: Option[] = [];
  const operands: Word[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) options.push({ name: a.slice(0, eq), value: part(args[i], a.slice(eq + 1)) });
      else if (g.longValue?.includes(a)) options.push({ name: a, value: args[++i] });
      else options.push({ name: a });
      i++;
      continue;
    }
    if (a.length < 2 || !(a[0] === '-' || (g.plus === true && a[0] === '+'))) {
      if (!g.permute) {
        operands.push(...args.slice(i));
        break;
      }
      operands.push(args[i++]);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const name = `${a[0]}${a[j]}`;
      if (g.shortValue?.includes(a[j])) {
        options.push({ name, value: j + 1 < a.length ? part(args[i], a.slice(j + 1)) : args[++i] });
        break;
      }
      if (g.shortAttached?.includes(a[j])) {
        options.push({ name, value: part(args[i], a.slice(j + 1)) });
        break;
      }
      options.push({ name });
    }
    i++;
  }
  return { options, operands };
}

/** The options among `names` (e.g. '-e', '--eval'), in order. */
export function optionsNamed(scanned: ScannedOptions, ...names: string[]) {
  return scanned.options.filter((o) => names.includes(o.name));
}

export const hasOption = (scanned: ScannedOptions, ...names: string[]) => optionsNamed(scanned, ...names).length > 0;
