// Hunks of a proposed edit, for review hunk by hunk. Diffs are computed on the LF view of both
// texts (line endings are the file's format, not part of the change); applying hunks works on
// the original text, so lines outside accepted hunks keep their exact bytes.
import { FILE_HEADERS_ONLY, formatPatch, structuredPatch } from 'diff';
import type { Hunk } from '../ports';
import { detectFormat, stripBom, toLf } from './text';

const CONTEXT_LINES = 3;
const NO_NEWLINE_MARKER = '\\';

export function computeHunks(oldText: string, newText: string): Hunk[] {
  const patch = structuredPatch('old', 'new', toLf(oldText), toLf(newText), undefined, undefined, { context: CONTEXT_LINES });
  return patch.hunks.map((h) => ({
    oldStart: h.oldStart,
    oldLines: h.oldLines,
    newStart: h.newStart,
    newLines: h.newLines,
    lines: [...h.lines],
  }));
}

/**
 * The old text with only the accepted hunks (indexes into `hunks`) applied. Hunks must come from
 * computeHunks(oldText, ...); one that does not fit the text throws, since applying it would
 * corrupt the file.
 */
export function applyHunks(oldText: string, hunks: Hunk[], acceptedIndexes: Iterable<number>): string {
  const format = detectFormat(oldText);
  const lines = splitKeepingEndings(stripBom(oldText));
  const accepted = new Set(acceptedIndexes);
  let out = '';
  let pos = 0;
  hunks.forEach((hunk, index) => {
    // Structured hunks give the 1-based line the hunk starts at, even for a pure insertion.
    const start = hunk.oldStart - 1;
    if (start < pos || start > lines.length) throw new Error(`Hunk ${index + 1} does not fit the file: hunks overlap or are out of order.`);
    out += lines.slice(pos, start).join('');
    pos = start;
    if (!accepted.has(index)) return; // its old lines are copied with the next slice
    hunk.lines.forEach((line, i) => {
      const tag = line[0];
      const body = line.slice(1);
      if (tag === ' ' || tag === '-') {
        if (pos >= lines.length || withoutEnding(lines[pos]) !== body) {
          throw new Error(`Hunk ${index + 1} does not fit the file at line ${pos + 1}; the file changed since the diff was computed.`);
        }
        if (tag === ' ') out += lines[pos];
        pos++;
      } else if (tag === '+') {
        const lastWithoutNewline = hunk.lines[i + 1]?.startsWith(NO_NEWLINE_MARKER);
        out += body + (lastWithoutNewline ? '' : format.eol);
      }
    });
  });
  out += lines.slice(pos).join('');
  return (format.bom ? '\uFEFF' : '') + out;
}

/** A unified diff for display (file headers, no index line); empty when nothing changed. */
export function unifiedDiff(path: string, oldText: string, newText: string): string {
  const patch = structuredPatch(path, path, toLf(oldText), toLf(newText), undefined, undefined, { context: CONTEXT_LINES });
  return patch.hunks.length ? formatPatch(patch, FILE_HEADERS_ONLY) : '';
}

/** The changed old-file lines of a hunk (1-based), or the line an insertion follows. */
export function changedRange(hunk: Hunk): { kind: 'lines'; from: number; to: number } | { kind: 'insert'; after: number } {
  let line = hunk.oldStart;
  let from = 0;
  let to = 0;
  let insertAfter = -1;
  for (const l of hunk.lines) {
    if (l[0] === ' ') line++;
    else if (l[0] === '-') {
      if (!from) from = line;
      to = line;
      line++;
    } else if (l[0] === '+' && insertAfter < 0) insertAfter = line - 1;
  }
  return from ? { kind: 'lines', from, to } : { kind: 'insert', after: Math.max(0, insertAfter) };
}

function splitKeepingEndings(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

function withoutEnding(line: string): string {
  return line.endsWith('\r\n') ? line.slice(0, -2) : line.endsWith('\n') ? line.slice(0, -1) : line;
}
