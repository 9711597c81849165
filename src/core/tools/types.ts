import type { ZodType } from 'zod';
import type { AgentEvent } from '../agent/events';
import type { Clock, Proposals, Shell, Workspace } from '../ports';
import type { ToolServices } from './services';

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
