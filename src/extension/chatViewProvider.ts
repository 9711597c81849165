import * as vscode from 'vscode';
import type { ChatController } from './chatController';
import { renderWebviewHtml, webviewOptions } from './webviewHtml';

export const CHAT_VIEW_ID = 'tandem.chatView';

/** Hosts the chat webview in the Tandem side bar; the chat itself lives in the ChatController. */
export class ChatViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly chat: ChatController,
    /** Reopens the session the view remembered (its webview state) after a window reload. */
    private readonly restore?: (state: unknown) => Promise<void>,
  ) {}

  resolveWebviewView(view: vscode.WebviewView, context?: vscode.WebviewViewResolveContext): void {
    this.view = view;
    view.webview.options = webviewOptions(this.extensionUri);
    view.webview.html = renderWebviewHtml(view.webview, this.extensionUri);
    this.chat.attach({ post: (m) => void view.webview.postMessage(m) });
    if (context?.state !== undefined) void this.restore?.(context.state);
    this.disposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => void this.chat.receive(m)),
      view.onDidDispose(() => {
        if (this.view === view) {
          this.view = undefined;
          this.chat.attach(undefined);
        }
      }),
    );
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
