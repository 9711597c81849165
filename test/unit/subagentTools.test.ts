// Which tools a sub-agent gets: its definition's list (or all) of the session's fixed tools and of
// the tools MCP servers offer at the moment it starts; disallowed ones never.
import { strict as assert } from 'node:assert';
import { SubagentDispatcher } from '../../src/core/agents/dispatcher';
import type { DispatcherOptions } from '../../src/core/agents/dispatcher';
import type { AgentDefinition } from '../../src/core/agents/definitions';
import type { Tool } from '../../src/core/tools/types';

const tool = (name: string) => ({ name }) as unknown as Tool;
const names = (tools: Tool[]) => tools.map((t) => t.name);

describe('sub-agent tools', () => {
  let mcpTools: Tool[] = [];
  const dispatcher = new SubagentDispatcher({
    tools: [tool('Read'), tool('Grep'), tool('Agent')],
    dynamicTools: () => mcpTools,
    agents: [],
  } as unknown as DispatcherOptions);
  const def = (extra: Partial<AgentDefinition>) => ({ name: 'x', description: 'x', prompt: '', ...extra }) as AgentDefinition;

  it('a sub-agent that inherits its tools gets the MCP tools offered when it starts', () => {
    mcpTools = [tool('mcp__github__list_issues')];
    assert.deepEqual(names(dispatcher.toolsFor(def({}), 1)), ['Read', 'Grep', 'Agent', 'mcp__github__list_issues']);
    mcpTools = [];
    assert.deepEqual(names(dispatcher.toolsFor(def({}), 1)), ['Read', 'Grep', 'Agent']);
  });

  it('a tools list can name an MCP tool, and disallowedTools removes one', () => {
    mcpTools = [tool('mcp__github__list_issues'), tool('mcp__github__create_issue')];
    assert.deepEqual(names(dispatcher.toolsFor(def({ tools: ['Read', 'mcp__github__list_issues'] }), 1)), ['Read', 'mcp__github__list_issues']);
    assert.deepEqual(names(dispatcher.toolsFor(def({ disallowedTools: ['mcp__github__create_issue', 'Agent'] }), 1)), ['Read', 'Grep', 'mcp__github__list_issues']);
  });
});
