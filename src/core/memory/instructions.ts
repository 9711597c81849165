// Project instruction files ("memory files"): AGENTS.md (the cross-tool convention) and Claude
// Code's CLAUDE.md, CLAUDE.local.md, .claude/rules and `@path` imports, so projects set up for
// Claude Code work unchanged. session.ts finds them; imports.ts reads each with its imports.
import { MemorySession } from './session';
import type { MemoryOptions } from './session';
import type { InstructionFile } from './types';

export { DEFAULT_MAX_BYTES_PER_FILE, truncateUtf8 } from './truncate';
export { MemorySession } from './session';
export type { MemoryOptions } from './session';
export type { InstructionFile, MemoryEntry, MemoryKind, MemoryScope, MemoryStatus } from './types';


export type LoadInstructionsOptions = MemoryOptions;

/** The memory files of a new session, for its system prompt (a MemorySession's first load). */
export function loadInstructions(opts: LoadInstructionsOptions): Promise<InstructionFile[]> {
  return new MemorySession(opts).load();
}
