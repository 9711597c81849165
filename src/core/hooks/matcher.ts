// Claude Code's matcher rules: empty, "*" or absent matches everything; a value made only of
// letters, digits, _ and - separated by | or , is a list of exact names; anything else is an
// unanchored regular expression (so "mcp__github__.*" matches every tool of that server).
const EXACT_LIST = /^[A-Za-z0-9_-]+(?:[|,][A-Za-z0-9_-]+)*$/;

export function matcherMatches(matcher: string | undefined, value: string | undefined): boolean {
  if (!matcher || matcher === '*') return true;
  if (value === undefined) return true;
  if (EXACT_LIST.test(matcher)) return matcher.split(/[|,]/).includes(value);
  try {
    return new RegExp(matcher).test(value);
  } catch {
    return false;
  }
}
