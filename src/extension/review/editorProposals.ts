// The Proposals port in VS Code: every Write/Edit/MultiEdit becomes a proposal the user reviews
// hunk by hunk, in the chat card, in the diff editor and in the file itself (CodeLens, commands).
// The turn waits for the review; accepted hunks are applied with a WorkspaceEdit and saved. With
// autoApply (acceptEdits mode) the edit lands at once and stays revertible hunk by hunk.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EditProposal, ProposalOutcome, Proposals } from '../../core/ports';
import type { HunkState, UiEvent, WebviewToHost } from '../../protocol/messages';
import { t } from '../l10n';
import { currentErrors, problemsReport, waitForErrors } from '../host/diagnostics';
import { applyAccepted, revertHunk } from './apply';
import { proposalCard } from './cards';
import { CODELENS_SELECTOR, ProposalCodeLens, reviewFor } from './codeLens';
import { ProposalDecorations } from './decorations';
import { PROPOSAL_SCHEME, ProposalDocuments, proposalUri } from './proposalDocuments';
import { ProposalStore } from './proposalStore';
import type { Review } from './proposalStore';

/** The webview messages this module answers (validated by src/protocol before they get here). */
export type ReviewMessage = Extract<WebviewToHost, { type: 'reviewProposal' | 'revertProposalHunk' }>;

/** What the chat needs: cards to show, and where the card's buttons go. */
export interface ProposalReview {
  readonly onDidPostCard: vscode.Event<UiEvent>;
  receive(msg: ReviewMessage): Promise<void>;
}

export interface EditorProposalsOptions {
  /** acceptEdits mode: apply every proposal at once (it stays revertible). Can be changed later. */
  autoApply?: boolean;
  log?: vscode.LogOutputChannel;
  /** Open the file and VS Code's diff editor for each proposal (default true). */
  showEditors?: boolean;
  /**
   * After an edit lands, wait up to this long for the language services and tell the model the
   * errors the edit introduced (outcome.problems). 0 or unset: do not wait. Can be changed later.
   */
  problemsTimeoutMs?: number;
}

export const CONTEXT_KEY = 'tandem.proposalOpen';
const STOPPED = 'The run was stopped before this edit was reviewed; the file was not changed.';

export class EditorProposals implements Proposals, ProposalReview, vscode.Disposable {
  autoApply: boolean;
  problemsTimeoutMs: number;
  readonly store = new ProposalStore();
  readonly decorations: ProposalDecorations;
  private readonly cards = new vscode.EventEmitter<UiEvent>();
  readonly onDidPostCard = this.cards.event;
  /** How each waiting propose() call ends. */
  private readonly settle = new Map<string, { resolve: (o: ProposalOutcome) => void; reject: (e: Error) => void }>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly log: vscode.LogOutputChannel | undefined;
  private readonly showEditors: boolean;

  constructor(options: EditorProposalsOptions = {}) {
    this.autoApply = options.autoApply ?? false;
    this.problemsTimeoutMs = options.problemsTimeoutMs ?? 0;
    this.log = options.log;
    this.showEditors = options.showEditors ?? true;
    this.decorations = new ProposalDecorations(this.store);
    const lenses = new ProposalCodeLens(this.store);
    this.disposables.push(
      this.store,
      this.cards,
      this.decorations,
      lenses,
      vscode.languages.registerCodeLensProvider(CODELENS_SELECTOR, lenses),
      vscode.workspace.registerTextDocumentContentProvider(PROPOSAL_SCHEME, new ProposalDocuments(this.store)),
      this.store.onDidChange(() => this.updateContext()),
      vscode.window.onDidChangeActiveTextEditor(() => this.updateContext()),
    );
  }

  async propose(proposal: EditProposal, signal: AbortSignal): Promise<ProposalOutcome> {
    const all = proposal.hunks.map((_, i) => i);
    if (signal.aborted) return { status: 'rejected', acceptedHunks: [], rejectedHunks: all, comment: STOPPED };
    const autoApplied = this.autoApply;
    const review = this.store.add(proposal, { autoApplied, displayPath: vscode.workspace.asRelativePath(proposal.absPath, false) });
    const outcome = new Promise<ProposalOutcome>((resolve, reject) => this.settle.set(review.id, { resolve, reject }));
    this.post({ type: 'proposal', ...this.card(review) });
    if (autoApplied) {
      void this.finish(review, all, true);
      return outcome;
    }
    const onAbort = () => this.abort(review);
    signal.addEventListener('abort', onAbort, { once: true });
    if (this.showEditors) void this.show(review);
    try {
      return await outcome;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /** Records decisions on a pending proposal; false when it is not pending or a hunk does not exist. */
  decide(id: string, decisions: { hunk: number; accept: boolean }[], comment?: string): boolean {
    const review = this.store.pending(id);
    if (!review || decisions.some((d) => !Number.isInteger(d.hunk) || d.hunk < 0 || d.hunk >= review.hunkStates.length)) return false;
    for (const d of decisions) review.hunkStates[d.hunk] = d.accept ? 'accepted' : 'rejected';
    if (comment?.trim()) review.comment = comment.trim();
    if (review.hunkStates.every((s) => s !== 'pending')) {
      void this.finish(review, review.hunkStates.flatMap((s, i) => (s === 'accepted' ? [i] : [])), false);
    } else {
      this.store.update(review);
      this.postUpdate(review);
    }
    return true;
  }

  /** Decides every hunk not decided yet. */
  decideAll(id: string, accept: boolean, comment?: string): boolean {
    const review = this.store.pending(id);
    if (!review) return false;
    if (review.hunkStates.length === 0) {
      // Nothing to decide hunk by hunk (an empty new file): the whole edit is one decision.
      if (comment?.trim()) review.comment = comment.trim();
      void this.finish(review, [], accept);
      return true;
    }
    const open = review.hunkStates.flatMap((s, i) => (s === 'pending' ? [{ hunk: i, accept }] : []));
    return this.decide(id, open, comment);
  }

  /** The comment the model gets with the outcome; false when the proposal is not pending. */
  setComment(id: string, comment: string): boolean {
    const review = this.store.pending(id);
    if (!review) return false;
    review.comment = comment.trim() || undefined;
    this.postUpdate(review);
    return true;
  }

  /** Undoes one applied hunk of an edit from this session, if the file still holds it unchanged. */
  async revertHunk(id: string, hunk: number): Promise<{ ok: boolean; reason?: string }> {
    const review = this.store.get(id);
    if (!review || (review.status !== 'applied' && review.status !== 'partial') || review.hunkStates[hunk] !== 'accepted') {
      return { ok: false, reason: t('That change is not an applied change of this session.') };
    }
    // Marked first, so a second click while this one runs cannot revert the hunk twice.
    review.hunkStates[hunk] = 'reverted';
    const r = await revertHunk(review.proposal.absPath, review.proposal.hunks[hunk]).catch((err: unknown) => ({
      ok: false as const,
      reason: t('Reverting failed: {0}', err instanceof Error ? err.message : String(err)),
    }));
    if (!r.ok) {
      review.hunkStates[hunk] = 'accepted';
      return { ok: false, reason: r.reason };
    }
    this.store.update(review);
    this.postUpdate(review);
    return { ok: true };
  }

  /** Changes that landed in this session (newest last), for the chat to list. */
  sessionChanges(): readonly Review[] {
    return this.store.applied();
  }

  async receive(msg: ReviewMessage): Promise<void> {
    if (msg.type === 'revertProposalHunk') {
      const r = await this.revertHunk(msg.proposalId, msg.hunk);
      if (!r.ok) void vscode.window.showWarningMessage(t('Tandem: {0}', r.reason ?? ''));
      return;
    }
    const acted = msg.all ? this.decideAll(msg.proposalId, msg.all === 'accept', msg.comment) : this.decide(msg.proposalId, msg.decisions ?? [], msg.comment);
    if (!acted) this.log?.warn(`Ignored a review for ${msg.proposalId}: it is not a pending proposal, or names a hunk it does not have.`);
  }

  /** The pending review shown by an editor (the real file or the proposed side of its diff). */
  reviewForEditor(editor: vscode.TextEditor | undefined): Review | undefined {
    return editor && reviewFor(this.store, editor.document.uri);
  }

  /**
   * Applies what was accepted and settles the waiting propose(). `whole` accepts an edit that has
   * no hunks (an empty new file). Never throws: a failure rejects propose() instead.
   */
  private async finish(review: Review, accepted: number[], whole: boolean): Promise<void> {
    review.settling = true;
    this.store.update(review);
    const all = review.proposal.hunks.map((_, i) => i);
    const rejected = all.filter((i) => !accepted.includes(i));
    const apply = accepted.length > 0 || (all.length === 0 && whole);
    const errorsBefore = currentErrors(review.uri);
    // Listening starts before the edit: a fast language service reports while it is being saved.
    const rechecked = apply && this.problemsTimeoutMs > 0 ? waitForErrors(review.uri, this.problemsTimeoutMs) : undefined;
    let outcome: ProposalOutcome;
    try {
      if (!apply) {
        outcome = { status: 'rejected', acceptedHunks: [], rejectedHunks: all };
      } else {
        const r = await applyAccepted(review.proposal, accepted);
        if (r.ok) {
          outcome = { status: rejected.length ? 'partial' : 'applied', acceptedHunks: accepted, rejectedHunks: rejected, finalContent: r.finalContent };
        } else {
          review.message = r.reason;
          outcome = { status: 'stale', acceptedHunks: [], rejectedHunks: all };
        }
      }
    } catch (err) {
      review.message = err instanceof Error ? err.message : String(err);
      this.log?.error(`Applying the edit to ${review.proposal.absPath} failed: ${review.message}`);
      this.end(review, 'failed', []);
      this.takeSettle(review)?.reject(err instanceof Error ? err : new Error(review.message));
      return;
    }
    if (review.comment) outcome.comment = review.comment;
    this.end(review, outcome.status, accepted);
    if (outcome.finalContent !== undefined && rechecked) {
      await rechecked;
      const problems = await problemsReport(review.uri, errorsBefore, 0).catch(() => '');
      if (problems) outcome.problems = problems;
    }
    this.takeSettle(review)?.resolve(outcome);
  }

  private takeSettle(review: Review) {
    const s = this.settle.get(review.id);
    this.settle.delete(review.id);
    return s;
  }

  private abort(review: Review): void {
    if (review.status !== 'pending' || review.settling) return;
    review.hunkStates = review.hunkStates.map(() => 'rejected');
    // The card's copy of STOPPED (the model gets the English one in the comment below).
    review.message = t('The run was stopped before this edit was reviewed; the file was not changed.');
    const all = review.proposal.hunks.map((_, i) => i);
    const comment = review.comment ? `${STOPPED} ${review.comment}` : STOPPED;
    this.end(review, 'rejected', []);
    this.takeSettle(review)?.resolve({ status: 'rejected', acceptedHunks: [], rejectedHunks: all, comment });
  }

  private end(review: Review, status: Review['status'], accepted: number[]): void {
    review.status = status;
    review.settling = false;
    const landed = status === 'applied' || status === 'partial';
    review.hunkStates = review.hunkStates.map((_, i): HunkState => (landed && accepted.includes(i) ? 'accepted' : 'rejected'));
    this.store.update(review);
    this.postUpdate(review);
    void this.closeDiff(review);
  }

  private card(review: Review) {
    const { id, proposal, displayPath, status, autoApplied } = review;
    return proposalCard({ id, proposal, displayPath, status, autoApplied, hunkStates: [...review.hunkStates] });
  }

  private postUpdate(review: Review): void {
    const ev: UiEvent = { type: 'proposal_update', id: review.id, status: review.status, hunkStates: [...review.hunkStates] };
    if (review.comment) ev.comment = review.comment;
    if (review.message) ev.message = review.message;
    this.post(ev);
  }

  private post(ev: UiEvent): void {
    this.cards.fire(ev);
  }

  private async show(review: Review): Promise<void> {
    const p = review.proposal;
    try {
      const exists = p.oldContent !== null;
      if (exists) await vscode.window.showTextDocument(review.uri, { preview: false, preserveFocus: true });
      const title = t('{0} (Tandem proposal)', path.basename(p.absPath));
      await vscode.commands.executeCommand('vscode.diff', proposalUri(review.id, p.absPath, 'original'), proposalUri(review.id, p.absPath, 'proposed'), title, {
        preview: false,
        preserveFocus: true,
        viewColumn: exists ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active,
      });
      // Decided (or stopped) while the editors were opening: the diff would show a closed proposal.
      if (review.status !== 'pending') await this.closeDiff(review);
    } catch (err) {
      this.log?.warn(`Could not open the review editors for ${p.absPath}: ${String(err)}`);
    }
  }

  /** Closes the diff editors of a finished review; they would only show a stale proposal. */
  private async closeDiff(review: Review): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
      const input = t.input;
      return input instanceof vscode.TabInputTextDiff && input.modified.scheme === PROPOSAL_SCHEME && new URLSearchParams(input.modified.query).get('id') === review.id;
    });
    if (tabs.length) await Promise.resolve(vscode.window.tabGroups.close(tabs)).catch(() => undefined);
  }

  private updateContext(): void {
    const open = this.reviewForEditor(vscode.window.activeTextEditor) !== undefined;
    void vscode.commands.executeCommand('setContext', CONTEXT_KEY, open);
  }

  dispose(): void {
    for (const review of this.store.allPending()) this.abort(review);
    for (const d of this.disposables) d.dispose();
  }
}
