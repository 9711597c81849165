// Servers a repository declares (.mcp.json, .vscode/mcp.json) run programs and reach URLs the
// repository chose: they start only once the user approved exactly that entry. An approval is
// bound to a hash of the entry as written, so any change to it asks again; a refusal is kept the
// same way, so the user is not asked again about the same entry. The user's own settings can
// approve project servers in bulk (Claude Code's enableAllProjectMcpServers, enabledMcpjsonServers,
// disabledMcpjsonServers); a repository's settings never can.
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../permissions/settings';
import { REPOSITORY_SCOPES } from './config';
import { readStateFile } from './prefs';
import type { McpServerEntry } from './config';
import type { McpUserSettings } from './userSettings';

export type TrustState = 'trusted' | 'approved' | 'refused' | 'pending';

export interface TrustDecision {
  state: TrustState;
  /** Why, in words for the panel and the CLI. */
  reason: string;
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

/** The hash an approval is bound to: the entry's scope, file, name and content as written. */
export function entryHash(entry: McpServerEntry): string {
  const canonical = JSON.stringify([entry.origin.scope, resolve(entry.origin.file), entry.name, sortKeys(entry.raw)]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 32);
}

export function needsApproval(entry: McpServerEntry): boolean {
  return REPOSITORY_SCOPES.includes(entry.origin.scope);
}

interface Record_ {
  hash: string;
  decision: 'approved' | 'refused';
}

export class McpApprovals {
  constructor(private readonly userDir: string) {}

  private get file(): string {
    return join(this.userDir, 'mcp-approvals.json');
  }

  private read(): Record<string, Record_> {
    return readStateFile<Record_>(this.file);
  }

  private key(entry: McpServerEntry): string {
    return `${resolve(entry.origin.file)}#${entry.name}`;
  }

  /** Records the user's answer for exactly this entry. */
  record(entry: McpServerEntry, decision: 'approved' | 'refused'): void {
    const all = this.read();
    all[this.key(entry)] = { hash: entryHash(entry), decision };
    writeJsonAtomic(this.file, all);
  }

  /** Forgets every answer about this folder's project servers (Claude Code's reset-project-choices). */
  reset(files: string[]): void {
    const all = this.read();
    const prefixes = files.map((f) => `${resolve(f)}#`);
    for (const k of Object.keys(all)) if (prefixes.some((p) => k.startsWith(p))) delete all[k];
    writeJsonAtomic(this.file, all);
  }

  decide(entry: McpServerEntry, user: McpUserSettings): TrustDecision {
    if (!needsApproval(entry)) return { state: 'trusted', reason: `from ${entry.origin.scope === 'flag' ? '--mcp-config' : `your ${entry.origin.scope} configuration`}` };
    if (user.disabledMcpjsonServers.includes(entry.name)) return { state: 'refused', reason: 'listed in disabledMcpjsonServers (user settings)' };
    if (user.enableAllProjectMcpServers) return { state: 'approved', reason: 'enableAllProjectMcpServers (user settings)' };
    if (user.enabledMcpjsonServers.includes(entry.name)) return { state: 'approved', reason: 'listed in enabledMcpjsonServers (user settings)' };
    const rec = this.read()[this.key(entry)];
    if (rec && rec.hash === entryHash(entry)) {
      return rec.decision === 'approved' ? { state: 'approved', reason: 'approved by you' } : { state: 'refused', reason: 'refused by you' };
    }
    return {
      state: 'pending',
      reason: rec ? 'the entry changed since you answered: approve it again' : `declared by the repository (${entry.origin.file}): it starts once you approve it`,
    };
  }
}

/** The exact program and arguments (or URL) a server entry runs, for the approval question. */
export function describeEntry(entry: McpServerEntry): string {
  const c = entry.config;
  if (c.type === 'stdio') {
    const env = Object.keys(c.env);
    return `${[c.command, ...c.args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}${env.length ? ` (env: ${env.join(', ')})` : ''}${c.cwd ? ` (in ${c.cwd})` : ''}`;
  }
  const headers = Object.keys(c.headers);
  return `${c.type === 'sse' ? 'SSE' : 'HTTP'} ${c.url}${headers.length ? ` (headers: ${headers.join(', ')})` : ''}`;
}
