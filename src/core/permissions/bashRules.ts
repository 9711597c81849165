// Bash rule specs against a simple command's normalized argv: `Bash(git status)` is exact,
// `Bash(npm run test:*)` and `Bash(git log *)` are prefixes on word boundaries.
/** The words of a rule spec, as the shell would split them, and whether it is a prefix (`:*`, ` *`). */
export function specWords(spec: string): { words: string[]; prefix: boolean } {
  let s = spec.trim();
  let prefix = false;
  if (s.endsWith(':*')) [s, prefix] = [s.slice(0, -2), true];
  else if (/\s\*$/.test(s)) [s, prefix] = [s.slice(0, -1), true];
  const words: string[] = [];
  let cur: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      if (cur !== undefined) words.push(cur);
      cur = undefined;
    } else if (ch === "'") {
      const end = s.indexOf("'", i + 1);
      cur = (cur ?? '') + s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
    } else if (ch === '"') {
      let j = i + 1;
      let w = '';
      for (; j < s.length && s[j] !== '"'; j++) w += s[j] === '\\' && j + 1 < s.length ? s[++j] : s[j];
      cur = (cur ?? '') + w;
      i = j;
    } else if (ch === '\\' && i + 1 < s.length) cur = (cur ?? '') + s[++i];
    else cur = (cur ?? '') + ch;
  }
  if (cur !== undefined) words.push(cur);
  return { words, prefix };
}

/** A Bash rule against one normalized argv: exact, or a prefix on word boundaries. */
export function argvMatches(spec: string | undefined, argv: string[]): boolean {
  if (spec === undefined) return true;
  const { words, prefix } = specWords(spec);
  if (prefix ? argv.length < words.length : argv.length !== words.length) return false;
  return words.every((w, i) => argv[i] === w);
}
