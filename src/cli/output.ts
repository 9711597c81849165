// The three output formats of `tandem -p`, shaped like Claude Code's so scripts that parse one can
// parse the other: text (the final answer), json (one result object), stream-json (one JSON
// object per line as things happen, ending with the result).
import type { AgentEvent } from '../core/agent/events';
import type { ContentBlock, Message, Usage } from '../core/llm/types';
import type { OutputFormat } from './args';
import { randomUUID } from 'node:crypto';

export interface ResultSummary {
  status: string;
  text: string;
  sessionId: string;
  turns: number;
  durationMs: number;
  costUsd: number | undefined;
  usage: Usage;
  error?: string;
  /** Tool calls the permission engine refused (Claude Code's permission_denials). */
  denials?: PermissionDenial[];
  model?: string;
  /** Time spent waiting on the model. */
  apiMs?: number;
  /** The context in use at the end (the last reply's input + cache tokens, or the estimate after a compaction). */
  context?: { tokens: number; window?: number };
}

export interface PermissionDenial {
  tool_name: string;
  tool_use_id: string;
  tool_input: unknown;
}

function wireBlock(b: ContentBlock): Record<string, unknown> {
  switch (b.type) {
    case 'tool_use':
      return { type: 'tool_use', id: b.id, name: b.name, input: b.input };
    case 'tool_result':
      return { type: 'tool_result', tool_use_id: b.toolUseId, content: b.content, is_error: b.isError ?? false };
    default:
      return { ...b };
  }
}

function wireMessage(m: Message): Record<string, unknown> {
  return { role: m.role, content: m.content.map(wireBlock) };
}

function wireUsage(u: Usage): Record<string, number> {
  return {
    input_tokens: u.inputTokens,
    output_tokens: u.outputTokens,
    cache_read_input_tokens: u.cacheReadTokens,
    cache_creation_input_tokens: u.cacheWriteTokens,
  };
}

/** Claude Code's SDKResultMessage: success, or error_max_turns / error_max_budget_usd / error_during_execution. */
export function resultObject(r: ResultSummary): Record<string, unknown> {
  const subtype = r.status === 'completed' ? 'success' : r.status === 'max_turns' ? 'error_max_turns' : r.status === 'max_budget' ? 'error_max_budget_usd' : 'error_during_execution';
  const cost = r.costUsd ?? 0;
  return {
    type: 'result',
    subtype,
    is_error: r.status !== 'completed',
    duration_ms: r.durationMs,
    duration_api_ms: r.apiMs ?? r.durationMs,
    num_turns: r.turns,
    // Claude Code's error results carry `errors` instead of `result`.
    ...(r.status === 'completed' ? { result: r.text } : {}),
    session_id: r.sessionId,
    // Claude Code reports a number; Tandem's is null when the model's prices are unknown.
    total_cost_usd: r.costUsd ?? null,
    usage: { ...wireUsage(r.usage), server_tool_use: { web_search_requests: 0 }, service_tier: 'standard' },
    modelUsage: r.model
      ? {
          [r.model]: {
            inputTokens: r.usage.inputTokens,
            outputTokens: r.usage.outputTokens,
            cacheReadInputTokens: r.usage.cacheReadTokens,
            cacheCreationInputTokens: r.usage.cacheWriteTokens,
            webSearchRequests: 0,
            costUSD: cost,
          },
        }
      : {},
    permission_denials: r.denials ?? [],
    ...(r.status === 'completed' ? {} : { errors: r.error ? [r.error] : [] }),
    uuid: randomUUID(),
    ...(r.context ? { context_tokens: r.context.tokens, context_window: r.context.window ?? null } : {}),
  };
}

export class OutputWriter {
  constructor(
    private readonly format: OutputFormat,
    private readonly out: (s: string) => void,
    private readonly err: (s: string) => void,
    private readonly verbose: boolean,
    private readonly partial = false,
  ) {}

  private model = '';
  private readonly inputs = new Map<string, { name: string; input: unknown }>();
  readonly denials: PermissionDenial[] = [];
  private block = -1;
  private blockType: 'text' | 'thinking' | undefined;

  /** Claude Code's system/init line. */
  init(info: { sessionId: string; model: string; cwd: string; tools: string[]; permissionMode: string; apiKeySource?: string; mcpServers?: { name: string; status: string }[]; agents?: string[] }): void {
    this.model = info.model;
    if (this.format === 'stream-json') {
      this.line({
        type: 'system', subtype: 'init', cwd: info.cwd, session_id: info.sessionId, tools: info.tools, mcp_servers: info.mcpServers ?? [],
        model: info.model, permissionMode: info.permissionMode, slash_commands: [], apiKeySource: info.apiKeySource ?? 'none',
        output_style: 'default', agents: info.agents ?? [], skills: [], plugins: [], uuid: randomUUID(),
      });
    }
  }

  /** --include-partial-messages: Anthropic-shaped stream events as the reply streams. */
  private streamEvent(sessionId: string, event: Record<string, unknown>): void {
    this.line({ type: 'stream_event', event, parent_tool_use_id: null, session_id: sessionId, uuid: randomUUID() });
  }

  private partialEvent(ev: AgentEvent, sessionId: string): void {
    const close = () => {
      if (this.blockType) this.streamEvent(sessionId, { type: 'content_block_stop', index: this.block });
      this.blockType = undefined;
    };
    if (ev.type === 'assistant_start') {
      this.block = -1;
      this.streamEvent(sessionId, { type: 'message_start', message: { id: ev.id, type: 'message', role: 'assistant', model: this.model, content: [], stop_reason: null, stop_sequence: null, usage: wireUsage({ inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 }) } });
    } else if (ev.type === 'text_delta' || ev.type === 'thinking_delta') {
      const kind = ev.type === 'text_delta' ? 'text' : 'thinking';
      if (this.blockType !== kind) {
        close();
        this.block++;
        this.blockType = kind;
        this.streamEvent(sessionId, { type: 'content_block_start', index: this.block, content_block: kind === 'text' ? { type: 'text', text: '' } : { type: 'thinking', thinking: '', signature: '' } });
      }
      this.streamEvent(sessionId, { type: 'content_block_delta', index: this.block, delta: kind === 'text' ? { type: 'text_delta', text: ev.text } : { type: 'thinking_delta', thinking: ev.text } });
    } else if (ev.type === 'assistant_message') {
      close();
      this.streamEvent(sessionId, { type: 'message_delta', delta: { stop_reason: ev.stopReason, stop_sequence: null }, usage: wireUsage(ev.usage) });
      this.streamEvent(sessionId, { type: 'message_stop' });
    }
  }

  event(ev: AgentEvent, sessionId: string, parentToolUseId: string | null = null): void {
    // A sub-agent's messages come out as Claude Code prints them: tagged with the Agent call's id.
    if (ev.type === 'subagent_event') return this.event(ev.event, sessionId, ev.toolUseId);
    const parent = parentToolUseId ? { parent_tool_use_id: parentToolUseId } : {};
    if (ev.type === 'tool_call') this.inputs.set(ev.id, { name: ev.name, input: ev.input });
    if (ev.type === 'permission' && ev.decision === 'deny') {
      this.denials.push({ tool_name: ev.toolName, tool_use_id: ev.toolUseId, tool_input: this.inputs.get(ev.toolUseId)?.input ?? {} });
    }
    if (this.format === 'stream-json') {
      if (this.partial && !parentToolUseId) this.partialEvent(ev, sessionId);
      if (ev.type === 'assistant_message') {
        this.line({
          type: 'assistant',
          message: { id: ev.id, type: 'message', role: 'assistant', model: this.model, ...wireMessage(ev.message), stop_reason: ev.stopReason, stop_sequence: null, usage: wireUsage(ev.usage) },
          parent_tool_use_id: parentToolUseId, session_id: sessionId, uuid: randomUUID(),
        });
      } else if (ev.type === 'tool_results') this.line({ type: 'user', message: wireMessage(ev.message), parent_tool_use_id: parentToolUseId, session_id: sessionId, uuid: randomUUID() });
      else if (ev.type === 'retry') this.line({ type: 'system', subtype: 'retry', session_id: sessionId, message: ev.message });
      // Claude Code's compact_boundary line, with Tandem's method and what was cleared.
      else if (ev.type === 'compaction') {
        this.line({
          type: 'system', subtype: 'compact_boundary', session_id: sessionId,
          compact_metadata: { trigger: ev.trigger, pre_tokens: ev.tokensBefore, post_tokens: ev.tokensAfter, method: ev.method, cleared: ev.cleared },
        });
      }
      // Every permission decision, so a script can see why a call ran or was refused.
      else if (ev.type === 'permission') {
        this.line({ type: 'system', subtype: 'permission', session_id: sessionId, ...parent, tool_use_id: ev.toolUseId, tool: ev.toolName, decision: ev.decision, by: ev.by, reason: ev.reason });
      } else if (ev.type === 'hook') {
        const { type: _t, ...run } = ev;
        this.line({ type: 'system', subtype: 'hook', session_id: sessionId, ...run });
      }
    }
    if (this.verbose) {
      if (ev.type === 'retry') this.err(`[tandem] ${ev.message}\n`);
      else if (ev.type === 'compaction') this.err(`[tandem] context compacted (${ev.method}, ${ev.trigger}): ${ev.cleared}; ${ev.tokensBefore} → ${ev.tokensAfter} tokens\n`);
      else if (ev.type === 'tool_call') this.err(`[tandem] ${ev.name} ${JSON.stringify(ev.input).slice(0, 200)}\n`);
      else if (ev.type === 'permission' && ev.decision === 'deny') this.err(`[tandem] denied ${ev.toolName}: ${ev.reason}\n`);
      else if (ev.type === 'hook') this.err(`[tandem] hook ${ev.event} \`${ev.command}\` ${ev.outcome} (exit ${ev.exitCode ?? '-'}, ${ev.durationMs} ms)${ev.message ? `: ${ev.message}` : ''}\n`);
    }
  }

  result(r: ResultSummary): void {
    if (this.format === 'text') {
      if (r.status === 'completed') this.out(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
      else {
        if (r.text) this.out(r.text.endsWith('\n') ? r.text : `${r.text}\n`);
        this.err(`tandem: ${r.error ?? `stopped (${r.status})`}\n`);
      }
    } else {
      this.line(resultObject(r), this.format === 'json');
    }
  }

  private line(obj: unknown, pretty = false): void {
    this.out(`${JSON.stringify(obj, null, pretty ? 2 : undefined)}\n`);
  }
}
