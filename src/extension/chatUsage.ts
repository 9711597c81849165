import * as vscode from 'vscode';
import type { SessionEvent } from '../core/session/events';
import type { Usage } from '../core/llm/types';
import { formatTokens } from '../protocol/messages';
import type { HostToWebview, UsageView } from '../protocol/messages';
import type { ApiKeys } from './config';
import { providerConfig } from './config';
import { t } from './l10n';
import { estimateOpening } from './openingEstimate';
import { UsageMeter } from './statusBar';

/** What a chat's usage meter needs from the chat it measures. */
export interface UsageTarget {
  readonly keys: ApiKeys;
  readonly log: vscode.LogOutputChannel;
  post(message: HostToWebview): void;
  /** The session the view shows now (the meter's figures are tagged with it). */
  sessionId(): string;
  /** Whether a view shows the chat: only then is an estimate worth its work. */
  attached(): boolean;
  /** The stored session the chat continues on its next message, if any (the estimate counts its history). */
  resumeFile(): string | undefined;
}

/**
 * The token use and cost of one chat, as the panel's header and the status bar show them: the
 * figures of the replies so far, or before the first reply an estimate of the first request.
 */
export class ChatUsage {
  private meter = new UsageMeter();

  constructor(private readonly chat: UsageTarget) {}

  /** A new conversation: a new chat (no events) or a stored one (the use its log recorded). */
  reset(events?: readonly SessionEvent[]): void {
    this.meter = events ? UsageMeter.fromEvents(events) : new UsageMeter();
  }

  /** A reply's usage, priced as the model that gave it. */
  count(model: string, usage: Usage): void {
    this.meter.add(model, usage);
    this.push();
  }

  /** The context in use: the last reply's count, or the estimate after a compaction. */
  setContext(tokens: number, window: number | undefined): void {
    this.meter.setContext(tokens, window);
    this.push();
  }

  /** Undefined until the first reply. */
  view(): UsageView | undefined {
    return this.meter.view();
  }

  push(): void {
    const usage = this.meter.shown();
    if (usage) this.chat.post({ type: 'usage', sessionId: this.chat.sessionId(), usage });
  }

  /** Before the first reply the meter shows an estimate of the first request (system prompt, tools, history). */
  estimate(): void {
    const meter = this.meter;
    // Only a chat on screen has a meter to show (a view that opens later asks again with 'ready').
    if (meter.counted || !this.chat.attached()) return;
    void (async () => {
      const resolved = await providerConfig(this.chat.keys);
      if (!resolved) return;
      const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
      const e = await estimateOpening({ config: resolved.config, model: resolved.model, roots, resumeFile: this.chat.resumeFile(), trusted: vscode.workspace.isTrusted });
      // A reply, a new chat or another session since: the estimate is out of date.
      if (this.meter !== meter || meter.counted) return;
      meter.setEstimate(e.tokens, e.window);
      this.push();
    })().catch((err) => this.chat.log.warn(`Could not estimate the context of the first request: ${String(err)}`));
  }

  /** /context: how full the context is, and the session memory that compaction keeps (its ledger, rendered). */
  contextReport(ledger: string | undefined): string {
    const u = this.meter.view();
    const size = !u ? t('No reply yet in this chat.') : u.contextWindow ? t('Context: {0} of {1} tokens.', formatTokens(u.contextTokens), formatTokens(u.contextWindow)) : t('Context: {0} tokens.', formatTokens(u.contextTokens));
    return ledger ? `${size}\n\n${ledger}` : size;
  }
}
