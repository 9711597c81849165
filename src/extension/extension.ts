// First: its timestamp is the start of the bundle's evaluation (activation time in the log).
import { activationLine } from './activationTime';
import * as vscode from 'vscode';
import { ChatController } from './chatController';
import { CHAT_VIEW_ID, ChatViewProvider } from './chatViewProvider';
import { registerCommands } from './commands';
import { Attention, vscodeAttentionDeps } from './attention';
import { registerEditorActions } from './editorActions';
import { ApiKeys } from './config';
import { registerProposalCommands } from './review/commands';
import { DEFAULT_DIAGNOSTICS_TIMEOUT_MS } from './host/diagnostics';
import { EditorProposals } from './review/editorProposals';
import { ChatRegistry } from './chatRegistry';
import { ChatStatusBar } from './statusBar';
import { McpHost } from './mcp/mcpHost';
import { registerMcpView } from './mcp/mcpView';
import { scheduleBlobCollection } from './checkpointCollection';

/** What activate returns: lets integration tests reach the live instances without globals. */
export interface TandemApi {
  chat: ChatController;
  proposals: EditorProposals;
  /** Every open chat (the side bar's and those in editor tabs), and the status bar item that follows them. */
  chats: ChatRegistry;
  statusBar: ChatStatusBar;
  /** The window's MCP servers (the MCP view and every chat use them). */
  mcp: McpHost;
}

// Composition root: builds the instances and wires them; no logic lives here.
export function activate(context: vscode.ExtensionContext): TandemApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel('Tandem', { log: true });
  const keys = new ApiKeys(context.secrets);
  const proposals = new EditorProposals({ log, problemsTimeoutMs: DEFAULT_DIAGNOSTICS_TIMEOUT_MS });
  const storageDir = context.globalStorageUri.fsPath;
  const mcp = new McpHost(log, context.secrets);
  const chats = new ChatRegistry(
    context.extensionUri,
    storageDir,
    log,
    (host) => new ChatController(keys, log, storageDir, proposals, host, mcp),
    (chat, place) => new Attention(chat, vscodeAttentionDeps(place)),
  );
  const chat = chats.sidebar;
  const statusBar = new ChatStatusBar(chats);
  const view = new ChatViewProvider(context.extensionUri, chat, (state) => chats.restoreSidebar(state));
  context.subscriptions.push(
    log,
    proposals,
    ...registerProposalCommands(proposals),
    chats,
    statusBar,
    ...chats.commands(),
    view,
    vscode.window.registerWebviewViewProvider(CHAT_VIEW_ID, view, { webviewOptions: { retainContextWhenHidden: false } }),
    ...registerCommands(chat, keys, chats),
    ...registerEditorActions(chats),
    chats.attendSidebar(() => view.visible),
    mcp,
    ...registerMcpView(mcp, log),
    scheduleBlobCollection(storageDir, log),
  );
  log.info(activationLine(activateStart));
  return { chat, proposals, chats, statusBar, mcp };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
