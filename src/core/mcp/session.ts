// MCP for one agent: the manager of the folder's servers, the toolset a conversation asks before
// each request, and the expansion of what the user typed (MCP prompts as slash commands, @server:uri
// resources). Hosts (the SDK and CLI in createAgent, VS Code's chat) build one of these; only it
// knows MCP, the loop sees Tool objects.
import type { ContentBlock } from '../llm/types';
import { modelInfo } from '../llm/models';
import { McpManager } from './manager';
import type { McpManagerOptions, ServerState } from './manager';
import { expandPromptCommand, resolveResourceMentions } from './mentions';
import { McpToolset } from './toolset';

export interface McpSessionOptions extends McpManagerOptions {
  model: string;
  denyRules?: () => string[];
  /** Share a manager (VS Code: one per window, used by every chat); default: a new one. */
  manager?: McpManager;
}

export interface PreparedInput {
  text: string;
  extra: ContentBlock[];
  /** Mentions that could not be attached, for the user. */
  problems: string[];
}

export class McpSession {
  readonly manager: McpManager;
  readonly toolset: McpToolset;

  constructor(opts: McpSessionOptions) {
    this.manager = opts.manager ?? new McpManager(opts);
    this.toolset = new McpToolset(this.manager, { contextWindow: modelInfo(opts.model)?.contextWindow ?? 200_000, env: opts.env, denyRules: opts.denyRules });
  }

  /** Project servers that did not start because nobody approved them, in one line each. */
  skipped(): ServerState[] {
    return this.manager.servers().filter((s) => s.status === 'pending-approval' || s.status === 'refused');
  }

  /** Expands `/mcp__server__prompt args` and attaches `@server:uri` resources. */
  async prepare(text: string, signal?: AbortSignal): Promise<PreparedInput> {
    if (this.manager.size === 0) return { text, extra: [], problems: [] };
    const expanded = (await expandPromptCommand(text, this.manager, signal)) ?? text;
    const { blocks, problems } = await resolveResourceMentions(expanded, this.manager, signal);
    return { text: expanded, extra: blocks, problems };
  }
}

/** The CLI's and the SDK's notice about project servers that were not started. */
export function skippedNotice(states: ServerState[]): string | undefined {
  if (!states.length) return undefined;
  const lines = states.map((s) => `  ${s.name} (${s.entry.origin.file}): ${s.command}${s.status === 'refused' ? ` [${s.trust.reason}]` : ''}`);
  return `project MCP servers not started (not approved):\n${lines.join('\n')}\nApprove them with "tandem mcp approve <name>" (or in the panel's MCP view), list them in enabledMcpjsonServers in your user settings, or pass the file with --mcp-config.`;
}
