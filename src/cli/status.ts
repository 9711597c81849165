// `tandem -p /status`: the model, permission mode, settings files (what is ignored or waits for
// approval), MCP servers, memory files and commands this run would use; the model is not called.
import type { Agent } from '../core/sdk/createAgent';
import { formatStatus } from '../core/sdk/status';
import { localResult } from './localResult';
import type { OutputWriter } from './output';

export async function runStatusPrompt(agent: Agent, out: OutputWriter, started: number, done: () => void): Promise<number> {
  try {
    const text = formatStatus(await agent.status());
    out.result(localResult(agent, started, text));
    return 0;
  } finally {
    done();
    agent.close();
  }
}
