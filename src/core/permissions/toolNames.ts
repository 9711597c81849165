// Which tool names a rule's tool part covers. Built-in tools match exactly. MCP tools follow Claude
// Code: `mcp__server` covers every tool of that server, and `*` is a wildcard in MCP rules
// (`mcp__server__*`, `mcp__github__get_*`, `mcp__*`).

export function ruleCoversTool(ruleTool: string, toolName: string): boolean {
  if (ruleTool === toolName) return true;
  if (!ruleTool.startsWith('mcp__') || !toolName.startsWith('mcp__')) return false;
  if (!ruleTool.includes('*')) {
    // `mcp__server` names a whole server; `mcp__server__tool` only that tool (matched above).
    return !ruleTool.slice(5).includes('__') && toolName.startsWith(`${ruleTool}__`);
  }
  const pattern = ruleTool.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${pattern}$`).test(toolName);
}
