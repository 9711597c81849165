// Claude Code's rules: every `.md` file below a `.claude/rules/` folder (sub-folders too, symlinks
// followed once). A rule without `paths` frontmatter is always loaded; one with `paths` (a YAML list
// or a comma-separated string of globs, relative to the folder that holds `.claude/`) is loaded
// when the agent reads a matching file. The frontmatter itself never reaches the model.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { fmList, parseFrontmatter } from '../config/frontmatter';

export interface RuleFile {
  path: string;
  /** The folder `paths` globs are relative to: the one holding `.claude/` (the workspace for user rules). */
  bases: string[];
  /** Undefined: always loaded. */
  paths?: string[];
  /** The text without its frontmatter. */
  body: string;
}

/** The rule files below `dir`, sorted by path; none when the folder does not exist. */
export async function findRuleFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = async (d: string): Promise<void> => {
    let real: string;
    try {
      real = await realpath(d);
    } catch {
      return;
    }
    // A link back up the tree would otherwise be walked forever.
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[];
    try {
      names = (await readdir(d)).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      const s = await stat(p).catch(() => undefined);
      if (s?.isDirectory()) await walk(p);
      else if (s?.isFile() && name.toLowerCase().endsWith('.md')) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

/** Reads a rule and its frontmatter; undefined when it cannot be read (it is then left out). */
export async function readRule(path: string, bases: string[]): Promise<RuleFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  const fm = parseFrontmatter(text, true);
  // Frontmatter that does not parse is ignored, and the rule loads as if it had no `paths`.
  const paths = fm.error ? undefined : fmList(fm.data, 'paths');
  return { path, bases, body: fm.body, ...(paths && paths.length ? { paths } : {}) };
}

/**
 * True when a rule's globs match `file` (an absolute path, given as read and as its real path) in
 * any of its base folders. A glob that does not compile matches nothing; the others still count.
 */
export function ruleMatches(globs: string[], files: string[], bases: string[]): boolean {
  const rels: string[] = [];
  for (const base of bases) {
    for (const file of files) {
      const rel = relative(base, file);
      if (rel && !rel.startsWith('..') && !isAbsolute(rel)) rels.push(rel.split(sep).join('/'));
    }
  }
  if (!rels.length) return false;
  return globs.some((glob) => {
    try {
      const isMatch = picomatch(glob.startsWith('./') ? glob.slice(2) : glob, { dot: true, strictBrackets: true });
      return rels.some((rel) => isMatch(rel));
    } catch {
      return false;
    }
  });
}
