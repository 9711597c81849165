// What the chat's controls show about it: token use and cost (UsageMeter), the models the header
// offers, and the status bar item that says whether Tandem is idle, working or waiting for the user.
import * as vscode from 'vscode';
import { costUsd, modelInfo } from '../core/llm/models';
import type { Usage } from '../core/llm/types';
import type { SessionEvent } from '../core/session/events';
import { formatUsage, MODEL_ID_PATTERN } from '../protocol/messages';
import type { UsageView } from '../protocol/messages';
import { t } from './l10n';

/** idle: nothing runs; working: a turn runs; waiting: an approval question or an edit review is open. */
export type ChatStatus = 'idle' | 'working' | 'waiting';

/**
 * Sums one chat's token use. The context figure is the last request's whole input (fresh, cache
 * read and cache write): that is what the next request starts from. Cost adds up every request's
 * price; once a model without known prices was used, the cost is unknown and only tokens show.
 */
export class UsageMeter {
  private contextTokens = 0;
  private contextWindow: number | undefined;
  private outputTokens = 0;
  private cost: number | undefined = 0;
  private requests = 0;
  /** Before the first reply: the estimated size of the first request (see openingEstimate.ts). */
  private estimate: { tokens: number; window?: number } | undefined;

  add(model: string, usage: Usage): void {
    const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    // A reply that was stopped is logged with zero usage: it says nothing about the context.
    if (input === 0 && usage.outputTokens === 0) return;
    this.requests += 1;
    this.contextTokens = input;
    this.contextWindow = modelInfo(model)?.contextWindow ?? this.contextWindow;
    this.outputTokens += usage.outputTokens;
    const price = costUsd(model, usage);
    this.cost = price === undefined || this.cost === undefined ? undefined : this.cost + price;
  }

  /** The context now (after a reply or a compaction) and the window in force (settings override, learned, or the table). */
  setContext(tokens: number, window: number | undefined): void {
    this.contextTokens = tokens;
    if (window !== undefined) this.contextWindow = window;
    if (this.requests === 0) this.requests = 1;
  }

  /** Before the first reply: what the first request is estimated to occupy, and the window in force. */
  setEstimate(tokens: number, window: number | undefined): void {
    this.estimate = { tokens, window };
  }

  /** True once a reply (or a compaction) gave a figure: an estimate no longer applies. */
  get counted(): boolean {
    return this.requests > 0;
  }

  /** What the panel's meter shows: the figures, or before the first reply the estimate, marked as one. */
  shown(): UsageView | undefined {
    const view = this.view();
    if (view || !this.estimate) return view;
    const { tokens, window } = this.estimate;
    return { contextTokens: tokens, outputTokens: 0, estimated: true, ...(window !== undefined ? { contextWindow: window } : {}) };
  }

  /** Undefined until the first reply. */
  view(): UsageView | undefined {
    if (this.requests === 0) return undefined;
    return {
      contextTokens: this.contextTokens,
      outputTokens: this.outputTokens,
      ...(this.contextWindow !== undefined ? { contextWindow: this.contextWindow } : {}),
      ...(this.cost !== undefined ? { costUsd: this.cost } : {}),
    };
  }

  /** The use recorded in a session log (a resumed session), priced as the model it started with. */
  static fromEvents(events: readonly SessionEvent[]): UsageMeter {
    const meter = new UsageMeter();
    let model = '';
    for (const e of events) {
      if (e.type === 'session_start') model = e.model;
      else if (e.type === 'assistant_message') meter.add(model, e.usage);
      else if ((e.type === 'compaction' && e.tokensAfter !== undefined) || e.type === 'context_cleared') meter.setContext(e.tokensAfter!, undefined);
    }
    return meter;
  }
}

/**
 * The header's model picker chose a model: it becomes the tandem.model setting where the user keeps
 * it (the workspace's settings when they set it there, else the user's), and the next request uses it.
 */
export async function chooseModel(model: string): Promise<void> {
  if (!MODEL_ID_PATTERN.test(model)) throw new Error(t('"{0}" is not a model id.', model.slice(0, 80)));
  const c = vscode.workspace.getConfiguration('tandem');
  const target = c.inspect<string>('model')?.workspaceValue !== undefined ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await c.update('model', model, target);
}

/** What the status bar item shows: one chat's status and use; its click brings that chat up. */
export interface StatusSource {
  readonly onDidChange: vscode.Event<void>;
  /** The chat the item is about: one that waits for the user, else the focused one. */
  attention(): { status: ChatStatus; usage: UsageView | undefined };
}

const STATUS_TEXT: Record<ChatStatus, () => string> = {
  idle: () => t('idle'),
  working: () => t('working…'),
  waiting: () => t('waiting for approval'),
};

/** The status bar text for a chat, e.g. "$(comment-discussion) Tandem: working… · 12.3k / 200k tokens · $0.04". */
export function statusText(status: ChatStatus, usage: UsageView | undefined): string {
  const base = `$(comment-discussion) ${t('Tandem: {0}', STATUS_TEXT[status]())}`;
  return usage ? `${base} · ${formatUsage(usage)}` : base;
}

export class ChatStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tandem.status', vscode.StatusBarAlignment.Right, 100);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: StatusSource) {
    this.item.name = 'Tandem';
    this.item.command = { command: 'tandem.focusChat', title: t('Show the Tandem chat') };
    this.subscription = source.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  /** What the item says now (tests read it; the API has no getter on the real item). */
  get text(): string {
    return this.item.text;
  }

  private update(): void {
    const { status, usage } = this.source.attention();
    const text = statusText(status, usage);
    // Called on every streamed delta: touch the item only when something it shows changed.
    if (text === this.item.text) return;
    this.item.text = text;
    this.item.tooltip = status === 'waiting' ? t('Tandem is waiting for your answer. Click to show the chat.') : t('Click to show the Tandem chat.');
    this.item.backgroundColor = status === 'waiting' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
