// What one chat shows: the transcript derived from its events, numbered for its view, and the view
// it is posted to (which may come and go: hidden views are torn down and rebuilt from `push`).
// ChatController owns the conversation; this owns what the user sees of it.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { HostToWebview, TranscriptItem, UiEvent } from '../protocol/messages';
import { applyEvent } from '../protocol/transcript';
import { DeltaCoalescer } from './deltaCoalescer';

export interface ChatSink {
  post(message: HostToWebview): void;
}

type InputRequest = { type: 'focusInput' } | { type: 'insertMention'; text: string };

export class ChatTranscript implements vscode.Disposable {
  /** Changes with every new transcript (new chat, another session, a rewind): late events of the old one are dropped. */
  sessionId = newSessionId();
  private seq = 0;
  private shown: TranscriptItem[] = [];
  private sink: ChatSink | undefined;
  private readonly emitted = new vscode.EventEmitter<UiEvent>();
  /** Every transcript event as it happens (attention.ts watches for questions and reviews). */
  readonly onDidEmit = this.emitted.event;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Something this chat shows changed (it posted to its view): the status bar listens. */
  readonly onDidChange = this.changed.event;
  private readonly deltas = new DeltaCoalescer<string>((event, sessionId) => {
    if (sessionId === this.sessionId) this.emitNow(event);
  });
  /** Input actions from editor commands, replayed when a (re)loading view says it is ready. */
  private pendingInput: { message: Extract<HostToWebview, { type: 'focusInput' | 'insertMention' }>; at: number }[] = [];
  private inputSeq = 0;

  constructor(
    /** The stored session the view should reopen after a window reload (its log file), if any. */
    private readonly logFile: () => string | undefined,
    private readonly busy: () => boolean,
  ) {}

  get items(): readonly TranscriptItem[] {
    return this.shown;
  }

  /** Whether a view shows this chat now. */
  get attached(): boolean {
    return this.sink !== undefined;
  }

  /** Attach (or detach, with undefined) the view that shows this chat. */
  attach(sink: ChatSink | undefined): void {
    this.sink = sink;
  }

  post(message: HostToWebview): void {
    this.sink?.post(message);
    this.changed.fire();
  }

  /** Deltas are joined per frame (DeltaCoalescer); one of a chat's earlier session is dropped. */
  emit(event: UiEvent): void {
    this.deltas.push(event, this.sessionId);
  }

  /** A new transcript (new chat, another session, a rewind), shown at once. */
  reset(items: TranscriptItem[] = []): void {
    this.sessionId = newSessionId();
    this.seq = 0;
    this.shown = items;
    this.push();
  }

  /** The whole transcript, for a view that (re)loads. */
  push(): void {
    this.post({ type: 'transcript', sessionId: this.sessionId, seq: this.seq, items: this.shown, busy: this.busy() });
    this.pushRestoreKey();
  }

  /**
   * The view remembers which stored session it shows, so a window reload can reopen it: sent with
   * every transcript, and when a new agent starts writing the log.
   */
  pushRestoreKey(): void {
    const file = this.logFile();
    this.post({ type: 'restoreKey', sessionId: file ? basename(file, '.jsonl') : null });
  }

  /**
   * Focus the input, or put a mention at its cursor (editor commands). The view may be loading
   * (hidden views are torn down), so the request is also replayed on its 'ready' for a few seconds;
   * the id lets the view act on it once.
   */
  toInput(request: InputRequest): void {
    const message = { ...request, id: ++this.inputSeq };
    this.pendingInput.push({ message, at: Date.now() });
    this.post(message);
  }

  replayInput(): void {
    const fresh = this.pendingInput.filter((p) => Date.now() - p.at < 5_000);
    this.pendingInput = [];
    for (const p of fresh) this.post(p.message);
  }

  private emitNow(event: UiEvent): void {
    this.shown = applyEvent(this.shown, event);
    this.seq += 1;
    this.post({ type: 'event', sessionId: this.sessionId, seq: this.seq, event });
    this.emitted.fire(event);
  }

  dispose(): void {
    this.deltas.dispose();
    this.emitted.dispose();
    this.changed.dispose();
  }
}

function newSessionId(): string {
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
