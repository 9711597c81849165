// The in-process agent for library users and the CLI: the same loop, tools and session log the
// editor uses, wired to Node adapters (file system, bash, auto-applied proposals).
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Conversation } from '../agent/conversation';
import { agentsFromObject, loadAgents, userAgentFolders } from '../agents/definitions';
import { createSessionServices, withAvailableTools } from '../agents/sessionServices';
import { providerSearchKind } from '../web/search';
import type { SessionServices } from '../agents/sessionServices';
import { withAgentList } from '../tools/agent';
import type { AgentEvent, TurnStatus } from '../agent/events';
import { SessionRecorder } from '../agent/recorder';
import { createProvider } from '../llm';
import { costUsd } from '../llm/models';
import type { RetryPolicy } from '../llm/retry';
import type { ProviderSettings } from '../llm/providerSetup';
import { emptyUsage } from '../llm/types';
import type { Message, ProviderId } from '../llm/types';
import { environmentFacts } from '../memory/environment';
import type { EnvironmentFacts } from '../memory/environment';
import { MemorySession } from '../memory/instructions';
import { externalImportsDecision } from '../memory/approval';
import type { InstructionFile, MemoryEntry } from '../memory/instructions';
import { buildSystemPrompt } from '../memory/systemPrompt';
import { serverInstructions } from '../mcp/instructions';
import { AutoApplyProposals } from '../node/autoApplyProposals';
import { findRipgrepAsync } from '../node/ripgrep';
import { NodeWorkspace } from '../node/workspace';
import { PermissionEngine } from '../permissions/engine';
import type { PermissionMode, PermissionRules } from '../permissions/engine';
import type { LoadedSettings } from '../config/loader';
import type { SettingsFile } from '../config/settingsFiles';
import type { Approver } from '../ports';
import { systemClock } from '../ports';
import { SessionLog } from '../session/log';
import { toMessages } from '../session/replay';
import { findSession, forkSession, latestSession, openOrFork, sessionsDir } from '../session/store';
import { PersistentShell } from '../shell/persistentShell';
import { createScratchDir } from '../shell/scratch';
import { BUILTIN_TOOLS, toolsByName } from '../tools/registry';
import type { BackgroundJobInfo } from '../tools/types';
import type { SessionState, Tool } from '../tools/types';
import { defineTool } from './defineTool';
import type { ToolDefinition } from './defineTool';
import { ConfigError } from './errors';
import { withNestedInstructions } from './nestedInstructions';
import { compactionConfig } from '../context/config';
import type { CompactionConfig } from '../context/config';
import { Ledger } from '../context/ledger';
import type { CompactionHooks } from '../context/manager';
import { runCompact } from './compact';
import type { CompactResult } from './compact';
import { agentConfig } from './agentConfig';
import { checkAgentOptions } from './options';
import { switchesToRules } from './permissions';
import type { PermissionSwitches } from './permissions';
import { printableResult, toQueryEvent } from './stream';
import type { PromptResult, QueryEvent } from './stream';
import { Hooks } from '../hooks/hooks';
import { CommandSession } from '../commands/session';
import { resolveAgentModel } from '../agents/models';
import { McpConfigError } from '../mcp/config';
import { McpSession, skippedNotice } from '../mcp/session';
import { mcpStatus, settingsStatus } from './status';
import type { StatusInfo } from './status';

/** The placeholder key of an agent made withoutModel: never a real credential, so a request with it is refused. */
export interface AgentOptions {
  provider: ProviderId;
  /** Default: the provider's default model. */
  model?: string;
  /** Default: ANTHROPIC_API_KEY or OPENAI_API_KEY. */
  apiKey?: string;
  /** Default: ANTHROPIC_BASE_URL or OPENAI_BASE_URL, else the public endpoint. */
  baseURL?: string;
  /** The folder the agent works in; default process.cwd(). */
  cwd?: string;
  /** More folders the agent may work in (--add-dir). */
  additionalDirectories?: string[];
  /** Built-in tool names and/or tools from defineTool. Default: every built-in tool. */
  tools?: (string | Tool)[];
  /** Default: defaultMode from the settings files, else 'default'. */
  permissionMode?: PermissionMode;
  /** Added to the rules of the settings files (userDir/settings.json, .tandem/settings*.json). */
  rules?: PermissionRules;
  /** Settings in Claude Code's shape (every key), at the level of command-line flags: above the files, below managed settings. */
  settings?: SettingsFile;
  /** Asked when a call needs approval; without one such calls are denied and the model told why. */
  approver?: Approver;
  appendSystemPrompt?: string;
  /** Replaces Tandem's system prompt entirely. */
  systemPrompt?: string;
  maxTurns?: number;
  /** Write the session log (default true) under sessionsBaseDir (default ~/.tandem). */
  persistSession?: boolean;
  /**
   * The agent will not talk to the model (the CLI's /status and /memory): a missing API key is not an
   * error then. A call that does reach the provider fails with the provider's own "no key" answer.
   */
  withoutModel?: boolean;
  sessionsBaseDir?: string;
  /** Continue a session by id (or unique prefix), or the latest one in this folder. */
  resume?: string;
  continueLatest?: boolean;
  /** With resume or continueLatest: continue in a new session (a copy of that one) and leave it as it was. */
  forkSession?: boolean;
  /** Where user-level AGENTS.md/CLAUDE.md, settings.json and approved-settings.json live; default ~/.tandem. */
  userDir?: string;
  /**
   * Load `@path` imports in the project's memory files (CLAUDE.md...) that point outside the
   * workspace. Default: the answer recorded for this project in the user folder (the VS Code panel
   * asks once, as Claude Code does), else false: they are listed by memoryFiles() as 'external'.
   */
  memoryExternalImports?: boolean;
  retry?: RetryPolicy;
  /** Sub-agents besides the built-in ones and the agent files: name → {description, prompt, tools?, model?, ...} (the CLI's --agents). */
  agents?: Record<string, Record<string, unknown>>;
  /** Sub-agents running at once (default 4) and how deep they may nest (default 2). */
  maxConcurrentSubagents?: number;
  maxSubagentDepth?: number;
  /** Hosts WebFetch may reach on private or loopback addresses (default: TANDEM_WEBFETCH_ALLOW_PRIVATE_HOSTS, comma-separated). */
  webFetchAllowPrivateHosts?: string[];
  /** Context compaction over the settings files' and variables' (e.g. { micro: false } or { auto: false }). */
  compaction?: Partial<CompactionConfig>;
  /** Called before and after a summary compaction (PreCompact / PostCompact hooks attach here). */
  compactionHooks?: CompactionHooks;
  /** Platform (Bedrock/Vertex/Azure), OpenAI wire API, reasoning effort or thinking budget, 1M context. */
  providerSettings?: ProviderSettings;
  /** MCP server configurations to add (--mcp-config: files or JSON strings), narrowest scope. */
  mcpConfig?: string[];
  /** Use only the mcpConfig servers, none from the configuration files (--strict-mcp-config). */
  strictMcpConfig?: boolean;
  /** false: no MCP servers at all. */
  mcp?: boolean;
}


export interface Agent {
  readonly sessionId: string;
  readonly model: string;
  /** Problems found while resuming (torn lines skipped), for the caller to show. */
  readonly warnings: string[];
  /** The permission engine: its mode can change between queries, addRule adds rules. */
  readonly permissions: PermissionEngine;
  /** The folder's MCP servers (absent when MCP is off). */
  readonly mcp?: McpSession;
  /** The merged settings (config/loader.ts): which files were loaded, and every key (`raw`) for features that read their own. */
  readonly settings: LoadedSettings;
  /** The run's events as they happen; each has `content` (a text delta's text, else ''). A second call continues the conversation. */
  query(prompt: string, options?: { signal?: AbortSignal }): AsyncIterable<QueryEvent>;
  /** Runs to the end; the result prints as the answer (console.log(result)). A second call continues the conversation. */
  prompt(prompt: string, options?: { signal?: AbortSignal }): Promise<PromptResult>;
  /** Adds a tool of your own to this agent (JSON schema in `parameters` or `inputSchema`); it runs without asking unless a rule or setPermissions denies it. */
  defineTool<I = Record<string, unknown>>(def: ToolDefinition<I>): Tool<I>;
  /** Per-tool switches on top of the permission engine, e.g. { readFile: { allowed: true }, writeFile: { allowed: false } }; a deny beats an allow. Replaces the previous switches. */
  setPermissions(switches: PermissionSwitches): void;
  /** The conversation as the model sees it (compacted; the session log keeps everything). */
  messages(): readonly Message[];
  /** Commands started with Bash run_in_background, running or ended; close() stops the running ones. */
  backgroundCommands(): BackgroundJobInfo[];
  /** The memory files (CLAUDE.md, AGENTS.md, CLAUDE.local.md, rules, imports) found so far, loaded or not, with where each came from (/memory). */
  memoryFiles(): Promise<MemoryEntry[]>;
  /** What it runs with (/status): model, permission mode, settings files, MCP servers (once started), memory files, commands. */
  status(): Promise<StatusInfo>;
  /** Compacts the conversation now (/compact): a summary of it, with optional instructions on what to keep. */
  compact(instructions?: string, options?: { signal?: AbortSignal; onEvent?: (ev: AgentEvent) => void }): Promise<CompactResult>;
  close(): void;
}


export { ConfigError };

function resolveTools(spec: AgentOptions['tools']): Tool[] {
  if (!spec) return [...BUILTIN_TOOLS];
  return spec.flatMap((t) => (typeof t === 'string' ? toolsByName([t]) : [t]));
}

export type { PromptResult, QueryEvent };

export function createAgent(agentOptions: AgentOptions): Agent {
  checkAgentOptions(agentOptions);
  const options = { ...agentOptions, cwd: agentOptions.cwd ?? process.cwd() };
  const provider = options.provider;
  if (provider !== 'anthropic' && provider !== 'openai') throw new ConfigError(`Unknown provider "${String(provider)}": use anthropic or openai.`);
  const userDir = options.userDir ?? join(homedir(), '.tandem');
  const { settings, env, extraDirs, resolved, warnings } = agentConfig({ ...options, provider, userDir });
  const model = resolved.model;
  const workspace = new NodeWorkspace({
    roots: [options.cwd, ...(options.additionalDirectories ?? []), ...extraDirs],
    // Looked up in the background (a probe process): the first Glob or Grep waits for it, not the start.
    ripgrepPath: findRipgrepAsync(),
  });
  const cwd = workspace.roots()[0];
  const baseDir = options.sessionsBaseDir ?? join(homedir(), '.tandem');
  const dir = sessionsDir(baseDir, cwd);

  // Resume: the model's history is rebuilt from the log, and the log goes on.
  let history: Message[] = [];
  let ledger: Ledger | undefined;
  let log: SessionLog | undefined;
  if (options.resume !== undefined && options.resume.trim() === '') throw new ConfigError('resume needs a session id; it was empty. Leave it out to start a new session, or use continueLatest for the most recent one.');
  if (options.resume || options.continueLatest) {
    const info = options.resume ? findSession(dir, options.resume) : latestSession(dir);
    if (!info) throw new ConfigError(options.resume ? `No session "${options.resume}" for ${cwd}.` : `No earlier session to continue in ${cwd}.`);
    const read = SessionLog.read(info.file);
    for (const w of read.warnings) warnings.push(`${info.file}:${w.line}: ${w.message}`);
    history = toMessages(read.events);
    ledger = Ledger.fromEvents(read.events);
    const last = read.events.at(-1)?.seq;
    try {
      if (options.forkSession && last) log = SessionLog.open(forkSession(info.file, last).file);
      else {
        const opened = openOrFork(info.file);
        log = opened.log;
        if (opened.notice) warnings.push(opened.notice);
      }
    } catch (err) {
      throw new ConfigError(`Cannot continue session "${options.resume ?? info.sessionId}": ${(err as Error).message}`);
    }
  } else if (options.persistSession !== false) {
    log = SessionLog.create(dir, { cwd, provider, model });
  }
  const sessionId = log?.sessionId ?? randomUUID();
  // Private (mkdtemp, 0700, owner checked); the model may Read it (the permission engine knows it).
  const scratchDir = createScratchDir(sessionId);

  const session: SessionState = { readFiles: new Map(), todos: [], scratchDir };
  const shell = new PersistentShell({ cwd, scratchDir, env });
  // Memory files never include what a Read deny rule covers (the engine exists by the time they load).
  // As Claude Code: --add-dir folders give access, not instructions, unless CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD is set.
  const extraMemory = env.CLAUDE_CODE_ADDITIONAL_DIRECTORIES_CLAUDE_MD;
  const memoryRoots = extraMemory && extraMemory !== '0' && extraMemory !== 'false' ? workspace.roots() : [cwd];
  const memory = new MemorySession({ userDir, roots: memoryRoots, workspaceRoots: workspace.roots(), excludes: settings.claudeMdExcludes, managedText: settings.managedClaudeMd, readDenied: (p) => permissions.readDenied(p), allowExternalImports: options.memoryExternalImports ?? externalImportsDecision(userDir, cwd) === true });
  const extraAgents = agentsFromObject(options.agents ?? {});
  const agentDefs = loadAgents({ roots: workspace.roots(), userFolders: userAgentFolders(userDir), extra: extraAgents.agents });
  warnings.push(...extraAgents.warnings, ...agentDefs.warnings);
  const webSearch = providerSearchKind(resolved.config, model);
  const tools = withAgentList(withAvailableTools(resolveTools(options.tools), webSearch), agentDefs.agents).map((t) => withNestedInstructions(t, memory));
  const union = (a: string[], b: string[] = []) => [...new Set([...a, ...b])];
  const rules: PermissionRules = {
    allow: union(settings.allow, options.rules?.allow),
    ask: union(settings.ask, options.rules?.ask),
    deny: union(settings.deny, options.rules?.deny),
  };
  let mode = options.permissionMode ?? settings.defaultMode ?? 'default';
  if (mode === 'bypassPermissions' && settings.bypassDisabled) {
    warnings.push('bypassPermissions is disabled by managed settings; running in default mode.');
    mode = 'default';
  }
  const permissions = new PermissionEngine(mode, rules, workspace.roots(), { userDir, projectDir: cwd, scratchDir });
  const commands = new CommandSession({ home: homedir(), roots: workspace.roots(), cwd, sessionId, permissions, shell });
  warnings.push(...commands.warnings);
  const skill = commands.tool();
  if (skill) tools.push(skill);
  const recorder = log ? new SessionRecorder(log) : undefined;
  const hooks = new Hooks({
    definitions: settings.hooks,
    projectDir: cwd,
    sessionId,
    transcriptPath: log?.file,
    permissionMode: () => permissions.mode,
    env,
  });
  // MCP servers start now, all at once, in the background; the first request waits for them at
  // most MCP_TIMEOUT. Project servers nobody approved are listed, not started.
  let mcp: McpSession | undefined;
  try {
    if (options.mcp !== false) mcp = new McpSession({ cwd, home: homedir(), userDir, flagConfigs: options.mcpConfig, strict: options.strictMcpConfig, model, denyRules: () => permissions.rules('deny'), userSettings: settings.mcp });
  } catch (err) {
    throw err instanceof McpConfigError ? new ConfigError(err.message) : err;
  }
  if (mcp) {
    warnings.push(...mcp.manager.warnings);
    const notice = skippedNotice(mcp.skipped());
    if (notice) warnings.push(notice);
    void mcp.manager.startAll();
  }

  let conversation: Conversation | undefined;
  let services: SessionServices | undefined;
  const init = async (): Promise<Conversation> => {
    if (conversation) return conversation;
    let system = options.systemPrompt;
    let gathered: Promise<[EnvironmentFacts, InstructionFile[]]> | undefined;
    const context = () => (gathered ??= Promise.all([environmentFacts({ cwd, now: new Date(systemClock.now()) }), memory.load()]));
    const instructionTexts: string[] = [];
    if (system === undefined) {
      const gathering = context();
      // The provider's SDK loads (synchronously, tens of ms) while `git status` runs for the facts.
      llm.prepare?.();
      // The servers' instructions go into the prompt, so it waits for them (the first request would anyway).
      await mcp?.manager.ready();
      const [facts, instructions] = await gathering;
      instructionTexts.push(...instructions.map((f) => f.content));
      const append = [commands.listing(), mcp && serverInstructions(mcp.manager), options.appendSystemPrompt].filter(Boolean).join('\n\n') || undefined;
      system = buildSystemPrompt({ facts, instructions, append, toolNames: tools.map((t) => t.name) });
    } else if (options.appendSystemPrompt) {
      system = `${system}\n\n${options.appendSystemPrompt}`;
    }
    services = createSessionServices({
      provider: llm,
      providerId: provider,
      model: () => model,
      agents: agentDefs.agents,
      tools,
      dynamicTools: mcp ? () => mcp.toolset.current() : undefined,
      toolContext: { cwd, workspace, proposals: new AutoApplyProposals(), shell, session, clock: systemClock },
      permissions,
      approver: options.approver,
      systemContext: async () => {
        const [facts, instructions] = await context();
        return { facts, instructions };
      },
      maxConcurrent: options.maxConcurrentSubagents,
      maxDepth: options.maxSubagentDepth,
      logFile: log?.file,
      retry: options.retry,
      shellState: () => shell.state(),
      allowPrivateHosts: options.webFetchAllowPrivateHosts,
      webSearch,
      hooks,
    });
    conversation = new Conversation({
      provider: llm,
      model,
      system,
      tools,
      toolContext: services.toolContext,
      permissions,
      approver: options.approver,
      maxTurns: options.maxTurns,
      retry: options.retry,
      history,
      ledger,
      compaction: { ...compactionConfig({ settings: settings.raw, env, model, instructionTexts }), ...options.compaction },
      compactionHooks: options.compactionHooks,
      hooks,
      sessionStartSource: options.resume || options.continueLatest ? 'resume' : 'startup',
      dynamicTools: mcp && (() => mcp.toolset.current()),
    });
    await mcp?.manager.ready();
    return conversation;
  };

  let running = false;
  const llm = createProvider(resolved.config);
  let switchRules: { allow: string[]; deny: string[] } = { allow: [], deny: [] };
  const agent: Agent = {
    sessionId,
    model,
    warnings,
    permissions,
    // The CLI reports the servers' failures and sign-in requests through it (reportMcpFailures).
    mcp,
    settings,
    async *query(prompt, opts = {}) {
      if (running) throw new Error('This agent is already running a query; wait for it to finish.');
      running = true;
      let turn: Awaited<ReturnType<CommandSession['prepare']>> | undefined;
      try {
        const conv = await init();
        const signal = opts.signal ?? new AbortController().signal;
        // "/name args": a custom command or skill (its allowed-tools and model for this turn only).
        turn = await commands.prepare(prompt, signal);
        // sonnet | opus | haiku map to this provider's tier, as for sub-agents.
        if (turn.model) conv.use(llm, resolveAgentModel(provider, model, turn.model));
        const input = mcp ? await mcp.prepare(turn.text, signal) : { text: turn.text, extra: [], problems: [] };
        for (const problem of input.problems) warnings.push(problem);
        for await (const ev of conv.send(input.text, signal, input.extra, input.text !== prompt ? { command: prompt.trim() } : {})) {
          recorder?.record(ev);
          yield toQueryEvent(ev);
        }
      } finally {
        turn?.release();
        if (turn?.model) conversation?.use(llm, model);
        running = false;
      }
    },
    async compact(instructions, opts = {}) {
      if (running) throw new Error('This agent is running a query; compact after it finishes.');
      running = true;
      try {
        const conv = await init();
        return await runCompact(conv, instructions, opts.signal ?? new AbortController().signal, (ev) => {
          recorder?.record(ev);
          opts.onEvent?.(ev);
        });
      } finally {
        running = false;
      }
    },
    async prompt(prompt, opts = {}) {
      let text = '';
      let context: PromptResult['context'];
      let usage = emptyUsage();
      let turns = 0;
      let status: TurnStatus = 'error';
      let error: string | undefined;
      for await (const ev of agent.query(prompt, opts)) {
        if (ev.type === 'assistant_message') {
          const t = ev.message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
          if (t) text = t;
        } else if (ev.type === 'error') error = ev.message;
        else if (ev.type === 'context') context = { tokens: ev.tokens, ...(ev.window ? { window: ev.window } : {}) };
        else if (ev.type === 'turn_end') {
          usage = ev.usage;
          turns = ev.turns;
          status = ev.status;
        }
      }
      return printableResult({ text, usage, costUsd: costUsd(model, usage), turns, sessionId, status, error, ...(context ? { context } : {}) });
    },
    defineTool(def) {
      const tool = defineTool(def);
      if (tools.some((t) => t.name === tool.name)) throw new ConfigError(`This agent already has a tool named "${tool.name}".`);
      const wrapped = withNestedInstructions(tool as Tool, memory);
      tools.push(wrapped);
      conversation?.addTool(wrapped);
      // The program that adds a tool vouches for it; a deny rule or setPermissions can still refuse it.
      void permissions.addRule('allow', tool.name, 'session');
      return tool;
    },
    setPermissions(switches) {
      const next = switchesToRules(switches, tools.map((t) => t.name));
      const keep = (list: 'allow' | 'deny') => permissions.rules(list).filter((r) => !switchRules[list].includes(r));
      const ask = permissions.rules('ask');
      const allow = keep('allow');
      const deny = keep('deny');
      // Only rules that were not there already are the switches' own (and removed by the next call).
      switchRules = { allow: next.allow.filter((r) => !allow.includes(r)), deny: next.deny.filter((r) => !deny.includes(r)) };
      permissions.reload({ allow: [...allow, ...switchRules.allow], ask, deny: [...deny, ...switchRules.deny] });
    },
    messages: () => conversation?.messages ?? history,
    async status() {
      await mcp?.manager.ready();
      const memoryEntries = await memory.entries();
      return {
        provider,
        model,
        permissionMode: permissions.mode,
        cwd,
        settings: settingsStatus(settings),
        mcp: mcpStatus(mcp?.manager.servers() ?? []),
        memoryFiles: memoryEntries.filter((e) => e.status === 'loaded').map((e) => e.path),
        commands: commands.commands.filter((c) => c.kind === 'command').length,
        skills: commands.skills.length,
      };
    },
    backgroundCommands: () => services?.background.list() ?? [],
    memoryFiles: () => memory.entries(),
    close() {
      services?.dispose();
      // SessionEnd runs on its own (nothing waits for it); the process lives until it ends.
      if (hooks.has('SessionEnd')) void hooks.run('SessionEnd', { reason: 'other' }, { match: 'other' }).catch(() => undefined);
      void mcp?.manager.close();
      shell.dispose();
      log?.close();
      // Saved outputs (full Bash output, background jobs) belong to this agent; the jobs just died.
      rmSync(scratchDir, { recursive: true, force: true });
    },
  };
  return agent;
}

/** One-shot: runs a prompt with a fresh agent and streams its events; the agent is closed after. */
export async function* query(options: AgentOptions & { prompt: string; signal?: AbortSignal }): AsyncGenerator<QueryEvent> {
  const { prompt: text, signal, ...agentOptions } = options;
  const agent = createAgent(agentOptions);
  try {
    yield* agent.query(text, { signal });
  } finally {
    agent.close();
  }
}

/** One-shot: runs a prompt with a fresh agent and returns the final answer. */
export async function prompt(text: string, options: AgentOptions & { signal?: AbortSignal }): Promise<PromptResult> {
  const { signal, ...agentOptions } = options;
  const agent = createAgent(agentOptions);
  try {
    return await agent.prompt(text, { signal });
  } finally {
    agent.close();
  }
}
