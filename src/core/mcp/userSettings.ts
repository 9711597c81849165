// The MCP keys of the USER's settings only (a repository's settings must not approve its own
// servers). Kept apart so it can switch to the shared settings loader (src/core/config/) in one
// place: today it reads ~/.tandem/settings.json and Claude Code's ~/.claude/settings.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface McpUserSettings {
  enableAllProjectMcpServers: boolean;
  enabledMcpjsonServers: string[];
  disabledMcpjsonServers: string[];
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export function readMcpUserSettings(userDir: string, home: string): McpUserSettings {
  const out: McpUserSettings = { enableAllProjectMcpServers: false, enabledMcpjsonServers: [], disabledMcpjsonServers: [] };
  for (const file of [join(home, '.claude', 'settings.json'), join(userDir, 'settings.json')]) {
    let s: Record<string, unknown>;
    try {
      s = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
      if (!s || typeof s !== 'object') continue;
    } catch {
      continue; // missing or broken: the settings loader reports broken files
    }
    if (typeof s.enableAllProjectMcpServers === 'boolean') out.enableAllProjectMcpServers = s.enableAllProjectMcpServers;
    out.enabledMcpjsonServers.push(...strings(s.enabledMcpjsonServers));
    out.disabledMcpjsonServers.push(...strings(s.disabledMcpjsonServers));
  }
  return out;
}
