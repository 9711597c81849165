// What the SDK hands its callers: the loop's events with a `content` string on every item (so
// `for await (const chunk of agent.query(text)) process.stdout.write(chunk.content)` prints the
// streamed answer), and a prompt result that prints as the answer.
import { inspect } from 'node:util';
import type { AgentEvent, TurnStatus } from '../agent/events';
import type { Usage } from '../llm/types';

type ToolResultEvent = Extract<AgentEvent, { type: 'tool_result' }>;

/**
 * One item of agent.query(): Tandem's typed event plus `content`, the text of a text delta and ''
 * for every other event. A tool result's own text is in `output` (the loop's event calls it content).
 */
export type QueryEvent = (Exclude<AgentEvent, ToolResultEvent> | (Omit<ToolResultEvent, 'content'> & { output: string })) & { content: string };

export function toQueryEvent(ev: AgentEvent): QueryEvent {
  if (ev.type === 'tool_result') {
    const { content: output, ...rest } = ev;
    return { ...rest, output, content: '' };
  }
  return { ...ev, content: ev.type === 'text_delta' ? ev.text : '' };
}

export interface PromptResult {
  /** The model's final answer; also what the result prints as (console.log, String(), `${}`). */
  text: string;
  usage: Usage;
  /** undefined when the model's prices are not known. */
  costUsd: number | undefined;
  turns: number;
  sessionId: string;
  status: TurnStatus;
  /** The last error message, when status is not 'completed'. */
  error?: string;
  /** The context in use at the end, against the model's window when known. */
  context?: { tokens: number; window?: number };
}

/** The result with toString and Node's inspect hook (not enumerable: comparisons see plain data). */
export function printableResult(r: PromptResult): PromptResult {
  const text = () => r.text;
  Object.defineProperty(r, 'toString', { value: text, enumerable: false });
  Object.defineProperty(r, inspect.custom, { value: text, enumerable: false });
  return r;
}
