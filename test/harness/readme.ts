// Code blocks of the README that tests run as written (only their 'tandem' import is pointed at
// the sources or at an installed package).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The first ```lang block after the heading (a line of its own) and before the next heading of the same level or above. */
export function readmeBlock(heading: string, lang: string, readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')): string {
  const level = /^#+/.exec(heading)![0].length;
  const lines = readme.split('\n');
  const start = lines.findIndex((l) => l.trimEnd() === heading);
  assert.ok(start >= 0, `README.md has a "${heading}" heading`);
  let end = lines.findIndex((l, k) => k > start && /^#+ /.test(l) && /^#+/.exec(l)![0].length <= level);
  if (end < 0) end = lines.length;
  const section = lines.slice(start + 1, end).join('\n');
  const block = new RegExp('^```' + lang + '[ \\t]*\\n([\\s\\S]*?)^```[ \\t]*$', 'm').exec(section);
  assert.ok(block, `the "${heading}" section has a \`\`\`${lang} code block`);
  return block[1]!;
}

/** Points every `from 'tandem'` at `target`; fails unless there was at least one. */
export function retargetImport(code: string, target: string): string {
  let imports = 0;
  const out = code.replace(/from (['"])tandem\1/g, () => {
    imports++;
    return `from ${JSON.stringify(target)}`;
  });
  assert.ok(imports >= 1, "the example imports from 'tandem'");
  return out;
}
