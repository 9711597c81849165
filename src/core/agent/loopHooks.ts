// The hooks the loop runs around a message (SessionStart, UserPromptSubmit, Stop), kept out of
// conversation.ts. Each yields a `hook` event per command run, so hosts show every run.
import type { HookSeam } from '../hooks/hooks';
import type { AgentEvent } from './events';
import { hookEvent } from './toolHooks';

/** SessionStart: context for the model from its hooks (plain stdout or additionalContext). */
export async function* sessionStartHooks(hooks: HookSeam, source: string, signal: AbortSignal): AsyncGenerator<AgentEvent, string[]> {
  if (!hooks.has('SessionStart')) return [];
  const out = await hooks.run('SessionStart', { source }, { match: source, signal });
  for (const r of out.runs) yield hookEvent(r);
  for (const n of out.notices) yield { type: 'error', message: n, kind: 'hook_notice' };
  return out.context;
}

/** UserPromptSubmit: blocked (the prompt is dropped and the user told why) or context to add. */
export async function* promptHooks(hooks: HookSeam, prompt: string, signal: AbortSignal): AsyncGenerator<AgentEvent, { blocked?: string; context: string[] }> {
  if (!hooks.has('UserPromptSubmit')) return { context: [] };
  const out = await hooks.run('UserPromptSubmit', { prompt }, { signal });
  for (const r of out.runs) yield hookEvent(r);
  for (const n of out.notices) yield { type: 'error', message: n, kind: 'hook_notice' };
  if (out.block !== undefined || out.stop !== undefined) return { blocked: `A UserPromptSubmit hook blocked this prompt; it was not sent: ${out.block ?? out.stop}`, context: [] };
  return { context: out.context };
}

/** Stop: undefined lets the agent stop; a string (a hook blocked) is why it must go on. */
export async function* stopHooks(hooks: HookSeam, active: boolean, signal: AbortSignal): AsyncGenerator<AgentEvent, string | undefined> {
  if (!hooks.has('Stop')) return undefined;
  const out = await hooks.run('Stop', { stop_hook_active: active }, { signal });
  for (const r of out.runs) yield hookEvent(r);
  for (const n of out.notices) yield { type: 'error', message: n, kind: 'hook_notice' };
  if (out.stop !== undefined) return undefined;
  return out.block;
}
