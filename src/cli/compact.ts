// `tandem -p "/compact [instructions]"` (with --resume or --continue): compacts the session instead of
// sending a message, and reports it like a run: the compact_boundary line, then the result.
import type { Agent } from '../core/sdk/createAgent';
import { localResult } from './localResult';
import type { OutputWriter } from './output';

export async function runCompactPrompt(agent: Agent, instructions: string | undefined, out: OutputWriter, abort: AbortController, started: number, done: () => void): Promise<number> {
  let result;
  let context: { tokens: number; window?: number } | undefined;
  try {
    result = await agent.compact(instructions, {
      signal: abort.signal,
      onEvent: (ev) => {
        out.event(ev, agent.sessionId);
        if (ev.type === 'context') context = { tokens: ev.tokens, ...(ev.window ? { window: ev.window } : {}) };
      },
    });
  } catch (err) {
    result = { compacted: false, error: (err as Error).message };
  } finally {
    agent.close();
    done();
  }
  const text = result.compacted ? `Compacted: ${result.tokensBefore} → ${result.tokensAfter} tokens.` : '';
  out.result({ ...localResult(agent, started, text), status: result.compacted ? 'completed' : 'error', error: result.error, context });
  return result.compacted ? 0 : 1;
}
