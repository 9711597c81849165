// Bash's brace expansion, done by the analysis so that every later check sees the words the program
// gets: `cat {a,~/.ssh/id_rsa}` reads a and ~/.ssh/id_rsa, `cp {x,/outside/y} z` copies x and
// /outside/y to z. Bash expands braces first, before tilde, variable and pathname expansion, so a
// resulting word may still be a glob (expanded at decision time, see globExpansion.ts).
//
// The expansion itself is the `brace-expansion` package (the one minimatch uses), which follows
// bash: `{a,b}`, nesting, prefixes and suffixes, `{1..10..2}`, `{01..3}`, `{a..e}`, a single
// `{a}` and `{a..}` stay literal, `${...}` is not a brace group, empty words from a leading group
// are dropped (`{,a}` is just `a`). What it does not know is quoting: a quoted or escaped brace,
// comma or dot is literal in bash. Those characters are hidden from it (swapped for private-use
// characters and swapped back), which also keeps which characters were quoted for the glob check.
// Where it and bash differ, the analysis asks rather than guess: a result that would expand further
// (the package's work budget ran out), and a word that expands to more than MAX_BRACE_WORDS words
// (bash has no limit; the package stops at the limit it is given). The alphabetic range across non-letters (`{Z..a}`) drops a backslash
// where bash keeps it; such a word is judged by what the package gives.
import { expand } from 'brace-expansion';
import { globPattern } from './globPattern';
import type { Word } from './words';

/** Past this many words from one brace word, the command asks. */
export const MAX_BRACE_WORDS = 1000;

/** A quoted character below U+0100 travels through the expansion as U+E000 + its code. */
const HIDDEN = 0xe000;
const isHidden = (code: number) => code >= HIDDEN && code < HIDDEN + 0x100;
/** True when expanding `r` again would change it: the package stopped short (its work budget), and bash would not have. */
function unfinished(r: string): boolean {
  if (!/[{}]/.test(r)) return false;
  const again = expand(r, { max: 2 });
  return again.length !== 1 || again[0] !== r;
}

export type BraceExpansion = { words: Word[] } | { unknown: string };

/** The words `w` (an unquoted brace word, see Word.brace) becomes. */
export function expandBraceWord(w: Word): BraceExpansion {
  if (!w.literal || w.shape === undefined || w.shape.length !== w.text.length) return { unknown: 'it is built from variables or substitutions, so the words it becomes are only known when the command runs' };
  let hidden = '';
  for (let i = 0; i < w.text.length; i++) {
    const code = w.text.charCodeAt(i);
    if (isHidden(code)) return { unknown: 'it holds private-use characters the analysis cannot tell apart' };
    const quoted = w.shape[i] !== w.text[i];
    hidden += quoted && code < 0x100 ? String.fromCharCode(HIDDEN + code) : w.text[i];
  }
  const results = expand(hidden, { max: MAX_BRACE_WORDS + 1 });
  if (results.length > MAX_BRACE_WORDS) return { unknown: `it turns into more than ${MAX_BRACE_WORDS.toLocaleString('en-US')} words` };
  const words: Word[] = [];
  for (const r of results) {
    if (unfinished(r)) return { unknown: `the analysis cannot tell what bash makes of ${r}` };
    let text = '';
    let shape = '';
    for (const ch of r) {
      const code = ch.charCodeAt(0);
      if (isHidden(code)) {
        text += String.fromCharCode(code - HIDDEN);
        shape += '_';
      } else {
        text += ch;
        shape += ch;
      }
    }
    const glob = /[*?[]/.test(shape);
    words.push({ text, shape, literal: true, glob, brace: false, pattern: glob ? globPattern(text, shape) : undefined, node: w.node });
  }
  return { words };
}
