// `tandem mcp …`: the folder's MCP servers from a terminal. `list` shows each server, where it came
// from and whether it may start; `approve`/`refuse` answer for a project server (the exact command
// is printed with the answer); `reset-project-choices` forgets the answers; `serve` runs Tandem's
// own tools as an MCP server on stdio, under this folder's permission settings.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { McpConfigError } from '../core/mcp/config';
import type { Agent } from '../core/sdk/createAgent';
import { McpManager } from '../core/mcp/manager';
import { McpApprovals } from '../core/mcp/trust';

declare const TANDEM_VERSION: string;

export const MCP_USAGE = `Usage: tandem mcp <command>

Commands:
  list                      the MCP servers of this folder, where each comes from, and its state
  approve <name>            let a server from this repository's .mcp.json / .vscode/mcp.json start
  refuse <name>             keep it from starting (asked again if the entry changes)
  reset-project-choices     forget every answer about this folder's project servers
  login <name>              sign in to an HTTP server that uses OAuth: prints the page to open, waits
                            for the browser to come back (MCP_OAUTH_TIMEOUT, default 5 min), keeps the
                            tokens in ~/.tandem/mcp-oauth.json (readable only by you)
  serve                     run Tandem's tools (Read, Grep, Glob, LS, Edit, MultiEdit, Write, Bash) as an
                            MCP server on stdio; each call is decided by this folder's permission settings,
                            and one that would need approval is refused with the reason`;

/** Says on stderr, once each, which MCP servers failed or need sign-in (and why). */
export function reportMcpFailures(agent: Agent, write: (s: string) => void): () => void {
  const manager = agent.mcp?.manager;
  if (!manager) return () => undefined;
  const told = new Map<string, string>();
  const report = () => {
    for (const s of manager.servers()) {
      if ((s.status === 'failed' || s.status === 'needs-auth') && told.get(s.name) !== s.error) {
        told.set(s.name, s.error ?? '');
        // needs-auth: the error carries the authorization page to open (the CLI cannot open a browser).
        write(`tandem: warning: MCP server "${s.name}" ${s.status === 'needs-auth' ? (s.error ?? 'needs sign-in') : s.error}\n`);
      }
    }
  };
  // What already happened while the agent was being created (a server may fail or ask for sign-in before), then each change.
  report();
  return manager.onDidChange(report);
}

export async function mcpCommand(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  const err = (s: string) => process.stderr.write(`tandem mcp: ${s}\n`);
  const home = homedir();
  const base = { cwd: process.cwd(), home, userDir: join(home, '.tandem') };
  if (!cmd || cmd === '--help' || cmd === '-h') {
    out(MCP_USAGE);
    return cmd ? 0 : 2;
  }
  if (cmd === 'serve') {
    // Required here: the MCP SDK's server side is of no use to `tandem -p`, which loads this file.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose
    const { serveTandemTools } = require('../core/mcp/serve') as typeof import('../core/mcp/serve');
    const server = await serveTandemTools({ ...base, version: typeof TANDEM_VERSION === 'string' ? TANDEM_VERSION : undefined, warn: (w) => err(`warning: ${w}`) });
    await server.closed;
    return 0;
  }
  let manager: McpManager;
  try {
    manager = new McpManager(base);
  } catch (e) {
    err((e as Error).message);
    return e instanceof McpConfigError ? 2 : 1;
  }
  for (const w of manager.warnings) err(`warning: ${w}`);
  switch (cmd) {
    case 'list': {
      if (!manager.size) out('No MCP servers configured for this folder.');
      for (const s of manager.servers()) {
        const state = s.status === 'pending-approval' ? 'waiting for approval' : s.status === 'stopped' ? 'will start' : s.status;
        out(`${s.name}  [${state}; ${s.trust.reason}]\n  from ${s.entry.origin.scope}: ${s.entry.origin.file}\n  runs ${s.command}`);
      }
      return 0;
    }
    case 'approve':
    case 'refuse': {
      const name = rest[0];
      const s = name ? manager.server(name) : undefined;
      if (!s) {
        err(`${name ? `no MCP server "${name}" here` : 'which server?'}. Servers: ${manager.servers().map((x) => x.name).join(', ') || 'none'}`);
        return 2;
      }
      if (s.trust.state === 'trusted') {
        out(`${name} comes from your own configuration (${s.entry.origin.file}); it needs no approval.`);
        return 0;
      }
      new McpApprovals(base.userDir).record(s.entry, cmd === 'approve' ? 'approved' : 'refused');
      out(`${cmd === 'approve' ? 'Approved' : 'Refused'} ${name}: ${s.command}\n(from ${s.entry.origin.file}; a change to this entry asks again)`);
      return 0;
    }
    case 'login': {
      const name = rest[0];
      const s = name ? manager.server(name) : undefined;
      if (!s) {
        err(`${name ? `no MCP server "${name}" here` : 'which server?'}. Servers: ${manager.servers().map((x) => x.name).join(', ') || 'none'}`);
        return 2;
      }
      if (s.entry.config.type === 'stdio') {
        err(`${name} runs a local command; only HTTP servers sign in`);
        return 2;
      }
      if (s.status === 'pending-approval' || s.status === 'refused') {
        err(`${name} comes from ${s.entry.origin.file} and is not approved; run "tandem mcp approve ${name}" first`);
        return 2;
      }
      // The sign-in page is printed as soon as the server asks for it; the start waits for the browser.
      const stop = manager.onDidChange(() => {
        const now = manager.server(name!);
        if (now?.status === 'needs-auth' && now.error) err(now.error);
      });
      try {
        await manager.start(name);
      } finally {
        stop();
      }
      const done = manager.server(name)!;
      await manager.close();
      if (done.status !== 'connected') {
        err(`${name} is not connected (${done.status}): ${done.error ?? ''}`);
        return 1;
      }
      out(`Signed in to ${name}; ${done.tools.length} tools.`);
      return 0;
    }
    case 'reset-project-choices': {
      const files = [...new Set(manager.servers().filter((s) => s.trust.state !== 'trusted').map((s) => s.entry.origin.file))];
      new McpApprovals(base.userDir).reset(files);
      out(`Forgot the answers for ${files.length ? files.join(', ') : 'no project file'}.`);
      return 0;
    }
    default:
      err(`unknown command "${cmd}"\n${MCP_USAGE}`);
      return 2;
  }
}
