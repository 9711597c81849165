// A repository must not raise its own trust. The parts of a project or local settings file that
// would (a looser default mode, allow rules that are not read-only, more folders, environment and
// provider settings, hooks, which are code, and approving its own MCP servers) apply only once the
// user has approved exactly them; until then they are ignored and reported, the rest applies.
import { createHash } from 'node:crypto';
import { parseRule } from '../permissions/rules';

export interface PendingApproval {
  file: string;
  /** Hash of exactly the parts awaiting approval; approveSettings(file, hash) approves them. */
  hash: string;
  /** What the file would change, in words, for the user to judge. */
  items: string[];
}

export interface Risky {
  items: string[];
  hash: string;
}

/** Allow rules for these tools only read: a repository may add them without approval. */
const READ_ONLY_RULE_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS', 'TodoWrite']);
const SECRET_KEY = /(KEY|TOKEN|SECRET|PASSWORD)$/i;

interface Settingsish {
  permissions?: { allow?: unknown; defaultMode?: unknown; additionalDirectories?: unknown };
  env?: unknown;
  hooks?: unknown;
  [key: string]: unknown;
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function safeTool(rule: string): string {
  try {
    return parseRule(rule).tool;
  } catch {
    return '';
  }
}

/** Each hook command a file defines, as `Event[matcher]: command`, sorted. */
function hookLines(hooks: unknown): string[] {
  if (!hooks || typeof hooks !== 'object') return [];
  const out: string[] = [];
  for (const [event, groups] of Object.entries(hooks as Record<string, unknown>)) {
    for (const g of Array.isArray(groups) ? groups : []) {
      const matcher = g && typeof g === 'object' && typeof (g as { matcher?: unknown }).matcher === 'string' ? (g as { matcher: string }).matcher : '';
      const list = g && typeof g === 'object' ? (g as { hooks?: unknown }).hooks : undefined;
      for (const h of Array.isArray(list) ? list : []) {
        const command = h && typeof h === 'object' ? (h as { command?: unknown }).command : undefined;
        if (typeof command === 'string') out.push(`${event}${matcher ? `[${matcher}]` : ''}: ${command}`);
      }
    }
  }
  return out.sort();
}

/** The parts of a repository's settings file that would raise its trust, and their stable hash. */
export function riskyParts(s: Settingsish): Risky {
  const p = s.permissions && typeof s.permissions === 'object' ? s.permissions : {};
  const mode = p.defaultMode === 'bypassPermissions' || p.defaultMode === 'acceptEdits' ? p.defaultMode : undefined;
  const allow = strings(p.allow).filter((r) => !READ_ONLY_RULE_TOOLS.has(safeTool(r))).sort();
  const dirs = strings(p.additionalDirectories).slice().sort();
  const env = Object.entries(s.env && typeof s.env === 'object' ? s.env : {}).map(([k, v]) => [k, String(v)]).sort(([a], [b]) => (a < b ? -1 : 1));
  const hooks = hookLines(s.hooks);
  const mcpAll = s.enableAllProjectMcpServers === true;
  const mcp = strings(s.enabledMcpjsonServers).slice().sort();
  const items = [
    ...(mode ? [`defaultMode ${mode}: ${mode === 'acceptEdits' ? 'edits apply without asking' : 'everything runs without asking'}`] : []),
    ...allow.map((r) => `allow ${r} without asking`),
    ...dirs.map((d) => `additionalDirectories ${d}: the agent may work there too`),
    ...env.map(([k, v]) => (SECRET_KEY.test(k) ? `env ${k} (a secret, value hidden)` : `env ${k}=${v}`)),
    ...hooks.map((h) => `hook ${h}`),
    ...(mcpAll ? ['enableAllProjectMcpServers: start every server in .mcp.json'] : []),
    ...mcp.map((m) => `enabledMcpjsonServers ${m}: start this server from .mcp.json`),
  ];
  // Parts added later go in only when present, so approvals given before they existed still hold.
  const canonical = JSON.stringify({ mode, allow, dirs, env, ...(hooks.length ? { hooks } : {}), ...(mcpAll || mcp.length ? { mcpAll, mcp } : {}) });
  return { items, hash: createHash('sha256').update(canonical).digest('hex').slice(0, 32) };
}

/** The file without its risky parts: what applies until the user approves them. */
export function withoutRisky<T extends Settingsish>(s: T): T {
  const p = s.permissions && typeof s.permissions === 'object' ? s.permissions : {};
  const mode = p.defaultMode === 'bypassPermissions' || p.defaultMode === 'acceptEdits' ? undefined : p.defaultMode;
  const allow = strings(p.allow).filter((r) => READ_ONLY_RULE_TOOLS.has(safeTool(r)));
  return {
    ...s,
    env: undefined,
    hooks: undefined,
    enableAllProjectMcpServers: undefined,
    enabledMcpjsonServers: undefined,
    permissions: { ...p, defaultMode: mode, allow, additionalDirectories: [] },
  };
}
