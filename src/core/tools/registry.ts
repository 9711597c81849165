// The built-in tools, listed once. Hosts pick from this list; nothing defines a tool elsewhere.
import { BUILTIN_AGENTS } from '../agents/definitions';
import { createAgentTool } from './agent';
import { canonicalToolName } from './aliases';
import { bashTool } from './bash';
import { bashOutputTool, killShellTool } from './bashOutput';
import { editTool } from './edit';
import { globTool } from './glob';
import { grepTool } from './grep';
import { lsTool } from './ls';
import { multiEditTool } from './multiEdit';
import { readTool } from './read';
import { todoWriteTool } from './todoWrite';
import { webFetchTool } from './webFetch';
import { webSearchTool } from './webSearch';
import type { Tool } from './types';
import { writeTool } from './write';

export const BUILTIN_TOOLS: readonly Tool[] = [
  readTool, writeTool, editTool, multiEditTool, globTool, grepTool, lsTool, bashTool, todoWriteTool,
  createAgentTool(BUILTIN_AGENTS), bashOutputTool, killShellTool, webFetchTool,
  webSearchTool,
];

export const BUILTIN_TOOL_NAMES = BUILTIN_TOOLS.map((t) => t.name);

/** Tools that never change anything: what a host without review UI or a plan-mode run offers. */
export const READ_ONLY_TOOLS: readonly Tool[] = BUILTIN_TOOLS.filter((t) => t.readOnly === true);

export function toolsByName(names: string[]): Tool[] {
  return names.map((n) => {
    const t = BUILTIN_TOOLS.find((tool) => tool.name === canonicalToolName(n));
    if (!t) throw new Error(`Unknown tool "${n}". Built-in tools: ${BUILTIN_TOOL_NAMES.join(', ')}.`);
    return t;
  });
}
