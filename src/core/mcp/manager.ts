// Every MCP server of one folder: configuration, trust, lifecycle and the tools they offer.
// Servers start concurrently and in the background; nothing here blocks a request on a slow server
// except ready(), which a headless run calls once, bounded by MCP_TIMEOUT. With no server
// configured the MCP SDK is never loaded (connection.ts is imported on the first start).
import type { Tool } from '../tools/types';
import { loadMcpConfig } from './config';
import type { LoadedMcpConfig, McpConfigOptions, McpInput, McpServerEntry } from './config';
import type { McpConnection, McpTool, Prompt, Resource } from './connection';
import type { McpOAuth } from './oauth';
import { FileOAuthStore } from './oauthStore';
import type { OAuthStore } from './oauthStore';
import { createOAuth, startWithSignIn } from './signIn';
import { expandValue, ExpandError } from './expand';
import { McpPrefs } from './prefs';
import { estimateTokens, maxOutputTokens } from './results';
import { toTandemTool, mcpPrefix } from './tools';
import { describeEntry, McpApprovals } from './trust';
import type { TrustDecision } from './trust';
import { readMcpUserSettings } from './userSettings';
import type { McpUserSettings } from './userSettings';

export type ServerStatus = 'pending-approval' | 'refused' | 'disabled' | 'starting' | 'connected' | 'failed' | 'needs-auth' | 'stopped';

export interface ServerState {
  name: string;
  entry: McpServerEntry;
  trust: TrustDecision;
  status: ServerStatus;
  /** What went wrong (failed, needs-auth), with the server's last stderr lines. */
  error?: string;
  /** The command or URL it runs, as the user approves it. */
  command: string;
  tools: Tool[];
  mcpTools: McpTool[];
  prompts: Prompt[];
  resources: Resource[];
  /** Estimated tokens the enabled tools' names, descriptions and schemas cost in every request. */
  tokenCost: number;
  /** Tandem names of the tools the user switched off. */
  disabledTools: string[];
}

export interface McpManagerOptions extends McpConfigOptions {
  env?: Record<string, string | undefined>;
  /** Each stderr line of each server (the Output channel; the CLI's --verbose). */
  log?: (server: string, line: string) => void;
  /** VS Code `${input:id}` values: the host asks the user; absent (headless) such servers fail with a message. */
  resolveInputs?: (inputs: McpInput[]) => Promise<Record<string, string> | undefined>;
  /**
   * OAuth for HTTP servers: where tokens are kept (default: ~/.tandem/mcp-oauth.json, mode 0600) and
   * how the authorization page reaches the user (default: only in the server's status message).
   */
  oauth?: { store?: OAuthStore; open?: (server: string, url: URL) => void | Promise<void> };
  /** The settings' MCP keys (the host's loaded settings); read through the settings loader when absent. */
  userSettings?: McpUserSettings;
}

const DEFAULT_STARTUP_MS = 30_000;
/** How long a server waits for the user to finish signing in (MCP_OAUTH_TIMEOUT). */
const DEFAULT_SIGN_IN_MS = 5 * 60_000;
const DEFAULT_TOOL_MS = 10 * 60_000;

function positiveMs(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}

export class McpManager {
  readonly warnings: string[];
  private readonly states = new Map<string, ServerState>();
  private readonly connections = new Map<string, McpConnection>();
  private readonly starts = new Map<string, Promise<void>>();
  private readonly oauths = new Map<string, McpOAuth>();
  private oauthStore?: OAuthStore;
  private readonly listeners = new Set<() => void>();
  private readonly approvals: McpApprovals;
  private readonly prefs: McpPrefs;
  private readonly env: Record<string, string | undefined>;
  private inputValues: Record<string, string> = {};
  private readonly inputs: McpInput[];
  private closed = false;

  constructor(private readonly opts: McpManagerOptions, loaded: LoadedMcpConfig = loadMcpConfig(opts)) {
    this.env = opts.env ?? process.env;
    this.warnings = [...loaded.warnings];
    this.inputs = loaded.inputs;
    this.approvals = new McpApprovals(opts.userDir);
    this.prefs = new McpPrefs(opts.userDir, opts.cwd);
    const user = opts.userSettings ?? readMcpUserSettings(opts.userDir, opts.home, opts.cwd);
    const prefs = this.prefs.read();
    for (const entry of loaded.servers) {
      const trust = this.approvals.decide(entry, user);
      const status: ServerStatus = trust.state === 'pending' ? 'pending-approval' : trust.state === 'refused' ? 'refused' : prefs.disabledServers.has(entry.name) ? 'disabled' : 'stopped';
      this.states.set(entry.name, {
        name: entry.name,
        entry,
        trust,
        status,
        command: describeEntry(entry),
        tools: [],
        mcpTools: [],
        prompts: [],
        resources: [],
        tokenCost: 0,
        disabledTools: [...prefs.disabledTools].filter((t) => t.startsWith(mcpPrefix(entry.name))),
      });
    }
  }

  get size(): number {
    return this.states.size;
  }

  get startupTimeoutMs(): number {
    return positiveMs(this.env.MCP_TIMEOUT, DEFAULT_STARTUP_MS);
  }

  get signInTimeoutMs(): number {
    return positiveMs(this.env.MCP_OAUTH_TIMEOUT, DEFAULT_SIGN_IN_MS);
  }

  get toolTimeoutMs(): number {
    return positiveMs(this.env.MCP_TOOL_TIMEOUT, DEFAULT_TOOL_MS);
  }

  /** Called on every change of any server (status, tools, prompts). Returns a disposer. */
  onDidChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  servers(): ServerState[] {
    return [...this.states.values()];
  }

  server(name: string): ServerState | undefined {
    return this.states.get(name);
  }

  /** The tools of every connected, enabled server, minus the ones the user switched off. */
  tools(): Tool[] {
    return this.servers().flatMap((s) => (s.status === 'connected' ? s.tools.filter((t) => !s.disabledTools.includes(t.name)) : []));
  }

  /** Project servers waiting for the user's answer. */
  pending(): ServerState[] {
    return this.servers().filter((s) => s.status === 'pending-approval');
  }

  /** Starts every server that may start (trusted or approved, not disabled), all at once. */
  startAll(): Promise<void> {
    return Promise.all(this.servers().filter((s) => s.status === 'stopped').map((s) => this.start(s.name))).then(() => undefined);
  }

  /** Waits until no server is still starting, at most maxMs (default MCP_TIMEOUT). */
  async ready(maxMs = this.startupTimeoutMs): Promise<void> {
    const all = Promise.all([...this.starts.values()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, maxMs)))]);
    clearTimeout(timer);
  }

  start(name: string): Promise<void> {
    const existing = this.starts.get(name);
    if (existing) return existing;
    const p = this.doStart(name).finally(() => this.starts.delete(name));
    this.starts.set(name, p);
    return p;
  }

  private async doStart(name: string): Promise<void> {
    const s = this.states.get(name);
    if (!s || this.closed) return;
    s.status = 'starting';
    s.error = undefined;
    this.changed();
    let config;
    try {
      config = await this.expand(s.entry);
    } catch (err) {
      return this.fail(s, `its configuration could not be completed: ${(err as Error).message}`);
    }
    // Loaded on the first start only (a synchronous require, which the bundle keeps lazy too).
    const { McpConnection } = require('./connection') as typeof import('./connection');
    let oauth: McpOAuth | undefined;
    try {
      this.oauths.get(name)?.dispose();
      oauth = await createOAuth(name, config, () => (this.oauthStore ??= this.opts.oauth?.store ?? new FileOAuthStore(this.opts.userDir)), this.opts.oauth?.open);
      if (oauth) this.oauths.set(name, oauth);
    } catch (err) {
      return this.fail(s, `its sign-in state could not be read: ${(err as Error).message}`);
    }
    const conn = new McpConnection(name, config, {
      onStderr: (line) => this.opts.log?.(name, line),
      onClosed: (reason) => {
        if (this.connections.get(name) !== conn) return;
        this.connections.delete(name);
        this.fail(s, reason);
      },
      onListChanged: () => void this.refresh(name).catch(() => undefined),
      authProvider: oauth,
      fetch: oauth?.fetch,
    });
    const started = await startWithSignIn(conn, oauth, {
      startupMs: this.startupTimeoutMs,
      signInMs: this.signInTimeoutMs,
      closed: () => this.closed,
      waiting: (why) => this.needsAuth(s, why),
      retrying: () => {
        s.status = 'starting';
        s.error = undefined;
        this.changed();
      },
    });
    if (!started.ok) return started.needsAuth ? this.needsAuth(s, started.why) : this.fail(s, started.why);
    if (this.closed) {
      await conn.stop();
      return;
    }
    this.connections.set(name, conn);
    try {
      await this.refresh(name);
      s.status = 'connected';
      this.changed();
    } catch (err) {
      this.connections.delete(name);
      await conn.stop();
      this.fail(s, `started but its lists could not be read: ${(err as Error).message}`);
    }
  }

  private needsAuth(s: ServerState, why: string): void {
    s.status = 'needs-auth';
    s.error = `${s.name} needs you to sign in (OAuth): ${why}`;
    this.opts.log?.(s.name, s.error);
    this.changed();
  }

  private fail(s: ServerState, error: string): void {
    s.status = 'failed';
    s.error = error;
    s.tools = [];
    s.mcpTools = [];
    s.tokenCost = 0;
    this.opts.log?.(s.name, `failed: ${error}`);
    this.changed();
  }

  private async expand(entry: McpServerEntry): Promise<McpServerEntry['config']> {
    const ctx = () => ({ env: this.env, workspaceFolder: this.opts.cwd, inputs: this.inputValues });
    try {
      return expandValue(entry.config, ctx());
    } catch (err) {
      if (!(err instanceof ExpandError) || !err.missingInputs.length || !this.opts.resolveInputs) throw err;
      const wanted = err.missingInputs.map((id) => this.inputs.find((i) => i.id === id) ?? { id });
      const values = await this.opts.resolveInputs(wanted);
      if (!values) throw new Error(`the inputs ${err.missingInputs.join(', ')} were not given`);
      this.inputValues = { ...this.inputValues, ...values };
      return expandValue(entry.config, ctx());
    }
  }

  /** Reads a server's tools, prompts and resources again (list_changed, restart). */
  private async refresh(name: string): Promise<void> {
    const s = this.states.get(name);
    const conn = this.connections.get(name);
    if (!s || !conn) return;
    const [tools, prompts, resources] = await Promise.all([conn.listTools(), conn.listPrompts().catch(() => []), conn.listResources().catch(() => [])]);
    s.mcpTools = tools;
    s.prompts = prompts;
    s.resources = resources;
    const caller = {
      call: (tool: string, args: Record<string, unknown>, o: { signal: AbortSignal; onProgress?: (t: string) => void }) => this.callTool(name, tool, args, o),
      maxOutputTokens: () => maxOutputTokens(this.env),
    };
    s.tools = tools.map((t) => toTandemTool(name, t, caller));
    this.recost(s);
    this.changed();
  }

  private recost(s: ServerState): void {
    s.tokenCost = s.tools
      .filter((t) => !s.disabledTools.includes(t.name))
      .reduce((sum, t) => sum + estimateTokens(JSON.stringify({ name: t.name, description: t.description, input_schema: t.jsonSchema })), 0);
  }

  private async callTool(server: string, tool: string, args: Record<string, unknown>, o: { signal: AbortSignal; onProgress?: (t: string) => void }) {
    const s = this.states.get(server);
    const conn = this.connections.get(server);
    if (!s || !conn || s.status !== 'connected') throw new Error(`MCP server "${server}" is not running (${s?.status ?? 'unknown'}${s?.error ? `: ${s.error}` : ''}). Restart it with /mcp`);
    try {
      return await conn.callTool(tool, args, { signal: o.signal, timeoutMs: this.toolTimeoutMs, onProgress: o.onProgress });
    } catch (err) {
      if (o.signal.aborted) throw err;
      // The server went away during the call: say so with what it printed, not just "Connection closed".
      await new Promise((r) => setImmediate(r));
      const now = this.states.get(server);
      if (now?.status === 'failed') throw new Error(`MCP server "${server}" stopped during the call: ${now.error}. Restart it with /mcp (the panel's MCP view)`);
      if (/timed out|RequestTimeout|-32001/i.test((err as Error).message)) {
        throw new Error(`${(err as Error).message} (MCP_TOOL_TIMEOUT is ${this.toolTimeoutMs} ms; set it to allow longer calls)`);
      }
      throw err;
    }
  }

  async restart(name: string): Promise<void> {
    const s = this.states.get(name);
    if (!s || s.status === 'pending-approval' || s.status === 'refused') return;
    const conn = this.connections.get(name);
    this.connections.delete(name);
    await conn?.stop();
    s.status = 'stopped';
    await this.start(name);
  }

  /** The user's answer to a project server: recorded against the entry's hash, then it starts (or not). */
  async answer(name: string, decision: 'approved' | 'refused'): Promise<void> {
    const s = this.states.get(name);
    if (!s) return;
    this.approvals.record(s.entry, decision);
    s.trust = { state: decision, reason: decision === 'approved' ? 'approved by you' : 'refused by you' };
    if (decision === 'refused') {
      s.status = 'refused';
      const conn = this.connections.get(name);
      this.connections.delete(name);
      await conn?.stop();
      this.changed();
      return;
    }
    s.status = this.prefs.read().disabledServers.has(name) ? 'disabled' : 'stopped';
    this.changed();
    if (s.status === 'stopped') await this.start(name);
  }

  async setServerEnabled(name: string, enabled: boolean): Promise<void> {
    const s = this.states.get(name);
    if (!s) return;
    this.prefs.set('disabledServers', name, !enabled);
    if (!enabled) {
      const conn = this.connections.get(name);
      this.connections.delete(name);
      await conn?.stop();
      if (s.status !== 'pending-approval' && s.status !== 'refused') s.status = 'disabled';
      this.changed();
    } else if (s.status === 'disabled') {
      s.status = 'stopped';
      await this.start(name);
    }
  }

  setToolEnabled(server: string, toolName: string, enabled: boolean): void {
    const s = this.states.get(server);
    if (!s) return;
    this.prefs.set('disabledTools', toolName, !enabled);
    s.disabledTools = enabled ? s.disabledTools.filter((t) => t !== toolName) : [...new Set([...s.disabledTools, toolName])];
    this.recost(s);
    this.changed();
  }

  /** The live connection (resources, prompts). */
  connection(name: string): McpConnection | undefined {
    return this.states.get(name)?.status === 'connected' ? this.connections.get(name) : undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const o of this.oauths.values()) o.dispose();
    this.oauths.clear();
    const all = [...this.connections.values()];
    this.connections.clear();
    await Promise.all(all.map((c) => c.stop()));
  }
}
