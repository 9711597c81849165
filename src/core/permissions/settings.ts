// Settings files in Claude Code's shape (a `permissions` block with allow, ask, deny, defaultMode,
// additionalDirectories): ~/.tandem/settings.json (user), .tandem/settings.json (shared with the
// repository) and .tandem/settings.local.json (personal), merged. A repository must not raise its
// own trust: the parts of project and local files that would (a looser default mode, allow rules
// that are not read-only, more folders, provider settings) apply only once the user has approved
// exactly them; until then they are ignored and reported, the rest applies.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { isPermissionMode } from './modes';
import type { PermissionMode, RuleList } from './modes';
import { expandHome } from './paths';
import { parseRule } from './rules';

export interface PermissionsBlock {
  allow?: string[];
  ask?: string[];
  deny?: string[];
  defaultMode?: string;
  additionalDirectories?: string[];
}

export interface SettingsFile {
  permissions?: PermissionsBlock;
  env?: Record<string, string>;
  apiKeyHelper?: string;
  [key: string]: unknown;
}

export interface PendingApproval {
  file: string;
  /** Hash of exactly the parts awaiting approval; approveSettings(file, hash) approves them. */
  hash: string;
  /** What the file would change, in words, for the user to judge. */
  items: string[];
}

export interface LoadedSettings {
  allow: string[];
  ask: string[];
  deny: string[];
  defaultMode?: PermissionMode;
  /** Absolute. */
  additionalDirectories: string[];
  env: Record<string, string>;
  apiKeyHelper?: string;
  pendingApprovals: PendingApproval[];
  /** Files that could not be read or entries that were skipped, with what to fix. */
  warnings: string[];
}

export interface SettingsLocations {
  /** ~/.tandem by default: user settings and the approvals file live here. */
  userDir: string;
  /** Workspace folders; each may hold .tandem/settings.json and .tandem/settings.local.json. */
  projectDirs: string[];
  home: string;
}

export function userSettingsFile(userDir: string): string {
  return join(userDir, 'settings.json');
}
export function projectSettingsFile(projectDir: string, scope: 'project' | 'local'): string {
  return join(projectDir, '.tandem', scope === 'local' ? 'settings.local.json' : 'settings.json');
}
export function approvalsFile(userDir: string): string {
  return join(userDir, 'approved-settings.json');
}

/** How a settings file is named in approvals: its canonical path, however the folder was reached. */
export function settingsKey(file: string): string {
  const abs = resolve(file);
  try {
    return join(realpathSync(dirname(abs)), basename(abs));
  } catch {
    return abs;
  }
}

/** Allow rules for these tools only read: a repository may add them without approval. */
const READ_ONLY_RULE_TOOLS = new Set(['Read', 'Glob', 'Grep', 'LS', 'TodoWrite']);
const SECRET_KEY = /(KEY|TOKEN|SECRET|PASSWORD)$/i;

interface Risky {
  items: string[];
  hash: string;
}

/** The parts of a repository's settings file that would raise its trust, and their stable hash. */
export function riskyParts(s: SettingsFile): Risky {
  const p = s.permissions ?? {};
  const mode = p.defaultMode === 'bypassPermissions' || p.defaultMode === 'acceptEdits' ? p.defaultMode : undefined;
  const allow = strings(p.allow).filter((r) => !READ_ONLY_RULE_TOOLS.has(safeTool(r))).sort();
  const dirs = strings(p.additionalDirectories).slice().sort();
  const env = Object.entries(s.env && typeof s.env === 'object' ? s.env : {}).map(([k, v]) => [k, String(v)]).sort(([a], [b]) => (a < b ? -1 : 1));
  const helper = typeof s.apiKeyHelper === 'string' ? s.apiKeyHelper : undefined;
  const items = [
    ...(mode ? [`defaultMode ${mode}: ${mode === 'acceptEdits' ? 'edits apply without asking' : 'everything runs without asking'}`] : []),
    ...allow.map((r) => `allow ${r} without asking`),
    ...dirs.map((d) => `additionalDirectories ${d}: the agent may work there too`),
    ...env.map(([k, v]) => (SECRET_KEY.test(k) ? `env ${k} (a secret, value hidden)` : `env ${k}=${v}`)),
    ...(helper !== undefined ? [`apiKeyHelper runs \`${helper}\` to get an API key`] : []),
  ];
  const canonical = JSON.stringify({ mode, allow, dirs, env, helper });
  return { items, hash: createHash('sha256').update(canonical).digest('hex').slice(0, 32) };
}

/** The file without its risky parts: what applies until the user approves them. */
function withoutRisky(s: SettingsFile): SettingsFile {
  const p = s.permissions ?? {};
  const mode = p.defaultMode === 'bypassPermissions' || p.defaultMode === 'acceptEdits' ? undefined : p.defaultMode;
  const allow = strings(p.allow).filter((r) => READ_ONLY_RULE_TOOLS.has(safeTool(r)));
  return { ...s, env: undefined, apiKeyHelper: undefined, permissions: { ...p, defaultMode: mode, allow, additionalDirectories: [] } };
}

function safeTool(rule: string): string {
  try {
    return parseRule(rule).tool;
  } catch {
    return '';
  }
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function readJson(file: string): { value?: SettingsFile; error?: string } {
  if (!existsSync(file)) return {};
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: `${file} is not a JSON object; it was ignored` };
    return { value: value as SettingsFile };
  } catch (err) {
    return { error: `${file} could not be read (${(err as Error).message}); it was ignored. Fix the JSON to apply it` };
  }
}

export function readApprovals(userDir: string): Record<string, string> {
  const { value } = readJson(approvalsFile(userDir));
  return (value ?? {}) as Record<string, string>;
}

export function loadSettings(loc: SettingsLocations): LoadedSettings {
  const out: LoadedSettings = { allow: [], ask: [], deny: [], additionalDirectories: [], env: {}, pendingApprovals: [], warnings: [] };
  const approvals = readApprovals(loc.userDir);
  const userFile = settingsKey(userSettingsFile(loc.userDir));
  const layers: { file: string; base: string; repo: boolean }[] = [{ file: userFile, base: loc.home, repo: false }];
  for (const dir of loc.projectDirs) {
    for (const scope of ['project', 'local'] as const) {
      const file = settingsKey(projectSettingsFile(dir, scope));
      if (file !== userFile && !layers.some((l) => l.file === file)) layers.push({ file, base: dir, repo: true });
    }
  }
  for (const layer of layers) {
    const { value, error } = readJson(layer.file);
    if (error) out.warnings.push(error);
    if (!value) continue;
    let s = value;
    if (layer.repo) {
      const risky = riskyParts(value);
      if (risky.items.length && approvals[layer.file] !== risky.hash) {
        out.pendingApprovals.push({ file: layer.file, hash: risky.hash, items: risky.items });
        s = withoutRisky(value);
      }
    }
    apply(out, s, layer, loc.home);
  }
  return out;
}

function apply(out: LoadedSettings, s: SettingsFile, layer: { file: string; base: string }, home: string): void {
  const p = s.permissions;
  if (p !== undefined && (typeof p !== 'object' || p === null)) {
    out.warnings.push(`${layer.file}: "permissions" must be an object; it was ignored`);
    return;
  }
  for (const list of ['allow', 'ask', 'deny'] as const) {
    for (const rule of strings(p?.[list])) {
      try {
        parseRule(rule);
        if (!out[list].includes(rule)) out[list].push(rule);
      } catch (err) {
        out.warnings.push(`${layer.file}: ${(err as Error).message}; the rule was skipped`);
      }
    }
  }
  if (p?.defaultMode !== undefined) {
    if (isPermissionMode(p.defaultMode)) out.defaultMode = p.defaultMode;
    else out.warnings.push(`${layer.file}: unknown defaultMode "${String(p.defaultMode)}"; use default, acceptEdits, plan, bypassPermissions or dontAsk`);
  }
  for (const d of strings(p?.additionalDirectories)) {
    const abs = resolve(layer.base, expandHome(d, home));
    if (!out.additionalDirectories.includes(abs)) out.additionalDirectories.push(abs);
  }
  if (s.env && typeof s.env === 'object') for (const [k, v] of Object.entries(s.env)) out.env[k] = String(v);
  if (typeof s.apiKeyHelper === 'string') out.apiKeyHelper = s.apiKeyHelper;
}

/** Writes through a temporary file and a rename, so a crash never leaves half a settings file. */
export function writeJsonAtomic(file: string, value: unknown): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, file);
}

/** Records that the user approved exactly these risky parts of this file. */
export function approveSettings(file: string, hash: string, userDir: string): void {
  const approvals = readApprovals(userDir);
  approvals[settingsKey(file)] = hash;
  writeJsonAtomic(approvalsFile(userDir), approvals);
}

/**
 * Adds a rule to a list in a settings file, creating the file (and, for settings.local.json, a
 * .gitignore that keeps it out of git) and keeping every other key. Returns the file's risky
 * parts before and after, so a caller can carry an existing approval over to the user's own change.
 */
export function addRuleToFile(file: string, list: RuleList, rule: string): { before: Risky; after: Risky } {
  parseRule(rule);
  const { value, error } = readJson(file);
  if (error) throw new Error(`Cannot add ${rule} to ${file}: ${error.replace(/; it was ignored.*$/, '')}. Fix or remove the file first`);
  const s: SettingsFile = value ?? {};
  const before = riskyParts(s);
  const p: PermissionsBlock = s.permissions && typeof s.permissions === 'object' ? s.permissions : {};
  const rules = strings(p[list]);
  if (!rules.includes(rule)) rules.push(rule);
  const next: SettingsFile = { ...s, permissions: { ...p, [list]: rules } };
  writeJsonAtomic(file, next);
  if (file.endsWith('settings.local.json')) {
    const ignore = join(dirname(file), '.gitignore');
    if (!existsSync(ignore)) writeFileSync(ignore, 'settings.local.json\n');
  }
  return { before, after: riskyParts(next) };
}
