// Claude Code renamed some tools; the old names still work in agent files, --agents and permission
// rules: Task is Agent, TaskOutput is BashOutput, TaskStop is KillShell.
const ALIASES: Record<string, string> = { Task: 'Agent', TaskOutput: 'BashOutput', TaskStop: 'KillShell' };

export function canonicalToolName(name: string): string {
  return ALIASES[name] ?? name;
}
