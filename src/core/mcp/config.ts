// Where MCP servers come from, in Claude Code's and VS Code's formats, and which entry wins.
// Narrowest first: --mcp-config flags, the local scope (~/.claude.json projects[<folder>].mcpServers),
// the project's .mcp.json, the project's .vscode/mcp.json ("servers", "inputs"), Tandem's
// ~/.tandem/mcp.json, the user scope (~/.claude.json mcpServers). When two scopes name the same
// server, the narrower entry is used whole (fields are never merged), and its origin is kept so
// the panel can say where each server came from. Entries are validated here but expanded
// (${VAR}, inputs) only when a server starts: see resolve.ts.
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export type McpScope = 'flag' | 'local' | 'project' | 'vscode' | 'tandem' | 'user';

/** Scopes whose file is in the repository: the repository must not start its own servers. */
export const REPOSITORY_SCOPES: readonly McpScope[] = ['project', 'vscode'];

export type McpServerConfig =
  | { type: 'stdio'; command: string; args: string[]; env: Record<string, string>; cwd?: string }
  | { type: 'http' | 'sse'; url: string; headers: Record<string, string>; oauth?: { clientId?: string; callbackPort?: number } };

export interface McpOrigin {
  scope: McpScope;
  /** The file it was read from ("--mcp-config <json>" for inline JSON). */
  file: string;
}

export interface McpServerEntry {
  name: string;
  /** Validated, not yet expanded. */
  config: McpServerConfig;
  /** The entry exactly as written: what approvals hash. */
  raw: Record<string, unknown>;
  origin: McpOrigin;
  /** Entries of the same name in wider scopes that this one replaced. */
  shadows: McpOrigin[];
}

/** VS Code's `inputs`: values the user types when a server needs them (`${input:id}`). */
export interface McpInput {
  id: string;
  description?: string;
  password?: boolean;
  default?: string;
}

export interface McpConfigOptions {
  cwd: string;
  home: string;
  /** ~/.tandem */
  userDir: string;
  /** --mcp-config values, each a file or inline JSON, in the order given. */
  flagConfigs?: string[];
  /** --strict-mcp-config: only the flags' servers. */
  strict?: boolean;
}

export interface LoadedMcpConfig {
  servers: McpServerEntry[];
  inputs: McpInput[];
  /** Files that could not be read and entries that were skipped, with what to fix. */
  warnings: string[];
}

export class McpConfigError extends Error {
  override name = 'McpConfigError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringRecord(v: unknown, what: string): Record<string, string> {
  if (v === undefined) return {};
  if (!isObj(v)) throw new McpConfigError(`"${what}" must be an object of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string' && typeof x !== 'number' && typeof x !== 'boolean') throw new McpConfigError(`"${what}.${k}" must be a string`);
    out[k] = String(x);
  }
  return out;
}

/** Validates one entry (Claude Code's shape; Cline's `streamableHttp` and VS Code's fields accepted). */
export function parseServerEntry(raw: unknown, baseDir: string): McpServerConfig {
  if (!isObj(raw)) throw new McpConfigError('an entry must be an object');
  const t = raw.type ?? raw.transport ?? (raw.url !== undefined && raw.command === undefined ? 'http' : 'stdio');
  const type = t === 'streamableHttp' || t === 'streamable-http' || t === 'http' ? 'http' : t;
  if (type === 'stdio') {
    if (typeof raw.command !== 'string' || !raw.command.trim()) throw new McpConfigError('"command" must be a non-empty string (type stdio)');
    if (raw.args !== undefined && (!Array.isArray(raw.args) || raw.args.some((a) => typeof a !== 'string'))) throw new McpConfigError('"args" must be an array of strings');
    if (raw.cwd !== undefined && typeof raw.cwd !== 'string') throw new McpConfigError('"cwd" must be a string');
    return {
      type: 'stdio',
      command: raw.command,
      args: (raw.args as string[] | undefined) ?? [],
      env: stringRecord(raw.env, 'env'),
      ...(typeof raw.cwd === 'string' ? { cwd: raw.cwd.includes('${') ? raw.cwd : resolve(baseDir, raw.cwd) } : {}),
    };
  }
  if (type === 'http' || type === 'sse') {
    if (typeof raw.url !== 'string' || !(/^https?:\/\//i.test(raw.url) || raw.url.startsWith('${'))) throw new McpConfigError(`"url" must be an http(s) URL (type ${type})`);
    const oauth = isObj(raw.oauth) ? raw.oauth : undefined;
    return {
      type,
      url: raw.url,
      headers: stringRecord(raw.headers, 'headers'),
      ...(oauth
        ? { oauth: { ...(typeof oauth.clientId === 'string' ? { clientId: oauth.clientId } : {}), ...(typeof oauth.callbackPort === 'number' ? { callbackPort: oauth.callbackPort } : {}) } }
        : {}),
    };
  }
  throw new McpConfigError(`unsupported type "${String(t)}": use stdio, http or sse`);
}

function readJsonFile(file: string, warnings: string[]): Obj | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') warnings.push(`${file} could not be read (${(err as Error).message}); its MCP servers were skipped`);
    return undefined;
  }
  try {
    const v: unknown = JSON.parse(text);
    if (isObj(v)) return v;
    warnings.push(`${file} is not a JSON object; its MCP servers were skipped`);
  } catch (err) {
    warnings.push(`${file} is not valid JSON (${(err as Error).message}); its MCP servers were skipped. Fix the file to use them`);
  }
  return undefined;
}

interface Layer {
  origin: McpOrigin;
  servers: Obj;
  baseDir: string;
}

function layer(scope: McpScope, file: string, servers: unknown, baseDir: string, warnings: string[]): Layer[] {
  if (servers === undefined) return [];
  if (!isObj(servers)) {
    warnings.push(`${file}: the servers list must be an object of named entries; it was skipped`);
    return [];
  }
  return [{ origin: { scope, file }, servers, baseDir }];
}

function flagLayer(value: string, cwd: string, warnings: string[]): Layer[] {
  const inline = value.trim().startsWith('{');
  const file = inline ? '--mcp-config <json>' : resolve(cwd, value);
  let doc: Obj | undefined;
  if (inline) {
    try {
      const v: unknown = JSON.parse(value);
      if (isObj(v)) doc = v;
    } catch (err) {
      throw new McpConfigError(`--mcp-config: not valid JSON (${(err as Error).message})`);
    }
    if (!doc) throw new McpConfigError('--mcp-config: the JSON must be an object with "mcpServers"');
  } else {
    const w: string[] = [];
    doc = readJsonFile(file, w);
    if (!doc) throw new McpConfigError(`--mcp-config: ${w[0] ?? `${file} does not exist`}`);
  }
  return layer('flag', file, doc.mcpServers ?? doc.servers, inline ? cwd : dirname(file), warnings);
}

function canonical(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

function parseInputs(doc: Obj | undefined, file: string, warnings: string[]): McpInput[] {
  if (!doc || doc.inputs === undefined) return [];
  if (!Array.isArray(doc.inputs)) {
    warnings.push(`${file}: "inputs" must be an array; it was ignored`);
    return [];
  }
  return doc.inputs.flatMap((i): McpInput[] =>
    isObj(i) && typeof i.id === 'string'
      ? [{ id: i.id, ...(typeof i.description === 'string' ? { description: i.description } : {}), ...(i.password === true ? { password: true } : {}), ...(typeof i.default === 'string' ? { default: i.default } : {}) }]
      : [],
  );
}

/** Reads every source and returns the winning entry of each server, narrowest scope first. */
export function loadMcpConfig(opts: McpConfigOptions): LoadedMcpConfig {
  const warnings: string[] = [];
  const layers: Layer[] = [];
  // Later flags override earlier ones: reverse so the last given comes first.
  for (const f of [...(opts.flagConfigs ?? [])].reverse()) layers.push(...flagLayer(f, opts.cwd, warnings));
  let inputs: McpInput[] = [];
  if (!opts.strict) {
    const claudeJson = join(opts.home, '.claude.json');
    const claude = readJsonFile(claudeJson, warnings);
    const projects = claude && isObj(claude.projects) ? claude.projects : {};
    const cwd = resolve(opts.cwd);
    const key = [cwd, canonical(cwd)].find((k) => isObj(projects[k]));
    if (key) layers.push(...layer('local', claudeJson, (projects[key] as Obj).mcpServers, cwd, warnings));
    const mcpJson = join(opts.cwd, '.mcp.json');
    layers.push(...layer('project', mcpJson, readJsonFile(mcpJson, warnings)?.mcpServers, opts.cwd, warnings));
    const vscodeJson = join(opts.cwd, '.vscode', 'mcp.json');
    const vscode = readJsonFile(vscodeJson, warnings);
    layers.push(...layer('vscode', vscodeJson, vscode?.servers, opts.cwd, warnings));
    inputs = parseInputs(vscode, vscodeJson, warnings);
    const tandemJson = join(opts.userDir, 'mcp.json');
    const tandem = readJsonFile(tandemJson, warnings);
    layers.push(...layer('tandem', tandemJson, tandem?.mcpServers ?? tandem?.servers, opts.home, warnings));
    layers.push(...layer('user', claudeJson, claude?.mcpServers, opts.home, warnings));
  }
  const byName = new Map<string, McpServerEntry>();
  for (const l of layers) {
    for (const [name, raw] of Object.entries(l.servers)) {
      const winner = byName.get(name);
      if (winner) {
        winner.shadows.push(l.origin);
        continue;
      }
      if (!/^[\w.-]{1,64}$/.test(name)) {
        warnings.push(`${l.origin.file}: MCP server name "${name.slice(0, 80)}" must be letters, digits, _, - or . (at most 64); it was skipped`);
        continue;
      }
      try {
        byName.set(name, { name, config: parseServerEntry(raw, l.baseDir), raw: raw as Obj, origin: l.origin, shadows: [] });
      } catch (err) {
        warnings.push(`${l.origin.file}: MCP server "${name}": ${(err as Error).message}; it was skipped`);
      }
    }
  }
  return { servers: [...byName.values()], inputs, warnings };
}
