import type { ChildProcess } from 'node:child_process';
import type { ZodType } from 'zod';
import type { AgentEvent } from '../agent/events';
import type { Clock, Proposals, Shell, Workspace } from '../ports';
import type { SearchBackend } from '../web/search';

/** What a permission rule matches a call against (see the permissions issue). */
export type PermissionSubject =
  | { kind: 'read'; path: string }
  | { kind: 'write'; path: string }
  | { kind: 'command'; command: string }
  /** A web request (WebFetch): rules `WebFetch(domain:example.com)`. */
  | { kind: 'domain'; host: string }
  /** A sub-agent (Agent): rules `Agent(Explore)`, also written `Task(Explore)`. */
  | { kind: 'agent'; agentType: string }
  /** A web search (WebSearch): bare rules `WebSearch` only; asks unless allowed. */
  | { kind: 'search'; query: string }
  | { kind: 'none' };

export interface ToolResult {
  content: string;
  isError?: boolean;
  /** Images for providers that take them (Read on an image file). */
  images?: { mediaType: string; data: string }[];
}

export interface FileReadRecord {
  /** sha256 of the content when it was last read or written by the agent. */
  hash: string;
  mtimeMs: number;
}

export interface TodoItem {
  content: string;
  status: 'pending' | 'in_progress' | 'completed';
  activeForm?: string;
}

/** Per-session state tools share. */
export interface SessionState {
  /** Files the model has read (or written) in this session, by absolute path. */
  readFiles: Map<string, FileReadRecord>;
  todos: TodoItem[];
  /** Folder for large outputs the model can Read back (Bash's full output). */
  scratchDir: string;
}

export interface ToolContext {
  cwd: string;
  workspace: Workspace;
  proposals: Proposals;
  shell: Shell;
  session: SessionState;
  clock: Clock;
  signal: AbortSignal;
  toolUseId: string;
  /** True for a file a deny rule for Read covers: Grep and Glob leave it out of their results. */
  readDenied?: (absPath: string) => boolean;
  /** Live progress for the UI (Bash output as it streams). */
  onProgress?: (text: string) => void;
  /** Events of work a tool runs on the agent's behalf (a sub-agent's), into the parent's stream. */
  onEvent?: (event: AgentEvent) => void;
  /** Session services some tools need (sub-agents, background commands, the web); absent ones make those tools say so. */
  services?: ToolServices;
}

export interface Tool<I = any> { // eslint-disable-line @typescript-eslint/no-explicit-any -- heterogenous registry
  name: string;
  description: string;
  /** Validates and types the input; its JSON schema is what the model sees. */
  input: ZodType<I>;
  /** The schema shown to the model when it was given as JSON schema (defineTool) rather than zod. */
  jsonSchema?: Record<string, unknown>;
  /** Read-only calls may run concurrently and never need a write permission. */
  readOnly: boolean | ((input: I) => boolean);
  /**
   * May run alongside read-only calls although readOnly is false (an MCP tool whose server says
   * readOnlyHint): it changes scheduling only, never the permission decision.
   */
  concurrent?: boolean;
  /** What permission rules for this tool match against. */
  subject(input: I, cwd: string): PermissionSubject;
  execute(input: I, ctx: ToolContext): Promise<ToolResult>;
}

export function isReadOnly<I>(tool: Tool<I>, input: I): boolean {
  return typeof tool.readOnly === 'function' ? tool.readOnly(input) : tool.readOnly;
}

// Session services some tools reach through ToolContext.services: the sub-agent dispatcher (Agent),
// background commands (Bash run_in_background, BashOutput, KillShell) and the web (WebFetch,
// WebSearch). Declared here as small interfaces so tools do not import their implementations.
export interface AgentCallInput {
  description: string;
  prompt: string;
  subagent_type: string;
  model?: string;
}

export interface SubagentLauncher {
  run(input: AgentCallInput, ctx: ToolContext): Promise<ToolResult>;
}

export interface BackgroundJobInfo {
  id: string;
  command: string;
  /** The (sub)agent that started it ("main" for the session's own agent). */
  owner: string;
  pid: number | undefined;
  startedAt: number;
  running: boolean;
  exitCode: number | null;
  outputFile: string;
}

export interface BackgroundRead {
  info: BackgroundJobInfo;
  /** Output written since the previous read (lines matching the filter, when one was given). */
  text: string;
  /** Characters not delivered because the output file reached its cap. */
  capped: boolean;
}

export interface BackgroundCommands {
  start(command: string, owner: string): Promise<BackgroundJobInfo>;
  /** Takes over a foreground command's running process (Bash at its timeout, or on the user's request). */
  adopt(child: ChildProcess, meta: { command: string; owner: string; initialOutput?: string }): BackgroundJobInfo;
  /** Registers a running foreground command the user may move here (by its tool call id). */
  watchForeground(toolUseId: string): { signal: AbortSignal; release(): void };
  read(id: string, filter?: RegExp): BackgroundRead | undefined;
  kill(id: string): Promise<boolean>;
  list(): BackgroundJobInfo[];
}

export interface WebServices {
  /** Hosts WebFetch may reach on private, loopback or link-local addresses (and over plain http). */
  allowPrivateHosts?: string[];
  /** Caps for one fetch (defaults: 5 MB, 30 s). */
  limits?: { maxBytes?: number; timeoutMs?: number };
  /** WebSearch's backend (the provider's search tool); WebSearch is left out of the tools without one. */
  search?: SearchBackend;
}

export interface ToolServices {
  web?: WebServices;
  subagents?: SubagentLauncher;
  background?: BackgroundCommands;
  /** Which agent runs the call: "main", or a sub-agent's type; background commands record it. */
  agentName?: string;
}
