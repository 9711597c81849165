// The one settings loader every host uses (CLI, SDK, VS Code). It reads Claude Code's files and
// Tandem's, validates each (validate.ts), keeps a repository from raising its own trust (trust.ts),
// and merges them by one precedence, highest first:
//
//   managed  >  flags (--settings, the SDK's `settings`)  >  local  >  project  >  user
//
// Within a level Tandem's file (.tandem/, ~/.tandem/) wins over Claude Code's (.claude/, ~/.claude/).
// A single value (model, defaultMode, a variable in env) comes from the highest level that sets it;
// rule lists, folders and hooks are gathered from every level. Deny beats ask beats allow whatever
// level a rule comes from, so a deny at any level wins.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { HookDefinition, HookEvent } from '../hooks/types';
import { isHookEvent } from '../hooks/types';
import type { PermissionMode } from '../permissions/modes';
import { expandHome } from '../permissions/paths';
import { managedSettingsFile, projectSettingsFile, readApprovals, readJson, settingsKey, userSettingsFile } from './settingsFiles';
import type { SettingsFile, SettingsScope } from './settingsFiles';
import { riskyParts, withoutRisky } from './trust';
import type { PendingApproval } from './trust';
import { validateSettings } from './validate';

export interface SettingsLocations {
  /** ~/.tandem by default: user settings and the approvals file live here. */
  userDir: string;
  /** Workspace folders; each may hold .tandem/ and .claude/ settings.json and settings.local.json. */
  projectDirs: string[];
  home: string;
  /** Claude Code's user folder; default <home>/.claude. */
  claudeDir?: string;
  /** Default: TANDEM_MANAGED_SETTINGS or /etc/claude-code/managed-settings.json; null reads none. */
  managedFile?: string | null;
  /** Settings given on the command line or to the SDK (already checked with validateSettings). */
  flagSettings?: SettingsFile;
  /** False in an untrusted workspace (VS Code's Restricted Mode): no repository file raises trust, approved or not. */
  trusted?: boolean;
}

export interface SettingsSource {
  file: string;
  scope: SettingsScope;
  /** applied: all of it; partial: some parts ignored (malformed or awaiting approval); error: none of it. */
  status: 'applied' | 'partial' | 'error';
}

export interface McpSettings {
  enableAllProjectMcpServers: boolean;
  enabledMcpjsonServers: string[];
  disabledMcpjsonServers: string[];
}

export interface LoadedSettings {
  allow: string[];
  ask: string[];
  deny: string[];
  defaultMode?: PermissionMode;
  /** Absolute. */
  additionalDirectories: string[];
  env: Record<string, string>;
  /** Only from user, managed or flag settings: a repository's is never run. */
  apiKeyHelper?: string;
  model?: string;
  /** Every hook that may run (disableAllHooks and allowManagedHooksOnly applied), lowest level first. */
  hooks: HookDefinition[];
  mcp: McpSettings;
  /** Memory files to skip (Claude Code's claudeMdExcludes): every level's list, added up. */
  claudeMdExcludes: string[];
  /** Managed instructions written in the managed settings file itself (`claudeMd`; ignored at every other level, as in Claude Code). */
  managedClaudeMd?: { file: string; text: string };
  /** Managed settings forbid bypassPermissions. */
  bypassDisabled: boolean;
  /** The settings files found, highest precedence first, and whether they applied. */
  sources: SettingsSource[];
  /** Every key as merged (higher level wins per key; objects merged one level deep): for features that read their own keys. */
  raw: Record<string, unknown>;
  pendingApprovals: PendingApproval[];
  /** Files that could not be read, malformed values, ignored parts: each with what to fix. */
  warnings: string[];
}

interface Layer {
  file: string;
  scope: SettingsScope;
  base: string;
  value?: SettingsFile;
}

const REPO_SCOPES = new Set<SettingsScope>(['project', 'local']);

/** The files in merge order, lowest precedence first. */
function layers(loc: SettingsLocations): Layer[] {
  const claudeDir = loc.claudeDir ?? join(loc.home, '.claude');
  const out: Layer[] = [
    { file: join(claudeDir, 'settings.json'), scope: 'user', base: loc.home },
    { file: userSettingsFile(loc.userDir), scope: 'user', base: loc.home },
  ];
  for (const scope of ['project', 'local'] as const) {
    for (const dir of loc.projectDirs) {
      for (const tool of ['claude', 'tandem'] as const) out.push({ file: projectSettingsFile(dir, scope, tool), scope, base: dir });
    }
  }
  const firstDir = loc.projectDirs[0] ?? loc.home;
  if (loc.flagSettings) out.push({ file: '--settings', scope: 'flag', base: firstDir, value: loc.flagSettings });
  const managed = loc.managedFile === undefined ? managedSettingsFile() : loc.managedFile;
  if (managed) out.push({ file: managed, scope: 'managed', base: firstDir });
  const seen = new Set<string>();
  return out
    .map((l) => (l.scope === 'flag' ? l : { ...l, file: settingsKey(l.file) }))
    .filter((l) => {
      if (seen.has(l.file)) return false;
      seen.add(l.file);
      return true;
    });
}

export function loadSettings(loc: SettingsLocations): LoadedSettings {
  const out: LoadedSettings = {
    allow: [],
    ask: [],
    deny: [],
    additionalDirectories: [],
    env: {},
    hooks: [],
    mcp: { enableAllProjectMcpServers: false, enabledMcpjsonServers: [], disabledMcpjsonServers: [] },
    claudeMdExcludes: [],
    bypassDisabled: false,
    sources: [],
    raw: {},
    pendingApprovals: [],
    warnings: [],
  };
  const approvals = readApprovals(loc.userDir);
  const trusted = loc.trusted ?? true;
  const hookFlags: { scope: SettingsScope; disableAll?: boolean; managedOnly?: boolean }[] = [];
  for (const layer of layers(loc)) {
    let value = layer.value;
    if (!value) {
      const read = readJson(layer.file);
      if (read.error) {
        out.warnings.push(read.error);
        out.sources.unshift({ file: layer.file, scope: layer.scope, status: 'error' });
      }
      if (!read.value) continue;
      value = read.value;
    }
    const { settings, errors, notes } = validateSettings(value, layer.file);
    out.warnings.push(...errors, ...notes);
    let s = settings;
    let partial = false;
    if (errors.length) {
      // A malformed file may still protect: its well-formed deny rules apply, never its allow or ask rules.
      s = { ...s, permissions: { ...s.permissions, allow: [], ask: [] } };
      if ((settings.permissions?.allow?.length ?? 0) + (settings.permissions?.ask?.length ?? 0) > 0) {
        out.warnings.push(`${layer.file} has malformed values, so its allow and ask rules were ignored (its deny rules apply). Fix the values above to apply them`);
      }
      partial = true;
    }
    if (REPO_SCOPES.has(layer.scope)) {
      const risky = riskyParts(s);
      if (risky.items.length && (!trusted || approvals[layer.file] !== risky.hash)) {
        if (trusted) out.pendingApprovals.push({ file: layer.file, hash: risky.hash, items: risky.items });
        else out.warnings.push(`${layer.file}: ignored in part because the workspace is not trusted (${risky.items.join('; ')})`);
        s = withoutRisky(s);
        partial = true;
      }
      if (s.apiKeyHelper !== undefined) {
        out.warnings.push(`${layer.file}: "apiKeyHelper" is ignored in a repository's settings; set it in your user settings (~/.claude/settings.json or ~/.tandem/settings.json)`);
        s = { ...s, apiKeyHelper: undefined };
        partial = true;
      }
    }
    out.sources.unshift({ file: layer.file, scope: layer.scope, status: partial ? 'partial' : 'applied' });
    apply(out, s, layer, loc.home);
    hookFlags.push({ scope: layer.scope, disableAll: s.disableAllHooks as boolean | undefined, managedOnly: s.allowManagedHooksOnly as boolean | undefined });
  }
  // disableAllHooks: the highest level that says decides; below managed it cannot turn managed hooks off.
  const decided = [...hookFlags].reverse().find((f) => f.disableAll !== undefined);
  const managedOnly = hookFlags.some((f) => f.scope === 'managed' && f.managedOnly);
  if (decided?.disableAll) out.hooks = decided.scope === 'managed' ? [] : out.hooks.filter((h) => h.scope === 'managed');
  else if (managedOnly) out.hooks = out.hooks.filter((h) => h.scope === 'managed');
  return out;
}

function apply(out: LoadedSettings, s: SettingsFile, layer: Layer, home: string): void {
  const p = s.permissions ?? {};
  for (const list of ['allow', 'ask', 'deny'] as const) {
    for (const rule of p[list] ?? []) if (!out[list].includes(rule)) out[list].push(rule);
  }
  if (p.defaultMode !== undefined) out.defaultMode = p.defaultMode as PermissionMode;
  for (const d of p.additionalDirectories ?? []) {
    const abs = resolve(layer.base, expandHome(d, home));
    if (!out.additionalDirectories.includes(abs)) out.additionalDirectories.push(abs);
  }
  if (layer.scope === 'managed' && p.disableBypassPermissionsMode === 'disable') out.bypassDisabled = true;
  if (layer.scope === 'managed' && typeof s.claudeMd === 'string' && s.claudeMd.trim()) out.managedClaudeMd = { file: layer.file, text: s.claudeMd };
  if (s.env) Object.assign(out.env, s.env);
  if (typeof s.apiKeyHelper === 'string') out.apiKeyHelper = s.apiKeyHelper;
  if (typeof s.model === 'string') out.model = s.model;
  if (typeof s.enableAllProjectMcpServers === 'boolean') out.mcp.enableAllProjectMcpServers = s.enableAllProjectMcpServers;
  for (const key of ['enabledMcpjsonServers', 'disabledMcpjsonServers'] as const) {
    for (const name of (s[key] as string[] | undefined) ?? []) if (!out.mcp[key].includes(name)) out.mcp[key].push(name);
  }
  for (const p of (s.claudeMdExcludes as string[] | undefined) ?? []) if (!out.claudeMdExcludes.includes(p)) out.claudeMdExcludes.push(p);
  for (const [event, groups] of Object.entries((s.hooks as Record<string, { matcher?: string; hooks: HookDefinition[] }[]> | undefined) ?? {})) {
    if (!isHookEvent(event)) continue;
    for (const g of groups) {
      for (const h of g.hooks) out.hooks.push({ ...h, event: event as HookEvent, matcher: g.matcher ?? '', source: layer.file, scope: layer.scope });
    }
  }
  for (const [k, v] of Object.entries(s)) {
    if (v === undefined) continue;
    const prev = out.raw[k];
    out.raw[k] = isPlainObject(prev) && isPlainObject(v) ? { ...prev, ...v } : v;
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The usual locations for a workspace: ~/.tandem, ~/.claude, the folders' .tandem/ and .claude/, managed. */
export function defaultLocations(projectDirs: string[], extra: Partial<SettingsLocations> = {}): SettingsLocations {
  const home = extra.home ?? homedir();
  return { userDir: join(home, '.tandem'), projectDirs, home, ...extra };
}
