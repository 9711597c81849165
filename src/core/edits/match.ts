// Finding the text an Edit replaces. Exact first; then, only when exactly one place qualifies,
// tolerant matches for the ways model-written text drifts from the file (line endings, trailing
// whitespace, indentation). Anything else fails closed: the file is untouched and the model gets
// the most similar region with line numbers so it can correct old_string itself.
import { detectFormat, hasBom, numberLine, toLf } from './text';

export interface FindEditOptions {
  replaceAll?: boolean;
}

/** How old_string was found: 'line-endings' means exact once CRLF/LF are ignored. */
export type MatchKind = 'exact' | 'line-endings' | 'trailing-whitespace' | 'indentation';

export interface ClosestRegion {
  /** 1-based, inclusive. */
  startLine: number;
  endLine: number;
  /** 0..1, mean line similarity with old_string. */
  similarity: number;
  /** The region, numbered like Read's output. */
  text: string;
}

export type FindEditErrorCode = 'empty_old_string' | 'no_change' | 'not_found' | 'ambiguous';

export type FindEditResult =
  | { ok: true; content: string; occurrences: number; match: MatchKind }
  | { ok: false; code: FindEditErrorCode; message: string; occurrences?: number; closest?: ClosestRegion };

/** Spans are [start, end) offsets into the normalized (LF, no BOM) text. */
type Span = [number, number];

const MIN_CLOSEST_SIMILARITY = 0.3;
const MAX_REGION_LINES = 40;
/** Line pairs scored exhaustively when looking for the closest region; beyond that, probe lines pick the windows. */
const EXHAUSTIVE_PAIRS = 300_000;
const PROBE_LINES = 4;
const PROBE_MATCHES = 8;

export function findEdit(content: string, oldString: string, newString: string, options: FindEditOptions = {}): FindEditResult {
  if (oldString === '') {
    return fail('empty_old_string', 'old_string is empty. Give the exact text to replace; an empty old_string only creates a file that does not exist yet.');
  }
  if (oldString === newString) {
    return fail('no_change', 'old_string and new_string are identical, so there is nothing to change.');
  }
  const norm = toLf(content);
  const oldN = oldString.replace(/\r\n/g, '\n');
  const newN = newString.replace(/\r\n/g, '\n');

  const exact = occurrences(norm, oldN);
  if (exact.length > 1 && !options.replaceAll) {
    return {
      ok: false,
      code: 'ambiguous',
      occurrences: exact.length,
      message:
        `Found ${exact.length} matches of old_string (at lines ${lineNumbersOf(norm, exact).join(', ')}), but replace_all is false. ` +
        'Add more surrounding lines to old_string so it matches exactly one place, or set replace_all to true to replace every occurrence.',
    };
  }
  if (exact.length > 0) {
    const match: MatchKind = content.includes(oldString) ? 'exact' : 'line-endings';
    return { ok: true, content: splice(content, exact.map((s) => ({ span: s, text: newN }))), occurrences: exact.length, match };
  }

  // Tolerant matching works on whole lines and never on whitespace-only old_strings (they would match anywhere).
  if (oldN.trim() !== '') {
    for (const kind of ['trailing-whitespace', 'indentation'] as const) {
      const found = tolerantMatches(norm, oldN, kind);
      if (found.length > 1) {
        return {
          ok: false,
          code: 'ambiguous',
          occurrences: found.length,
          message:
            `old_string does not match the file exactly; ignoring ${kind === 'indentation' ? 'indentation' : 'trailing whitespace'} it matches ` +
            `${found.length} places (lines ${found.map((f) => f.line).join(', ')}), so nothing was changed. ` +
            'Copy old_string exactly from the file, with enough surrounding lines to match one place.',
        };
      }
      if (found.length === 1) {
        const [m] = found;
        const text = kind === 'indentation' ? reindent(newN, m.oldLines, m.fileLines) : newN;
        return { ok: true, content: splice(content, [{ span: m.span, text }]), occurrences: 1, match: kind };
      }
    }
  }

  const closest = closestRegion(norm, oldN);
  let message =
    'old_string was not found in the file (compared exactly, then ignoring line endings, trailing whitespace and indentation). The file was not changed.';
  if (closest) {
    message +=
      `\nThe most similar part of the file is lines ${closest.startLine}-${closest.endLine} (${Math.round(closest.similarity * 100)}% similar):\n${closest.text}\n` +
      'Copy old_string exactly from the file (Read it again if it may have changed) and retry.';
  } else {
    message += '\nNothing in the file resembles it; Read the file to see its current content.';
  }
  return { ok: false, code: 'not_found', message, ...(closest ? { closest } : {}) };
}

function fail(code: FindEditErrorCode, message: string): FindEditResult {
  return { ok: false, code, message };
}

function occurrences(text: string, needle: string): Span[] {
  const spans: Span[] = [];
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) spans.push([i, i + needle.length]);
  return spans;
}

function lineNumbersOf(text: string, spans: Span[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  for (const [start] of spans) {
    for (let i = text.indexOf('\n', pos); i !== -1 && i < start; i = text.indexOf('\n', i + 1)) line++;
    pos = start;
    out.push(line);
  }
  return out;
}

/**
 * Replaces spans of the normalized text inside the raw content. Only the matched bytes change:
 * the BOM and the line endings elsewhere (even in a mixed-ending file) stay as they were, and
 * inserted text takes the file's dominant line ending.
 */
function splice(raw: string, edits: { span: Span; text: string }[]): string {
  const eol = detectFormat(raw).eol;
  const rawIndex = rawIndexMap(raw);
  let out = '';
  let pos = 0;
  for (const { span, text } of edits) {
    const start = rawIndex(span[0]);
    out += raw.slice(pos, start) + (eol === '\r\n' ? text.replace(/\n/g, '\r\n') : text);
    pos = rawIndex(span[1]);
  }
  return out + raw.slice(pos);
}

/** Maps an offset in toLf(raw) back to the offset in raw. */
function rawIndexMap(raw: string): (i: number) => number {
  const bom = hasBom(raw) ? 1 : 0;
  if (!bom && !raw.includes('\r\n')) return (i) => i;
  const starts = new Int32Array(raw.length + 1);
  let j = 0;
  for (let i = bom; i < raw.length; i += raw.charCodeAt(i) === 13 && raw.charCodeAt(i + 1) === 10 ? 2 : 1) starts[j++] = i;
  starts[j] = raw.length;
  return (i) => starts[i];
}

interface LineMatch {
  span: Span;
  line: number;
  oldLines: string[];
  fileLines: string[];
}

/** Windows of whole file lines equal to old_string's lines once trailing (or all surrounding) whitespace is ignored. */
function tolerantMatches(norm: string, oldN: string, kind: 'trailing-whitespace' | 'indentation'): LineMatch[] {
  const trailingNewline = oldN.endsWith('\n');
  const oldLines = (trailingNewline ? oldN.slice(0, -1) : oldN).split('\n');
  const lines = norm.split('\n');
  const starts: number[] = [];
  for (let i = 0, pos = 0; i < lines.length; pos += lines[i].length + 1, i++) starts.push(pos);
  const key = kind === 'indentation' ? (s: string) => s.trim() : (s: string) => s.trimEnd();
  const oldKeys = oldLines.map(key);
  const k = oldLines.length;
  // With a trailing newline in old_string, the last matched line must itself end with one.
  const lastStart = lines.length - k - (trailingNewline ? 1 : 0);
  const found: LineMatch[] = [];
  for (let i = 0; i <= lastStart; i++) {
    let j = 0;
    while (j < k && key(lines[i + j]) === oldKeys[j]) j++;
    if (j < k) continue;
    const last = i + k - 1;
    const end = starts[last] + lines[last].length + (trailingNewline ? 1 : 0);
    found.push({ span: [starts[i], end], line: i + 1, oldLines, fileLines: lines.slice(i, i + k) });
  }
  return found;
}

const indentOf = (s: string) => /^[ \t]*/.exec(s)![0];

/**
 * Shifts new_string's indentation by the difference seen between old_string and the file:
 * a common prefix added or removed, or else a per-level map (e.g. spaces to tabs).
 */
export function reindent(newText: string, oldLines: string[], fileLines: string[]): string {
  const pairs: [string, string][] = [];
  oldLines.forEach((o, i) => {
    if (o.trim() !== '') pairs.push([indentOf(o), indentOf(fileLines[i])]);
  });
  if (pairs.length === 0) return newText;
  const [o0, f0] = pairs[0];
  const newLines = newText.split('\n');
  const mapLines = (fn: (indent: string) => string) =>
    newLines.map((l) => (l.trim() === '' ? l : fn(indentOf(l)) + l.slice(indentOf(l).length))).join('\n');
  if (f0.endsWith(o0)) {
    const added = f0.slice(0, f0.length - o0.length);
    if (pairs.every(([o, f]) => f === added + o)) return mapLines((ind) => added + ind);
  }
  if (o0.endsWith(f0)) {
    const removed = o0.slice(0, o0.length - f0.length);
    if (pairs.every(([o, f]) => o === removed + f)) return mapLines((ind) => (ind.startsWith(removed) ? ind.slice(removed.length) : ''));
  }
  const map = new Map<string, string>();
  let consistent = true;
  for (const [o, f] of pairs) {
    if (!map.has(o)) map.set(o, f);
    else if (map.get(o) !== f) consistent = false;
  }
  // One old indentation stands for several in the file (old_string was flattened): no per-level
  // map exists, so each new line follows the old line it corresponds to.
  if (!consistent) return newLines.map((l, i) => (l.trim() === '' ? l : anchoredIndent(l, i, oldLines, fileLines) + l.trimStart())).join('\n');
  const keys = [...map.keys()].sort((a, b) => b.length - a.length);
  return mapLines((ind) => {
    const k = keys.find((key) => ind.startsWith(key));
    return k === undefined ? ind : map.get(k)! + ind.slice(k.length);
  });
}

/**
 * The file indentation for one line of new_string: the old line with the same text (else the
 * nearest non-blank old line at or before its position) gives the file's indentation there, and the
 * new line keeps its own offset from that old line.
 */
function anchoredIndent(newLine: string, index: number, oldLines: string[], fileLines: string[]): string {
  const text = newLine.trim();
  const nonBlank = (j: number) => j >= 0 && j < oldLines.length && oldLines[j].trim() !== '';
  let anchor = nonBlank(index) && oldLines[index].trim() === text ? index : oldLines.findIndex((o) => o.trim() === text);
  if (anchor < 0) {
    anchor = Math.min(index, oldLines.length - 1);
    while (anchor > 0 && !nonBlank(anchor)) anchor--;
    while (anchor < oldLines.length - 1 && !nonBlank(anchor)) anchor++;
  }
  const o = indentOf(oldLines[anchor]);
  const f = indentOf(fileLines[anchor]);
  const n = indentOf(newLine);
  if (n.startsWith(o)) return f + n.slice(o.length);
  if (o.startsWith(n)) return f.slice(0, Math.max(0, f.length - (o.length - n.length)));
  return f;
}

/** The window of file lines (as many as old_string has) with the highest mean line similarity. */
export function closestRegion(norm: string, oldN: string): ClosestRegion | undefined {
  const lines = norm.endsWith('\n') ? norm.slice(0, -1).split('\n') : norm.split('\n');
  const oldLines = (oldN.endsWith('\n') ? oldN.slice(0, -1) : oldN).split('\n').map((l) => l.trim());
  if (norm === '' || oldLines.every((l) => l === '')) return undefined;
  const k = Math.min(oldLines.length, lines.length);
  const windows = lines.length - k + 1;
  const fileKeys = lines.map((l) => l.trim());
  const fileProfiles: (Int32Array | undefined)[] = new Array(lines.length);
  const oldProfiles = oldLines.map(bigrams);
  const lineSim = (j: number, i: number): number => {
    const a = oldLines[j];
    const b = fileKeys[i];
    if (a === b) return 1;
    if (a.length < 2 || b.length < 2) return 0;
    return dice(oldProfiles[j], (fileProfiles[i] ??= bigrams(b)));
  };
  const windowScore = (start: number): number => {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += lineSim(j, start + j);
    return sum / oldLines.length;
  };

  let best = -1;
  let bestScore = 0;
  for (const start of candidateStarts(oldLines, windows, lineSim)) {
    const score = windowScore(start);
    if (score > bestScore) {
      bestScore = score;
      best = start;
    }
  }
  if (best < 0 || bestScore < MIN_CLOSEST_SIMILARITY) return undefined;
  const shown = Math.min(k, MAX_REGION_LINES);
  let text = lines.slice(best, best + shown).map((l, i) => numberLine(best + i + 1, l)).join('\n');
  if (shown < k) text += `\n… (${k - shown} more lines)`;
  return { startLine: best + 1, endLine: best + k, similarity: bestScore, text };
}

/**
 * Window starts worth scoring. Small inputs: all of them. Large ones: a few distinctive (long)
 * old lines are compared with every file line, and only windows that put one of their best
 * matches in place are scored, which keeps a miss in a big file fast.
 */
function candidateStarts(oldLines: string[], windows: number, lineSim: (j: number, i: number) => number): Iterable<number> {
  if (windows * oldLines.length <= EXHAUSTIVE_PAIRS) return Array.from({ length: windows }, (_, i) => i);
  const probes = oldLines
    .map((line, j) => ({ line, j }))
    .filter((p) => p.line !== '')
    .sort((a, b) => b.line.length - a.line.length)
    .slice(0, PROBE_LINES);
  const starts = new Set<number>();
  for (const { j } of probes) {
    const top: { start: number; sim: number }[] = [];
    for (let start = 0; start < windows; start++) {
      const sim = lineSim(j, start + j);
      if (top.length < PROBE_MATCHES || sim > top[top.length - 1].sim) {
        top.push({ start, sim });
        top.sort((a, b) => b.sim - a.sim);
        if (top.length > PROBE_MATCHES) top.pop();
      }
    }
    for (const t of top) starts.add(t.start);
  }
  return starts;
}

/** Character bigrams of a line as sorted codes, so two lines compare with one merge. */
function bigrams(s: string): Int32Array {
  const codes = new Int32Array(Math.max(0, s.length - 1));
  for (let i = 0; i + 1 < s.length; i++) codes[i] = (s.charCodeAt(i) << 16) | s.charCodeAt(i + 1);
  return codes.sort();
}

/** Sørensen–Dice coefficient over bigram multisets. */
function dice(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return a.length + b.length === 0 ? 0 : (2 * common) / (a.length + b.length);
}
