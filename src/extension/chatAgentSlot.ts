import * as vscode from 'vscode';
import { createProvider } from '../core/llm';
import type { ChatAgent, HostServices } from './agentFactory';
import { createChatAgent } from './agentFactory';
import type { ApiKeys } from './config';
import { providerConfig } from './config';
import { t } from './l10n';
import { askExternalImports } from './memoryCommand';
import { askToApproveSettings } from './permissionsView';

/** Why a chat has no agent for its next run: a provider setting that cannot work, no provider set up, or a failed start. */
export type AgentProblem = { kind: 'setup' } | { kind: 'error'; message: string };

/**
 * The agent of one chat, started on its first message (continuing a stored session when the chat
 * shows one), switched to the chosen model before each run, and dropped when the conversation is
 * replaced (new chat, another session, a rewind).
 */
export class AgentSlot implements vscode.Disposable {
  private current: ChatAgent | undefined;
  /** A stored session shown in this chat (History, a fork): the agent continues it on the next message. */
  private resumeFile: string | undefined;

  constructor(
    private readonly keys: ApiKeys,
    private readonly services: () => HostServices,
    /** The settings files changed after a start asked about them (the chat reloads its rules). */
    private readonly reloadPermissions: () => void,
  ) {}

  get agent(): ChatAgent | undefined {
    return this.current;
  }

  /** The stored session the next agent continues, if the chat shows one it has not started yet. */
  get pendingResume(): string | undefined {
    return this.resumeFile;
  }

  /** The session log this chat writes, or the stored one it continues on its next message. */
  get logFile(): string | undefined {
    return this.current?.logFile ?? this.resumeFile;
  }

  /** Drops the agent; the next run starts a new one, continuing `resumeFile` when given. */
  clear(resumeFile?: string): void {
    this.current?.dispose();
    this.current = undefined;
    this.resumeFile = resumeFile;
  }

  /** Continues at once in a session log (a rewound conversation); no agent when no provider is set up. */
  async restart(file: string): Promise<void> {
    const resolved = await providerConfig(this.keys);
    this.clear();
    if (resolved) this.current = await createChatAgent(resolved.config, resolved.model, this.services(), file);
  }

  /** The agent for the next run (started, or switched to the chosen model), or why there is none. */
  async ready(): Promise<{ agent: ChatAgent; model: string; started: boolean } | AgentProblem> {
    let resolved: Awaited<ReturnType<typeof providerConfig>>;
    try {
      resolved = await providerConfig(this.keys);
    } catch (err) {
      // A provider setting that cannot work (Vertex without a project, Azure without an endpoint): say which.
      return { kind: 'error', message: t('Check the Tandem provider settings: {0}', (err as Error).message) };
    }
    if (!resolved) return { kind: 'setup' };
    if (this.current) {
      this.current.conversation.use(createProvider(resolved.config), resolved.model);
      return { agent: this.current, model: resolved.model, started: false };
    }
    try {
      this.current = await createChatAgent(resolved.config, resolved.model, this.services(), this.resumeFile);
    } catch (err) {
      return { kind: 'error', message: t('Could not start the agent: {0}', String(err)) };
    }
    this.resumeFile = undefined;
    this.askOnStart(this.current);
    return { agent: this.current, model: resolved.model, started: true };
  }

  /** A new agent's questions: repository settings that need approval, and (once per project, as Claude Code asks) memory imports from outside the workspace. */
  private askOnStart(agent: ChatAgent): void {
    if (agent.pendingSettings.length) void askToApproveSettings(agent.pendingSettings, this.reloadPermissions);
    const projectDir = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!projectDir) return;
    void agent.memoryFiles?.()
      .then((files) => askExternalImports(projectDir, files.filter((f) => f.status === 'external')))
      .catch((err: unknown) => this.services().log.warn(`Memory files: ${String(err)}`));
  }

  dispose(): void {
    this.clear();
  }
}
