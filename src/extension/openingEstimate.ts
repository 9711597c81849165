// The panel's context meter before a chat's first reply (a new chat, after /clear, a resumed chat):
// the provider has counted nothing yet, so the meter shows an estimate of the first request (the
// system prompt, the tools' definitions and the history it would carry) against the window in
// force, marked as an estimate. Built from the same parts the agent will send; no session log,
// shell or agent is started for it. No vscode import: unit tests run it on plain Node.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadAgents, userAgentFolders } from '../core/agents/definitions';
import { withAvailableTools } from '../core/agents/sessionServices';
import { loadSettings } from '../core/config/loader';
import { ContextAccount, estimateRequest } from '../core/context/accounting';
import { compactionConfig } from '../core/context/config';
import type { Message, ProviderConfig } from '../core/llm/types';
import { environmentFacts } from '../core/memory/environment';
import { loadInstructions } from '../core/memory/instructions';
import { buildSystemPrompt } from '../core/memory/systemPrompt';
import { SessionLog } from '../core/session/log';
import { toMessages } from '../core/session/replay';
import { withAgentList } from '../core/tools/agent';
import { BUILTIN_TOOLS } from '../core/tools/registry';
import { toolSpec } from '../core/tools/spec';
import { providerSearchKind } from '../core/web/search';

export interface OpeningInput {
  config: ProviderConfig;
  model: string;
  /** The workspace folders; none: a plain chat without tools. */
  roots: string[];
  /** The stored session the chat continues on its next message, if any. */
  resumeFile?: string;
  /** Whether repository settings count (workspace trust). */
  trusted: boolean;
  /** Default: the user's home. */
  home?: string;
}

export interface OpeningEstimate {
  tokens: number;
  window?: number;
}

/** Estimated tokens of the chat's first request, and the window it will be measured against. */
export async function estimateOpening(input: OpeningInput): Promise<OpeningEstimate> {
  const home = input.home ?? homedir();
  const userDir = join(home, '.tandem');
  const history: Message[] = input.resumeFile ? toMessages(SessionLog.read(input.resumeFile).events) : [];
  if (input.roots.length === 0) {
    const system = buildSystemPrompt({ facts: await environmentFacts({ cwd: home, now: new Date() }), instructions: [], toolNames: [] });
    return { tokens: estimateRequest(system, undefined, history), window: new ContextAccount(input.model).window };
  }
  const { roots } = input;
  const agents = loadAgents({ roots, userFolders: userAgentFolders(userDir) }).agents;
  const tools = withAgentList(withAvailableTools([...BUILTIN_TOOLS], providerSearchKind(input.config, input.model)), agents);
  const settings = loadSettings({ userDir, projectDirs: roots, home, trusted: input.trusted });
  const [facts, instructions] = await Promise.all([environmentFacts({ cwd: roots[0], now: new Date() }), loadInstructions({ userDir, roots, excludes: settings.claudeMdExcludes, managedText: settings.managedClaudeMd })]);
  const system = buildSystemPrompt({ facts, instructions, toolNames: tools.map((t) => t.name) });
  const { contextWindow } = compactionConfig({ settings: settings.raw, env: { ...process.env, ...settings.env }, model: input.model });
  return {
    tokens: estimateRequest(system, tools.map(toolSpec), history),
    window: new ContextAccount(input.model, contextWindow).window,
  };
}
