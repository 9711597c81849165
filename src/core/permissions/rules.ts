// Permission rules in Claude Code's shape: `Tool` or `Tool(spec)`. Bash specs are command prefixes on
// word boundaries (`Bash(npm run test:*)`, `Bash(git status)`); file-tool specs are gitignore-style
// globs (`Edit(src/**)`, `Read(.env)`, `~/` for home, `//` for absolute paths).
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve } from 'node:path';
import picomatch from 'picomatch';
import { canonicalToolName } from '../tools/aliases';
import type { PermissionSubject } from '../tools/types';

export interface Rule {
  tool: string;
  spec?: string;
  source: string;
}

// `*` appears only in MCP rules (mcp__server__*), see toolNames.ts.
const RULE = /^([A-Za-z][\w*-]*)(?:\((.*)\))?$/s;

export function parseRule(text: string, source = 'settings'): Rule {
  const m = RULE.exec(text.trim());
  if (!m) throw new Error(`Invalid permission rule "${text}": expected Tool or Tool(spec)`);
  const spec = m[2]?.trim();
  return { tool: canonicalToolName(m[1]), spec: spec === '' || spec === '*' ? undefined : spec, source };
}

/** Characters that make a command more than one simple command, or run something hidden. */
const SHELL_META = /[;&|`$<>(){}\n\r\\]|^\s*(eval|exec|source|\.)\s/;

/**
 * Bash prefix matching on the raw command is only sound for one simple command: anything with
 * operators, substitutions or redirections never matches an allow rule (the permission issue adds
 * the real parser). For deny rules the caller passes `forDeny`, and a deny prefix anywhere in the
 * command matches, so chaining cannot hide a denied command.
 */
export function commandMatches(spec: string, command: string, forDeny = false): boolean {
  const prefix = spec.endsWith(':*') ? spec.slice(0, -2) : undefined;
  const normalized = command.trim().replace(/\s+/g, ' ');
  const wanted = (prefix ?? spec).trim().replace(/\s+/g, ' ');
  if (forDeny) {
    const words = ` ${denyWords(normalized)} `;
    return words.includes(` ${denyWords(wanted)}${prefix !== undefined ? '' : ' '}`) || normalized === wanted;
  }
  if (SHELL_META.test(command)) return false;
  if (prefix === undefined) return normalized === wanted;
  return normalized === wanted || normalized.startsWith(`${wanted} `);
}

/**
 * The words a deny rule looks for: operators become spaces, and quotes and backslashes are dropped
 * as the shell drops them, so `'rm'`, `r\m` or `{rm,-rf,x}` still contain rm.
 */
function denyWords(text: string): string {
  return text.replace(/['"\\]/g, '').replace(/[;&|()`$<>{},]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function pathMatches(spec: string, absPath: string, cwd: string): boolean {
  let pattern = spec;
  let base = cwd;
  // An anchor ties the pattern to its base; only an unanchored pattern may match at any depth.
  let anchored = true;
  if (pattern.startsWith('//')) {
    pattern = pattern.slice(2);
    base = '/';
  } else if (pattern.startsWith('~/')) {
    base = homedir();
    pattern = pattern.slice(2);
  } else if (pattern.startsWith('/')) {
    pattern = pattern.slice(1);
  } else {
    anchored = false;
  }
  const rel = relative(base, resolve(absPath));
  if (rel.startsWith('..') || isAbsolute(rel)) return false;
  // gitignore style: a pattern without a slash matches at any depth.
  const anyDepth = !anchored && !pattern.includes('/');
  const isMatch = picomatch(anyDepth ? `**/${pattern}` : pattern, { dot: true });
  // A pattern that names a directory covers what is inside it.
  return isMatch(rel) || isMatch(`${rel}/`) || picomatch(`${anyDepth ? '**/' : ''}${pattern}/**`, { dot: true })(rel);
}

export function ruleMatches(rule: Rule, toolName: string, subject: PermissionSubject, cwd: string, forDeny = false): boolean {
  if (rule.tool !== toolName && !(rule.tool === 'Edit' && ['Write', 'MultiEdit'].includes(toolName))) return false;
  if (rule.spec === undefined) return true;
  switch (subject.kind) {
    case 'command':
      return commandMatches(rule.spec, subject.command, forDeny);
    case 'read':
    case 'write':
      return pathMatches(rule.spec, subject.path, cwd);
    case 'none':
    case 'domain':
    case 'agent':
    case 'search':
      return false;
  }
}
