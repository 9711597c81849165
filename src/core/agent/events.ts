import type { ContentBlock, ImageData, Message, StopReason, Usage } from '../llm/types';

/** What an agent run reports as it happens, in order. Every tool_call gets exactly one tool_result. */
export type AgentEvent =
  /**
   * extra: what went to the model after the text (context resolved from mentions, pasted images).
   * command: what the user typed when a slash command (custom, skill, MCP prompt) became the text.
   */
  | { type: 'user_message'; id: string; text: string; extra?: ContentBlock[]; command?: string }
  | { type: 'assistant_start'; id: string }
  | { type: 'text_delta'; id: string; text: string }
  | { type: 'thinking_delta'; id: string; text: string }
  | { type: 'retry'; id: string; message: string; attempt: number; maxAttempts: number; delayMs: number; discardPartial: boolean }
  | { type: 'assistant_message'; id: string; message: Message; stopReason: StopReason; usage: Usage }
  | { type: 'tool_call'; id: string; assistantId: string; name: string; input: unknown }
  | {
      type: 'permission';
      toolUseId: string;
      toolName: string;
      decision: 'allow' | 'deny';
      by: 'mode' | 'rule' | 'user' | 'hook';
      reason: string;
      /** What the engine decided before anyone was asked. */
      behavior: 'allow' | 'ask' | 'deny';
      /** The rule that decided, as written, when one did. */
      rule?: string;
      /** What "Allow always" would have added. */
      suggestions?: string[];
    }
  | { type: 'tool_progress'; toolUseId: string; text: string }
  /** A hook command ran (hooks/hooks.ts); toolUseId when it ran for a tool call. */
  | { type: 'hook'; event: string; command: string; source: string; outcome: 'ok' | 'blocked' | 'error' | 'enforced'; exitCode: number | null; durationMs: number; toolUseId?: string; message?: string }
  | { type: 'tool_result'; toolUseId: string; name: string; content: string; isError: boolean; images?: ImageData[] }
  | { type: 'tool_results'; message: Message }
  | { type: 'error'; message: string; kind: string }
  | { type: 'turn_end'; status: TurnStatus; turns: number; usage: Usage }
  // A sub-agent started by the Agent call toolUseId (src/core/agents): its own events arrive wrapped.
  | { type: 'subagent_start'; toolUseId: string; agentId: string; agentType: string; description: string; model: string; logFile?: string }
  | { type: 'subagent_event'; toolUseId: string; agentId: string; agentType: string; event: AgentEvent }
  | { type: 'subagent_end'; toolUseId: string; agentId: string; agentType: string; status: TurnStatus; toolCount: number; usage: Usage; costUsd?: number; durationMs: number }
  /** The context in use after a reply (the provider's count) or a compaction (an estimate), against the window when known. */
  | { type: 'context'; tokens: number; window?: number; estimated: boolean }
  /**
   * The model's view was compacted (src/core/context). cleared: what went, in words. A summary or
   * truncation carries the notes, the ledger and the kept tail (replay rebuilds the view from them);
   * micro-compaction and collapse carry their stubs.
   */
  | {
      type: 'compaction';
      method: CompactionMethod;
      trigger: CompactionTrigger;
      tokensBefore: number;
      tokensAfter: number;
      window?: number;
      cleared: string;
      summary?: string;
      ledger?: string;
      kept?: Message[];
      stubs?: { toolUseId: string; text: string }[];
    };

export type CompactionMethod = 'micro' | 'collapse' | 'summary' | 'truncate';
/** auto: the threshold was reached; manual: /compact; overflow: the provider answered prompt-too-long. */
export type CompactionTrigger = 'auto' | 'manual' | 'overflow';

export type TurnStatus = 'completed' | 'aborted' | 'error' | 'max_turns' | 'repeated_failure';
