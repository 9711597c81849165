// What the model sees of a long session. Holds the compaction state of one conversation (the stubs
// in force, the part replaced by ledger + notes) and runs the five methods, cheapest and most
// faithful first: collapse and micro-compaction in one batch, then a summary by the model, then
// dropping the oldest turns. The history itself is never changed (the session log keeps it all);
// each compaction is announced as a `compaction` event, which the session log records and replay
// uses to rebuild the same view on resume.
import type { AgentEvent, CompactionMethod, CompactionTrigger } from '../agent/events';
import { toProviderError } from '../llm/errors';
import type { Message, Provider, ToolSpec, Usage } from '../llm/types';
import { ContextAccount, estimateMessages, estimateRequest, windowFromError } from './accounting';
import type { CompactionConfig } from './config';
import { autoCompactThreshold } from './config';
import { collapseSuperseded } from './collapse';
import { Ledger } from './ledger';
import { microCompact } from './micro';
import type { Stub } from './micro';
import { summarize, summaryRequest } from './summary';
import { applyStubs, compactedPrefix, mergeRoles } from './view';

/** The seam for PreCompact / PostCompact hooks (src/core/hooks wires them). */
export interface CompactionHooks {
  /** Before a summary; `block` skips it (an overflow then drops the oldest turns instead). */
  before?(info: { trigger: 'auto' | 'manual'; customInstructions?: string }): Promise<{ block?: boolean; reason?: string } | void>;
  after?(info: { trigger: CompactionTrigger; method: CompactionMethod; summary: string; tokensBefore: number; tokensAfter: number }): Promise<void> | void;
}

export interface ContextManagerOptions {
  provider: () => Provider;
  model: () => string;
  system: string;
  tools: () => ToolSpec[] | undefined;
  maxTokens: number;
  config: CompactionConfig;
  ledger?: Ledger;
  /** The content hash Tandem holds for a file (the ledger shows it). */
  hashOf?: (path: string) => string | undefined;
  hooks?: CompactionHooks;
}

/** At most this many compactions for one model request; then the user gets a clear message. */
export const MAX_COMPACTIONS_PER_REQUEST = 3;

type CompactionEvent = Extract<AgentEvent, { type: 'compaction' }>;

export class ContextManager {
  readonly account: ContextAccount;
  readonly ledger: Ledger;
  private readonly stubs = new Map<string, string>();
  /** history[0, through) is replaced by prefix (ledger + notes). */
  private base: { through: number; prefix: Message[]; notes: string } | undefined;
  private lastRaw = 0;
  private tried = new Set<string>();

  constructor(private readonly opts: ContextManagerOptions) {
    this.account = new ContextAccount(opts.model(), opts.config.contextWindow);
    this.ledger = opts.ledger ?? new Ledger();
  }

  /** The messages to send for this history. */
  view(history: readonly Message[]): Message[] {
    const rest = this.base ? history.slice(this.base.through) : history;
    const messages = this.base ? mergeRoles([...this.base.prefix, ...rest]) : [...rest];
    const window = this.account.window;
    return applyStubs(messages, this.stubs, window ? Math.floor(window / 2) : undefined);
  }

  private raw(history: readonly Message[]): number {
    return estimateRequest(this.opts.system, this.opts.tools(), this.view(history));
  }

  /** Scaled estimate of what the next request would occupy. */
  estimate(history: readonly Message[]): number {
    return this.account.estimate(this.raw(history));
  }

  /** Call right before sending: remembers the raw estimate, so the reply's usage calibrates it. */
  sending(history: readonly Message[]): Message[] {
    this.account.setModel(this.opts.model());
    const v = this.view(history);
    this.lastRaw = estimateRequest(this.opts.system, this.opts.tools(), v);
    if (this.account.estimated) this.account.setEstimate(this.account.estimate(this.lastRaw));
    return v;
  }

  /** After a reply: the provider's count is the context in use. */
  observe(usage: Usage): AgentEvent {
    this.account.observe(usage, this.lastRaw);
    return this.contextEvent();
  }

  contextEvent(): AgentEvent {
    const w = this.account.window;
    return { type: 'context', tokens: this.account.tokens, ...(w ? { window: w } : {}), estimated: this.account.estimated };
  }

  /** Automatic compaction before a request, when the context has reached the threshold. */
  async *beforeRequest(history: readonly Message[], signal: AbortSignal): AsyncGenerator<AgentEvent> {
    this.tried = new Set();
    const { config } = this.opts;
    const window = this.account.window;
    if (!config.enabled || !config.auto || !window) return;
    const threshold = autoCompactThreshold(window, this.opts.maxTokens, config.pctOverride);
    if (this.estimate(history) < threshold) return;
    yield* this.batch(history, 'auto', false, Math.floor(threshold / 2));
    if (this.estimate(history) <= threshold * 0.75) return;
    if (yield* this.summary(history, 'auto', [], signal)) {
      if (this.estimate(history) < threshold) return;
    }
    yield* this.truncate(history, 'auto');
  }

  /**
   * The provider answered prompt-too-long: one more compaction, the cheapest not yet tried for this
   * request that frees something. Returns false when nothing is left to try.
   */
  async *onTooLong(history: readonly Message[], message: string, signal: AbortSignal): AsyncGenerator<AgentEvent, boolean> {
    if (!this.opts.config.enabled) return false;
    const before = this.estimate(history);
    this.account.learnWindow(windowFromError(message) ?? (this.account.window ? undefined : Math.floor(before * 0.9)));
    for (const stage of ['batch', 'summary', 'truncate'] as const) {
      if (this.tried.has(stage)) continue;
      this.tried.add(stage);
      const done =
        stage === 'batch' ? yield* this.batch(history, 'overflow', true, 0) : stage === 'summary' ? yield* this.summary(history, 'overflow', [], signal) : yield* this.truncate(history, 'overflow');
      if (done) return true;
    }
    return false;
  }

  /** /compact [instructions]: a summary of everything so far. */
  async *compact(history: readonly Message[], instructions: string | undefined, signal: AbortSignal): AsyncGenerator<AgentEvent, boolean> {
    if (!this.opts.config.enabled) {
      yield { type: 'error', kind: 'compaction', message: 'Compaction is turned off (DISABLE_COMPACT is set).' };
      return false;
    }
    if (history.length === 0) {
      yield { type: 'error', kind: 'compaction', message: 'There is nothing to compact yet.' };
      return false;
    }
    return yield* this.summary(history, 'manual', instructions ? [instructions] : [], signal);
  }

  /**
   * Collapse, then micro-compaction: new stubs in one batch, down to `lowWater` when it can (keeping
   * the last 3 steps' results, else 2, else 1), so batches are rare and the cached prefix between
   * them stays the same.
   */
  private async *batch(history: readonly Message[], trigger: CompactionTrigger, aggressive: boolean, lowWater: number): AsyncGenerator<AgentEvent, boolean> {
    const { config } = this.opts;
    const visible = this.base ? history.slice(this.base.through) : history;
    const window = this.account.window ?? 0;
    let any = false;
    const run = function* (this: ContextManager, method: 'collapse' | 'micro', stubs: Stub[]): Generator<AgentEvent> {
      if (stubs.length === 0) return;
      const before = this.estimate(history);
      for (const s of stubs) this.stubs.set(s.toolUseId, s.text);
      const after = this.estimate(history);
      any = true;
      const what = method === 'micro' ? `${stubs.length} old tool result${stubs.length === 1 ? '' : 's'} cleared` : `${stubs.length} superseded tool call${stubs.length === 1 ? '' : 's'} collapsed`;
      yield this.event({ method, trigger, tokensBefore: before, tokensAfter: after, cleared: what, stubs: stubs.map(({ toolUseId, text }) => ({ toolUseId, text })) });
    };
    if (config.collapse !== false) yield* run.call(this, 'collapse', collapseSuperseded(visible, this.stubs));
    if (config.micro !== false) {
      let stubs: Stub[] = [];
      for (const keepSteps of aggressive ? [1] : [3, 2, 1]) {
        stubs = microCompact(visible, this.stubs, { keepSteps, largeTokens: window ? Math.floor(window / 10) : undefined });
        if (this.estimateWith(history, stubs) <= lowWater) break;
      }
      yield* run.call(this, 'micro', stubs);
    }
    return any;
  }

  private estimateWith(history: readonly Message[], stubs: Stub[]): number {
    const added = stubs.filter((s) => !this.stubs.has(s.toolUseId));
    for (const s of added) this.stubs.set(s.toolUseId, s.text);
    const n = this.estimate(history);
    for (const s of added) this.stubs.delete(s.toolUseId);
    return n;
  }

  /** Where the kept tail may start: an assistant message, or a user message that holds no tool results. */
  private tailStart(history: readonly Message[], budget: number, minimal: boolean): number {
    const from = this.base?.through ?? 0;
    const starts: number[] = [];
    for (let i = from; i < history.length; i++) {
      const m = history[i];
      if (m.role === 'assistant' || !m.content.some((b) => b.type === 'tool_result')) starts.push(i);
    }
    if (history.length && history[history.length - 1].role === 'assistant') starts.push(history.length);
    if (starts.length === 0) return history.length;
    if (minimal) return starts[starts.length - 1];
    for (const s of starts) {
      if (s > from && estimateMessages(applyStubs(history.slice(s), this.stubs)) <= budget) return s;
    }
    return starts[starts.length - 1];
  }

  private async *summary(history: readonly Message[], trigger: CompactionTrigger, instructions: string[], signal: AbortSignal): AsyncGenerator<AgentEvent, boolean> {
    const window = this.account.window ?? 100_000;
    const manual = trigger === 'manual';
    const through = manual ? this.tailStart(history, 0, true) : this.tailStart(history, Math.floor(window / 4), false);
    if (through <= (this.base?.through ?? 0)) return false;
    const custom = [...(this.opts.config.instructions ? [this.opts.config.instructions] : []), ...instructions];
    const hook = await this.opts.hooks?.before?.({ trigger: manual ? 'manual' : 'auto', customInstructions: custom.join('\n') || undefined });
    if (hook && hook.block) {
      yield { type: 'error', kind: 'compaction', message: `A PreCompact hook blocked the summary${hook.reason ? `: ${hook.reason}` : ''}.` };
      return false;
    }
    const older = applyStubs([...(this.base?.prefix ?? []), ...history.slice(this.base?.through ?? 0, through)], this.stubs);
    const before = this.estimate(history);
    let notes: string | undefined;
    let failure = '';
    for (const budget of [Math.min(Math.floor(window / 2), 60_000), Math.floor(window / 6)]) {
      try {
        notes = await summarize(this.opts.provider(), this.opts.model(), summaryRequest(older, budget, custom), Math.min(8_192, Math.floor(window / 8)), signal);
        break;
      } catch (err) {
        const e = toProviderError(err, this.opts.provider().id, signal);
        if (e.kind === 'aborted') throw e;
        failure = e.message;
        if (e.kind !== 'prompt_too_long') break;
      }
    }
    if (notes === undefined) {
      yield { type: 'error', kind: 'compaction', message: `The summary for compaction failed (${failure}); ${manual ? 'nothing was compacted' : 'the oldest turns are dropped instead'}.` };
      return false;
    }
    const count = through - (this.base?.through ?? 0);
    this.replace(through, notes);
    const after = this.estimate(history);
    yield this.event({ method: 'summary', trigger, tokensBefore: before, tokensAfter: after, cleared: `${count} earlier message${count === 1 ? '' : 's'} summarised`, summary: notes }, history);
    await this.opts.hooks?.after?.({ trigger, method: 'summary', summary: notes, tokensBefore: before, tokensAfter: after });
    return true;
  }

  /** Drops the oldest turns without asking the model: the ledger and any earlier notes stay. */
  private async *truncate(history: readonly Message[], trigger: CompactionTrigger): AsyncGenerator<AgentEvent, boolean> {
    const through = this.tailStart(history, 0, true);
    if (through <= (this.base?.through ?? 0)) return false;
    const before = this.estimate(history);
    const dropped = through - (this.base?.through ?? 0);
    const earlier = this.base ? `\n\nMy earlier notes:\n${this.base.notes.slice(0, 8_000)}` : '';
    const notes = `${dropped} earlier message${dropped === 1 ? ' was' : 's were'} dropped to fit the context window, without a summary. The session memory lists the user's messages, the files and the todo list; tool results from that part are gone: call the tools again if needed.${earlier}`;
    this.replace(through, notes);
    const after = this.estimate(history);
    yield this.event({ method: 'truncate', trigger, tokensBefore: before, tokensAfter: after, cleared: `${dropped} oldest messages dropped`, summary: notes }, history);
    return true;
  }

  private replace(through: number, notes: string): void {
    const ledger = this.ledger.render(this.opts.hashOf);
    this.base = { through, prefix: compactedPrefix(ledger, notes), notes };
  }

  private event(e: Omit<CompactionEvent, 'type' | 'window'>, history?: readonly Message[]): AgentEvent {
    this.account.setEstimate(e.tokensAfter);
    const w = this.account.window;
    const base = this.base;
    return {
      type: 'compaction',
      ...e,
      ...(w ? { window: w } : {}),
      // A summary or truncation carries what replay needs to rebuild this view: the ledger and the kept tail.
      ...(history && base ? { ledger: (base.prefix[0].content[0] as { text: string }).text, kept: history.slice(base.through) } : {}),
    };
  }
}
