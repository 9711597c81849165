// agent.setPermissions({ readFile: { allowed: true }, writeFile: { allowed: false } }): the per-tool
// switches of the open-agent-SDK tutorials, turned into permission rules on top of the engine's.
// A switch becomes a bare rule (Claude Code's `Read`, `Edit`, `Bash`), so the engine still decides
// everything else: a deny rule (from anywhere) beats an allow, a bare allow covers only the
// workspace, protected paths still ask, and a tool nobody mentioned keeps the engine's decision.
import type { PermissionRules } from '../permissions/engine';
import { ConfigError } from './errors';

export type PermissionSwitches = Record<string, { allowed: boolean }>;

/**
 * The tutorials' capability names and the rules they stand for. `Read` covers every reading tool
 * (Read, Glob, Grep, LS) and `Edit` every editing tool (Write, Edit, MultiEdit) and shell redirects
 * into files, as in Claude Code's rules.
 */
const CAPABILITIES: Record<string, string[]> = {
  readFile: ['Read'],
  listFiles: ['LS', 'Glob'],
  searchFiles: ['Grep', 'Glob'],
  writeFile: ['Edit'],
  editFile: ['Edit'],
  executeCommand: ['Bash'],
  runCommand: ['Bash'],
  bash: ['Bash'],
};

/** Allow and deny rules for the switches; keys are capability names or tool names of this agent. */
export function switchesToRules(switches: unknown, toolNames: readonly string[]): Required<Pick<PermissionRules, 'allow' | 'deny'>> {
  if (typeof switches !== 'object' || switches === null || Array.isArray(switches)) {
    throw new ConfigError('setPermissions takes an object such as { readFile: { allowed: true }, writeFile: { allowed: false } }.');
  }
  const allow: string[] = [];
  const deny: string[] = [];
  for (const [key, value] of Object.entries(switches as Record<string, unknown>)) {
    const rules = CAPABILITIES[key] ?? (toolNames.includes(key) ? [key] : undefined);
    if (!rules) {
      throw new ConfigError(
        `setPermissions: unknown permission "${key}". Use ${Object.keys(CAPABILITIES).join(', ')}, or a tool name of this agent (${toolNames.join(', ')}).`,
      );
    }
    const allowed = (value as { allowed?: unknown } | null)?.allowed;
    if (typeof allowed !== 'boolean') throw new ConfigError(`setPermissions: "${key}" needs { allowed: true } or { allowed: false }.`);
    (allowed ? allow : deny).push(...rules);
  }
  return { allow: [...new Set(allow)], deny: [...new Set(deny)] };
}
