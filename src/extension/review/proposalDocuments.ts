// Read-only documents for VS Code's diff editor: the text an edit was computed from and the text
// it proposes. The URI keeps the file's path (so the editor picks the right language) and names
// the proposal and the side in its query.
import * as vscode from 'vscode';
import type { ProposalStore } from './proposalStore';

export const PROPOSAL_SCHEME = 'tandem-proposal';

export type ProposalSide = 'original' | 'proposed';

export function proposalUri(id: string, absPath: string, side: ProposalSide): vscode.Uri {
  return vscode.Uri.file(absPath).with({ scheme: PROPOSAL_SCHEME, query: new URLSearchParams({ id, side }).toString() });
}

export function parseProposalUri(uri: vscode.Uri): { id: string; side: ProposalSide } | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const id = q.get('id');
  const side = q.get('side');
  return id && (side === 'original' || side === 'proposed') ? { id, side } : undefined;
}

export class ProposalDocuments implements vscode.TextDocumentContentProvider {
  constructor(private readonly store: ProposalStore) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const parsed = parseProposalUri(uri);
    const review = parsed && this.store.get(parsed.id);
    if (!parsed || !review) return '';
    const p = review.proposal;
    return parsed.side === 'original' ? (p.oldContent ?? '') : p.newContent;
  }
}
