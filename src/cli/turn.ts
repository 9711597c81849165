// One turn of `tandem -p` (a prompt, the agent's loop, its result line), and the multi-turn
// session Claude Code's `--input-format stream-json` drives: user messages as JSON lines on
// stdin, a result line after each turn, the same session throughout.
import { costUsd } from '../core/llm/models';
import type { Usage } from '../core/llm/types';
import { emptyUsage } from '../core/llm/types';
import type { Agent } from '../core/sdk/createAgent';
import type { CliArgs } from './args';
import type { OutputWriter } from './output';

export interface TurnOutcome {
  status: string;
  text: string;
  turns: number;
  usage: Usage;
  error?: string;
  apiMs: number;
  context?: { tokens: number; window?: number };
}

const add = (a: Usage, b: Usage): Usage => ({
  inputTokens: a.inputTokens + b.inputTokens,
  outputTokens: a.outputTokens + b.outputTokens,
  cacheReadTokens: a.cacheReadTokens + b.cacheReadTokens,
  cacheWriteTokens: a.cacheWriteTokens + b.cacheWriteTokens,
});

/** Runs one prompt; stops early (status max_budget) once --max-budget-usd is passed. */
export async function runTurn(agent: Agent, out: OutputWriter, prompt: string, args: Pick<CliArgs, 'maxBudgetUsd'>, spent: Usage = emptyUsage()): Promise<TurnOutcome> {
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let text = '';
  let status = 'error';
  let error: string | undefined;
  let turns = 0;
  let usage = emptyUsage();
  let overBudget = false;
  let apiMs = 0;
  let requestStarted = 0;
  let context: TurnOutcome['context'];
  try {
    for await (const ev of agent.query(prompt, { signal: abort.signal })) {
      out.event(ev, agent.sessionId);
      if (ev.type === 'assistant_start') requestStarted = Date.now();
      if (ev.type === 'assistant_message') {
        apiMs += Date.now() - requestStarted;
        const t = ev.message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
        if (t) text = t;
        usage = add(usage, ev.usage);
        const cost = costUsd(agent.model, add(spent, usage));
        if (args.maxBudgetUsd !== undefined && cost !== undefined && cost > args.maxBudgetUsd && !overBudget) {
          overBudget = true;
          error = `Stopped: the run cost $${cost.toFixed(4)} at list prices, over --max-budget-usd ${args.maxBudgetUsd}.`;
          abort.abort();
        }
      } else if (ev.type === 'error' && !overBudget) error = ev.message;
      else if (ev.type === 'context') context = { tokens: ev.tokens, ...(ev.window ? { window: ev.window } : {}) };
      else if (ev.type === 'turn_end') {
        status = overBudget ? 'max_budget' : ev.status;
        turns = ev.turns;
        usage = ev.usage;
      }
    }
  } catch (err) {
    error = (err as Error).message;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { status, text, turns, usage, error, apiMs, context };
}

/** A user message line as Claude Code takes it: {"type":"user","message":{"role":"user","content": string | blocks}}. */
export function userText(line: string): string {
  const msg = JSON.parse(line) as { type?: unknown; message?: { role?: unknown; content?: unknown } };
  if (msg?.type !== 'user' || typeof msg.message !== 'object' || msg.message === null) throw new Error('expected {"type":"user","message":{"role":"user","content":...}}');
  const content = msg.message.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    const texts = content.filter((b): b is { type: 'text'; text: string } => b?.type === 'text' && typeof b.text === 'string').map((b) => b.text);
    if (texts.length) return texts.join('\n');
  }
  throw new Error('the message has no text content');
}

export async function runStreamJsonInput(agent: Agent, out: OutputWriter, args: CliArgs, started: number): Promise<number> {
  let spent = emptyUsage();
  let code = 0;
  let turnStarted = started;
  try {
    // node:readline loads only for stream-json input, not with the bundle (start-up time).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lines = (require('node:readline') as typeof import('node:readline')).createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const raw of lines) {
      const line = raw.trim();
      if (!line) continue;
      let prompt: string;
      try {
        prompt = userText(line);
      } catch (err) {
        // A bad line is reported and skipped; the session goes on with the next one.
        process.stderr.write(`tandem: stream-json input: ${(err as Error).message} (line skipped)\n`);
        code = 1;
        continue;
      }
      const r = await runTurn(agent, out, prompt, args, spent);
      spent = add(spent, r.usage);
      out.result({ ...r, sessionId: agent.sessionId, durationMs: Date.now() - turnStarted, costUsd: costUsd(agent.model, spent), usage: r.usage, denials: out.denials.splice(0), model: agent.model });
      turnStarted = Date.now();
      if (r.status !== 'completed') code = 1;
      if (r.status === 'max_budget' || r.status === 'aborted') break;
    }
  } finally {
    agent.close();
  }
  return code;
}
