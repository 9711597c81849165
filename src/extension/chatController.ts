import * as vscode from 'vscode';
import type { RewindMode } from '../core/checkpoints/rewind';
import type { HostToWebview, UiEvent, WebviewToHost } from '../protocol/messages';
import { parseWebviewMessage } from '../protocol/messages';
import { ChatTranscript } from './chatTranscript';
import { listMemoryFiles } from './agentFactory';
import { ApiKeys, modelPickerChoices, readPermissionMode, saveSetup, setPermissionMode, setupState } from './config';
import { PanelApprover } from './approvals';
import { askToApproveSettings, settingsWatcher } from './permissionsView';
import type { EditorProposals } from './review/editorProposals';
import { effectivePermissionMode, onTrustGranted } from './host/trust';
import { insertAtCursor } from './editorInsert';
import { UiEventMapper } from './uiEvents';
import type { ImageAttachment } from '../protocol/messages';
import { attachmentsFor, MentionProvider } from './mentions';
import { SendQueue } from './sendQueue';
import { runSlashCommand } from './slashCommands';
import type { McpHost } from './mcp/mcpHost';
import { mcpMentionSource } from './mcp/resourceMentions';
import type { SlashHost } from './slashCommands';
import { listCustomCommands } from './customCommands';
import { McpPromptError } from '../core/mcp/mentions';
import type { CustomCommandList } from './customCommands';
import { collectPanelStatus, formatPanelStatus } from './statusReport';
import { t, webviewBundle } from './l10n';
import { SessionLog } from '../core/session/log';
import type { Conversation } from '../core/agent/conversation';
import type { AgentEvent } from '../core/agent/events';
import type { UsageView } from '../protocol/messages';
import type { ChatHost } from './chatHost';
import { transcriptOf } from './storedTranscript';
import { chooseModel } from './statusBar';
import { ChatUsage } from './chatUsage';
import { AgentSlot } from './chatAgentSlot';
import { nothingToRewind, rewindChat } from './chatRewind';
import { BackgroundPanel } from './backgroundPanel';
import type { ChatStatus } from './statusBar';

export type { ChatSink } from './chatTranscript';
import type { ChatSink } from './chatTranscript';

/**
 * One chat: its conversation with the model, the transcript derived from its events, and the
 * current turn. The webview is only a view of it: it can be hidden, destroyed and re-created
 * without losing anything.
 */
export class ChatController implements vscode.Disposable {
  /** What the user sees of this chat: its transcript and the view it is posted to. */
  private readonly view = new ChatTranscript(() => this.logFile, () => this.busy);
  /** This chat's agent: started on the first message, dropped when the conversation is replaced. */
  private readonly agents: AgentSlot;
  private turn: AbortController | undefined;
  /** What the user last sent, for Retry after an error. */
  private lastUserText: string | undefined;
  private lastUserImages: ImageAttachment[] = [];
  /** Messages sent while a turn runs: each goes at the next turn boundary, in order. */
  private readonly queue = new SendQueue(
    (text, images) => this.runTurn(text, images),
    (items) => this.post({ type: 'queue', items }),
  );
  private readonly mentions: MentionProvider;
  private readonly disposables: vscode.Disposable[] = [];
  /** Every transcript event as it happens (attention.ts watches for questions and reviews). */
  readonly onDidEmit = this.view.onDidEmit;
  private readonly turnEnded = new vscode.EventEmitter<{ durationMs: number; stopped: boolean }>();
  readonly onDidEndTurn = this.turnEnded.event;
  /** Token use and cost of this chat (the header and the status bar show it). */
  private readonly meter: ChatUsage;
  /** Something this chat shows changed (it posted to its view): the status bar listens. */
  readonly onDidChange = this.view.onDidChange;

  private readonly approver: PanelApprover;
  /** The list of this chat's running background commands (backgroundPanel.ts). */
  private readonly background = new BackgroundPanel(() => this.agents.agent?.background, (m) => this.post(m));

  constructor(
    private readonly keys: ApiKeys,
    private readonly log: vscode.LogOutputChannel,
    /** Where session logs and checkpoints go (the extension's global storage). */
    private readonly storageDir: string,
    /** Edit proposals: the agent's edits go there, their cards join the transcript. */
    private readonly review: EditorProposals,
    /** The registry this chat belongs to (session history, which chat shows an edit card); none for a lone chat. */
    private readonly host?: ChatHost<ChatController>,
    /** The window's MCP servers: their tools join this chat's requests. */
    private readonly mcp?: McpHost,
  ) {
    this.meter = new ChatUsage({
      keys,
      log,
      post: (m) => this.post(m),
      sessionId: () => this.view.sessionId,
      attached: () => this.view.attached,
      resumeFile: () => this.agents.pendingResume,
    });
    this.agents = new AgentSlot(keys, () => this.hostServices(), () => this.reloadPermissions());
    this.approver = new PanelApprover((req, settled) =>
      this.emit(
        settled
          ? { type: 'approval_settled', id: req.id, decision: settled }
          : { type: 'approval', id: req.id, toolName: req.toolName, summary: req.summary, reason: req.reason, suggestions: req.suggestions, ...(req.agent ? { agent: req.agent } : {}) },
      ),
    );
    this.disposables.push(
      review.onDidPostCard((event) => {
        if ((this.host?.cardOwner(event) ?? this) === this) this.emit(event);
      }),
      keys.onDidChange(() => {
        void this.pushSetup(false);
        this.meter.estimate();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tandem.permissionMode')) this.applyMode();
        if (e.affectsConfiguration('tandem')) void this.pushSetup(false);
        if (e.affectsConfiguration('tandem.model') || e.affectsConfiguration('tandem.provider')) this.meter.estimate();
      }),
      settingsWatcher(() => this.reloadPermissions()),
      onTrustGranted(() => {
        this.applyMode();
        void this.pushSetup(false);
      }),
    );
    this.applyMode();
    this.mentions = new MentionProvider(
      () => this.agents.agent?.lastTerminalCommand?.(),
      mcp && mcpMentionSource(() => mcp.manager?.servers() ?? []),
    );
    this.disposables.push(this.mentions);
  }

  /** The mode in force: the chosen one, or plan while the workspace is untrusted. */
  private applyMode(): void {
    const mode = effectivePermissionMode(readPermissionMode());
    this.review.autoApply = mode === 'acceptEdits';
    const permissions = this.agents.agent?.permissions;
    if (permissions) permissions.mode = mode;
  }

  get busy(): boolean {
    return this.turn !== undefined;
  }

  /** Attach (or detach, with undefined) the view that shows this chat. */
  attach(sink: ChatSink | undefined): void {
    this.view.attach(sink);
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
        this.post({ type: 'l10n', bundle: webviewBundle() });
        await this.pushSetup(false);
        this.view.push();
        this.meter.push();
        this.meter.estimate();
        this.view.replayInput();
        this.queue.push();
        this.background.push();
        return;
      case 'send':
        await this.send(msg.text, msg.images);
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
          this.post({ type: 'notice', level: 'error', message: t('Could not save the settings: {0}', String(err)) });
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
      case 'openLink':
        // Through VS Code, which asks before opening an untrusted domain; the message was checked.
        await vscode.env.openExternal(vscode.Uri.parse(msg.url, true));
        return;
      case 'insertAtCursor':
        await insertAtCursor(msg.text);
        return;
      case 'retry':
        if (this.lastUserText !== undefined) await this.send(this.lastUserText, this.lastUserImages);
        return;
      case 'setModel':
        try {
          await chooseModel(msg.model);
        } catch (err) {
          this.post({ type: 'notice', level: 'error', message: t('Could not change the model: {0}', String(err)) });
        }
        return;
      case 'listSessions':
      case 'resumeSession':
      case 'renameSession':
      case 'deleteSession':
      case 'forkSession':
        await this.host?.sessions.receive(this, msg);
        return;
      case 'focus':
        this.host?.focus(this);
        return;
      case 'mentionQuery':
        try {
          this.post({ type: 'mentionResults', query: msg.query, items: await this.mentions.query(msg.query) });
        } catch (err) {
          this.log.warn(`Mention search failed: ${String(err)}`);
          this.post({ type: 'mentionResults', query: msg.query, items: [] });
        }
        return;
      case 'slashCommand':
        await runSlashCommand(msg.name, msg.args, this.slashHost());
        return;
      case 'unqueue':
        this.queue.remove(msg.id);
        return;
      case 'listCommands':
        this.post({ type: 'commands', items: this.customCommands().items });
        return;
      case 'stopBackground':
        await this.background.stop(msg.id);
        return;
      case 'moveToBackground':
        if (!this.background.move(msg.toolUseId)) this.log.info(`Move to background: tool call ${msg.toolUseId} is not a running command.`);
        return;
    }
  }

  newChat(): void {
    this.clearQueue();
    this.stop();
    this.approver.denyAll('the user started a new chat');
    this.review.store.clearFinished();
    this.agents.clear();
    this.meter.reset();
    this.view.reset();
    this.meter.estimate();
  }

  /** Back to before one of the user's messages: the files, the conversation, or both. */
  async rewind(userMessageId: string, mode: RewindMode): Promise<void> {
    this.clearQueue();
    await this.stopAndWait();
    const agent = this.agents.agent;
    const index = this.view.items.findIndex((it) => it.kind === 'user' && it.id === userMessageId);
    if (!agent || index < 0) {
      this.post({ type: 'notice', level: 'error', message: nothingToRewind() });
      return;
    }
    try {
      const { level, message, conversation } = await rewindChat(agent, userMessageId, mode);
      if (conversation) {
        await this.agents.restart(conversation.file);
        // The token use and cost are those of the conversation that is left.
        this.meter.reset(SessionLog.read(conversation.file).events);
        this.view.reset(this.view.items.slice(0, index));
        this.meter.push();
        this.post({ type: 'prefill', text: conversation.text });
      }
      this.post({ type: 'notice', level, message });
    } catch (err) {
      this.log.error(`Rewind failed: ${String(err)}`);
      this.post({ type: 'notice', level: 'error', message: t('Rewind failed: {0}', String(err)) });
    }
  }

  /** Stops the running turn and waits (up to 5 s) until it has ended. */
  private async stopAndWait(): Promise<void> {
    this.stop();
    for (let i = 0; this.turn && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
  }

  /** Settings files changed: the running agent takes the new rules at once. */
  reloadPermissions(): void {
    // A repository file that changed what it would raise (a new hook, a broader rule) is asked about again.
    const pending = this.agents.agent?.reloadPermissions() ?? [];
    if (pending.length) void askToApproveSettings(pending, () => this.reloadPermissions());
  }

  /** idle, working, or waiting for the user: an approval question or an edit review of this chat is open. */
  get status(): ChatStatus {
    if (this.approver.pending.length > 0 || this.view.items.some((it) => it.kind === 'proposal' && it.status === 'pending')) return 'waiting';
    return this.busy ? 'working' : 'idle';
  }

  get usage(): UsageView | undefined {
    return this.meter.view();
  }

  /** The session log this chat writes, or the stored one it continues on its next message. */
  get logFile(): string | undefined {
    return this.agents.logFile;
  }

  /** Whether an edit card belongs to this chat: the tool call that proposed it, or the card, is in its transcript. */
  showsCard(event: UiEvent): boolean {
    const id = event.type === 'proposal' ? event.toolUseId : event.type === 'proposal_update' ? event.id : undefined;
    return id !== undefined && this.view.items.some((it) => it.id === id);
  }

  /** Shows a stored session (History → Resume, a fork) and continues it on the next message. */
  async openSession(file: string, prefill?: string): Promise<void> {
    this.clearQueue();
    await this.stopAndWait();
    const { events } = SessionLog.read(file);
    this.approver.denyAll('the user opened another session');
    this.agents.clear(file);
    this.meter.reset(events);
    this.lastUserText = undefined;
    this.view.reset(transcriptOf(events, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath));
    this.meter.push();
    this.meter.estimate();
    if (prefill !== undefined) this.post({ type: 'prefill', text: prefill });
  }

  /** Names the session through the live agent's log writer; false when no agent writes it now. */
  appendTitle(title: string): boolean {
    const agent = this.agents.agent;
    if (!agent?.logFile || !agent.setTitle) return false;
    agent.setTitle(title);
    return true;
  }

  /** For the session history: a notice or the session list in this chat's view. */
  postToView(message: HostToWebview): void {
    this.post(message);
  }

  private hostServices() {
    return { storageDir: this.storageDir, proposals: this.review, approver: this.approver, permissionMode: readPermissionMode(), log: this.log, mcp: this.mcp, onBackgroundChange: () => this.background.changed() };
  }

  stop(): void {
    this.turn?.abort();
  }

  /** Sends a message, or queues it while a turn runs; resolves when the queue behind it is drained. */
  send(text: string, images: ImageAttachment[] = []): Promise<void> {
    return this.queue.send(text, images);
  }

  /** Anything that replaces the conversation (new chat, rewind, another session) drops the queue, and says so. */
  private clearQueue(): void {
    const n = this.queue.clear();
    if (n > 0) this.post({ type: 'notice', level: 'info', message: n === 1 ? t('The queued message was not sent.') : t('{0} queued messages were not sent.', n) });
  }

  /** What the slash commands may do to this chat. */
  private slashHost(): SlashHost {
    const sessions = this.host?.sessions;
    return {
      newChat: () => this.newChat(),
      compact: (instructions) => this.compact(instructions),
      contextReport: () => this.meter.contextReport(this.agents.agent?.conversation.context.ledger.render()),
      send: (text) => this.send(text),
      notice: (level, message) => this.post({ type: 'notice', level, message }),
      usage: () => this.meter.view(),
      memoryFiles: () => this.agents.agent?.memoryFiles?.() ?? listMemoryFiles(),
      projectDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      customCommands: () => this.customCommands(),
      status: async () => formatPanelStatus(await collectPanelStatus(this.mcp, this.agents.agent?.memoryFiles), this.mcp),
      ...(sessions ? { sessions: { list: () => sessions.list(), resume: (sessionId: string) => sessions.receive(this, { type: 'resumeSession', sessionId }) } } : {}),
    };
  }

  /** The slash menu's custom entries, read now (a file added since shows at once). */
  private customCommands(): CustomCommandList {
    const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
    const list = listCustomCommands(roots, this.mcp?.manager);
    for (const w of list.warnings) this.log.debug(`Commands: ${w}`);
    return list;
  }

  private async runTurn(text: string, images: ImageAttachment[]): Promise<void> {
    this.lastUserText = text;
    this.lastUserImages = images;
    await this.run(async (conversation, signal) => {
      const extra = await attachmentsFor(this.mentions, text, images, (level, message) => this.post({ type: 'notice', level, message }));
      // Custom commands and skills (commandTurns.ts), then MCP: /mcp__server__prompt becomes the server's prompt, @server:uri attaches the resource.
      const mcpInput = await this.agents.agent?.prepareInput?.(text, signal);
      for (const p of mcpInput?.problems ?? []) this.post({ type: 'notice', level: 'error', message: p });
      // A custom command, skill or MCP prompt: the model gets its text, the transcript shows what was typed.
      const sent = mcpInput?.text ?? text;
      return conversation.send(sent, signal, [...extra, ...(mcpInput?.extra ?? [])], sent !== text ? { command: text } : {});
    });
  }

  /** /compact [instructions]: a summary of the conversation so far, run like a turn (Stop cancels it). */
  private async compact(instructions: string): Promise<void> {
    if (this.busy) {
      this.post({ type: 'notice', level: 'info', message: t('Tandem is working; run /compact when it has finished.') });
      return;
    }
    await this.run(async (conversation, signal) => conversation.compact(instructions || undefined, signal));
  }

  /** Runs the agent's events for one turn (or a compaction): logged, shown, counted. */
  private async run(start: (conversation: Conversation, signal: AbortSignal) => Promise<AsyncIterable<AgentEvent>>): Promise<void> {
    const ready = await this.agents.ready();
    if ('kind' in ready) {
      if (ready.kind === 'setup') await this.pushSetup(true);
      else this.emit({ type: 'error', id: `err-${Date.now()}`, message: ready.message });
      return;
    }
    if (ready.started) this.view.pushRestoreKey();
    const { agent, model } = ready;
    const { conversation } = agent;
    const turn = new AbortController();
    this.turn = turn;
    const startedAt = Date.now();
    const sessionId = this.view.sessionId;
    this.post({ type: 'busy', sessionId, busy: true });
    const mapper = new UiEventMapper(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, t);
    try {
      for await (const ev of await start(conversation, turn.signal)) {
        agent.record(ev);
        if (sessionId !== this.view.sessionId) break;
        for (const ui of mapper.map(ev)) this.emit(ui);
        if (ev.type === 'assistant_message') this.meter.count(model, ev.usage);
        // The meter follows the context in use: the last reply's count, or the estimate after a compaction.
        else if (ev.type === 'context') this.meter.setContext(ev.tokens, ev.window);
      }
    } catch (err) {
      this.log.error(`Chat turn failed: ${String(err)}`);
      // A slash line naming an MCP prompt that does not exist or lacks an argument says so plainly.
      this.emit({ type: 'error', id: `err-${Date.now()}`, message: err instanceof McpPromptError ? err.message : t('Unexpected error: {0}', String(err)) });
    } finally {
      if (this.turn === turn) this.turn = undefined;
      this.post({ type: 'busy', sessionId, busy: false });
      this.turnEnded.fire({ durationMs: Date.now() - startedAt, stopped: turn.signal.aborted });
    }
  }

  /** Focus the input, or put a mention at its cursor (editor commands); see ChatTranscript.toInput. */
  toInput(request: { type: 'focusInput' } | { type: 'insertMention'; text: string }): void {
    this.view.toInput(request);
  }

  private emit(event: UiEvent): void {
    this.view.emit(event);
  }

  private async pushSetup(showSetup: boolean): Promise<void> {
    const state = await setupState(this.keys);
    state.models = modelPickerChoices(state.model);
    this.post({ type: 'setup', state, showSetup: showSetup || !state.configured });
  }

  private post(message: HostToWebview): void {
    this.view.post(message);
  }

  dispose(): void {
    this.stop();
    this.agents.dispose();
    this.background.dispose();
    for (const d of this.disposables) d.dispose();
    this.view.dispose();
    this.turnEnded.dispose();
  }
}
