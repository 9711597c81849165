// One MCP server: its transport, its state, and the requests Tandem makes of it.
//
// SDK choice: @modelcontextprotocol/sdk v1 (1.32), not the v2 packages (@modelcontextprotocol/client
// 2.x). v1 is the SDK the reference servers we test against are built on (server-everything and
// server-filesystem depend on ^1.x), it speaks every protocol revision servers deploy today
// (2024-11 to 2025-11), ships stdio, streamable HTTP, legacy SSE and the OAuth client helpers
// (discovery, dynamic client registration, PKCE, refresh) in one audited package, and bundles as
// CommonJS for the extension host. v2 is a new split (client/server/node/core) whose main gain is
// protocol 2026-07-28, which servers do not require yet; moving is one codemod
// (@modelcontextprotocol/codemod v1-to-v2) confined to this file and oauth.ts.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { CallToolResult, GetPromptResult, Prompt, ReadResourceResult, Resource, Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from './config';

export type { CallToolResult, GetPromptResult, McpTool, Prompt, ReadResourceResult, Resource };

/**
 * The SDK's client side, loaded when the first server connects: a session without MCP servers
 * (most CLI runs) never evaluates it, nor the schemas and validators it builds at load. (import(),
 * not require(): the bundles then take the SDK's ES module build, as for the type imports, and do
 * not add its CommonJS build and a second zod.)
 */
type Sdk = {
  Client: typeof import('@modelcontextprotocol/sdk/client/index.js').Client;
  SSEClientTransport: typeof import('@modelcontextprotocol/sdk/client/sse.js').SSEClientTransport;
  stdio: typeof import('@modelcontextprotocol/sdk/client/stdio.js');
  StreamableHTTPClientTransport: typeof import('@modelcontextprotocol/sdk/client/streamableHttp.js').StreamableHTTPClientTransport;
};
let loadingSdk: Promise<Sdk> | undefined;
function loadSdk(): Promise<Sdk> {
  loadingSdk ??= Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/sse.js'),
    import('@modelcontextprotocol/sdk/client/stdio.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
  ]).then(([index, sse, stdio, http]) => ({ Client: index.Client, SSEClientTransport: sse.SSEClientTransport, stdio, StreamableHTTPClientTransport: http.StreamableHTTPClientTransport }));
  return loadingSdk;
}

export interface ConnectionHooks {
  /** Each line the server writes to stderr (the host's Output channel). */
  onStderr?: (line: string) => void;
  /** The server went away on its own (crash, exit, dropped connection). */
  onClosed?: (reason: string) => void;
  /** Its tool, prompt or resource list changed. */
  onListChanged?: () => void;
  /** OAuth for HTTP servers (absent: servers that need it report that they need sign-in). */
  authProvider?: OAuthClientProvider;
  /** The fetch of HTTP transports (McpOAuth's: its token refreshes run once at a time). */
  fetch?: FetchLike;
}

const STDERR_KEEP = 40;

export class McpConnection {
  private client?: Client;
  private stdioPid?: number;
  private closing = false;
  private readonly stderrLines: string[] = [];

  constructor(
    readonly name: string,
    /** Expanded (variables filled in). */
    private readonly config: McpServerConfig,
    private readonly hooks: ConnectionHooks = {},
  ) {}

  /** The last lines the server wrote to stderr, for a crash report. */
  stderrTail(): string {
    return this.stderrLines.join('\n');
  }

  /** The server's process id (stdio servers). */
  get pid(): number | undefined {
    return this.stdioPid;
  }

  get instructions(): string | undefined {
    return this.client?.getInstructions();
  }

  get serverInfo(): { name: string; version: string } | undefined {
    return this.client?.getServerVersion();
  }

  private makeTransport(sdk: Sdk): Transport {
    const c = this.config;
    if (c.type === 'stdio') {
      // Only a safe default environment (PATH, HOME, …) plus what the entry sets: API keys in
      // Tandem's own environment are not handed to every server. Write "env": {"X": "${X}"} to pass one.
      const { getDefaultEnvironment, StdioClientTransport } = sdk.stdio;
      const t = new StdioClientTransport({ command: c.command, args: c.args, env: { ...getDefaultEnvironment(), ...c.env }, cwd: c.cwd, stderr: 'pipe' });
      let partial = '';
      t.stderr?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString('utf8')).split(/\r?\n/);
        partial = lines.pop() ?? '';
        for (const line of lines) this.keepStderr(line);
      });
      return t;
    }
    const url = new URL(c.url);
    const requestInit = { headers: c.headers };
    const { authProvider, fetch } = this.hooks;
    if (c.type === 'sse') return new sdk.SSEClientTransport(url, { requestInit, authProvider, fetch });
    return new sdk.StreamableHTTPClientTransport(url, { requestInit, authProvider, fetch });
  }

  private keepStderr(line: string): void {
    this.stderrLines.push(line);
    if (this.stderrLines.length > STDERR_KEEP) this.stderrLines.shift();
    this.hooks.onStderr?.(line);
  }

  /** Connects and initializes; rejects after timeoutMs (MCP_TIMEOUT) with the server's stderr. */
  async start(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const sdk = await loadSdk();
    this.closing = false;
    const client = new sdk.Client(
      { name: 'tandem', version: '0.1.0' },
      {
        capabilities: {},
        listChanged: {
          tools: { autoRefresh: false, onChanged: () => this.hooks.onListChanged?.() },
          prompts: { autoRefresh: false, onChanged: () => this.hooks.onListChanged?.() },
          resources: { autoRefresh: false, onChanged: () => this.hooks.onListChanged?.() },
        },
      },
    );
    const transport = this.makeTransport(sdk);
    this.stdioPid = undefined;
    this.client = client;
    client.onclose = () => {
      if (this.closing) return;
      this.closing = true;
      const tail = this.stderrTail();
      this.hooks.onClosed?.(`the server ${this.config.type === 'stdio' ? 'process exited' : 'connection closed'}${tail ? `; its last output:\n${tail}` : ''}`);
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`did not answer within ${Math.round(timeoutMs / 100) / 10} s (MCP_TIMEOUT)`)), timeoutMs);
    });
    try {
      await Promise.race([client.connect(transport, { timeout: timeoutMs, signal }), timeout]);
      if (transport instanceof sdk.stdio.StdioClientTransport) this.stdioPid = transport.pid ?? undefined;
    } catch (err) {
      await this.stop();
      const tail = this.stderrTail();
      throw new Error(`${(err as Error).message}${tail ? `; its last output:\n${tail}` : ''}`);
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(): Promise<void> {
    this.closing = true;
    const client = this.client;
    this.client = undefined;
    await client?.close().catch(() => undefined);
  }

  private live(): Client {
    if (!this.client) throw new Error(`MCP server "${this.name}" is not running`);
    return this.client;
  }

  capabilities(): { tools: boolean; prompts: boolean; resources: boolean } {
    const caps = this.client?.getServerCapabilities() ?? {};
    return { tools: !!caps.tools, prompts: !!caps.prompts, resources: !!caps.resources };
  }

  async listTools(): Promise<McpTool[]> {
    if (!this.capabilities().tools) return [];
    const out: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.live().listTools(cursor ? { cursor } : undefined);
      out.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async listPrompts(): Promise<Prompt[]> {
    if (!this.capabilities().prompts) return [];
    return (await this.live().listPrompts()).prompts;
  }

  async listResources(): Promise<Resource[]> {
    if (!this.capabilities().resources) return [];
    // Every page (the panel's @ picker lists them all); a server that pages forever stops at 50 pages.
    const out: Resource[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const r = await this.live().listResources(cursor ? { cursor } : undefined);
      out.push(...r.resources);
      cursor = r.nextCursor;
      if (!cursor) break;
    }
    return out;
  }

  async readResource(uri: string, signal?: AbortSignal): Promise<ReadResourceResult> {
    return this.live().readResource({ uri }, { signal });
  }

  async getPrompt(name: string, args: Record<string, string>, signal?: AbortSignal): Promise<GetPromptResult> {
    return this.live().getPrompt({ name, arguments: args }, { signal });
  }

  /** Calls a tool; the signal cancels it (the SDK sends notifications/cancelled), timeoutMs bounds it. */
  async callTool(name: string, args: Record<string, unknown>, opts: { signal: AbortSignal; timeoutMs: number; onProgress?: (text: string) => void }): Promise<CallToolResult> {
    const r = await this.live().callTool({ name, arguments: args }, undefined, {
      signal: opts.signal,
      timeout: opts.timeoutMs,
      maxTotalTimeout: opts.timeoutMs,
      resetTimeoutOnProgress: true,
      onprogress: opts.onProgress
        ? (p) => opts.onProgress?.(`${p.message ? `${p.message} ` : ''}(${p.progress}${p.total !== undefined ? `/${p.total}` : ''})`)
        : undefined,
    });
    return r as CallToolResult;
  }
}
