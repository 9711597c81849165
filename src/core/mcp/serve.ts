// Tandem as an MCP server (`tandem mcp serve`, stdio): another MCP client may use Tandem's tools
// on this folder, and every call is still decided by the permission engine with the folder's
// settings (user and project files, their approvals). Nobody can answer a question over this
// channel, so a call that would ask is refused with the engine's reason and how to allow it.
import { mkdirSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AutoApplyProposals } from '../node/autoApplyProposals';
import { findRipgrep } from '../node/ripgrep';
import { NodeWorkspace } from '../node/workspace';
import { PermissionEngine } from '../permissions/engine';
import { loadSettings } from '../permissions/settings';
import { systemClock } from '../ports';
import { PersistentShell } from '../shell/persistentShell';
import { toolsByName } from '../tools/registry';
import { toolSpec } from '../tools/spec';
import type { SessionState, Tool, ToolContext } from '../tools/types';
import { isReadOnly } from '../tools/types';

export const SERVED_TOOLS = ['Read', 'Grep', 'Glob', 'LS', 'Edit', 'MultiEdit', 'Write', 'Bash'];

export interface ServeOptions {
  cwd: string;
  /** ~/.tandem */
  userDir?: string;
  home?: string;
  /** Default: stdio. */
  transport?: Transport;
  version?: string;
  /** Warnings about the settings (ignored parts waiting for approval), for stderr. */
  warn?: (line: string) => void;
}

export interface RunningServer {
  close(): Promise<void>;
  /** Resolves when the client goes away. */
  closed: Promise<void>;
}

export async function serveTandemTools(opts: ServeOptions): Promise<RunningServer> {
  const home = opts.home ?? homedir();
  const userDir = opts.userDir ?? join(home, '.tandem');
  const settings = loadSettings({ userDir, projectDirs: [opts.cwd], home });
  for (const w of settings.warnings) opts.warn?.(w);
  for (const p of settings.pendingApprovals) opts.warn?.(`${p.file} is ignored in part until you approve it (${p.items.join('; ')})`);
  const workspace = new NodeWorkspace({ roots: [opts.cwd, ...settings.additionalDirectories], ripgrepPath: findRipgrep() });
  const cwd = workspace.roots()[0];
  const engine = new PermissionEngine(settings.defaultMode ?? 'default', settings, workspace.roots(), { userDir, projectDir: cwd, home });
  const scratchDir = join(tmpdir(), 'tandem', `mcp-${randomUUID()}`);
  mkdirSync(scratchDir, { recursive: true });
  const session: SessionState = { readFiles: new Map(), todos: [], scratchDir };
  const shell = new PersistentShell({ cwd, scratchDir });
  const context: Omit<ToolContext, 'signal' | 'toolUseId' | 'onProgress'> = { cwd, workspace, proposals: new AutoApplyProposals(), shell, session, clock: systemClock };
  const tools = new Map<string, Tool>(toolsByName(SERVED_TOOLS).map((t) => [t.name, t]));

  const server = new Server({ name: 'tandem', version: opts.version ?? '0.1.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: [...tools.values()].map((t) => {
      const spec = toolSpec(t);
      return {
        name: spec.name,
        description: spec.description,
        inputSchema: spec.inputSchema as { type: 'object' },
        annotations: { readOnlyHint: t.readOnly === true },
      };
    }),
  }));
  let calls = 0;
  server.setRequestHandler(CallToolRequestSchema, async (req, extra): Promise<CallToolResult> => {
    const tool = tools.get(req.params.name);
    const fail = (text: string): CallToolResult => ({ content: [{ type: 'text', text }], isError: true });
    if (!tool) return fail(`Unknown tool "${req.params.name}". Tools: ${[...tools.keys()].join(', ')}.`);
    const parsed = tool.input.safeParse(req.params.arguments ?? {});
    if (!parsed.success) return fail(`Invalid input for ${tool.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ')}. Nothing was run.`);
    const input = parsed.data;
    const verdict = await engine.decide(tool.name, isReadOnly(tool, input), tool.subject(input, cwd), cwd);
    if (verdict.behavior === 'deny') return fail(`Permission denied: ${verdict.reason}.`);
    if (verdict.behavior === 'ask') {
      const hint = verdict.suggestions.length ? ` A rule such as ${verdict.suggestions.map((s) => `"${s}"`).join(' or ')} in the allow list of .tandem/settings.local.json or ~/.tandem/settings.json would allow it.` : '';
      return fail(`Permission needed: ${verdict.reason}, and nobody can approve it through this MCP connection, so it was refused.${hint}`);
    }
    const r = await tool.execute(input, { ...context, signal: extra.signal, toolUseId: `mcp-${++calls}` });
    return {
      content: [{ type: 'text', text: r.content }, ...(r.images ?? []).map((i) => ({ type: 'image' as const, data: i.data, mimeType: i.mediaType }))],
      ...(r.isError ? { isError: true } : {}),
    };
  });

  let resolveClosed!: () => void;
  const closed = new Promise<void>((r) => (resolveClosed = r));
  const cleanup = () => {
    shell.dispose();
    rmSync(scratchDir, { recursive: true, force: true });
    resolveClosed();
  };
  server.onclose = cleanup;
  await server.connect(opts.transport ?? new StdioServerTransport());
  return {
    closed,
    async close() {
      await server.close();
    },
  };
}
