import * as vscode from 'vscode';
import { createProvider } from '../core/llm';
import type { HostToWebview, TranscriptItem, UiEvent, WebviewToHost } from '../protocol/messages';
import { parseWebviewMessage } from '../protocol/messages';
import { applyEvent } from '../protocol/transcript';
import { createChatAgent } from './agentFactory';
import type { ChatAgent } from './agentFactory';
import { ApiKeys, providerConfig, saveSetup, setupState } from './config';
import type { ProposalReview } from './review/editorProposals';
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
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly keys: ApiKeys,
    private readonly log: vscode.LogOutputChannel,
    /** Where session logs go (the extension's global storage). */
    private readonly storageDir: string,
    /** Edit proposals: their cards join the transcript, and the cards' buttons go back to it. */
    private readonly review?: ProposalReview,
  ) {
    if (review) this.disposables.push(review.onDidPostCard((event) => this.emit(event)));
    this.disposables.push(
      keys.onDidChange(() => void this.pushSetup(false)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('tandem')) void this.pushSetup(false);
      }),
    );
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
        await this.review?.receive(msg);
        return;
    }
  }

  newChat(): void {
    this.stop();
    this.sessionId = newSessionId();
    this.seq = 0;
    this.items = [];
    this.agent?.dispose();
    this.agent = undefined;
    this.pushTranscript();
  }

  stop(): void {
    this.turn?.abort();
  }

  async send(text: string): Promise<void> {
    if (this.turn) {
      this.post({ type: 'notice', level: 'info', message: 'Tandem is still answering. Stop it first, or wait for the reply.' });
      return;
    }
    const resolved = await providerConfig(this.keys);
    if (!resolved) {
      await this.pushSetup(true);
      return;
    }
    if (!this.agent) {
      try {
        this.agent = await createChatAgent(resolved.config, resolved.model, this.storageDir);
      } catch (err) {
        this.emit({ type: 'error', id: `err-${Date.now()}`, message: `Could not start the agent: ${String(err)}` });
        return;
      }
    } else {
      this.agent.conversation.use(createProvider(resolved.config), resolved.model);
    }
    const { conversation, recorder } = this.agent;
    const turn = new AbortController();
    this.turn = turn;
    const sessionId = this.sessionId;
    this.post({ type: 'busy', sessionId, busy: true });
    const mapper = new UiEventMapper();
    try {
      for await (const ev of conversation.send(text, turn.signal)) {
        recorder?.record(ev);
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
