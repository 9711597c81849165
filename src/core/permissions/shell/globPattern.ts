// The glob pattern of a word bash expands to file names, for picomatch: which of its wildcards are
// live depends on quoting, which only the parser knows (`'*'.ts` names one file, `*.ts` many).
const ESCAPED = /[\\*?[\]{}()!+@|]/;

/**
 * The picomatch pattern for a word bash expands: its unquoted `*`, `?` and bracket expressions
 * stay wildcards; every other character (a quoted `*` among them) is matched literally.
 * `text` is the word with quotes removed; `shape` holds its unquoted characters in place and
 * anything else where a character was quoted (see words.ts).
 */
export function globPattern(text: string, shape: string): string | undefined {
  if (text.length !== shape.length) return undefined;
  const unquoted = (i: number) => shape[i] === text[i];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (unquoted(i) && (ch === '*' || ch === '?')) out += ch;
    else if (unquoted(i) && ch === '[' && bracketEnd(text, shape, i) > 0) {
      const end = bracketEnd(text, shape, i);
      out += text.slice(i, end + 1);
      i = end;
    } else out += ESCAPED.test(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/** Where the bracket expression opened at `i` closes, as bash reads it; -1 when it does not (the `[` is literal). */
function bracketEnd(text: string, shape: string, i: number): number {
  let j = i + 1;
  if (text[j] === '!' || text[j] === '^') j++;
  if (text[j] === ']') j++;
  for (; j < text.length; j++) {
    if (shape[j] !== text[j] || text[j] === '/') return -1; // quoted parts inside a bracket: read it as literal
    if (text[j] === '[' && text[j + 1] === ':') {
      const close = text.indexOf(':]', j + 2);
      if (close > 0) j = close + 1;
      continue;
    }
    if (text[j] === ']') return j;
  }
  return -1;
}
