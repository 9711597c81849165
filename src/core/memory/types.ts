// The shapes of memory files: what goes into the prompt (InstructionFile) and what /memory lists
// (MemoryEntry, which also names the files found but not loaded, and why).

/**
 * managed: the organization's CLAUDE.md (/etc/claude-code/CLAUDE.md and the like), loaded first and never excluded;
 * user: ~/.tandem and ~/.claude (CLAUDE.md, rules) and what they import; project: the workspace's
 * CLAUDE.md/AGENTS.md (and those of its parent folders up to the repository root) and its rules;
 * local: CLAUDE.local.md; nested: files in sub-folders, added when the agent reads a file there.
 */
export type MemoryScope = 'managed' | 'user' | 'project' | 'local' | 'nested';
/** file: an instruction file found by its name; rule: .claude/rules/**.md; import: reached by `@path`. */
export type MemoryKind = 'file' | 'rule' | 'import';

export interface InstructionFile {
  path: string;
  scope: MemoryScope;
  /** Absent means 'file'. */
  kind?: MemoryKind;
  /** For an import: the files that led to it, outermost first (the last one holds the `@path`). */
  importedBy?: string[];
  /** For a rule with `paths` frontmatter: its globs. */
  paths?: string[];
  content: string;
  truncated: boolean;
  /** Set when the file exists but could not be read; content then says so. */
  error?: string;
}

export type MemoryStatus =
  | 'loaded'
  /** A rule with `paths`: loaded when the agent reads a matching file. */
  | 'on-demand'
  /** An import (or a rule linked) from outside the workspace, in a project file, not approved. */
  | 'external'
  | 'missing'
  /** A Read deny rule or a secrets folder covers it. */
  | 'denied'
  | 'too-deep'
  | 'cycle'
  | 'duplicate'
  /** A `claudeMdExcludes` pattern matches it. */
  | 'excluded'
  | 'unreadable';

export interface MemoryEntry {
  path: string;
  scope: MemoryScope;
  kind: MemoryKind;
  importedBy?: string[];
  paths?: string[];
  status: MemoryStatus;
  /** Why it was not loaded, in words. */
  note?: string;
}
