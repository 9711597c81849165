// `tandem -p "/memory"`: the memory files this session would load (CLAUDE.md, AGENTS.md,
// CLAUDE.local.md, rules, imports), where each came from, and those found but not loaded, printed
// without calling the model. Also the warning a run gives about imports it did not follow.
import type { Agent } from '../core/sdk/createAgent';
import type { MemoryEntry } from '../core/memory/types';
import { localResult } from './localResult';
import type { OutputWriter } from './output';

export function isMemoryPrompt(prompt: string): boolean {
  return /^\/memory\s*$/.test(prompt.trim());
}

const STATUS: Record<MemoryEntry['status'], string> = {
  loaded: 'loaded',
  'on-demand': 'on demand',
  external: 'not loaded: outside the workspace',
  missing: 'not found',
  denied: 'not loaded: denied',
  'too-deep': 'not loaded: too many imports deep',
  cycle: 'not loaded again: import cycle',
  duplicate: 'already loaded',
  excluded: 'not loaded: excluded',
  unreadable: 'unreadable',
};

/** One line per file: path, scope (and kind), who imported it, and its state with the reason. */
export function formatMemoryList(entries: MemoryEntry[]): string {
  if (entries.length === 0) return 'No memory files (CLAUDE.md, CLAUDE.local.md, AGENTS.md, .claude/rules) were found.\n';
  const loaded = entries.filter((e) => e.status === 'loaded').length;
  const lines = [`Memory files: ${loaded} loaded, ${entries.length - loaded} listed but not loaded.`];
  for (const e of entries) {
    const what = e.kind === 'rule' ? `${e.scope} rule${e.paths ? ` for ${e.paths.join(', ')}` : ''}` : e.scope;
    const from = e.importedBy?.length ? `, imported from ${e.importedBy[e.importedBy.length - 1]}` : '';
    const why = e.status === 'loaded' ? '' : ` — ${STATUS[e.status]}${e.note && ['denied', 'unreadable', 'excluded'].includes(e.status) ? ` (${e.note})` : ''}`;
    lines.push(`  ${e.path}  [${what}${from}]${why}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function runMemoryPrompt(agent: Agent, out: OutputWriter, started: number): Promise<number> {
  try {
    const text = formatMemoryList(await agent.memoryFiles());
    out.result(localResult(agent, started, text));
    return 0;
  } finally {
    agent.close();
  }
}

/** Imports a project file makes to outside the workspace: named on stderr, since -p never loads them. */
export async function warnExternalImports(agent: Agent, warn: (s: string) => void): Promise<void> {
  const external = (await agent.memoryFiles()).filter((e) => e.status === 'external');
  if (!external.length) return;
  warn(
    `tandem: warning: ${external.length === 1 ? 'an import' : `${external.length} imports`} in the project's memory files ${external.length === 1 ? 'points' : 'point'} outside the workspace and ${external.length === 1 ? 'was' : 'were'} not loaded: ${external.map((e) => e.path).join(', ')}. Allow them once for this project with /memory in the VS Code panel, or import the file from ~/.claude/CLAUDE.md.\n`,
  );
}
