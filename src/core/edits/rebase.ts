// Re-basing reviewed hunks onto a file that changed after the edit was computed (the user typed
// in the buffer, a formatter ran, another program wrote the file). A hunk moves only when its
// old lines (context and removed lines) still appear unchanged at exactly one place; anything
// less certain fails, because writing a hunk at a guessed place corrupts the file.
import type { Hunk } from '../ports';
import { applyHunks } from './hunks';
import { toLf } from './text';

export type RebaseResult = { ok: true; content: string } | { ok: false; hunk: number; reason: string };

/**
 * The current text with the accepted hunks (indexes into `hunks`) applied where their old lines
 * are now. Lines outside the hunks keep their exact bytes (line endings, BOM).
 */
export function rebaseHunks(currentText: string, hunks: Hunk[], acceptedIndexes: Iterable<number>): RebaseResult {
  const lines = linesOf(currentText);
  const placed: { index: number; at: number; hunk: Hunk }[] = [];
  for (const index of [...new Set(acceptedIndexes)].sort((a, b) => a - b)) {
    const hunk = hunks[index];
    if (!hunk) return { ok: false, hunk: index, reason: `there is no hunk ${index + 1}` };
    const old = oldSide(hunk);
    let positions: number[];
    if (old.length === 0) {
      // Nothing to anchor on: only an insertion into an (still) empty file is certain.
      positions = lines.length === 0 ? [0] : [];
    } else {
      positions = findBlock(lines, old);
    }
    if (positions.length !== 1) {
      const reason = positions.length === 0 ? 'its lines are no longer in the file' : `its lines now appear ${positions.length} times`;
      return { ok: false, hunk: index, reason };
    }
    placed.push({ index, at: positions[0], hunk });
  }
  placed.sort((a, b) => a.at - b.at);
  for (let i = 1; i < placed.length; i++) {
    const prev = placed[i - 1];
    if (placed[i].at < prev.at + oldSide(prev.hunk).length) {
      return { ok: false, hunk: placed[i].index, reason: `it now overlaps hunk ${prev.index + 1}` };
    }
  }
  const moved = placed.map((p) => ({ ...p.hunk, oldStart: p.at + 1 }));
  try {
    return { ok: true, content: applyHunks(currentText, moved, moved.map((_, i) => i)) };
  } catch (err) {
    // A line-ending marker that no longer fits (e.g. the file gained a final newline).
    return { ok: false, hunk: placed[0]?.index ?? 0, reason: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Where each hunk's old lines start in the current text (1-based), for showing hunks in an
 * editor whose buffer moved on: the original place if they are still there, else their one
 * other place; undefined when they are gone or ambiguous.
 */
export function locateHunks(currentText: string, hunks: Hunk[]): (number | undefined)[] {
  const lines = linesOf(currentText);
  return hunks.map((hunk) => {
    const old = oldSide(hunk);
    if (old.length === 0) return undefined;
    if (old.every((l, j) => lines[hunk.oldStart - 1 + j] === l)) return hunk.oldStart;
    const found = findBlock(lines, old);
    return found.length === 1 ? found[0] + 1 : undefined;
  });
}

/** The hunk that undoes `hunk`: its new lines become the old ones and back. */
export function invertHunk(hunk: Hunk): Hunk {
  return {
    oldStart: hunk.newStart,
    oldLines: hunk.newLines,
    newStart: hunk.oldStart,
    newLines: hunk.oldLines,
    lines: hunk.lines.map((l) => (l[0] === '-' ? `+${l.slice(1)}` : l[0] === '+' ? `-${l.slice(1)}` : l)),
  };
}

function oldSide(hunk: Hunk): string[] {
  return hunk.lines.filter((l) => l[0] === ' ' || l[0] === '-').map((l) => l.slice(1));
}

function linesOf(text: string): string[] {
  const lf = toLf(text);
  if (lf === '') return [];
  const lines = lf.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Every 0-based line where `block` starts. */
function findBlock(lines: string[], block: string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i + block.length <= lines.length; i++) {
    let j = 0;
    while (j < block.length && lines[i + j] === block[j]) j++;
    if (j === block.length) found.push(i);
  }
  return found;
}
