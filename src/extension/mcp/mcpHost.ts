// MCP in the editor: one McpManager for the window's first folder, shared by every chat. Servers
// start in the background when the window opens (a chat never waits for them); their stderr goes
// to the Tandem Output channel; a project server waits until the user approves it in a modal that
// shows exactly what it runs; `${input:id}` values of .vscode/mcp.json are asked in an input box.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadSettings } from '../../core/config/loader';
import { loadMcpConfig } from '../../core/mcp/config';
import type { LoadedMcpConfig } from '../../core/mcp/config';
import { McpManager } from '../../core/mcp/manager';
import type { ServerState } from '../../core/mcp/manager';
import { McpSession } from '../../core/mcp/session';
import type { PreparedInput } from '../../core/mcp/session';
import type { Tool } from '../../core/tools/types';
import { t } from '../l10n';
import { serverInstructions } from '../../core/mcp/instructions';
import { SecretOAuthStore } from './secretOAuthStore';

export interface ChatMcp {
  tools(): Tool[];
  prepare(text: string, signal: AbortSignal): Promise<PreparedInput>;
  /** The connected servers' instructions for the system prompt (serverInstructions), if any. */
  instructions(): string | undefined;
}

export class McpHost implements vscode.Disposable {
  private current?: McpManager;
  private stopListening?: () => void;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  private reloads: Promise<void> = Promise.resolve();
  /** What the configuration files declared when the current manager was built. */
  private signature?: string;

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Where HTTP servers' OAuth tokens go (absent: the CLI's 0600 file in ~/.tandem). */
    private readonly secrets?: vscode.SecretStorage,
  ) {
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()));
    for (const pattern of ['.mcp.json', '.vscode/mcp.json']) {
      const watcher = vscode.workspace.createFileSystemWatcher(`**/${pattern}`);
      // A file event restarts the servers only when what the files declare changed (events repeat).
      const again = () => void this.reload({ onlyIfChanged: true });
      this.disposables.push(watcher, watcher.onDidChange(again), watcher.onDidCreate(again), watcher.onDidDelete(again));
    }
    void this.reload();
  }

  get manager(): McpManager | undefined {
    return this.current;
  }

  /**
   * Reads the configuration again and restarts every server (a file changed, a folder was added).
   * Reloads run one after another: two at once would each build a manager and one would be left
   * running, unseen, its servers started (and signing in) twice.
   */
  reload(opts: { onlyIfChanged?: boolean } = {}): Promise<void> {
    const next = this.reloads.then(() => this.doReload(opts));
    this.reloads = next.catch(() => undefined);
    return next;
  }

  private async doReload({ onlyIfChanged }: { onlyIfChanged?: boolean }): Promise<void> {
    const cwdNow = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    let loaded: LoadedMcpConfig | undefined;
    let signature: string | undefined;
    if (cwdNow) {
      try {
        loaded = loadMcpConfig({ cwd: cwdNow, home: homedir(), userDir: join(homedir(), '.tandem') });
        signature = JSON.stringify([cwdNow, loaded.servers.map((e) => [e.name, e.raw, e.origin]), loaded.inputs]);
      } catch {
        // Reported by the manager below.
      }
    }
    if (onlyIfChanged && this.current && signature !== undefined && signature === this.signature) return;
    this.signature = signature;
    const old = this.current;
    this.stopListening?.();
    this.current = undefined;
    await old?.close();
    const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!cwd) return this.changed.fire();
    const home = homedir();
    const userDir = join(home, '.tandem');
    let manager: McpManager;
    try {
      const settings = loadSettings({ userDir, projectDirs: [cwd], home, trusted: vscode.workspace.isTrusted });
      manager = new McpManager({
        cwd,
        home,
        userDir,
        userSettings: settings.mcp,
        log: (server, line) => this.log.info(`[MCP ${server}] ${line}`),
        resolveInputs: (inputs) => this.askInputs(inputs),
        oauth: { store: this.secrets && new SecretOAuthStore(this.secrets), open: (server, url) => this.offerSignIn(server, url) },
      }, loaded);
    } catch (err) {
      this.log.error(`MCP configuration: ${(err as Error).message}`);
      return this.changed.fire();
    }
    for (const w of manager.warnings) this.log.warn(`MCP: ${w}`);
    this.current = manager;
    this.stopListening = manager.onDidChange(() => this.changed.fire());
    this.changed.fire();
    // Restricted Mode: no server starts (a user-scope server could still read this untrusted folder).
    if (vscode.workspace.isTrusted) void manager.startAll();
    const pending = manager.pending();
    if (pending.length) void this.offerApproval(pending);
  }

  /**
   * One chat's view of the servers: the tools for its next request and the expansion of what the
   * user typed. It follows whichever manager is current, so a reload of the configuration reaches
   * chats that are already open.
   */
  forChat(model: string, denyRules: () => string[]): ChatMcp {
    const sessions = new WeakMap<McpManager, McpSession>();
    const session = () => {
      const manager = this.current;
      if (!manager || manager.size === 0) return undefined;
      let s = sessions.get(manager);
      if (!s) sessions.set(manager, (s = new McpSession({ cwd: '', home: '', userDir: '', model, denyRules, manager })));
      return s;
    };
    return {
      tools: () => session()?.toolset.current() ?? [],
      prepare: async (text, signal) => (await session()?.prepare(text, signal)) ?? { text, extra: [], problems: [] },
      instructions: () => {
        const s = session();
        return s && serverInstructions(s.manager);
      },
    };
  }

  /**
   * An HTTP server asks for OAuth sign-in: the user chooses to open the authorization page (a server
   * starting in the background must not pop a browser unasked). The browser comes back to the
   * loopback listener of the core (oauthLoopback.ts) on this machine.
   */
  private async offerSignIn(server: string, url: URL): Promise<void> {
    const signIn = t('Sign in');
    void vscode.window.showInformationMessage(t('The MCP server "{0}" needs you to sign in ({1}).', server, url.origin), signIn).then(async (pick) => {
      if (pick !== signIn) return;
      const opened = await vscode.env.openExternal(vscode.Uri.parse(url.href, true));
      if (!opened) this.log.warn(`MCP ${server}: the browser did not open; sign in at ${url.href}`);
    });
  }

  private async offerApproval(pending: ServerState[]): Promise<void> {
    const review = t('Review');
    const pick = await vscode.window.showInformationMessage(
      t('This folder declares MCP servers that start only once you approve them: {0}', pending.map((s) => s.name).join(', ')),
      review,
    );
    if (pick === review) await vscode.commands.executeCommand('tandem.mcpView.focus');
  }

  /** The approval question: the exact command and where it comes from, in a modal. */
  async approve(name: string): Promise<void> {
    const s = this.current?.server(name);
    if (!s) return;
    const approve = t('Approve and start');
    const refuse = t('Refuse');
    const pick = await vscode.window.showWarningMessage(
      t('Start the MCP server "{0}"?', name),
      { modal: true, detail: t('{0} declares it. It runs:\n{1}\n\nApprove only if you trust this repository. A change to the entry asks again.', s.entry.origin.file, s.command) },
      approve,
      refuse,
    );
    if (pick === approve) await this.current?.answer(name, 'approved');
    else if (pick === refuse) await this.current?.answer(name, 'refused');
  }

  private async askInputs(inputs: { id: string; description?: string; password?: boolean; default?: string }[]): Promise<Record<string, string> | undefined> {
    const out: Record<string, string> = {};
    for (const i of inputs) {
      const v = await vscode.window.showInputBox({ title: t('MCP server input'), prompt: i.description ?? i.id, password: i.password, value: i.default, ignoreFocusOut: true });
      if (v === undefined) return undefined;
      out[i.id] = v;
    }
    return out;
  }

  /** What /mcp shows in the chat. */
  summary(): string {
    const servers = this.current?.servers() ?? [];
    if (!servers.length) return t('No MCP servers are configured for this folder (.mcp.json, .vscode/mcp.json, ~/.claude.json, ~/.tandem/mcp.json).');
    return servers
      .map((s) => {
        const tools = s.status === 'connected' ? t('{0} tools, about {1} tokens', s.tools.length - s.disabledTools.length, s.tokenCost.toLocaleString()) : (s.error ?? s.trust.reason);
        return `${s.name}: ${statusText(s)} (${s.entry.origin.scope}) - ${tools}`;
      })
      .join('\n');
  }

  dispose(): void {
    this.stopListening?.();
    void this.current?.close();
    for (const d of this.disposables) d.dispose();
  }
}

export function statusText(s: ServerState): string {
  switch (s.status) {
    case 'pending-approval':
      return t('waiting for approval');
    case 'refused':
      return t('refused');
    case 'disabled':
      return t('disabled');
    case 'starting':
      return t('starting');
    case 'connected':
      return t('connected');
    case 'failed':
      return t('failed');
    case 'needs-auth':
      return t('needs sign-in');
    case 'stopped':
      return t('stopped');
  }
}
