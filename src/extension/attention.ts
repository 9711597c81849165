// Getting the user's attention when Tandem waits for them and they cannot see it: a question or an
// edit review while the chat view is hidden, or a long turn that ended while the window is in the
// background. A VS Code notification says so; its Show button brings the chat into view.
import * as vscode from 'vscode';
import type { UiEvent } from '../protocol/messages';
import { t } from './l10n';

/** A turn this long is worth a notification when it ends out of sight. */
export const LONG_TURN_MS = 20_000;

/** What Attention watches: the chat's transcript events and the end of each turn. */
export interface AttentionSource {
  onDidEmit: vscode.Event<UiEvent>;
  onDidEndTurn: vscode.Event<{ durationMs: number; stopped: boolean }>;
}

/** The edges of the world Attention needs; tests pass their own. */
export interface AttentionDeps {
  isChatVisible(): boolean;
  isWindowFocused(): boolean;
  /** Shows a notification with one button; resolves with the button's label when it is clicked. */
  notify(message: string, action: string): Thenable<string | undefined>;
  showChat(): Thenable<unknown>;
  longTurnMs?: number;
}

/** Where a chat is shown (side bar or editor tab): is it in view, and bring it there. */
export interface ChatPlace {
  visible(): boolean;
  reveal(): Thenable<unknown>;
}

/** VS Code's notifications and window state, for a chat shown at `place`. */
export const vscodeAttentionDeps = (place: ChatPlace): AttentionDeps => ({
  isChatVisible: () => place.visible(),
  isWindowFocused: () => vscode.window.state.focused,
  notify: (message, action) => vscode.window.showInformationMessage(message, action),
  showChat: () => place.reveal(),
});

export class Attention implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];
  /** Questions already announced, so an update to the same one does not notify again. */
  private readonly announced = new Set<string>();

  constructor(
    source: AttentionSource,
    private readonly deps: AttentionDeps,
  ) {
    this.subscriptions = [source.onDidEmit((e) => this.onEvent(e)), source.onDidEndTurn((e) => this.onTurnEnd(e))];
  }

  private onEvent(e: UiEvent): void {
    if (e.type === 'approval') {
      this.whenHidden(e.id, t('Tandem needs your approval to run {0}.', e.toolName));
    } else if (e.type === 'proposal' && e.status === 'pending' && !e.autoApplied) {
      this.whenHidden(e.id, t('Tandem proposes an edit to {0} and waits for your review.', e.path));
    }
  }

  private whenHidden(id: string, message: string): void {
    if (this.announced.has(id)) return;
    this.announced.add(id);
    if (this.deps.isChatVisible()) return;
    this.ask(message);
  }

  private onTurnEnd(e: { durationMs: number; stopped: boolean }): void {
    // A turn the user stopped needs no news; nor does one they watched finish.
    if (e.stopped || e.durationMs < (this.deps.longTurnMs ?? LONG_TURN_MS) || this.deps.isWindowFocused()) return;
    this.ask(t('Tandem finished (the reply took {0} s).', Math.round(e.durationMs / 1000)));
  }

  private ask(message: string): void {
    const show = t('Show');
    void Promise.resolve(this.deps.notify(message, show)).then((picked) => (picked === show ? this.deps.showChat() : undefined));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
