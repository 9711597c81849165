// The three output formats of `tandem -p`, shaped like Claude Code's so scripts that parse one can
// parse the other: text (the final answer), json (one result object), stream-json (one JSON
// object per line as things happen, ending with the result).
import type { AgentEvent } from '../core/agent/events';
import type { ContentBlock, Message, Usage } from '../core/llm/types';
import type { OutputFormat } from './args';

export interface ResultSummary {
  status: string;
  text: string;
  sessionId: string;
  turns: number;
  durationMs: number;
  costUsd: number | undefined;
  usage: Usage;
  error?: string;
  /** The context in use at the end (the last reply's input + cache tokens, or the estimate after a compaction). */
  context?: { tokens: number; window?: number };
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

export function resultObject(r: ResultSummary): Record<string, unknown> {
  const subtype = r.status === 'completed' ? 'success' : r.status === 'max_turns' ? 'error_max_turns' : 'error_during_execution';
  return {
    type: 'result',
    subtype,
    is_error: r.status !== 'completed',
    result: r.status === 'completed' ? r.text : r.error ?? r.text,
    session_id: r.sessionId,
    num_turns: r.turns,
    duration_ms: r.durationMs,
    total_cost_usd: r.costUsd ?? null,
    usage: wireUsage(r.usage),
    ...(r.context ? { context_tokens: r.context.tokens, context_window: r.context.window ?? null } : {}),
  };
}

export class OutputWriter {
  constructor(
    private readonly format: OutputFormat,
    private readonly out: (s: string) => void,
    private readonly err: (s: string) => void,
    private readonly verbose: boolean,
  ) {}

  init(info: { sessionId: string; model: string; cwd: string; tools: string[]; permissionMode: string }): void {
    if (this.format === 'stream-json') {
      this.line({ type: 'system', subtype: 'init', session_id: info.sessionId, model: info.model, cwd: info.cwd, tools: info.tools, permissionMode: info.permissionMode });
    }
  }

  event(ev: AgentEvent, sessionId: string, parentToolUseId: string | null = null): void {
    // A sub-agent's messages come out as Claude Code prints them: tagged with the Agent call's id.
    if (ev.type === 'subagent_event') return this.event(ev.event, sessionId, ev.toolUseId);
    const parent = parentToolUseId ? { parent_tool_use_id: parentToolUseId } : {};
    if (this.format === 'stream-json') {
      if (ev.type === 'assistant_message') this.line({ type: 'assistant', session_id: sessionId, ...parent, message: { ...wireMessage(ev.message), usage: wireUsage(ev.usage), stop_reason: ev.stopReason } });
      else if (ev.type === 'tool_results') this.line({ type: 'user', session_id: sessionId, ...parent, message: wireMessage(ev.message) });
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
