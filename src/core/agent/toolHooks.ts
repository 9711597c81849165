// The hooks around one tool call (PreToolUse, PermissionRequest, PostToolUse, PostToolUseFailure),
// kept out of runTools.ts. A hook may narrow what the permission engine decides, never widen it
// past a deny rule or a protected path: its "allow" settles only an ask that an allow rule could
// have settled (the engine offered a rule for it), and updated input is validated and decided anew.
import type { HookOutcome, HookRun, HookSeam, PermissionAnswer } from '../hooks/hooks';
import type { HookEvent } from '../hooks/types';
import type { ToolResult } from '../tools/types';
import { isReadOnly } from '../tools/types';
import type { AgentEvent } from './events';
import type { Prepared } from './prepared';

export function hookEvent(run: HookRun, toolUseId?: string): AgentEvent {
  return {
    type: 'hook',
    event: run.event,
    command: run.command,
    source: run.source,
    outcome: run.outcome,
    exitCode: run.exitCode,
    durationMs: run.durationMs,
    ...(toolUseId ? { toolUseId } : {}),
    ...(run.message ? { message: run.message } : {}),
  };
}

async function run(hooks: HookSeam, event: HookEvent, p: Prepared, fields: Record<string, unknown>, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<HookOutcome | undefined> {
  if (!hooks.has(event)) return undefined;
  const out = await hooks.run(event, { tool_name: p.call.name, tool_input: p.input, tool_use_id: p.call.id, ...fields }, { match: p.call.name, signal });
  for (const r of out.runs) emit(hookEvent(r, p.call.id));
  return out;
}

export interface BeforeTool {
  /** The call must not run: its result. */
  result?: ToolResult;
  /** What the hooks said about permission (the engine still decides first). */
  permission?: PermissionAnswer;
  context: string[];
  stop?: string;
}

/** PreToolUse: may block the call, change its input (validated again here), or say allow / ask / deny. */
export async function beforeTool(hooks: HookSeam | undefined, p: Prepared, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<BeforeTool> {
  const out = hooks && (await run(hooks, 'PreToolUse', p, {}, signal, emit));
  if (!out) return { context: [] };
  if (out.block || out.permission?.decision === 'deny') {
    const reason = out.permission?.decision === 'deny' && out.permission.reason ? out.permission.reason : out.block ?? 'no reason given';
    return { result: { content: `Blocked by a PreToolUse hook: ${reason}`, isError: true }, context: out.context, stop: out.stop };
  }
  if (out.updatedInput && p.tool) {
    const parsed = p.tool.input.safeParse({ ...(p.input as object), ...out.updatedInput });
    if (!parsed.success) {
      return { result: { content: `A PreToolUse hook changed the input of ${p.call.name} into something invalid (${parsed.error.issues.map((i) => i.message).join('; ')}). Nothing was run.`, isError: true }, context: out.context };
    }
    p.input = parsed.data;
    p.readOnly = isReadOnly(p.tool, parsed.data);
    p.parallel = p.readOnly || p.tool.concurrent === true;
  }
  return { permission: out.permission?.decision, context: out.context, stop: out.stop };
}

/** PermissionRequest: before the user is asked, a hook may answer allow or deny. */
export async function permissionRequest(hooks: HookSeam | undefined, p: Prepared, suggestions: string[], signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<{ decision: PermissionAnswer; reason?: string } | undefined> {
  const out = hooks && (await run(hooks, 'PermissionRequest', p, { permission_suggestions: suggestions }, signal, emit));
  if (!out) return undefined;
  if (out.block && out.permission?.decision !== 'deny') return { decision: 'deny', reason: out.block };
  return out.permission;
}

/** Notification: the user is about to be asked (fire and forget: it never holds the question up). */
export function notifyPermission(hooks: HookSeam | undefined, toolName: string, emit: (e: AgentEvent) => void): void {
  if (!hooks?.has('Notification')) return;
  void hooks
    .run('Notification', { message: `Tandem needs your permission to use ${toolName}`, notification_type: 'permission_prompt' }, { match: 'permission_prompt' })
    .then((out) => out.runs.forEach((r) => emit(hookEvent(r))))
    .catch(() => undefined);
}

/** PostToolUse / PostToolUseFailure: feedback and context for the model go after the result. */
export async function afterTool(hooks: HookSeam | undefined, p: Prepared, result: ToolResult, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<{ result: ToolResult; stop?: string }> {
  const event: HookEvent = result.isError ? 'PostToolUseFailure' : 'PostToolUse';
  const fields = result.isError ? { error: result.content } : { tool_response: { content: result.content } };
  const out = hooks && (await run(hooks, event, p, fields, signal, emit));
  if (!out) return { result };
  const notes = [...(out.block ? [`${event} hook feedback: ${out.block}`] : []), ...out.context];
  return { result: notes.length ? { ...result, content: `${result.content}\n\n${notes.join('\n\n')}` } : result, stop: out.stop };
}
