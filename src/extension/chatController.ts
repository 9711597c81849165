import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { rewind } from '../core/checkpoints/rewind';
import type { RewindMode } from '../core/checkpoints/rewind';
import { createProvider } from '../core/llm';
import type { HostToWebview, TranscriptItem, UiEvent, WebviewToHost } from '../protocol/messages';
import { parseWebviewMessage } from '../protocol/messages';
import { applyEvent } from '../protocol/transcript';
import { createChatAgent } from './agentFactory';
import type { ChatAgent } from './agentFactory';
import { ApiKeys, providerConfig, readPermissionMode, saveSetup, setPermissionMode, setupState } from './config';
import { PanelApprover } from './approvals';
import { askToApproveSettings } from './permissionsView';
import type { EditorProposals } from './review/editorProposals';
import { effectivePermissionMode, onTrustGranted } from './host/trust';
import { insertAtCursor } from './editorInsert';
import { UiEventMapper } from './uiEvents';

export interface ChatSink {
  post(message: HostToWebview): void;
}

/**
 * One chat: its conversation with the model, the transcript derived from its events, and the
 * current turn. The webview is only a view of it: it can be hidden, destroyed and re-created
 * without losing anything.
 */
export class ChatController implements vscode.Disposable {
  private sessionId = newSessionId();
  private seq = 0;
  private items: TranscriptItem[] = [];
  private agent: ChatAgent | undefined;
  private turn: AbortController | undefined;
  private sink: ChatSink | undefined;
  /** What the user last sent, for Retry after an error. */
  private lastUserText: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  private readonly approver: PanelApprover;

  constructor(
    private readonly keys: ApiKeys,
    private readonly log: vscode.LogOutputChannel,
    /** Where session logs and checkpoints go (the extension's global storage). */
    private readonly storageDir: string,
    /** Edit proposals: the agent's edits go there, their cards join the transcript. */
    private readonly review: EditorProposals,
  ) {
    this.approver = new PanelApprover((req, settled) =>
      this.emit(
        settled
          ? { type: 'approval_settled', id: req.id, decision: settled }
          : { type: 'approval', id: req.id, toolName: req.toolName, summary: req.summary, reason: req.reason, suggestions: req.suggestions },
      ),
    );
    this.disposables.push(
      review.onDidPostCard((event) => this.emit(event)),
      keys.onDidChange(() => void this.pushSetup(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tandem.permissionMode')) this.applyMode();
        if (e.affectsConfiguration('tandem')) void this.pushSetup(false);
      }),
      settingsWatcher(() => this.reloadPermissions()),
      onTrustGranted(() => {
        this.applyMode();
        void this.pushSetup(false);
      }),
    );
    this.applyMode();
  }

  /** The mode in force: the chosen one, or plan while the workspace is untrusted. */
  private applyMode(): void {
    const mode = effectivePermissionMode(readPermissionMode());
    this.review.autoApply = mode === 'acceptEdits';
    if (this.agent?.permissions) this.agent.permissions.mode = mode;
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  /** Attach (or detach, with undefined) the view that shows this chat. */
  attach(sink: ChatSink | undefined): void {
    this.sink = sink;
  }

  /** Entry point for everything the webview sends. Invalid messages are logged and dropped. */
  async receive(raw: unknown): Promise<void> {
    const parsed = parseWebviewMessage(raw);
    if (!parsed.ok) {
      this.log.warn(`Dropped a message from the chat view: ${parsed.error}`);
      return;
    }
    await this.handle(parsed.value);
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.pushSetup(false);
        this.pushTranscript();
        return;
      case 'send':
        await this.send(msg.text);
        return;
      case 'stop':
        this.stop();
        return;
      case 'newChat':
        this.newChat();
        return;
      case 'openSetup':
        await this.pushSetup(true);
        return;
      case 'saveSetup':
        try {
          await saveSetup(this.keys, msg.provider, msg.apiKey, msg.baseUrl);
          await this.pushSetup(false);
        } catch (err) {
          this.post({ type: 'notice', level: 'error', message: `Could not save the settings: ${String(err)}` });
        }
        return;
      case 'reviewProposal':
      case 'revertProposalHunk':
        await this.review.receive(msg);
        return;
      case 'approve':
        if (!this.approver.answer(msg.approvalId, { decision: msg.decision, remember: msg.remember, always: msg.always, message: msg.message })) {
          this.log.warn(`Dropped an answer to approval ${msg.approvalId}: it is not open.`);
        }
        return;
      case 'setMode':
        await setPermissionMode(msg.mode);
        return;
      case 'rewind':
        await this.rewind(msg.userMessageId, msg.mode);
        return;
      case 'insertAtCursor':
        await insertAtCursor(msg.text);
        return;
      case 'retry':
        if (this.lastUserText !== undefined) await this.send(this.lastUserText);
        return;
    }
  }

  newChat(): void {
    this.stop();
    this.sessionId = newSessionId();
    this.seq = 0;
    this.items = [];
    this.approver.denyAll('the user started a new chat');
    this.review.store.clearFinished();
    this.agent?.dispose();
    this.agent = undefined;
    this.pushTranscript();
  }

  /** Back to before one of the user's messages: the files, the conversation, or both. */
  async rewind(userMessageId: string, mode: RewindMode): Promise<void> {
    this.stop();
    for (let i = 0; this.turn && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
    const agent = this.agent;
    const index = this.items.findIndex((it) => it.kind === 'user' && it.id === userMessageId);
    if (!agent?.logFile || !agent.store || index < 0) {
      this.post({ type: 'notice', level: 'error', message: 'There is nothing to rewind to: that message is not part of this chat.' });
      return;
    }
    try {
      await agent.settled();
      const result = await rewind({ logFile: agent.logFile, toUserMessageId: userMessageId, mode, store: agent.store });
      const parts: string[] = [];
      if (result.files) {
        const f = result.files;
        parts.push(`Files: ${f.restored.length} restored, ${f.deleted.length} removed${f.failed.length ? `, ${f.failed.length} could not be restored (${f.failed.map((x) => `${x.path}: ${x.reason}`).join('; ')})` : ''}.`);
      }
      if (result.conversation) {
        const resolved = await providerConfig(this.keys);
        agent.dispose();
        this.agent = resolved
          ? await createChatAgent(resolved.config, resolved.model, this.hostServices(), result.conversation.file)
          : undefined;
        this.items = this.items.slice(0, index);
        this.sessionId = newSessionId();
        this.seq = 0;
        this.pushTranscript();
        this.post({ type: 'prefill', text: result.conversation.text });
        parts.push('The conversation is back to before that message; its text is in the input box.');
      }
      this.post({ type: 'notice', level: result.files?.failed.length ? 'error' : 'info', message: `Rewound. ${parts.join(' ')}` });
    } catch (err) {
      this.log.error(`Rewind failed: ${String(err)}`);
      this.post({ type: 'notice', level: 'error', message: `Rewind failed: ${String(err)}` });
    }
  }

  /** Settings files changed: the running agent takes the new rules at once. */
  reloadPermissions(): void {
    this.agent?.reloadPermissions();
  }

  private hostServices() {
    return { storageDir: this.storageDir, proposals: this.review, approver: this.approver, permissionMode: readPermissionMode(), log: this.log };
  }

  stop(): void {
    this.turn?.abort();
  }

  async send(text: string): Promise<void> {
    if (this.turn) {
      this.post({ type: 'notice', level: 'info', message: 'Tandem is still answering. Stop it first, or wait for the reply.' });
      return;
    }
    this.lastUserText = text;
    const resolved = await providerConfig(this.keys);
    if (!resolved) {
      await this.pushSetup(true);
      return;
    }
    if (!this.agent) {
      try {
        this.agent = await createChatAgent(resolved.config, resolved.model, this.hostServices());
        if (this.agent.pendingSettings.length) void askToApproveSettings(this.agent.pendingSettings, () => this.reloadPermissions());
      } catch (err) {
        this.emit({ type: 'error', id: `err-${Date.now()}`, message: `Could not start the agent: ${String(err)}` });
        return;
      }
    } else {
      this.agent.conversation.use(createProvider(resolved.config), resolved.model);
    }
    const agent = this.agent;
    const { conversation } = agent;
    const turn = new AbortController();
    this.turn = turn;
    const sessionId = this.sessionId;
    this.post({ type: 'busy', sessionId, busy: true });
    const mapper = new UiEventMapper(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath);
    try {
      for await (const ev of conversation.send(text, turn.signal)) {
        agent.record(ev);
        if (sessionId !== this.sessionId) break;
        for (const ui of mapper.map(ev)) this.emit(ui);
      }
    } catch (err) {
      this.log.error(`Chat turn failed: ${String(err)}`);
      this.emit({ type: 'error', id: `err-${Date.now()}`, message: `Unexpected error: ${String(err)}` });
    } finally {
      if (this.turn === turn) this.turn = undefined;
      this.post({ type: 'busy', sessionId, busy: false });
    }
  }

  private emit(event: UiEvent): void {
    this.items = applyEvent(this.items, event);
    this.seq += 1;
    this.post({ type: 'event', sessionId: this.sessionId, seq: this.seq, event });
  }

  private pushTranscript(): void {
    this.post({ type: 'transcript', sessionId: this.sessionId, seq: this.seq, items: this.items, busy: this.busy });
  }

  private async pushSetup(showSetup: boolean): Promise<void> {
    const state = await setupState(this.keys);
    this.post({ type: 'setup', state, showSetup: showSetup || !state.configured });
  }

  private post(message: HostToWebview): void {
    this.sink?.post(message);
  }

  dispose(): void {
    this.stop();
    this.agent?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

function newSessionId(): string {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Watches every settings file Tandem reads (user and workspace) and calls back on any change. */
function settingsWatcher(onChange: () => void): vscode.Disposable {
  const user = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(join(homedir(), '.tandem')), 'settings.json'));
  const project = vscode.workspace.createFileSystemWatcher('**/.tandem/settings{,.local}.json');
  const subs = [user, project].flatMap((w) => [w.onDidChange(onChange), w.onDidCreate(onChange), w.onDidDelete(onChange), w]);
  return vscode.Disposable.from(...subs);
}
