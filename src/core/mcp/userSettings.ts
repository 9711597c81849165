// The MCP keys of the settings (enableAllProjectMcpServers, enabledMcpjsonServers,
// disabledMcpjsonServers), through the one settings loader: a repository's own settings files count
// only once the user approved those parts of them (config/trust.ts), so a repository cannot approve
// its own servers by itself.
import { loadSettings } from '../config/loader';
import type { McpSettings } from '../config/loader';

export type McpUserSettings = McpSettings;

export function readMcpUserSettings(userDir: string, home: string, cwd: string): McpUserSettings {
  return loadSettings({ userDir, projectDirs: [cwd], home }).mcp;
}
