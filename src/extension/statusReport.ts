// /status in the panel: the same facts as `tandem -p /status` (core/sdk/status.ts), read now and
// shown in the user's language: model and provider, the permission mode in force, every settings
// file found (Claude Code's and Tandem's) with what of it is ignored or waits for approval, the MCP
// servers and their state, the memory files, the custom commands and skills.
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadSettings } from '../core/config/loader';
import { loadInstructions } from '../core/memory/instructions';
import type { MemoryEntry } from '../core/memory/instructions';
import { mcpStatus, settingsStatus } from '../core/sdk/status';
import type { StatusInfo } from '../core/sdk/status';
import { readPermissionMode, readSettings } from './config';
import { listCustomCommands } from './customCommands';
import { effectivePermissionMode } from './host/trust';
import { t } from './l10n';
import type { McpHost } from './mcp/mcpHost';
import { statusText } from './mcp/mcpHost';

/** `chatMemory`: the chat's own memory files (with those loaded on demand since); else read afresh. */
export async function collectPanelStatus(mcp: McpHost | undefined, chatMemory?: () => Promise<MemoryEntry[]>): Promise<StatusInfo> {
  const roots = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const home = homedir();
  const userDir = join(home, '.tandem');
  const { provider, model } = readSettings();
  const settings = loadSettings({ userDir, projectDirs: roots, home, trusted: vscode.workspace.isTrusted });
  const memory = chatMemory
    ? (await chatMemory()).filter((e) => e.status === 'loaded')
    : roots.length
      ? await loadInstructions({ userDir, roots, home, excludes: settings.claudeMdExcludes, managedText: settings.managedClaudeMd })
      : [];
  const commands = listCustomCommands(roots, mcp?.manager, home).defs;
  return {
    provider,
    model,
    permissionMode: effectivePermissionMode(readPermissionMode()),
    cwd: roots[0] ?? '',
    settings: settingsStatus(settings),
    mcp: mcpStatus(mcp?.manager?.servers() ?? []),
    memoryFiles: memory.map((f) => f.path),
    commands: commands.filter((c) => c.kind === 'command').length,
    skills: commands.filter((c) => c.kind === 'skill').length,
  };
}

const shortPath = (file: string) => (file.startsWith(homedir()) ? `~${file.slice(homedir().length)}` : vscode.workspace.asRelativePath(file));

export function formatPanelStatus(s: StatusInfo, mcp: McpHost | undefined): string {
  const lines = [
    t('Model: {0} ({1})', s.model, s.provider === 'openai' ? 'OpenAI' : 'Anthropic'),
    t('Permission mode: {0}', s.permissionMode),
    '',
    t('Settings files (highest precedence first):'),
  ];
  if (!s.settings.length) lines.push(`  ${t('none found')}`);
  for (const f of s.settings) {
    const state = f.status === 'applied' ? t('loaded') : f.status === 'error' ? t('not loaded (error)') : t('loaded in part');
    lines.push(`  ${f.file === '--settings' ? f.file : shortPath(f.file)} [${f.scope}]: ${state}`);
    if (f.pending) lines.push(`    ${t('awaiting your approval: {0}', f.pending.join('; '))}`);
    for (const n of f.notes ?? []) lines.push(`    ${n}`);
  }
  lines.push('', t('MCP servers:'));
  if (!s.mcp.length) lines.push(`  ${t('none')}`);
  for (const m of s.mcp) {
    const server = mcp?.manager?.server(m.name);
    const state = server ? statusText(server) : m.status;
    lines.push(`  ${m.name} [${m.scope}]: ${state}${m.status === 'connected' ? `, ${t('{0} tools', m.tools)}` : ''}${m.error ? ` (${m.error})` : ''}`);
  }
  lines.push('', t('Memory files: {0}', s.memoryFiles.length), ...s.memoryFiles.map((f) => `  ${shortPath(f)}`));
  lines.push('', t('Custom commands: {0}; skills: {1}', s.commands, s.skills));
  return lines.join('\n');
}
