// Markdown files with a YAML frontmatter block: Claude Code's slash commands, skills, sub-agents
// and rules all use this shape. One parser for all of them (the `yaml` library, not a hand-written one).
import type { parse as parseYaml } from 'yaml';

/** The YAML parser, required when a file first has a frontmatter block (most sessions have none). */
function parse(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose
  return (require('yaml') as { parse: typeof parseYaml }).parse(text);
}

export interface Frontmatter {
  /** The frontmatter's keys; empty when the file has none or it is not valid YAML. */
  data: Record<string, unknown>;
  /** The text after the frontmatter block (the whole text when there is none). */
  body: string;
  /** Why the frontmatter was ignored (invalid YAML, not a mapping); absent when it was read. */
  error?: string;
}

const BLOCK = /^---[ \t]*\r?\n([\s\S]*?)\r?\n?---[ \t]*(?:\r?\n|$)/;

/** `strict`: invalid YAML is an error, never read as loose `key: value` lines (rules: Claude Code ignores such frontmatter). */
export function parseFrontmatter(text: string, strict = false): Frontmatter {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const m = BLOCK.exec(src);
  if (!m) return { data: {}, body: src };
  const body = src.slice(m[0].length);
  let parsed: unknown;
  try {
    parsed = m[1].trim() === '' ? {} : parse(m[1]);
  } catch (e) {
    // Claude Code's own examples are not always YAML (`argument-hint: [pr-number] [priority]`):
    // plain `key: value` lines are read as strings, as Claude Code reads them.
    const loose = strict ? undefined : looseKeys(m[1]);
    if (loose) return { data: loose, body };
    return { data: {}, body, error: `invalid YAML frontmatter: ${(e as Error).message.split('\n')[0]}` };
  }
  if (parsed === null || parsed === undefined) return { data: {}, body };
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { data: {}, body, error: 'frontmatter is not a mapping of keys to values' };
  }
  return { data: parsed as Record<string, unknown>, body };
}

/** `key: value` on every non-blank line, values as written; undefined when any line is something else. */
function looseKeys(block: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const line of block.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const kv = /^([A-Za-z][\w-]*):[ \t]*(.*)$/.exec(line);
    if (!kv) return undefined;
    out[kv[1]] = kv[2].trim();
  }
  return out;
}

/** A string-valued key (numbers and booleans are given as text); undefined when absent or not scalar. */
export function fmString(data: Record<string, unknown>, key: string): string | undefined {
  const v = data[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/**
 * A list-valued key, as Claude Code accepts it: a YAML list, or one string of comma-separated items
 * ("Read, Grep, Bash(git diff:*)"; commas inside parentheses or glob braces such as `*.{ts,tsx}` do not split). Undefined when absent.
 */
export function fmList(data: Record<string, unknown>, key: string): string[] | undefined {
  const v = data[key];
  if (v === undefined || v === null) return undefined;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string' || typeof x === 'number').map((x) => String(x).trim()).filter(Boolean);
  if (typeof v !== 'string') return undefined;
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of v) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}
