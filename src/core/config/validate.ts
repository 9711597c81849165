// Checks a settings object key by key, in Claude Code's documented shapes. A malformed value is an
// error naming the file and the key; what is well formed is returned, so the loader can apply the
// safe rest (a malformed file keeps its deny rules, never its allow or ask rules).
import { isPermissionMode } from '../permissions/modes';
import { parseRule } from '../permissions/rules';
import { HOOK_EVENTS, OTHER_CLAUDE_EVENTS } from '../hooks/types';
import type { HookCommand, HookGroup, HooksConfig } from '../hooks/types';
import type { PermissionsBlock, SettingsFile } from './settingsFiles';

export interface Validated {
  /** The well-formed keys (others are dropped); keys this file does not know pass through as they are. */
  settings: SettingsFile;
  /** `<where>: "<key>" …`, one per malformed value. */
  errors: string[];
  /** Not errors: things the user may want to know (an event Tandem does not fire). */
  notes: string[];
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const BOOLEAN_KEYS = ['disableAllHooks', 'enableAllProjectMcpServers', 'allowManagedHooksOnly', 'autoCompactEnabled'] as const;
const STRING_LIST_KEYS = ['enabledMcpjsonServers', 'disabledMcpjsonServers', 'claudeMdExcludes'] as const;
const STRING_KEYS = ['model', 'apiKeyHelper', 'claudeMd'] as const;

export function validateSettings(value: unknown, where: string): Validated {
  const errors: string[] = [];
  const notes: string[] = [];
  const bad = (key: string, what: string, got: unknown) => errors.push(`${where}: "${key}" must be ${what} (got ${describe(got)})`);
  if (!isObject(value)) {
    errors.push(`${where}: settings must be a JSON object (got ${describe(value)})`);
    return { settings: {}, errors, notes };
  }
  const out: SettingsFile = { ...value };
  if ('permissions' in value) {
    const p = value.permissions;
    if (!isObject(p)) {
      bad('permissions', 'an object with allow, ask, deny, defaultMode, additionalDirectories', p);
      delete out.permissions;
    } else out.permissions = permissions(p, bad, errors, where);
  }
  if ('env' in value) {
    const env = value.env;
    if (!isObject(env)) {
      bad('env', 'an object of variable names to string values', env);
      delete out.env;
    } else {
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(env)) {
        if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') clean[k] = String(v);
        else bad(`env.${k}`, 'a string', v);
      }
      out.env = clean;
    }
  }
  for (const key of STRING_KEYS) {
    if (key in value && typeof value[key] !== 'string') {
      bad(key, 'a string', value[key]);
      delete out[key];
    }
  }
  for (const key of BOOLEAN_KEYS) {
    if (key in value && typeof value[key] !== 'boolean') {
      bad(key, 'true or false', value[key]);
      delete out[key];
    }
  }
  for (const key of STRING_LIST_KEYS) {
    if (!(key in value)) continue;
    const v = value[key];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) {
      bad(key, key === 'claudeMdExcludes' ? 'a list of paths or glob patterns' : 'a list of server names', v);
      delete out[key];
    }
  }
  if ('hooks' in value) {
    const h = hooks(value.hooks, where, errors, notes);
    if (h) out.hooks = h;
    else delete out.hooks;
  }
  return { settings: out, errors, notes };
}

function permissions(p: Record<string, unknown>, bad: (k: string, what: string, got: unknown) => void, errors: string[], where: string): PermissionsBlock {
  const out: PermissionsBlock = {};
  for (const list of ['allow', 'ask', 'deny'] as const) {
    if (!(list in p)) continue;
    const v = p[list];
    if (!Array.isArray(v)) {
      bad(`permissions.${list}`, 'a list of rules such as ["Bash(npm test)", "Read(.env)"]', v);
      continue;
    }
    const rules: string[] = [];
    v.forEach((r, i) => {
      if (typeof r !== 'string') return bad(`permissions.${list}[${i}]`, 'a rule string', r);
      try {
        parseRule(r);
        rules.push(r.trim());
      } catch (err) {
        errors.push(`${where}: "permissions.${list}[${i}]": ${(err as Error).message}`);
      }
    });
    out[list] = rules;
  }
  if ('defaultMode' in p) {
    if (isPermissionMode(p.defaultMode)) out.defaultMode = p.defaultMode;
    else bad('permissions.defaultMode', 'one of default, acceptEdits, plan, bypassPermissions, dontAsk', p.defaultMode);
  }
  if ('additionalDirectories' in p) {
    const d = p.additionalDirectories;
    if (Array.isArray(d) && d.every((x) => typeof x === 'string')) out.additionalDirectories = d as string[];
    else bad('permissions.additionalDirectories', 'a list of folder paths', d);
  }
  if ('disableBypassPermissionsMode' in p) {
    if (p.disableBypassPermissionsMode === 'disable') out.disableBypassPermissionsMode = 'disable';
    else bad('permissions.disableBypassPermissionsMode', '"disable"', p.disableBypassPermissionsMode);
  }
  return out;
}

const KNOWN_EVENTS = new Set<string>([...HOOK_EVENTS, ...OTHER_CLAUDE_EVENTS]);

function hooks(v: unknown, where: string, errors: string[], notes: string[]): HooksConfig | undefined {
  const bad = (key: string, what: string, got: unknown) => errors.push(`${where}: "${key}" must be ${what} (got ${describe(got)})`);
  if (!isObject(v)) {
    bad('hooks', 'an object of event names to lists of {"matcher", "hooks"}', v);
    return undefined;
  }
  const out: HooksConfig = {};
  for (const [event, groups] of Object.entries(v)) {
    if (!KNOWN_EVENTS.has(event)) {
      errors.push(`${where}: "hooks.${event}" is not a hook event; the events are ${HOOK_EVENTS.join(', ')}`);
      continue;
    }
    if (!(HOOK_EVENTS as readonly string[]).includes(event)) notes.push(`${where}: hooks for ${event} are accepted but Tandem does not fire that event`);
    if (!Array.isArray(groups)) {
      bad(`hooks.${event}`, 'a list of {"matcher": "...", "hooks": [...]}', groups);
      continue;
    }
    const clean: HookGroup[] = [];
    groups.forEach((g, i) => {
      const key = `hooks.${event}[${i}]`;
      if (!isObject(g)) return bad(key, 'an object with "matcher" and "hooks"', g);
      if (g.matcher !== undefined && typeof g.matcher !== 'string') return bad(`${key}.matcher`, 'a string', g.matcher);
      if (typeof g.matcher === 'string' && !validMatcher(g.matcher)) return bad(`${key}.matcher`, 'a tool name, A|B, or a regular expression', g.matcher);
      if (!Array.isArray(g.hooks)) return bad(`${key}.hooks`, 'a list of {"type": "command", "command": "..."}', g.hooks);
      const commands: HookCommand[] = [];
      g.hooks.forEach((h, j) => {
        const hk = `${key}.hooks[${j}]`;
        if (!isObject(h)) return bad(hk, 'an object', h);
        if (h.type !== 'command') return bad(`${hk}.type`, '"command" (the hook type Tandem runs)', h.type);
        if (typeof h.command !== 'string' || !h.command.trim()) return bad(`${hk}.command`, 'a command line', h.command);
        if (h.timeout !== undefined && (typeof h.timeout !== 'number' || !(h.timeout > 0))) return bad(`${hk}.timeout`, 'a number of seconds above 0', h.timeout);
        if (h.enforce !== undefined && typeof h.enforce !== 'boolean') return bad(`${hk}.enforce`, 'true or false', h.enforce);
        commands.push({ type: 'command', command: h.command, ...(h.timeout !== undefined ? { timeout: h.timeout as number } : {}), ...(h.enforce ? { enforce: true } : {}) });
      });
      clean.push({ ...(typeof g.matcher === 'string' ? { matcher: g.matcher } : {}), hooks: commands });
    });
    out[event] = clean;
  }
  return out;
}

function validMatcher(m: string): boolean {
  if (m === '' || m === '*') return true;
  try {
    new RegExp(m);
    return true;
  } catch {
    return false;
  }
}
