// The public SDK: run Tandem's agent in-process.
export { createAgent, ConfigError, prompt, query } from './sdk/createAgent';
export type { Agent, AgentOptions, PromptResult, QueryEvent } from './sdk/createAgent';
export type { PermissionSwitches } from './sdk/permissions';
export { defineTool } from './sdk/defineTool';
export { approveSettings } from './sdk/approveSettings';
export type { ToolDefinition } from './sdk/defineTool';
export type { AgentEvent, TurnStatus } from './agent/events';
export type { Tool, ToolContext, ToolResult } from './tools/types';
export type { PermissionMode, PermissionRules } from './permissions/policy';
export type { Approver, ApprovalRequest, ApprovalAnswer } from './ports';
export type { Message, ContentBlock, Usage, ProviderId } from './llm/types';
export { BUILTIN_TOOL_NAMES } from './tools/registry';
export type { MemoryEntry, MemoryKind, MemoryScope, MemoryStatus } from './memory/types';
