// Marks, in the real file's editor, the lines each hunk of a pending proposal changes: pending
// hunks stand out, decided ones say what was decided. Hovering shows the hunk's diff.
import * as vscode from 'vscode';
import { t } from '../l10n';
import type { HunkState } from '../../protocol/messages';
import { hunkHeader } from './cards';
import { hunkSpans } from './positions';
import type { ProposalStore, Review } from './proposalStore';

type Shown = Exclude<HunkState, 'reverted'>;

export class ProposalDecorations implements vscode.Disposable {
  private readonly types: Record<Shown, vscode.TextEditorDecorationType>;
  /** What each editor (by document URI) shows now; read by tests and by nothing else. */
  private readonly shown = new Map<string, Record<Shown, vscode.Range[]>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly store: ProposalStore) {
    const note = (text: string, color: string): vscode.ThemableDecorationAttachmentRenderOptions => ({
      contentText: text,
      color: new vscode.ThemeColor(color),
      margin: '0 0 0 2em',
      fontStyle: 'italic',
    });
    this.types = {
      pending: vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor('diffEditor.removedLineBackground'),
        overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.modifiedForeground'),
        overviewRulerLane: vscode.OverviewRulerLane.Left,
      }),
      accepted: vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        backgroundColor: new vscode.ThemeColor('diffEditor.insertedLineBackground'),
        after: note(t('accepted'), 'descriptionForeground'),
      }),
      rejected: vscode.window.createTextEditorDecorationType({
        isWholeLine: true,
        after: note(t('rejected'), 'descriptionForeground'),
      }),
    };
    this.disposables.push(
      ...Object.values(this.types),
      store.onDidChange(() => this.refresh()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.refresh()),
    );
  }

  refresh(): void {
    this.shown.clear();
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.scheme !== 'file') continue;
      const review = this.store.pendingForFile(editor.document.uri);
      const ranges: Record<Shown, vscode.DecorationOptions[]> = { pending: [], accepted: [], rejected: [] };
      if (review) {
        hunkSpans(editor.document, review.proposal.hunks).forEach((span, i) => {
          const state = review.hunkStates[i];
          if (state === 'reverted') return;
          const range = new vscode.Range(span.start, 0, span.end, 0);
          ranges[state].push({ range, hoverMessage: hover(review, i) });
        });
      }
      for (const kind of Object.keys(this.types) as Shown[]) editor.setDecorations(this.types[kind], ranges[kind]);
      if (review) this.shown.set(editor.document.uri.toString(), mapRecord(ranges, (opts) => opts.map((o) => o.range)));
    }
  }

  /** The ranges decorated in the visible editor of `uri` (empty when there is none). */
  rangesFor(uri: vscode.Uri): Record<Shown, vscode.Range[]> {
    return this.shown.get(uri.toString()) ?? { pending: [], accepted: [], rejected: [] };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function hover(review: Review, index: number): vscode.MarkdownString {
  const h = review.proposal.hunks[index];
  const md = new vscode.MarkdownString(`${t('**Tandem proposal**, hunk {0} of {1}', index + 1, review.proposal.hunks.length)}\n\n`);
  md.appendCodeblock([hunkHeader(h), ...h.lines.slice(0, 60)].join('\n'), 'diff');
  return md;
}

function mapRecord<A, B>(r: Record<Shown, A>, f: (a: A) => B): Record<Shown, B> {
  return { pending: f(r.pending), accepted: f(r.accepted), rejected: f(r.rejected) };
}
