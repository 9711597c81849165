import * as vscode from 'vscode';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { ApiKeys } from './config';
import { registerProposalCommands } from './review/commands';
import { DEFAULT_DIAGNOSTICS_TIMEOUT_MS } from './host/diagnostics';
import { EditorProposals } from './review/editorProposals';

/** What activate returns: lets integration tests reach the live instances without globals. */
export interface TandemApi {
  chat: ChatController;
  proposals: EditorProposals;
}

// Composition root: builds the instances and wires them; no logic lives here.
export function activate(context: vscode.ExtensionContext): TandemApi {
  const log = vscode.window.createOutputChannel('Tandem', { log: true });
  const keys = new ApiKeys(context.secrets);
  const proposals = new EditorProposals({ log, problemsTimeoutMs: DEFAULT_DIAGNOSTICS_TIMEOUT_MS });
  const chat = new ChatController(keys, log, context.globalStorageUri.fsPath, proposals);
  const view = new ChatViewProvider(context.extensionUri, chat);
  context.subscriptions.push(
    log,
    proposals,
    ...registerProposalCommands(proposals),
    chat,
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands(chat, keys),
  );
  return { chat, proposals };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
