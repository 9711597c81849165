// Review commands. From a CodeLens they get (proposalId, hunk); from a keybinding or the command
// palette they act on the proposal of the active editor and the hunk at the cursor (or the first
// undecided one).
import * as vscode from 'vscode';
import { t } from '../l10n';
import { PROPOSAL_COMMANDS } from './codeLens';
import type { EditorProposals } from './editorProposals';
import { hunkAtLine, hunkSpans } from './positions';
import type { Review } from './proposalStore';

export function registerProposalCommands(proposals: EditorProposals): vscode.Disposable[] {
  const target = (id?: unknown): Review | undefined => {
    const review = typeof id === 'string' ? proposals.store.pending(id) : proposals.reviewForEditor(vscode.window.activeTextEditor);
    if (!review) void vscode.window.showInformationMessage(t('Tandem: there is no edit waiting for review here.'));
    return review;
  };
  const decideHunk = (accept: boolean) => (id?: unknown, hunk?: unknown) => {
    const review = target(id);
    if (!review) return false;
    const index = typeof hunk === 'number' ? hunk : hunkUnderCursor(review);
    return index !== undefined && proposals.decide(review.id, [{ hunk: index, accept }]);
  };
  const decideAll = (accept: boolean) => (id?: unknown) => {
    const review = target(id);
    return review ? proposals.decideAll(review.id, accept) : false;
  };
  const hunkUnderCursor = (review: Review): number | undefined => {
    const editor = vscode.window.activeTextEditor;
    if (editor && proposals.reviewForEditor(editor) === review) {
      const at = hunkAtLine(hunkSpans(editor.document, review.proposal.hunks), editor.selection.active.line);
      if (at !== undefined && review.hunkStates[at] === 'pending') return at;
    }
    const first = review.hunkStates.indexOf('pending');
    return first < 0 ? undefined : first;
  };

  return [
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.acceptHunk, decideHunk(true)),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.rejectHunk, decideHunk(false)),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.acceptAll, decideAll(true)),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.rejectAll, decideAll(false)),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.nextHunk, () => nextHunk(proposals)),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.comment, async (id?: unknown, text?: unknown) => {
      const review = target(id);
      if (!review) return false;
      const comment =
        typeof text === 'string'
          ? text
          : await vscode.window.showInputBox({ title: t('Tandem: comment on this edit'), prompt: t('Sent to the model with your decision.'), value: review.comment ?? '' });
      return comment !== undefined && proposals.setComment(review.id, comment);
    }),
    vscode.commands.registerCommand(PROPOSAL_COMMANDS.revertHunk, async (id?: unknown, hunk?: unknown) => {
      if (typeof id !== 'string' || typeof hunk !== 'number') {
        void vscode.window.showInformationMessage(t('Tandem: revert a change from its card in the chat.'));
        return false;
      }
      const r = await proposals.revertHunk(id, hunk);
      if (!r.ok) void vscode.window.showWarningMessage(t('Tandem: {0}', r.reason ?? ''));
      return r.ok;
    }),
  ];
}

/** Moves the cursor to the next undecided hunk after it, wrapping around; returns its index. */
function nextHunk(proposals: EditorProposals): number | undefined {
  const editor = vscode.window.activeTextEditor;
  const review = proposals.reviewForEditor(editor);
  if (!editor || !review) return undefined;
  const spans = hunkSpans(editor.document, review.proposal.hunks);
  const line = editor.selection.active.line;
  const open = spans.map((s, i) => ({ s, i })).filter(({ i }) => review.hunkStates[i] === 'pending');
  const next = open.find(({ s }) => s.start > line) ?? open[0];
  if (!next) return undefined;
  const pos = new vscode.Position(next.s.start, 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return next.i;
}
