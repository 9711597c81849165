// The services a session's tools reach through ToolContext.services, built the same way by every
// host (the SDK/CLI and VS Code): the sub-agent dispatcher, background commands and WebFetch's
// settings. Returns the tool context to give the Conversation and what to dispose at the end.
import type { ConversationOptions } from '../agent/conversation';
import { BackgroundProcesses } from '../shell/background';
import type { BackgroundJobInfo } from '../tools/types';
import type { Tool } from '../tools/types';
import { providerSearch } from '../web/search';
import type { SearchKind } from '../web/search';
import { SubagentDispatcher, subagentLogDir } from './dispatcher';
import type { DispatcherOptions } from './dispatcher';

type BaseContext = NonNullable<ConversationOptions['toolContext']>;

export interface SessionServicesOptions extends Omit<DispatcherOptions, 'toolContext' | 'logDir'> {
  toolContext: BaseContext;
  /** The session's log file; sub-agent transcripts go next to it. */
  logFile?: string;
  /** The session shell's state, where background commands start. */
  shellState: () => { cwd: string; env: Record<string, string> };
  allowPrivateHosts?: string[];
  /** The provider's web search (providerSearchKind); none: WebSearch says it is unavailable (hosts leave it out). */
  webSearch?: SearchKind;
  /** The panel's list of background commands. */
  onBackgroundChange?: (job: BackgroundJobInfo) => void;
}

export interface SessionServices {
  toolContext: BaseContext;
  background: BackgroundProcesses;
  dispatcher: SubagentDispatcher;
  dispose(): void;
}

export function createSessionServices(o: SessionServicesOptions): SessionServices {
  const background = new BackgroundProcesses({ scratchDir: o.toolContext.session.scratchDir, spawnContext: o.shellState, onChange: o.onBackgroundChange });
  const toolContext: BaseContext = {
    ...o.toolContext,
    services: { ...o.toolContext.services, agentName: 'main', background, web: {
        allowPrivateHosts: o.allowPrivateHosts ?? splitList(process.env.TANDEM_WEBFETCH_ALLOW_PRIVATE_HOSTS),
        ...(o.webSearch ? { search: providerSearch(o.provider, o.webSearch, o.model) } : {}),
      },
    },
  };
  const dispatcher = new SubagentDispatcher({ ...o, toolContext, logDir: o.logFile ? subagentLogDir(o.logFile) : undefined });
  toolContext.services!.subagents = dispatcher;
  return { toolContext, background, dispatcher, dispose: () => background.dispose() };
}

/** The tools a host offers: WebSearch only where the provider can search. */
export function withAvailableTools(tools: Tool[], webSearch: SearchKind | undefined): Tool[] {
  return webSearch ? tools : tools.filter((t) => t.name !== 'WebSearch');
}

function splitList(v: string | undefined): string[] {
  return (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
}
