// The result line of a prompt the CLI answers itself (/memory, /status, /compact): no model turn,
// no tokens, no cost, in the same shape as a model's result for --output-format json/stream-json.
import type { Agent } from '../core/sdk/createAgent';

export function localResult(agent: Agent, started: number, text: string) {
  return {
    status: 'completed' as const,
    text,
    sessionId: agent.sessionId,
    turns: 0,
    durationMs: Date.now() - started,
    costUsd: undefined,
    usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 },
  };
}
