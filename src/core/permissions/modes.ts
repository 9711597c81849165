// The permission modes and the rule lists, shared by the engine, the settings loader and the hosts.

// dontAsk (Claude Code's): whatever would be asked is refused instead, so only allow rules (and
// reads inside the workspace) let calls through; for unattended runs.
export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions', 'dontAsk'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export function isPermissionMode(v: unknown): v is PermissionMode {
  return typeof v === 'string' && (PERMISSION_MODES as readonly string[]).includes(v);
}

export interface PermissionRules {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

export type RuleList = 'allow' | 'ask' | 'deny';
/** Where "Allow always" keeps a rule: in memory, or in one of the settings files. */
export type RuleScope = 'session' | 'local' | 'project' | 'user';

/** A rule as written in settings: `Tool` or `Tool(spec)`. */
export function formatRule(r: { tool: string; spec?: string }): string {
  return r.spec === undefined ? r.tool : `${r.tool}(${r.spec})`;
}
