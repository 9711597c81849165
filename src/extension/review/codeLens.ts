// CodeLens for a pending proposal: "Accept all / Reject all" at the top of the file and
// "Accept / Reject" above each hunk, in the real file and in the proposed side of the diff.
// A decided hunk shows its decision instead.
import * as vscode from 'vscode';
import { t } from '../l10n';
import { hunkSpans } from './positions';
import { parseProposalUri, PROPOSAL_SCHEME } from './proposalDocuments';
import type { ProposalStore, Review } from './proposalStore';

export const PROPOSAL_COMMANDS = {
  nextHunk: 'tandem.proposal.nextHunk',
  acceptHunk: 'tandem.proposal.acceptHunk',
  rejectHunk: 'tandem.proposal.rejectHunk',
  acceptAll: 'tandem.proposal.acceptAll',
  rejectAll: 'tandem.proposal.rejectAll',
  revertHunk: 'tandem.proposal.revertHunk',
  comment: 'tandem.proposal.comment',
} as const;

export const CODELENS_SELECTOR: vscode.DocumentSelector = [{ scheme: 'file' }, { scheme: PROPOSAL_SCHEME }];

export class ProposalCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: ProposalStore) {
    this.subscription = store.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const review = reviewFor(this.store, doc.uri);
    if (!review) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const n = review.proposal.hunks.length;
    const lenses = [
      new vscode.CodeLens(top, { title: t('Tandem: Accept all ({0})', n), command: PROPOSAL_COMMANDS.acceptAll, arguments: [review.id] }),
      new vscode.CodeLens(top, { title: t('Reject all'), command: PROPOSAL_COMMANDS.rejectAll, arguments: [review.id] }),
    ];
    hunkSpans(doc, review.proposal.hunks).forEach((span, i) => {
      const at = new vscode.Range(span.start, 0, span.start, 0);
      const state = review.hunkStates[i];
      if (state === 'pending') {
        lenses.push(
          new vscode.CodeLens(at, { title: t('Accept'), command: PROPOSAL_COMMANDS.acceptHunk, arguments: [review.id, i] }),
          new vscode.CodeLens(at, { title: t('Reject'), command: PROPOSAL_COMMANDS.rejectHunk, arguments: [review.id, i] }),
        );
      } else {
        // An empty command id renders as plain text.
        lenses.push(new vscode.CodeLens(at, { title: state === 'accepted' ? t('✓ Accepted') : t('✗ Rejected'), command: '' }));
      }
    });
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The pending review a document shows: the real file's, or the one a proposal document belongs to. */
export function reviewFor(store: ProposalStore, uri: vscode.Uri): Review | undefined {
  const parsed = parseProposalUri(uri);
  if (parsed) return parsed.side === 'proposed' ? store.pending(parsed.id) : undefined;
  return uri.scheme === 'file' ? store.pendingForFile(uri) : undefined;
}
