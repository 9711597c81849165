// What the chat shows for an edit proposal: the hunks as unified diff text with a label each.
// Long hunks are cut for the card (the editor's diff shows everything), so a huge Write cannot
// flood the webview.
import { changedRange } from '../../core/edits/hunks';
import type { EditProposal, Hunk } from '../../core/ports';
import type { HunkState, ProposalCard, ProposalHunkView, ProposalStatus } from '../../protocol/messages';
import { t } from '../l10n';

const MAX_LINES_PER_HUNK = 200;
const MAX_LINES_PER_CARD = 1_000;

export function proposalCard(opts: {
  id: string;
  proposal: EditProposal;
  displayPath: string;
  hunkStates: HunkState[];
  status: ProposalStatus;
  autoApplied: boolean;
}): ProposalCard {
  const { id, proposal } = opts;
  let budget = MAX_LINES_PER_CARD;
  const hunks = proposal.hunks.map((h): ProposalHunkView => {
    const limit = Math.max(0, Math.min(MAX_LINES_PER_HUNK, budget));
    budget -= Math.min(h.lines.length, limit);
    const more = h.lines.length - limit;
    const lines = more > 0 ? [...h.lines.slice(0, limit), more === 1 ? t('… 1 more line (see the diff editor)') : t('… {0} more lines (see the diff editor)', more)] : h.lines;
    return { header: hunkHeader(h), lines, label: hunkPlace(h) };
  });
  return {
    id,
    toolUseId: proposal.toolUseId,
    toolName: proposal.toolName,
    path: opts.displayPath,
    isNew: proposal.oldContent === null,
    hunks,
    hunkStates: opts.hunkStates,
    status: opts.status,
    autoApplied: opts.autoApplied,
  };
}

export function hunkHeader(h: Hunk): string {
  return `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`;
}

/** "lines 3-5", "line 7" or "insertion after line 2", in the file before the edit. */
export function hunkPlace(h: Hunk): string {
  const r = changedRange(h);
  if (r.kind === 'insert') return r.after === 0 ? t('insertion at the top') : t('insertion after line {0}', r.after);
  return r.from === r.to ? t('line {0}', r.from) : t('lines {0}-{1}', r.from, r.to);
}
