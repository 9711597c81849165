// Where each hunk of a proposal is in a document: in the real file (the old side, found again
// if the user has typed above it since) or in the proposed text of the diff editor (new side).
import type * as vscode from 'vscode';
import { changedRange } from '../../core/edits/hunks';
import { locateHunks } from '../../core/edits/rebase';
import type { Hunk } from '../../core/ports';
import { parseProposalUri } from './proposalDocuments';

/** 0-based, inclusive lines a hunk changes (for a pure insertion: the line it follows). */
export interface HunkSpan {
  start: number;
  end: number;
}

export function hunkSpans(doc: vscode.TextDocument, hunks: Hunk[]): HunkSpan[] {
  const last = Math.max(0, doc.lineCount - 1);
  const clamp = (n: number) => Math.min(last, Math.max(0, n));
  if (parseProposalUri(doc.uri)?.side === 'proposed') {
    return hunks.map((h) => {
      const r = newSideRange(h);
      return { start: clamp(r.from - 1), end: clamp(r.to - 1) };
    });
  }
  const found = locateHunks(doc.getText(), hunks);
  return hunks.map((h, i) => {
    const shift = (found[i] ?? h.oldStart) - h.oldStart;
    const r = changedRange(h);
    if (r.kind === 'insert') return { start: clamp(r.after - 1 + shift), end: clamp(r.after - 1 + shift) };
    return { start: clamp(r.from - 1 + shift), end: clamp(r.to - 1 + shift) };
  });
}

/** The span (1-based, inclusive) of the lines a hunk adds, or the line before what it removes. */
function newSideRange(h: Hunk): { from: number; to: number } {
  let line = h.newStart;
  let from = 0;
  let to = 0;
  let deletionAfter = -1;
  for (const l of h.lines) {
    if (l[0] === ' ') line++;
    else if (l[0] === '+') {
      if (!from) from = line;
      to = line;
      line++;
    } else if (l[0] === '-' && deletionAfter < 0) deletionAfter = line - 1;
  }
  if (from) return { from, to };
  const at = Math.max(1, deletionAfter);
  return { from: at, to: at };
}

/** The hunk whose span holds `line`, else undefined. */
export function hunkAtLine(spans: HunkSpan[], line: number): number | undefined {
  const i = spans.findIndex((s) => line >= s.start && line <= s.end);
  return i < 0 ? undefined : i;
}
