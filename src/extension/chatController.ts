import * as vscode from 'vscode';
import { rewind } from '../core/checkpoints/rewind';
import type { RewindMode } from '../core/checkpoints/rewind';
import { createProvider } from '../core/llm';
import type { HostToWebview, UiEvent, WebviewToHost } from '../protocol/messages';
import { parseWebviewMessage } from '../protocol/messages';
import { ChatTranscript } from './chatTranscript';
import { createChatAgent, listMemoryFiles } from './agentFactory';
import { askExternalImports } from './memoryCommand';
import type { ChatAgent } from './agentFactory';
import { ApiKeys, modelPickerChoices, providerConfig, readPermissionMode, saveSetup, setPermissionMode, setupState } from './config';
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
import { formatTokens } from '../protocol/messages';
import type { Usage } from '../core/llm/types';
import type { UsageView } from '../protocol/messages';
import type { ChatHost } from './chatHost';
import { transcriptOf } from './storedTranscript';
import { estimateOpening } from './openingEstimate';
import { chooseModel, UsageMeter } from './statusBar';
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
  private agent: ChatAgent | undefined;
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
  private meter = new UsageMeter();
  /** A stored session shown in this chat (History, a fork): the agent continues it on the next message. */
  private resumeFile: string | undefined;
  /** Something this chat shows changed (it posted to its view): the status bar listens. */
  readonly onDidChange = this.view.onDidChange;

  private readonly approver: PanelApprover;
  /** The list of this chat's running background commands (backgroundPanel.ts). */
  private readonly background = new BackgroundPanel(() => this.agent?.background, (m) => this.post(m));

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
        this.estimateUsage();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tandem.permissionMode')) this.applyMode();
        if (e.affectsConfiguration('tandem')) void this.pushSetup(false);
        if (e.affectsConfiguration('tandem.model') || e.affectsConfiguration('tandem.provider')) this.estimateUsage();
      }),
      settingsWatcher(() => this.reloadPermissions()),
      onTrustGranted(() => {
        this.applyMode();
        void this.pushSetup(false);
      }),
    );
    this.applyMode();
    this.mentions = new MentionProvider(
      () => this.agent?.lastTerminalCommand?.(),
      mcp && mcpMentionSource(() => mcp.manager?.servers() ?? []),
    );
    this.disposables.push(this.mentions);
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
        this.pushUsage();
        this.estimateUsage();
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
    this.agent?.dispose();
    this.agent = undefined;
    this.meter = new UsageMeter();
    this.resumeFile = undefined;
    this.view.reset();
    this.estimateUsage();
  }

  /** Back to before one of the user's messages: the files, the conversation, or both. */
  async rewind(userMessageId: string, mode: RewindMode): Promise<void> {
    this.clearQueue();
    this.stop();
    for (let i = 0; this.turn && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
    const agent = this.agent;
    const index = this.view.items.findIndex((it) => it.kind === 'user' && it.id === userMessageId);
    if (!agent?.logFile || !agent.store || index < 0) {
      this.post({ type: 'notice', level: 'error', message: t('There is nothing to rewind to: that message is not part of this chat.') });
      return;
    }
    try {
      await agent.settled();
      const result = await rewind({ logFile: agent.logFile, toUserMessageId: userMessageId, mode, store: agent.store });
      const parts: string[] = [];
      if (result.files) {
        const f = result.files;
        parts.push(
          f.failed.length
            ? t('Files: {0} restored, {1} removed, {2} could not be restored ({3}).', f.restored.length, f.deleted.length, f.failed.length, f.failed.map((x) => `${x.path}: ${x.reason}`).join('; '))
            : t('Files: {0} restored, {1} removed.', f.restored.length, f.deleted.length),
        );
      }
      if (result.conversation) {
        const resolved = await providerConfig(this.keys);
        agent.dispose();
        this.agent = resolved
          ? await createChatAgent(resolved.config, resolved.model, this.hostServices(), result.conversation.file)
          : undefined;
        // The token use and cost are those of the conversation that is left.
        this.meter = UsageMeter.fromEvents(SessionLog.read(result.conversation.file).events);
        this.view.reset(this.view.items.slice(0, index));
        this.pushUsage();
        this.post({ type: 'prefill', text: result.conversation.text });
        parts.push(t('The conversation is back to before that message; its text is in the input box.'));
      }
      this.post({ type: 'notice', level: result.files?.failed.length ? 'error' : 'info', message: t('Rewound. {0}', parts.join(' ')) });
    } catch (err) {
      this.log.error(`Rewind failed: ${String(err)}`);
      this.post({ type: 'notice', level: 'error', message: t('Rewind failed: {0}', String(err)) });
    }
  }

  /** Settings files changed: the running agent takes the new rules at once. */
  reloadPermissions(): void {
    // A repository file that changed what it would raise (a new hook, a broader rule) is asked about again.
    const pending = this.agent?.reloadPermissions() ?? [];
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
    return this.agent?.logFile ?? this.resumeFile;
  }

  /** Whether an edit card belongs to this chat: the tool call that proposed it, or the card, is in its transcript. */
  showsCard(event: UiEvent): boolean {
    const id = event.type === 'proposal' ? event.toolUseId : event.type === 'proposal_update' ? event.id : undefined;
    return id !== undefined && this.view.items.some((it) => it.id === id);
  }

  /** Shows a stored session (History → Resume, a fork) and continues it on the next message. */
  async openSession(file: string, prefill?: string): Promise<void> {
    this.clearQueue();
    this.stop();
    for (let i = 0; this.turn && i < 200; i++) await new Promise((r) => setTimeout(r, 25));
    const { events } = SessionLog.read(file);
    this.approver.denyAll('the user opened another session');
    this.agent?.dispose();
    this.agent = undefined;
    this.resumeFile = file;
    this.meter = UsageMeter.fromEvents(events);
    this.lastUserText = undefined;
    this.view.reset(transcriptOf(events, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath));
    this.pushUsage();
    this.estimateUsage();
    if (prefill !== undefined) this.post({ type: 'prefill', text: prefill });
  }

  /** Names the session through the live agent's log writer; false when no agent writes it now. */
  appendTitle(title: string): boolean {
    if (!this.agent?.logFile || !this.agent.setTitle) return false;
    this.agent.setTitle(title);
    return true;
  }

  /** For the session history: a notice or the session list in this chat's view. */
  postToView(message: HostToWebview): void {
    this.post(message);
  }

  private countUsage(model: string, usage: Usage): void {
    this.meter.add(model, usage);
    this.pushUsage();
  }

  private pushUsage(): void {
    const usage = this.meter.shown();
    if (usage) this.post({ type: 'usage', sessionId: this.view.sessionId, usage });
  }

  /** Before the first reply the meter shows an estimate of the first request (system prompt, tools, history). */
  private estimateUsage(): void {
    const meter = this.meter;
    // Only a chat on screen has a meter to show (a view that opens later asks again with 'ready').
    if (meter.counted || !this.view.attached) return;
    void (async () => {
      const resolved = await providerConfig(this.keys);
      if (!resolved) return;
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      const e = await estimateOpening({ config: resolved.config, model: resolved.model, roots, resumeFile: this.resumeFile, trusted: vscode.workspace.isTrusted });
      // A reply, a new chat or another session since: the estimate is out of date.
      if (this.meter !== meter || meter.counted) return;
      meter.setEstimate(e.tokens, e.window);
      this.pushUsage();
    })().catch((err) => this.log.warn(`Could not estimate the context of the first request: ${String(err)}`));
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
      contextReport: () => this.contextReport(),
      send: (text) => this.send(text),
      notice: (level, message) => this.post({ type: 'notice', level, message }),
      usage: () => this.meter.view(),
      memoryFiles: () => this.agent?.memoryFiles?.() ?? listMemoryFiles(),
      projectDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
      customCommands: () => this.customCommands(),
      status: async () => formatPanelStatus(await collectPanelStatus(this.mcp, this.agent?.memoryFiles), this.mcp),
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

  /** The agent for the next run (started, or switched to the chosen model); undefined when there is none. */
  private async readyAgent(): Promise<{ agent: ChatAgent; model: string } | undefined> {
    let resolved: Awaited<ReturnType<typeof providerConfig>>;
    try {
      resolved = await providerConfig(this.keys);
    } catch (err) {
      // A provider setting that cannot work (Vertex without a project, Azure without an endpoint): say which.
      this.emit({ type: 'error', id: `err-${Date.now()}`, message: t('Check the Tandem provider settings: {0}', (err as Error).message) });
      return undefined;
    }
    if (!resolved) {
      await this.pushSetup(true);
      return undefined;
    }
    if (!this.agent) {
      try {
        this.agent = await createChatAgent(resolved.config, resolved.model, this.hostServices(), this.resumeFile);
        this.resumeFile = undefined;
        this.view.pushRestoreKey();
        if (this.agent.pendingSettings.length) void askToApproveSettings(this.agent.pendingSettings, () => this.reloadPermissions());
        const projectDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
        // Claude Code's question, once per project: may memory files import from outside the workspace?
        if (projectDir) void this.agent.memoryFiles?.().then((files) => askExternalImports(projectDir, files.filter((f) => f.status === 'external'))).catch((err: unknown) => this.log.warn(`Memory files: ${String(err)}`));
      } catch (err) {
        this.emit({ type: 'error', id: `err-${Date.now()}`, message: t('Could not start the agent: {0}', String(err)) });
        return undefined;
      }
    } else {
      this.agent.conversation.use(createProvider(resolved.config), resolved.model);
    }
    return { agent: this.agent, model: resolved.model };
  }

  private async runTurn(text: string, images: ImageAttachment[]): Promise<void> {
    this.lastUserText = text;
    this.lastUserImages = images;
    await this.run(async (conversation, signal) => {
      const extra = await attachmentsFor(this.mentions, text, images, (level, message) => this.post({ type: 'notice', level, message }));
      // Custom commands and skills (commandTurns.ts), then MCP: /mcp__server__prompt becomes the server's prompt, @server:uri attaches the resource.
      const mcpInput = await this.agent?.prepareInput?.(text, signal);
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

  /** /context: how full the context is, and the session memory that compaction keeps. */
  private contextReport(): string {
    const u = this.meter.view();
    const size = !u ? t('No reply yet in this chat.') : u.contextWindow ? t('Context: {0} of {1} tokens.', formatTokens(u.contextTokens), formatTokens(u.contextWindow)) : t('Context: {0} tokens.', formatTokens(u.contextTokens));
    const ledger = this.agent?.conversation.context.ledger.render();
    return ledger ? `${size}\n\n${ledger}` : size;
  }

  /** Runs the agent's events for one turn (or a compaction): logged, shown, counted. */
  private async run(start: (conversation: Conversation, signal: AbortSignal) => Promise<AsyncIterable<AgentEvent>>): Promise<void> {
    const ready = await this.readyAgent();
    if (!ready) return;
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
        if (ev.type === 'assistant_message') this.countUsage(model, ev.usage);
        else if (ev.type === 'context') {
          // The meter follows the context in use: the last reply's count, or the estimate after a compaction.
          this.meter.setContext(ev.tokens, ev.window);
          this.pushUsage();
        }
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
    this.agent?.dispose();
    this.background.dispose();
    for (const d of this.disposables) d.dispose();
    this.view.dispose();
    this.turnEnded.dispose();
  }
}
