// Where settings files live and how they are written. Tandem reads Claude Code's files beside its
// own: ~/.claude/settings.json and ~/.tandem/settings.json (user), .claude/ and .tandem/
// settings.json (project, shared through the repository) and settings.local.json (personal), and
// managed settings (/etc/claude-code/managed-settings.json, or the file TANDEM_MANAGED_SETTINGS
// names). The loader (loader.ts) merges them; trust.ts decides what a repository may set.
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { RuleList } from '../permissions/modes';
import { parseRule } from '../permissions/rules';
import { riskyParts } from './trust';
import type { Risky } from './trust';

export type { PendingApproval, Risky } from './trust';
export { riskyParts } from './trust';

export interface PermissionsBlock {
  allow?: string[];
  ask?: string[];
  deny?: string[];
  defaultMode?: string;
  additionalDirectories?: string[];
  disableBypassPermissionsMode?: string;
}

export interface SettingsFile {
  permissions?: PermissionsBlock;
  env?: Record<string, string>;
  apiKeyHelper?: string;
  [key: string]: unknown;
}

/** Which level a settings file speaks for, highest precedence first. */
export const SCOPES = ['managed', 'flag', 'local', 'project', 'user'] as const;
export type SettingsScope = (typeof SCOPES)[number];

export const DEFAULT_MANAGED_SETTINGS = '/etc/claude-code/managed-settings.json';

/** The managed settings file: TANDEM_MANAGED_SETTINGS when set (tests, other layouts), else Claude Code's path. */
export function managedSettingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return env.TANDEM_MANAGED_SETTINGS || DEFAULT_MANAGED_SETTINGS;
}

export function userSettingsFile(userDir: string): string {
  return join(userDir, 'settings.json');
}
export function projectSettingsFile(projectDir: string, scope: 'project' | 'local', tool: 'tandem' | 'claude' = 'tandem'): string {
  return join(projectDir, tool === 'claude' ? '.claude' : '.tandem', scope === 'local' ? 'settings.local.json' : 'settings.json');
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

export function readJson(file: string): { value?: SettingsFile; error?: string } {
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

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
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
