// Builds the agent the chat runs: the core's loop and every built-in tool, on VS Code's side of the
// ports: the workspace API (dirty buffers, files.exclude), edits as proposals reviewed in the editor,
// commands mirrored in a terminal, checkpoints before changes, and questions asked in the panel.
import { rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Conversation } from '../core/agent/conversation';
import { SessionRecorder } from '../core/agent/recorder';
import type { AgentEvent } from '../core/agent/events';
import { BlobStore } from '../core/checkpoints/blobStore';
import { Checkpointer } from '../core/checkpoints/checkpointer';
import { withBashCheckpoints, withCheckpoints } from '../core/checkpoints/wrap';
import { createProvider } from '../core/llm';
import type { Message, ProviderConfig } from '../core/llm/types';
import { environmentFacts } from '../core/memory/environment';
import { MemorySession } from '../core/memory/instructions';
import { externalImportsDecision } from '../core/memory/approval';
import type { MemoryEntry } from '../core/memory/instructions';
import { buildSystemPrompt } from '../core/memory/systemPrompt';
import { PermissionEngine } from '../core/permissions/engine';
import type { PermissionMode } from '../core/permissions/engine';
import { loadSettings } from '../core/config/loader';
import type { LoadedSettings } from '../core/config/loader';
import type { PendingApproval } from '../core/config/trust';
import type { Approver, Proposals } from '../core/ports';
import { systemClock } from '../core/ports';
import { SessionLog } from '../core/session/log';
import { toMessages } from '../core/session/replay';
import { openOrFork, sessionsDir } from '../core/session/store';
import { withNestedInstructions } from '../core/sdk/nestedInstructions';
import { PersistentShell } from '../core/shell/persistentShell';
import { createScratchDir } from '../core/shell/scratch';
import { BUILTIN_TOOLS } from '../core/tools/registry';
import { withAgentList } from '../core/tools/agent';
import { loadAgents, userAgentFolders } from '../core/agents/definitions';
import { createSessionServices, withAvailableTools } from '../core/agents/sessionServices';
import { providerSearchKind } from '../core/web/search';
import { Hooks } from '../core/hooks/hooks';
import { CommandSession } from '../core/commands/session';
import { commandTurns } from './commandTurns';
import type { HookRun } from '../core/hooks/hooks';
import { WatcherChangeFeed } from './host/changeFeed';
import { TerminalShell } from './host/terminalShell';
import type { LastTerminalCommand } from './host/terminalShell';
import { effectivePermissionMode } from './host/trust';
import { VscodeWorkspace } from './host/vscodeWorkspace';
import type { McpHost } from './mcp/mcpHost';
import type { BackgroundSource } from './backgroundPanel';
import type { PreparedInput } from '../core/mcp/session';
import { compactionConfig } from '../core/context/config';
import { Ledger } from '../core/context/ledger';

export interface HostServices {
  /** Where session logs and checkpoint blobs go (the extension's global storage). */
  storageDir: string;
  proposals: Proposals;
  approver: Approver;
  /** The mode the user chose; an untrusted workspace turns it into plan. */
  permissionMode: PermissionMode;
  log: vscode.LogOutputChannel;
  /** The window's MCP servers; absent: no MCP tools. */
  mcp?: McpHost;
  /** A background command of this chat started, moved to the background or ended (the panel's list). */
  onBackgroundChange?: () => void;
}

export interface ChatAgent {
  conversation: Conversation;
  permissions: PermissionEngine | undefined;
  logFile: string | undefined;
  /** Checkpoint contents (rewind reads them). */
  store: BlobStore | undefined;
  /** Resolves once the last turn's checkpoint is written. */
  settled(): Promise<void>;
  /** Repository settings whose risky parts wait for the user's approval. */
  pendingSettings: PendingApproval[];
  /** The merged settings: which files were loaded (/status), every key for other features. */
  settings?: LoadedSettings;
  /** Reads the settings files again (they changed); returns what still waits for approval. */
  reloadPermissions(): PendingApproval[];
  /** Feed every event of a run through this: it logs the session and drives checkpoints. */
  record(ev: AgentEvent): void;
  /** Names the session (History → Rename): a title event from the log's one writer; absent without a folder. */
  setTitle?: (title: string) => void;
  /** The last command the agent ran in the Tandem terminal (the @terminal mention); absent without a folder. */
  lastTerminalCommand?: () => LastTerminalCommand | undefined;
  /** MCP expansion of what the user typed (prompts as slash commands, @server:uri resources). */
  prepareInput?: (text: string, signal: AbortSignal) => Promise<PreparedInput>;
  /** The memory files found so far, loaded or not, with where each came from (/memory); absent without a folder. */
  memoryFiles?: () => Promise<MemoryEntry[]>;
  /** The session's background commands (the panel's list, Stop, "Move to background"); absent without a folder. */
  background?: BackgroundSource;
  dispose(): void;
}

/**
 * The memory files a chat in this window would load, found without starting an agent (/memory
 * before the first message): the same loader, with the settings' Read deny rules.
 */
export function listMemoryFiles(): Promise<MemoryEntry[]> {
  const roots = new VscodeWorkspace().roots();
  if (roots.length === 0) return Promise.resolve([]);
  const userDir = join(homedir(), '.tandem');
  const settings = loadSettings({ userDir, projectDirs: roots, home: homedir(), trusted: vscode.workspace.isTrusted });
  const permissions = new PermissionEngine('default', settings, [...roots, ...settings.additionalDirectories], { userDir, projectDir: roots[0] });
  return new MemorySession({ userDir, roots, excludes: settings.claudeMdExcludes, managedText: settings.managedClaudeMd, readDenied: (p) => permissions.readDenied(p), allowExternalImports: externalImportsDecision(userDir, roots[0]) === true }).entries();
}

export async function createChatAgent(config: ProviderConfig, model: string, host: HostServices, resumeFile?: string): Promise<ChatAgent> {
  const provider = createProvider(config);
  const workspace = new VscodeWorkspace();
  const roots = workspace.roots();
  if (roots.length === 0) {
    // No folder open: a plain chat, without tools.
    const system = buildSystemPrompt({ facts: await environmentFacts({ cwd: homedir(), now: new Date() }), instructions: [], toolNames: [] });
    return {
      conversation: new Conversation({ provider, model, system }),
      permissions: undefined,
      logFile: undefined,
      store: undefined,
      settled: () => Promise.resolve(),
      pendingSettings: [],
      reloadPermissions: () => [],
      record: () => undefined,
      dispose: () => undefined,
    };
  }
  const cwd = roots[0];
  const problem = workspace.ripgrepProblem();
  if (problem) host.log.warn(problem);
  // Memory files (CLAUDE.md, rules, imports...); read below, once the permission engine knows the
  // deny rules (a file a Read deny rule covers is never loaded). Reads of files add folder ones.
  let memory: MemorySession | undefined;
  const memoryOnRead = { onRead: (path: string) => memory?.onRead(path) ?? Promise.resolve([]) };
  const agentDefs = loadAgents({ roots, userFolders: userAgentFolders() });
  for (const w of agentDefs.warnings) host.log.warn(`Agents: ${w}`);
  const webSearch = providerSearchKind(config, model);
  const tools = withAgentList(withAvailableTools([...BUILTIN_TOOLS], webSearch), agentDefs.agents).map((t) => withNestedInstructions(t, memoryOnRead));

  let log: SessionLog | undefined;
  let history: Message[] = [];
  let ledger: Ledger | undefined;
  try {
    if (resumeFile) {
      const { events } = SessionLog.read(resumeFile);
      history = toMessages(events);
      ledger = Ledger.fromEvents(events);
      // Another window writing the same session: this chat continues in a copy of it.
      const opened = openOrFork(resumeFile);
      log = opened.log;
      if (opened.notice) host.log.warn(opened.notice);
    } else {
      log = SessionLog.create(sessionsDir(host.storageDir, cwd), { cwd, provider: config.provider, model });
    }
  } catch (err) {
    host.log.warn(`Session log not written: ${String(err)}`);
  }
  const store = new BlobStore(join(host.storageDir, 'checkpoints'));
  const scratchDir = createScratchDir(log?.sessionId ?? 'chat');
  const session = { readFiles: new Map(), todos: [], scratchDir };
  const changeFeed = new WatcherChangeFeed();
  const checkpointer = new Checkpointer({
    store,
    log,
    workspaceRoots: () => workspace.roots(),
    ripgrepPath: workspace.ripgrepPath(),
    ignoreGlobs: () => workspace.excludeGlobs?.() ?? [],
    knownFiles: () => session.readFiles.keys(),
    excludeDirs: [scratchDir, host.storageDir],
    onWarning: (m) => host.log.warn(`Checkpoint: ${m}`),
    changeFeed,
  });
  const inner = new PersistentShell({ cwd, scratchDir });
  const shell = new TerminalShell(inner);
  // Rules from ~/.tandem/settings.json and the folders' .tandem/settings*.json; the mode is the
  // panel's (tandem.permissionMode). A repository's risky settings wait for the user's approval.
  const userDir = join(homedir(), '.tandem');
  // Claude Code's files too (config/loader.ts); repository files raise nothing in an untrusted workspace.
  const load = () => loadSettings({ userDir, projectDirs: roots, home: homedir(), trusted: vscode.workspace.isTrusted });
  const settings = load();
  for (const w of settings.warnings) host.log.warn(`Settings: ${w}`);
  for (const p of settings.pendingApprovals) host.log.warn(`Settings: ${p.file} is ignored in part until approved: ${p.items.join('; ')}`);
  const permissions = new PermissionEngine(effectivePermissionMode(host.permissionMode), settings, [...roots, ...settings.additionalDirectories], {
    editsAreReviewed: true,
    userDir,
    projectDir: cwd,
    scratchDir,
  });
  memory = new MemorySession({ userDir, roots, excludes: settings.claudeMdExcludes, managedText: settings.managedClaudeMd, readDenied: (p) => permissions.readDenied(p), allowExternalImports: externalImportsDecision(userDir, cwd) === true });
  const [facts, instructions] = await Promise.all([environmentFacts({ cwd, now: new Date() }), memory.load()]);
  const recorder = log && new SessionRecorder(log);
  const mcp = host.mcp?.forChat(model, () => permissions.rules('deny'));
  // Custom commands and skills (.claude/commands, .claude/skills…), as the CLI and SDK have them:
  // "/name args" expands in the send path, the model loads skills with the Skill tool.
  const commands = new CommandSession({ home: homedir(), roots, cwd, sessionId: log?.sessionId ?? 'no-session', permissions, shell });
  for (const w of commands.warnings) host.log.warn(`Commands: ${w}`);
  const skill = commands.tool();
  if (skill) tools.push(skill);
  const system = buildSystemPrompt({ facts, instructions, append: commands.listing(), toolNames: tools.map((t) => t.name) });
  // Repository hooks are in settings.hooks only in a trusted workspace, once the user approved that file's hook set (loader.ts).
  const hooks = new Hooks({
    definitions: settings.hooks,
    projectDir: cwd,
    sessionId: log?.sessionId ?? 'no-session',
    transcriptPath: log?.file,
    permissionMode: () => permissions.mode,
    env: { ...process.env, ...settings.env },
    onRun: (run) => logHookRun(host.log, run),
  });
  const services = createSessionServices({
    provider,
    providerId: config.provider,
    model: () => model,
    agents: agentDefs.agents,
    tools,
    dynamicTools: mcp?.tools,
    toolContext: { cwd, workspace, proposals: withCheckpoints(host.proposals, checkpointer), shell: withBashCheckpoints(shell, checkpointer), session, clock: systemClock },
    permissions,
    approver: host.approver,
    systemContext: async () => ({ facts, instructions }),
    logFile: log?.file,
    shellState: () => inner.state(),
    hooks,
    webSearch,
    onBackgroundChange: host.onBackgroundChange && (() => host.onBackgroundChange?.()),
  });
  const conversation = new Conversation({
    provider,
    model,
    // Servers already connected when the chat starts say how their tools are used (as in the CLI).
    system: [system, mcp?.instructions()].filter(Boolean).join('\n\n'),
    tools,
    toolContext: services.toolContext,
    permissions,
    approver: host.approver,
    history,
    dynamicTools: mcp?.tools,
    ledger,
    compaction: compactionConfig({ settings: settings.raw, env: { ...process.env, ...settings.env }, model, instructionTexts: instructions.map((f) => f.content) }),
    hooks,
    sessionStartSource: resumeFile ? 'resume' : 'startup',
  });
  let pendingCheckpoint: Promise<unknown> = Promise.resolve();
  const turns = commandTurns(commands, conversation, mcp, config.provider, (w) => host.log.warn(`Commands: ${w}`));
  const reloadPermissions = () => {
    const fresh = load();
    permissions.reload(fresh);
    hooks.setDefinitions(fresh.hooks);
    return fresh.pendingApprovals;
  };
  return {
    conversation,
    permissions,
    pendingSettings: settings.pendingApprovals,
    settings,
    reloadPermissions,
    logFile: log?.file,
    store,
    record(ev) {
      recorder?.record(ev);
      // A command's allowed-tools and model last for its turn only.
      if (ev.type === 'turn_end') turns.end();
      if (ev.type === 'user_message') checkpointer.startTurn(ev.id);
      else if (ev.type === 'turn_end') {
        pendingCheckpoint = checkpointer.endTurn().catch((err) => host.log.warn(`Checkpoint not saved: ${String(err)}`));
      }
    },
    settled: () => pendingCheckpoint.then(() => undefined),
    setTitle: (title) => void log?.append({ type: 'title', title }),
    lastTerminalCommand: () => shell.lastCommand,
    prepareInput: turns.prepare,
    memoryFiles: () => memory!.entries(),
    background: services.background,
    dispose() {
      services.dispose();
      if (hooks.has('SessionEnd')) void hooks.run('SessionEnd', { reason: 'other' }, { match: 'other' }).catch(() => undefined);
      shell.dispose();
      changeFeed.dispose();
      log?.close();
      rmSync(scratchDir, { recursive: true, force: true });
    },
  };
}

/** Every hook run in the Output channel: what ran, with what input, what it said, how long it took. */
function logHookRun(log: vscode.LogOutputChannel, run: HookRun): void {
  const head = `Hook ${run.event} \`${run.command}\` (${run.source}): ${run.outcome}, exit ${run.exitCode ?? '-'}${run.timedOut ? ' (timed out)' : ''}, ${run.durationMs} ms`;
  const body = [`  input: ${run.input}`, run.stdout ? `  stdout: ${run.stdout}` : '', run.stderr ? `  stderr: ${run.stderr}` : ''].filter(Boolean).join('\n');
  if (run.outcome === 'ok') log.info(`${head}\n${body}`);
  else log.warn(`${head}${run.message ? `: ${run.message}` : ''}\n${body}`);
}
