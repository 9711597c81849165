// One tool call made ready to run: what runTools and the tool hooks share (its own module so that
// neither imports the other).
import type { ContentBlock } from '../llm/types';
import type { Tool, ToolResult } from '../tools/types';

export type ToolUse = Extract<ContentBlock, { type: 'tool_use' }>;

export interface Prepared {
  call: ToolUse;
  tool?: Tool;
  input?: unknown;
  readOnly: boolean;
  /** May share a batch with read-only calls (readOnly, or a tool marked concurrent). */
  parallel?: boolean;
  /** Set when the call must not run: the result to give instead. */
  early?: ToolResult;
  /** Context hooks added for the model, appended to the result. */
  context?: string[];
}
