// Session services some tools reach through ToolContext.services: the sub-agent dispatcher (Agent),
// background commands (Bash run_in_background, BashOutput, KillShell) and the web (WebFetch,
// WebSearch). Declared here as small interfaces so tools do not import their implementations.
import type { ChildProcess } from 'node:child_process';
import type { SearchBackend } from '../web/search';
import type { ToolContext, ToolResult } from './types';

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
