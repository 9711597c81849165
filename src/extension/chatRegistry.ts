// The open chats: the side-bar chat and any number of chats in editor tabs. Each has its own
// ChatController (its own agent, session log, approvals and turn), so two can run at once. The
// registry knows which one has the focus (commands act on it), which one an edit card belongs to,
// and opens stored sessions and forks in new tabs.
import * as vscode from 'vscode';
import type { UiEvent } from '../protocol/messages';
import type { ChatPlace } from './attention';
import type { ChatController, ChatSink } from './chatController';
import type { ChatHost as ChatHostOf } from './chatHost';
import { focusChat } from './commands';
import { t } from './l10n';
import { SessionActions } from './sessions';
import type { SessionChats } from './sessions';
import type { StatusSource } from './statusBar';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export const CHAT_PANEL_TYPE = 'tandem.chatPanel';

const NOTHING = new vscode.Disposable(() => undefined);

/** Watches one chat for moments that need the user (a question, a review, a long turn ending out of sight). */
export type AttendChat = (chat: ChatController, place: ChatPlace) => vscode.Disposable;

/** What a ChatController asks of the registry it belongs to. */
export type ChatHost = ChatHostOf<ChatController>;

export class ChatRegistry implements ChatHost, SessionChats, StatusSource, vscode.Disposable {
  readonly sidebar: ChatController;
  readonly sessions: SessionActions;
  private readonly panels = new Map<ChatController, { panel: vscode.WebviewPanel; subscriptions: vscode.Disposable }>();
  private focused: ChatController;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Any chat's state changed (it posted to its view), or the focus moved, or a chat came or went. */
  readonly onDidChange = this.changed.event;
  private readonly sidebarSubscription: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    storageDir: string,
    log: vscode.LogOutputChannel,
    /** Makes one chat; every chat the registry holds comes from here. */
    private readonly create: (host: ChatHost) => ChatController,
    /** Watches each chat for what needs the user's attention; none in tests that do not care. */
    private readonly attend?: AttendChat,
  ) {
    this.sessions = new SessionActions(storageDir, this, log);
    this.sidebar = create(this);
    this.focused = this.sidebar;
    this.sidebarSubscription = this.sidebar.onDidChange(() => this.changed.fire());
  }

  /** The side-bar chat gets the user's attention when its view is not visible. */
  attendSidebar(visible: () => boolean): vscode.Disposable {
    return this.attend?.(this.sidebar, { visible, reveal: () => this.reveal(this.sidebar) }) ?? NOTHING;
  }

  all(): ChatController[] {
    return [this.sidebar, ...this.panels.keys()];
  }

  /** The chat the user worked in last: commands such as New Chat act on it. */
  current(): ChatController {
    return this.focused;
  }

  focus(chat: ChatController): void {
    if (this.focused === chat || (chat !== this.sidebar && !this.panels.has(chat))) return;
    this.focused = chat;
    this.changed.fire();
  }

  /** The chat the status bar speaks for: the focused one, unless another waits for an answer. */
  attention(): ChatController {
    if (this.focused.status === 'waiting') return this.focused;
    return this.all().find((c) => c.status === 'waiting') ?? this.focused;
  }

  cardOwner(event: UiEvent): ChatController {
    return this.all().find((c) => c.showsCard(event)) ?? this.sidebar;
  }

  /** Brings a chat into view: its editor tab, or the side bar. */
  async reveal(chat: ChatController): Promise<void> {
    const entry = this.panels.get(chat);
    if (entry) entry.panel.reveal(entry.panel.viewColumn, false);
    else await focusChat();
    this.focus(chat);
  }

  titled(chat: ChatController, title: string): void {
    const entry = this.panels.get(chat);
    if (entry) entry.panel.title = title.length > 40 ? `${title.slice(0, 39)}…` : title;
  }

  /** A new chat in an editor tab; with `file`, it shows that stored session and continues it. */
  async openInEditor(opts: { file?: string; prefill?: string; title?: string } = {}): Promise<ChatController> {
    const panel = vscode.window.createWebviewPanel(
      CHAT_PANEL_TYPE,
      opts.title ?? t('Tandem Chat'),
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      { ...webviewOptions(this.extensionUri), retainContextWhenHidden: false },
    );
    return this.adopt(panel, opts);
  }

  /**
   * An editor-tab chat VS Code brings back after a window reload (the panel serializer): it shows
   * the stored session its view remembered, or starts empty when that session is gone or open elsewhere.
   */
  async restorePanel(panel: vscode.WebviewPanel, state: unknown): Promise<ChatController> {
    panel.webview.options = webviewOptions(this.extensionUri);
    return this.adopt(panel, { file: this.sessions.restorable(sessionIdOf(state)) });
  }

  private async adopt(panel: vscode.WebviewPanel, opts: { file?: string; prefill?: string }): Promise<ChatController> {
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'tandem.svg');
    const chat = this.create(this);
    // Until the page says 'ready' nothing listens in it; hold messages (a fork's prefill) till then.
    let ready = false;
    const held: Parameters<ChatSink['post']>[0][] = [];
    chat.attach({ post: (m) => (ready ? void panel.webview.postMessage(m) : held.push(m)) });
    const subscriptions = vscode.Disposable.from(
      panel.webview.onDidReceiveMessage((m: unknown) => {
        if (!ready && typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'ready') {
          ready = true;
          for (const h of held.splice(0)) void panel.webview.postMessage(h);
        }
        void chat.receive(m);
      }),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.focus(chat);
      }),
      chat.onDidChange(() => this.changed.fire()),
      panel.onDidDispose(() => this.closed(chat)),
      this.attend?.(chat, { visible: () => panel.visible, reveal: () => this.reveal(chat) }) ?? NOTHING,
    );
    this.panels.set(chat, { panel, subscriptions });
    panel.webview.html = renderWebviewHtml(panel.webview, this.extensionUri);
    this.focused = chat;
    this.changed.fire();
    if (opts.file) await chat.openSession(opts.file, opts.prefill);
    return chat;
  }

  /** After a window reload: the side-bar chat shows again the session its view remembered, unless it has started another. */
  async restoreSidebar(state: unknown): Promise<void> {
    if (this.sidebar.logFile || this.sidebar.busy) return;
    const file = this.sessions.restorable(sessionIdOf(state));
    if (file) await this.sidebar.openSession(file);
  }

  /** Reopens editor-tab chats after a window reload. */
  serializer(): vscode.Disposable {
    return vscode.window.registerWebviewPanelSerializer(CHAT_PANEL_TYPE, {
      deserializeWebviewPanel: async (panel, state) => void (await this.restorePanel(panel, state)),
    });
  }

  /** Closes a chat's editor tab (its turn stops, its session stays in the history). */
  close(chat: ChatController): void {
    this.panels.get(chat)?.panel.dispose();
  }

  private closed(chat: ChatController): void {
    const entry = this.panels.get(chat);
    if (!entry) return;
    this.panels.delete(chat);
    entry.subscriptions.dispose();
    chat.dispose();
    if (this.focused === chat) this.focused = this.sidebar;
    this.changed.fire();
  }

  commands(): vscode.Disposable[] {
    return [
      this.serializer(),
      vscode.commands.registerCommand('tandem.openChatInEditor', () => this.openInEditor()),
      // The side bar's own "+" (Tandem: New Chat acts on the chat used last, which may be a tab).
      vscode.commands.registerCommand('tandem.newSideBarChat', async () => {
        this.sidebar.newChat();
        await this.reveal(this.sidebar);
      }),
    ];
  }

  dispose(): void {
    for (const { panel } of [...this.panels.values()]) panel.dispose();
    this.sidebarSubscription.dispose();
    this.sidebar.dispose();
    this.changed.dispose();
  }
}

/** The session id a chat view saved in its webview state (unchecked: the view is untrusted). */
function sessionIdOf(state: unknown): unknown {
  return typeof state === 'object' && state !== null ? (state as { sessionId?: unknown }).sessionId : undefined;
}
