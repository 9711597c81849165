// An edit as the core hands it to a host (EditProposal), and the words the model gets back once
// the host or the user has decided. The model must learn exactly what landed in the file: which
// hunks, where, and why not, so its next edit starts from the truth.
import type { EditProposal, Hunk, ProposalOutcome } from '../ports';
import type { FileEncoding } from './encoding';
import { changedRange, computeHunks } from './hunks';
import { contentHash, numberLine, splitLines, toLf } from './text';

export interface BuildProposalInput {
  toolUseId: string;
  toolName: string;
  absPath: string;
  /** The file's current full text; null when the edit creates the file. */
  oldContent: string | null;
  newContent: string;
  /** The file's encoding; absent means UTF-8. */
  encoding?: FileEncoding;
}

export function buildProposal(input: BuildProposalInput): EditProposal {
  const { toolUseId, toolName, absPath, oldContent, newContent, encoding } = input;
  return {
    ...(encoding && encoding !== 'utf8' ? { encoding } : {}),
    toolUseId,
    toolName,
    absPath,
    baseHash: oldContent === null ? null : contentHash(oldContent),
    oldContent,
    newContent,
    hunks: computeHunks(oldContent ?? '', newContent),
  };
}

const MAX_SNIPPET_LINES = 60;

export function describeOutcome(proposal: EditProposal, outcome: ProposalOutcome): string {
  const path = proposal.absPath;
  const isNew = proposal.oldContent === null;
  const total = proposal.hunks.length;
  let text: string;
  switch (outcome.status) {
    case 'applied':
      text = isNew ? `Created ${path}.` : `Applied the edit to ${path}.`;
      if (!isNew && outcome.finalContent !== undefined) {
        const snippet = snippetOf(outcome.finalContent, proposal.hunks);
        if (snippet) text += ` The changed part now reads (with line numbers):\n${snippet}`;
      }
      break;
    case 'partial': {
      const accepted = outcome.acceptedHunks.map((i) => hunkLabel(proposal.hunks, i)).join(', ');
      const rejected = outcome.rejectedHunks.map((i) => hunkLabel(proposal.hunks, i)).join(', ');
      text =
        `The user reviewed the edit to ${path} and accepted ${outcome.acceptedHunks.length} of ${total} change(s).\n` +
        `Accepted (now in the file): ${accepted || 'none'}.\n` +
        `Rejected (not made): ${rejected || 'none'}.\n` +
        'Line numbers refer to the file before the edit. Do not redo the rejected changes unless the user asks; Read the file again before editing the same places.';
      break;
    }
    case 'rejected':
      text = isNew ? `The user rejected creating ${path}; the file was not created.` : `The user rejected the edit to ${path}; the file was not changed.`;
      break;
    case 'stale':
      text = isNew
        ? `The file ${path} was not created: a file appeared at that path after the edit was prepared. Read it, then decide how to proceed.`
        : `The edit to ${path} was not applied: the file changed on disk after it was read (by the user or another program). Read the file again and redo the edit against its current content.`;
      break;
  }
  if (outcome.comment?.trim()) text += `\nThe user's comment: ${outcome.comment.trim()}`;
  if (outcome.problems?.trim()) text += `\n${outcome.problems.trim()}`;
  return text;
}

/** "hunk 2 (lines 10-12)", numbered from 1 for people and models. */
function hunkLabel(hunks: Hunk[], index: number): string {
  const hunk = hunks[index];
  if (!hunk) return `hunk ${index + 1}`;
  const r = changedRange(hunk);
  const where = r.kind === 'insert' ? `insertion after line ${r.after}` : r.from === r.to ? `line ${r.from}` : `lines ${r.from}-${r.to}`;
  return `hunk ${index + 1} (${where})`;
}

/** The new-file side of each hunk (changed lines with their context), numbered; capped in size. */
function snippetOf(finalContent: string, hunks: Hunk[]): string {
  const lines = splitLines(toLf(finalContent));
  const parts: string[] = [];
  let budget = MAX_SNIPPET_LINES;
  for (const h of hunks) {
    if (budget <= 0) {
      parts.push('…');
      break;
    }
    const from = Math.max(1, h.newStart);
    const to = Math.min(lines.length, h.newStart + h.newLines - 1, from + budget - 1);
    if (to < from) continue;
    const out: string[] = [];
    for (let n = from; n <= to; n++) out.push(numberLine(n, lines[n - 1]));
    budget -= out.length;
    parts.push(out.join('\n'));
  }
  return parts.join('\n…\n');
}
