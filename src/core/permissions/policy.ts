// Decides allow / ask / deny for one tool call from the mode and the rules. Deny beats ask beats
// allow in every mode. This is the core's first policy; shell analysis with a real parser, settings
// files and the approval UI come with the permission engine issue, and nothing here is looser
// than what that issue describes.
import { relative, resolve, sep } from 'node:path';
import type { PermissionSubject } from '../tools/types';
import { parseRule, ruleMatches } from './rules';
import type { Rule } from './rules';

export const PERMISSION_MODES = ['default', 'acceptEdits', 'plan', 'bypassPermissions'] as const;
export type PermissionMode = (typeof PERMISSION_MODES)[number];

export interface PermissionRules {
  allow?: string[];
  ask?: string[];
  deny?: string[];
}

export interface Decision {
  behavior: 'allow' | 'ask' | 'deny';
  reason: string;
  by: 'mode' | 'rule';
}

/** Paths whose change could take over the agent or the user's machine: never without asking. */
const PROTECTED = ['.git', '.tandem', '.claude', '.vscode', '.ssh', '.gnupg', '.aws', '.npmrc', '.bashrc', '.zshrc', '.profile', '.gitconfig'];

export function isProtectedPath(absPath: string): boolean {
  const parts = resolve(absPath).split(sep);
  return parts.some((p) => PROTECTED.includes(p)) || /(^|\/)\.env(\.|$)/.test(absPath);
}

export function isInside(absPath: string, roots: string[]): boolean {
  const p = resolve(absPath);
  return roots.some((r) => {
    const rel = relative(resolve(r), p);
    return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && rel !== '..');
  });
}

export class PermissionPolicy {
  private readonly allow: Rule[];
  private readonly ask: Rule[];
  private readonly deny: Rule[];
  /** Calls the user allowed "for this session". */
  private readonly sessionAllow: Rule[] = [];

  constructor(
    public mode: PermissionMode,
    rules: PermissionRules,
    private readonly roots: string[],
    /**
     * The host shows every edit as a proposal the user accepts or rejects (VS Code): in default
     * mode an edit inside the workspace goes straight to that review instead of a separate prompt.
     */
    private readonly options: { editsAreReviewed?: boolean } = {},
  ) {
    this.allow = (rules.allow ?? []).map((r) => parseRule(r, 'allow'));
    this.ask = (rules.ask ?? []).map((r) => parseRule(r, 'ask'));
    this.deny = (rules.deny ?? []).map((r) => parseRule(r, 'deny'));
  }

  rememberAllow(toolName: string, subject: PermissionSubject): void {
    const spec = subject.kind === 'command' ? subject.command : undefined;
    if (subject.kind === 'read' || subject.kind === 'write') return; // file approvals are per call
    this.sessionAllow.push({ tool: toolName, spec, source: 'session' });
  }

  decide(toolName: string, readOnly: boolean, subject: PermissionSubject, cwd: string): Decision {
    // Rules see the same path, resolved against cwd, as the mode checks below.
    const subj = subject.kind === 'read' || subject.kind === 'write' ? { ...subject, path: resolve(cwd, subject.path) } : subject;
    const path = subj.kind === 'read' || subj.kind === 'write' ? subj.path : undefined;
    const match = (rules: Rule[], forDeny = false) => rules.find((r) => ruleMatches(r, toolName, subj, cwd, forDeny));
    const denied = match(this.deny, true);
    if (denied) return { behavior: 'deny', reason: `denied by rule ${format(denied)}`, by: 'rule' };

    const writes = !readOnly;
    const askRule = match(this.ask);
    if (this.mode === 'plan' && writes) {
      return { behavior: 'deny', reason: 'plan mode is read-only: present a plan instead of changing anything', by: 'mode' };
    }
    if (askRule) return { behavior: 'ask', reason: `rule ${format(askRule)} asks`, by: 'rule' };
    if (path && writes && isProtectedPath(path)) {
      return { behavior: 'ask', reason: `${path} is a protected path`, by: 'mode' };
    }
    if (this.mode === 'bypassPermissions') return { behavior: 'allow', reason: 'bypassPermissions mode', by: 'mode' };

    const allowed = match(this.allow) ?? match(this.sessionAllow);
    const inside = path ? isInside(path, this.roots) : true;
    if (allowed && (inside || !writes)) return { behavior: 'allow', reason: `allowed by rule ${format(allowed)}`, by: 'rule' };
    if (readOnly && subject.kind !== 'command') {
      if (path && !isInside(path, this.roots)) return { behavior: 'ask', reason: `${path} is outside the workspace`, by: 'mode' };
      return { behavior: 'allow', reason: 'read-only tool inside the workspace', by: 'mode' };
    }
    if (this.mode === 'acceptEdits' && subject.kind === 'write' && path && isInside(path, this.roots)) {
      return { behavior: 'allow', reason: 'acceptEdits mode allows edits inside the workspace', by: 'mode' };
    }
    if (this.mode === 'default' && this.options.editsAreReviewed && subject.kind === 'write' && path && isInside(path, this.roots)) {
      return { behavior: 'allow', reason: 'the edit is shown to the user for review before it is applied', by: 'mode' };
    }
    const what = subject.kind === 'command' ? `running \`${subject.command}\`` : subject.kind === 'write' ? `writing ${path}` : `using ${toolName}`;
    return { behavior: 'ask', reason: `${what} needs approval`, by: 'mode' };
  }
}

function format(r: Rule): string {
  return r.spec === undefined ? r.tool : `${r.tool}(${r.spec})`;
}
