// Bash constructs that evaluate a string as code at run time, whatever the command's text shows:
// prompt expansion (${x@P} runs the $(...) in x's value), indirect expansion (${!x} with
// x='a[$(cmd)]' evaluates that subscript), and variable names with array subscripts handed to
// builtins that assign or test them (printf -v, read, declare, unset, test -v…), where bash
// evaluates the subscript arithmetically and `a[$(cmd)]` runs cmd even inside single quotes.
import type { Node } from '@vscode/tree-sitter-wasm';
import { changesWhatRuns } from './dangers';
import { clip } from './findings';
import type { Word } from './words';

/** Reasons to ask about one ${...} expansion node. */
export function expansionReasons(node: Node): string[] {
  const tokens = node.children.filter((c): c is Node => c !== null);
  const types = tokens.map((t) => t.type);
  const reasons: string[] = [];
  const at = types.indexOf('@');
  if (at >= 0 && tokens[at + 1]?.text === 'P') reasons.push(`expands ${clip(node.text)} as a prompt string, which runs any command substitution in the value`);
  if (types[1] === '!') {
    const target = tokens[2];
    const rest = types.slice(3).join(' ');
    // ${!prefix*} and ${!prefix@} list variable names; ${!a[@]} and ${!a[*]} list an array's keys.
    const listsNames = target?.type === 'variable_name' && (rest === '* }' || rest === '@ }');
    const listsKeys = target?.type === 'subscript' && /^[@*]$/.test(target.childForFieldName('index')?.text ?? '') && rest === '}';
    if (!listsNames && !listsKeys) reasons.push(`uses indirect expansion (${clip(node.text)}): the value names a variable, and a subscript in it runs commands`);
  }
  const assign = types.findIndex((t) => t === ':=' || t === '=');
  const name = tokens[1]?.type === 'variable_name' ? tokens[1].text : undefined;
  if (assign >= 0 && name && changesWhatRuns(name)) reasons.push(`sets ${name} through ${clip(node.text)}, which changes what later commands run`);
  return reasons;
}

/**
 * The subscript of a word that names an array element (`a[...]`, also `a[...]=value`), when bash
 * would evaluate it as arithmetic: anything but a plain number, @ or *. undefined otherwise.
 */
export function evaluatedSubscript(text: string): string | undefined {
  const m = /^[A-Za-z_]\w*\[/.exec(text);
  if (!m) return undefined;
  let depth = 1;
  let i = m[0].length;
  for (; i < text.length && depth > 0; i++) {
    if (text[i] === '[') depth++;
    else if (text[i] === ']') depth--;
  }
  const sub = text.slice(m[0].length, depth === 0 ? i - 1 : text.length);
  return /^\s*(\d+|@|\*)\s*$/.test(sub) ? undefined : sub;
}

/** Builtins that take variable names, and which of their words are names. */
const NAME_WORDS: Record<string, (args: Word[]) => Word[]> = {
  printf: (args) => optionValues(args, '-v'),
  wait: (args) => optionValues(args, '-p'),
  test: (args) => optionValues(args, '-v'),
  '[': (args) => optionValues(args, '-v'),
  '[[': (args) => optionValues(args, '-v'),
};
for (const all of ['read', 'mapfile', 'readarray', 'getopts', 'declare', 'typeset', 'local', 'export', 'readonly', 'unset']) NAME_WORDS[all] = (args) => args;

/** The words after an option (`-v name`) or glued to it (`-vname`). */
function optionValues(args: Word[], option: string): Word[] {
  const out: Word[] = [];
  args.forEach((a, i) => {
    if (a.text === option && args[i + 1]) out.push(args[i + 1]);
    else if (a.text.startsWith(option) && a.text.length > option.length && !a.text.startsWith('--')) out.push({ ...a, text: a.text.slice(option.length) });
  });
  return out;
}

/** Why running this builtin with these words evaluates an array subscript as code, if it does. */
export function subscriptReasons(name: string, args: Word[]): string[] {
  const pick = Object.hasOwn(NAME_WORDS, name) ? NAME_WORDS[name] : undefined;
  if (!pick) return [];
  return pick(args)
    .filter((w) => evaluatedSubscript(w.text) !== undefined)
    .map((w) => `${name} evaluates the array subscript in ${clip(w.text, 40)} as arithmetic, which can run commands`);
}
