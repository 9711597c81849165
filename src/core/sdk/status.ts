// /status: what this agent runs with, in one place: provider and model, permission mode, the settings
// files found (and which of them are ignored in part, or wait for the user's approval), the MCP
// servers and their state, the memory files loaded, the commands and skills found. The panel shows
// it (in the user's language, from the same data); `tandem -p /status` prints formatStatus.
import type { LoadedSettings } from '../config/loader';
import type { ServerState } from '../mcp/manager';

export interface SettingsFileStatus {
  file: string;
  scope: string;
  /** applied: all of it; partial: parts ignored (malformed, awaiting approval, untrusted); error: none of it. */
  status: 'applied' | 'partial' | 'error';
  /** What waits for the user's approval (a repository's hooks, broad rules…). */
  pending?: string[];
  /** The loader's warnings about this file (what was ignored and why). */
  notes?: string[];
}

export interface McpServerStatus {
  name: string;
  scope: string;
  status: ServerState['status'];
  tools: number;
  error?: string;
}

export interface StatusInfo {
  provider: string;
  model: string;
  permissionMode: string;
  cwd: string;
  settings: SettingsFileStatus[];
  mcp: McpServerStatus[];
  memoryFiles: string[];
  commands: number;
  skills: number;
}

/** The settings files, highest precedence first, with what of each waits for approval or was ignored. */
export function settingsStatus(settings: Pick<LoadedSettings, 'sources' | 'pendingApprovals' | 'warnings'>): SettingsFileStatus[] {
  return settings.sources.map((s) => {
    const pending = settings.pendingApprovals.find((p) => p.file === s.file)?.items;
    const notes = s.status === 'applied' ? [] : settings.warnings.filter((w) => w.startsWith(s.file));
    return { file: s.file, scope: s.scope, status: s.status, ...(pending?.length ? { pending } : {}), ...(notes.length ? { notes } : {}) };
  });
}

export function mcpStatus(servers: readonly ServerState[]): McpServerStatus[] {
  return servers.map((s) => ({
    name: s.name,
    scope: s.entry.origin.scope,
    status: s.status,
    tools: s.status === 'connected' ? s.tools.length - s.disabledTools.length : 0,
    ...(s.error ? { error: s.error.split('\n')[0] } : {}),
  }));
}

/** Whether a headless prompt asks for the status instead of the model ("/status", nothing after it). */
export function isStatusPrompt(prompt: string): boolean {
  return prompt.trim() === '/status';
}

/** The status as plain text (the CLI; the panel formats the same data in the user's language). */
export function formatStatus(s: StatusInfo): string {
  const lines = [`Model: ${s.model} (${s.provider})`, `Permission mode: ${s.permissionMode}`, `Working directory: ${s.cwd}`, '', 'Settings files (highest precedence first):'];
  if (!s.settings.length) lines.push('  none');
  for (const f of s.settings) {
    const state = f.status === 'applied' ? 'loaded' : f.status === 'error' ? 'not loaded (error)' : 'loaded in part';
    lines.push(`  ${f.file} [${f.scope}]: ${state}`);
    if (f.pending) lines.push(`    awaiting approval: ${f.pending.join('; ')}`);
    for (const n of f.notes ?? []) lines.push(`    ${n}`);
  }
  lines.push('', 'MCP servers:');
  if (!s.mcp.length) lines.push('  none');
  for (const m of s.mcp) lines.push(`  ${m.name} [${m.scope}]: ${m.status}${m.status === 'connected' ? `, ${m.tools} tools` : ''}${m.error ? ` (${m.error})` : ''}`);
  lines.push('', `Memory files: ${s.memoryFiles.length}`, ...s.memoryFiles.map((f) => `  ${f}`));
  lines.push('', `Custom commands: ${s.commands}; skills: ${s.skills}`);
  return lines.join('\n');
}
