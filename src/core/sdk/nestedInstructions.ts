// When the agent reads, writes or edits a file below a folder with its own memory files (CLAUDE.md,
// AGENTS.md, CLAUDE.local.md), or one a path-scoped rule (.claude/rules with `paths`) matches, those
// instructions are added to that tool's result once per session (as Claude Code does for Read,
// Write and Edit), so the model sees them where they apply without rebuilding the cached prompt.
import type { MemorySession } from '../memory/session';
import { formatInstructionFile } from '../memory/systemPrompt';
import type { Tool } from '../tools/types';

const FILE_TOOLS = new Set(['Read', 'Write', 'Edit', 'MultiEdit']);

export function withNestedInstructions(tool: Tool, memory: Pick<MemorySession, 'onRead'>): Tool {
  if (!FILE_TOOLS.has(tool.name)) return tool;
  return {
    ...tool,
    async execute(input, ctx) {
      const result = await tool.execute(input, ctx);
      const path = (input as { file_path?: unknown }).file_path;
      if (result.isError || typeof path !== 'string') return result;
      const files = await memory.onRead(path).catch(() => []);
      if (files.length === 0) return result;
      const notes = files.map(formatInstructionFile).join('\n\n');
      return { ...result, content: `${result.content}\n\nProject instructions that apply to files in this folder:\n\n${notes}` };
    },
  };
}
