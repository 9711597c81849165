// Claude Code takes `--allowedTools Read Grep` (several values after one flag). node:util's
// parseArgs takes one value per flag, and a naive variadic would swallow the prompt that follows,
// so the values that look like tool rules (`Read`, `Bash(git diff:*)`, `mcp__server__tool`, comma
// lists of them) are joined into one value; the first word that does not look like one ends the list.
const LIST_FLAGS = new Map([
  ['--allowedTools', '--allowedTools'],
  ['--allowed-tools', '--allowedTools'],
  ['--disallowedTools', '--disallowedTools'],
  ['--disallowed-tools', '--disallowedTools'],
]);

const RULE = /^(?:mcp__[\w.-]+|[A-Z][A-Za-z0-9]*)(?:\(.*\))?$/s;

function isRuleList(word: string): boolean {
  return word.split(',').map((w) => w.trim()).filter(Boolean).every((w) => RULE.test(w)) && word.trim() !== '';
}

export function normalizeArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = LIST_FLAGS.get(eq > 0 ? arg.slice(0, eq) : arg);
    if (!name) {
      out.push(arg);
      if (arg === '--') out.push(...argv.slice(i + 1));
      if (arg === '--') break;
      continue;
    }
    const values = eq > 0 ? [arg.slice(eq + 1)] : [];
    if (eq < 0 && i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[++i]); // the first value, whatever it is
    while (i + 1 < argv.length && !argv[i + 1].startsWith('-') && isRuleList(argv[i + 1])) values.push(argv[++i]);
    out.push(`${name}=${values.join(' ')}`);
  }
  return out;
}
