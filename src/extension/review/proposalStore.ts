// The proposals of this window: the ones waiting for review (what CodeLens, decorations,
// commands and the chat card act on) and the ones already applied in this session (what
// "revert hunk" acts on). One store, so every surface sees the same decisions.
import * as vscode from 'vscode';
import type { EditProposal } from '../../core/ports';
import type { HunkState, ProposalStatus } from '../../protocol/messages';

export interface Review {
  readonly id: string;
  readonly proposal: EditProposal;
  readonly uri: vscode.Uri;
  /** Shown in the card and titles: the path relative to the workspace. */
  readonly displayPath: string;
  readonly autoApplied: boolean;
  hunkStates: HunkState[];
  status: ProposalStatus;
  /** True from the moment the last hunk was decided until the outcome is known. */
  settling: boolean;
  comment?: string;
  message?: string;
}

/** Cap on finished proposals kept for "changes in this session"; the oldest go first. */
const MAX_FINISHED = 500;

export class ProposalStore implements vscode.Disposable {
  private readonly reviews = new Map<string, Review>();
  private readonly changed = new vscode.EventEmitter<Review>();
  /** Fires whenever a review is added or any of its states change. */
  readonly onDidChange = this.changed.event;
  private counter = 0;

  add(proposal: EditProposal, opts: { autoApplied: boolean; displayPath: string }): Review {
    this.counter += 1;
    const review: Review = {
      id: `proposal-${this.counter}-${Math.random().toString(36).slice(2, 8)}`,
      proposal,
      uri: vscode.Uri.file(proposal.absPath),
      displayPath: opts.displayPath,
      autoApplied: opts.autoApplied,
      hunkStates: proposal.hunks.map(() => 'pending'),
      status: 'pending',
      settling: false,
    };
    this.reviews.set(review.id, review);
    this.prune();
    this.changed.fire(review);
    return review;
  }

  get(id: string): Review | undefined {
    return this.reviews.get(id);
  }

  /** A review that still takes decisions. */
  pending(id: string): Review | undefined {
    const r = this.reviews.get(id);
    return r && r.status === 'pending' && !r.settling ? r : undefined;
  }

  /** The oldest review still waiting for decisions on this file. */
  pendingForFile(uri: vscode.Uri): Review | undefined {
    for (const r of this.reviews.values()) {
      if (r.status === 'pending' && !r.settling && r.uri.toString() === uri.toString()) return r;
    }
    return undefined;
  }

  allPending(): Review[] {
    return [...this.reviews.values()].filter((r) => r.status === 'pending' && !r.settling);
  }

  /** Edits that landed in this session, newest last: the "changes in this session" list. */
  applied(): Review[] {
    return [...this.reviews.values()].filter((r) => r.status === 'applied' || r.status === 'partial');
  }

  /** Call after changing a review's fields, so every view refreshes. */
  update(review: Review): void {
    this.changed.fire(review);
  }

  clearFinished(): void {
    for (const [id, r] of this.reviews) if (r.status !== 'pending') this.reviews.delete(id);
  }

  private prune(): void {
    const finished = [...this.reviews.values()].filter((r) => r.status !== 'pending');
    for (const r of finished.slice(0, Math.max(0, finished.length - MAX_FINISHED))) this.reviews.delete(r.id);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
