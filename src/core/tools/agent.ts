// Agent (Claude Code's tool, formerly Task): delegates a task to a sub-agent with a fresh context.
// The dispatcher (src/core/agents) runs it; several Agent calls in one reply run concurrently.
import { z } from 'zod';
import type { Tool } from './types';

const input = z.object({
  description: z.string().min(1).describe('A short (3-5 word) description of the task'),
  prompt: z.string().min(1).describe('The task for the agent to perform: everything it needs to know, since it sees nothing of this conversation'),
  subagent_type: z.string().min(1).describe('The type of specialized agent to use for this task'),
  model: z.string().optional().describe('Optional model for this agent: sonnet, opus, haiku, inherit, or a model id. Default: the agent definition\'s, else this conversation\'s model'),
});

export type AgentInput = z.infer<typeof input>;

/** The tool, with the available agents listed in its description (the model picks by name). */
export function createAgentTool(agents: readonly { name: string; description: string; tools?: string[] }[]): Tool<AgentInput> {
  const list = agents.map((a) => `- ${a.name}: ${a.description} (Tools: ${a.tools?.join(', ') ?? 'all'})`).join('\n');
  return {
    name: 'Agent',
    description: `Launch a sub-agent that works on a task on its own, with a fresh context, and returns one report.

Available agent types:
${list}

- Give each agent a complete, self-contained prompt: it cannot see this conversation. Say what to return.
- Launch several agents in one message (several Agent calls) to run them concurrently.
- The agent's report comes back only to you: tell the user what matters from it.
- Use it for broad searches and independent sub-tasks; for a known file or symbol, use Read, Grep or Glob directly.`,
    input,
    // Read-only for scheduling: calls in one reply run concurrently. Each sub-agent's own calls go
    // through the permission engine like any other.
    readOnly: true,
    subject: (i) => ({ kind: 'agent', agentType: i.subagent_type }),
    async execute(i, ctx) {
      const launcher = ctx.services?.subagents;
      if (!launcher) return { content: 'Sub-agents are not available here.', isError: true };
      return launcher.run(i, ctx);
    },
  };
}

/** The session's tools with Agent's description listing these agents (when Agent is among them). */
export function withAgentList<T extends { name: string }>(tools: T[], agents: readonly { name: string; description: string; tools?: string[] }[]): (T | Tool<AgentInput>)[] {
  return tools.map((t) => (t.name === 'Agent' ? createAgentTool(agents) : t));
}
