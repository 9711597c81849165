import * as vscode from 'vscode';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { ApiKeys } from './config';

/** What activate returns: lets integration tests reach the live instances without globals. */
export interface TandemApi {
  chat: ChatController;
}

// Composition root: builds the instances and wires them; no logic lives here.
export function activate(context: vscode.ExtensionContext): TandemApi {
  const log = vscode.window.createOutputChannel('Tandem', { log: true });
  const keys = new ApiKeys(context.secrets);
  const chat = new ChatController(keys, log, context.globalStorageUri.fsPath);
  const view = new ChatViewProvider(context.extensionUri, chat);
  context.subscriptions.push(
    log,
    chat,
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands(chat, keys),
  );
  return { chat };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
