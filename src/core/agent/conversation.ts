// The agent loop (ARCHITECTURE.md, "The loop"): build the request, stream the reply (retrying in one
// place), run the tool calls it asks for, append the results, repeat, until a reply has no tool
// calls, the turn limit, a user abort, repeated failure or an unrecoverable error.
import { toProviderError } from '../llm/errors';
import { describeRetry, streamWithRetry } from '../llm/retry';
import type { RetryPolicy } from '../llm/retry';
import type { ContentBlock, Message, Provider, ToolSpec, Usage } from '../llm/types';
import { emptyUsage } from '../llm/types';
import type { Approver } from '../ports';
import type { PermissionPolicy } from '../permissions/policy';
import type { Tool, ToolContext } from '../tools/types';
import { sanitizeForModel } from '../security/unicode';
import { toolSpec } from '../tools/spec';
import type { CompactionConfig } from '../context/config';
import { DEFAULT_COMPACTION } from '../context/config';
import type { Ledger } from '../context/ledger';
import { ContextManager, MAX_COMPACTIONS_PER_REQUEST } from '../context/manager';
import type { CompactionHooks } from '../context/manager';
import { compactionHooksFrom } from '../context/hooks';
import type { AgentEvent, TurnStatus } from './events';
import { runToolCalls } from './runTools';
import type { ToolUse } from './runTools';
import type { HookSeam } from '../hooks/hooks';
import { promptHooks, sessionStartHooks, stopHooks } from './loopHooks';

export interface ConversationOptions {
  provider: Provider;
  model: string;
  system: string;
  maxTokens?: number;
  newId?: () => string;
  tools?: Tool[];
  /**
   * Tools that come and go during the conversation (MCP servers connecting, tools loaded by the
   * tool search): asked before every request, so a slow server never holds up the first one.
   */
  dynamicTools?: () => Tool[];
  /** Required when tools are given: what the tools run against. */
  toolContext?: Omit<ToolContext, 'signal' | 'toolUseId' | 'onProgress'>;
  permissions?: PermissionPolicy;
  approver?: Approver;
  /** Model requests per user message; default 50. */
  maxTurns?: number;
  retry?: RetryPolicy;
  maxParallelTools?: number;
  /** The same failing call this many times stops the turn; default 3. */
  maxRepeatedFailures?: number;
  /** Earlier messages (resume). */
  history?: Message[];
  /** Context compaction (src/core/context): settings, the ledger of a resumed session, the hooks' seam. */
  compaction?: CompactionConfig;
  ledger?: Ledger;
  compactionHooks?: CompactionHooks;
  /** Hooks at the loop's named points (hooks/hooks.ts); also the seam compaction and sub-agents call. */
  hooks?: HookSeam;
  /** SessionStart's source for the first message: startup (default) or resume. */
  sessionStartSource?: 'startup' | 'resume' | 'clear';
}

let counter = 0;
const defaultId = (): string => `m${Date.now().toString(36)}${(counter++).toString(36)}`;

function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
    cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
  };
}

export class Conversation {
  private readonly history: Message[];
  private readonly newId: () => string;
  private readonly tools: Map<string, Tool>;
  private toolSpecs: ToolSpec[] | undefined;
  /** What the model sees of the history: accounting and compaction. */
  readonly context: ContextManager;
  private prepared = false;

  constructor(private readonly opts: ConversationOptions) {
    this.newId = opts.newId ?? defaultId;
    this.history = [...(opts.history ?? [])];
    this.tools = new Map((opts.tools ?? []).map((t) => [t.name, t]));
    // Schemas do not change within a conversation: build them once, not on every request.
    this.toolSpecs = this.tools.size ? [...this.tools.values()].map(toolSpec) : undefined;
    if ((this.tools.size || opts.dynamicTools) && !opts.toolContext) throw new Error('Conversation: tools need a toolContext');
    this.context = new ContextManager({
      provider: () => this.opts.provider,
      model: () => this.opts.model,
      system: opts.system,
      tools: () => this.requestTools(),
      maxTokens: opts.maxTokens ?? 8192,
      config: opts.compaction ?? DEFAULT_COMPACTION,
      ledger: opts.ledger,
      hashOf: (p) => opts.toolContext?.session.readFiles.get(p)?.hash,
      hooks: opts.compactionHooks ?? (opts.hooks ? compactionHooksFrom(opts.hooks) : undefined),
    });
  }

  /** A tool added between turns (the SDK's agent.defineTool): offered from the next request on. */
  addTool(tool: Tool): void {
    if (!this.opts.toolContext) throw new Error('Conversation: tools need a toolContext');
    this.tools.set(tool.name, tool);
    this.toolSpecs = [...this.tools.values()].map(toolSpec);
  }

  /** Switch provider or model between turns (settings changed); the history carries over. */
  use(provider: Provider, model: string): void {
    this.opts.provider = provider;
    this.opts.model = model;
  }

  /** The provider and model the next request goes to (a command's model switches them for one turn). */
  get current(): { provider: Provider; model: string } {
    return { provider: this.opts.provider, model: this.opts.model };
  }

  /** The conversation as the model sees it (compacted); the session log keeps the whole history. */
  get messages(): readonly Message[] {
    return this.context.view(this.history);
  }

  /** /compact [instructions]: summarises the conversation so far (announced as a compaction event). */
  async *compact(instructions: string | undefined, signal: AbortSignal): AsyncGenerator<AgentEvent> {
    if (yield* this.context.compact(this.history, instructions, signal)) yield this.context.contextEvent();
  }

  /** The hooks seam (PreCompact, PostCompact, SessionStart "compact", SubagentStop are fired by their features through it). */
  get hooks(): HookSeam | undefined {
    return this.opts.hooks;
  }

  private sessionStarted = false;

  private addUser(content: ContentBlock[]): void {
    const last = this.history[this.history.length - 1];
    // After a stopped or failed reply the last message may still be the user's: add to it rather
    // than sending two user messages in a row.
    if (last?.role === 'user') last.content.push(...content);
    else this.history.push({ role: 'user', content });
  }

  /**
   * extra: more content for the model after the user's text (context the host resolved from
   * mentions, attached images). The user_message event carries it too, so the session log can
   * rebuild the same request on resume. options.command: what the user typed when a slash command
   * became `text` (the transcript shows it; the model gets `text`).
   */
  async *send(text: string, signal: AbortSignal, extra: ContentBlock[] = [], options: { command?: string } = {}): AsyncGenerator<AgentEvent> {
    // The ledger (session memory) follows every event; it is what compaction re-renders.
    for await (const ev of this.run(text, signal, extra, options.command)) {
      this.context.ledger.observe(ev);
      yield ev;
    }
  }

  private async *run(text: string, signal: AbortSignal, extra: ContentBlock[], command?: string): AsyncGenerator<AgentEvent> {
    let usage = emptyUsage();
    let turns = 0;
    const end = (status: TurnStatus): AgentEvent => ({ type: 'turn_end', status, turns, usage });
    const hooks = this.opts.hooks;
    const context: string[] = [];
    if (hooks && !this.sessionStarted) {
      this.sessionStarted = true;
      context.push(...(yield* sessionStartHooks(hooks, this.opts.sessionStartSource ?? 'startup', signal)));
    }
    if (hooks) {
      const prompt = yield* promptHooks(hooks, text, signal);
      if (prompt.blocked !== undefined) {
        yield { type: 'error', message: prompt.blocked, kind: 'hook_blocked' };
        yield end('error');
        return;
      }
      context.push(...prompt.context);
    }
    // Hook context goes with the prompt as its own block, so the user's words stay as typed.
    const hookBlocks: ContentBlock[] = context.length ? [{ type: 'text', text: `<hook-context>\n${context.join('\n\n')}\n</hook-context>` }] : [];
    this.addUser([{ type: 'text', text }, ...extra, ...hookBlocks]);
    yield { type: 'user_message', id: this.newId(), text, ...(extra.length || hookBlocks.length ? { extra: [...extra, ...hookBlocks] } : {}), ...(command ? { command } : {}) };
    const maxTurns = this.opts.maxTurns ?? 50;
    const failures = new Map<string, number>();
    let stopHookActive = false;

    while (turns < maxTurns) {
      turns++;
      const id = this.newId();
      yield { type: 'assistant_start', id };
      let partial = '';
      let reply: Extract<AgentEvent, { type: 'assistant_message' }> | undefined;
      const retries: AgentEvent[] = [];
      let compactions = 0;
      // Retried here (same turn) after a compaction when the provider answers prompt-too-long.
      for (;;) try {
        yield* this.context.beforeRequest(this.history, signal);
        const stream = streamWithRetry(
          this.opts.provider,
          {
            model: this.opts.model,
            system: this.opts.system,
            messages: this.context.sending(this.history),
            tools: this.requestTools(),
            maxTokens: this.opts.maxTokens ?? 8192,
          },
          signal,
          (n) => {
            if (n.discardPartial) partial = '';
            retries.push({ type: 'retry', id, message: describeRetry(n), attempt: n.attempt, maxAttempts: n.maxAttempts, delayMs: n.delayMs, discardPartial: n.discardPartial });
          },
          this.opts.retry,
        );
        for await (const ev of stream) {
          // The request is on its way: prepare what the first tool calls will need meanwhile.
          if (!this.prepared) {
            this.prepared = true;
            this.opts.permissions?.prepare?.();
          }
          while (retries.length) yield retries.shift()!;
          if (ev.type === 'text_delta') {
            partial += ev.text;
            yield { type: 'text_delta', id, text: ev.text };
          } else if (ev.type === 'thinking_delta') {
            yield { type: 'thinking_delta', id, text: ev.text };
          } else if (ev.type === 'done') {
            reply = { type: 'assistant_message', id, message: ev.message, stopReason: ev.stopReason, usage: ev.usage };
          }
        }
        while (retries.length) yield retries.shift()!;
        break;
      } catch (err) {
        while (retries.length) yield retries.shift()!;
        const e = toProviderError(err, this.opts.provider.id, signal);
        if (e.kind === 'prompt_too_long' && !partial && compactions < MAX_COMPACTIONS_PER_REQUEST) {
          if (yield* this.context.onTooLong(this.history, e.message, signal)) {
            compactions++;
            continue;
          }
        }
        // What the user already saw stays in the history, so the model knows what it had said.
        if (partial) this.history.push({ role: 'assistant', content: [{ type: 'text', text: partial }] });
        if (e.kind === 'aborted') {
          yield end('aborted');
        } else {
          const message = e.kind === 'prompt_too_long' ? `${e.message} Compacted ${compactions} time${compactions === 1 ? '' : 's'} for this request and it is still too long. Start a new chat (/clear), run /compact with instructions to keep less, or use a model with a larger context window (or set "contextWindow" in settings for this model).` : e.message;
          yield { type: 'error', message, kind: e.kind };
          yield end('error');
        }
        return;
      }
      if (!reply) {
        yield { type: 'error', message: 'The provider ended the reply without a message.', kind: 'stream' };
        yield end('error');
        return;
      }
      usage = addUsage(usage, reply.usage);
      this.history.push(reply.message);
      yield reply;
      yield this.context.observe(reply.usage);

      const calls = reply.message.content.filter((b): b is ToolUse => b.type === 'tool_use');
      if (calls.length === 0) {
        // A Stop hook that blocks sends the agent back to work with its reason.
        const again = hooks ? yield* stopHooks(hooks, stopHookActive, signal) : undefined;
        if (again !== undefined && !signal.aborted) {
          stopHookActive = true;
          this.history.push({ role: 'user', content: [{ type: 'text', text: `Stop hook feedback: ${again}` }] });
          continue;
        }
        yield end('completed');
        return;
      }
      for (const c of calls) yield { type: 'tool_call', id: c.id, assistantId: id, name: c.name, input: c.input };
      const hookStop: { reason?: string } = {};
      const results: ContentBlock[] = yield* runToolCalls(
        calls,
        { tools: this.toolMap(), context: this.opts.toolContext!, permissions: this.opts.permissions, approver: this.opts.approver, maxParallel: this.opts.maxParallelTools ?? 8, hooks, hookStop },
        signal,
      );
      // Tool output is untrusted: invisible characters are removed (and the removal noted) before the model reads it.
      const resultMessage: Message = {
        role: 'user',
        content: results.map((b, i) => (b.type === 'tool_result' ? { ...b, content: sanitizeForModel(b.content, `the ${calls[i]?.name ?? 'tool'} result`) } : b)),
      };
      this.history.push(resultMessage);
      yield { type: 'tool_results', message: resultMessage };

      if (signal.aborted) {
        yield end('aborted');
        return;
      }
      if (hookStop.reason !== undefined) {
        yield { type: 'error', message: `Stopped by a hook: ${hookStop.reason}`, kind: 'hook_stopped' };
        yield end('completed');
        return;
      }
      const repeated = this.repeatedFailure(calls, results, failures);
      if (repeated) {
        yield { type: 'error', message: repeated, kind: 'repeated_failure' };
        yield end('repeated_failure');
        return;
      }
    }
    yield { type: 'error', message: `Stopped after ${maxTurns} model requests (the turn limit). Send a message to continue.`, kind: 'max_turns' };
    yield end('max_turns');
  }

  private readonly dynamicSpecs = new WeakMap<Tool, ToolSpec>();

  /** The tools of this request: the fixed ones, then whatever dynamicTools offers now. */
  private requestTools(): ToolSpec[] | undefined {
    const extra = this.opts.dynamicTools?.().filter((t) => !this.tools.has(t.name)) ?? [];
    if (!extra.length) return this.toolSpecs;
    const specs = extra.map((t) => {
      let spec = this.dynamicSpecs.get(t);
      if (!spec) this.dynamicSpecs.set(t, (spec = toolSpec(t)));
      return spec;
    });
    return [...(this.toolSpecs ?? []), ...specs];
  }

  private toolMap(): Map<string, Tool> {
    const extra = this.opts.dynamicTools?.() ?? [];
    if (!extra.length) return this.tools;
    const all = new Map(this.tools);
    for (const t of extra) if (!all.has(t.name)) all.set(t.name, t);
    return all;
  }

  /** The same call failing the same way again and again is a loop the model will not leave alone. */
  private repeatedFailure(calls: ToolUse[], results: ContentBlock[], failures: Map<string, number>): string | undefined {
    const limit = this.opts.maxRepeatedFailures ?? 3;
    for (let i = 0; i < calls.length; i++) {
      const r = results[i];
      if (r.type !== 'tool_result' || !r.isError) continue;
      const key = `${calls[i].name}:${JSON.stringify(calls[i].input)}`;
      const n = (failures.get(key) ?? 0) + 1;
      failures.set(key, n);
      if (n >= limit) {
        return `Stopped: ${calls[i].name} failed ${n} times with the same input (${r.content.slice(0, 200)}). Check the error, then tell the agent how to continue.`;
      }
    }
    return undefined;
  }
}
