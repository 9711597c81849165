// Runs the tool calls of one assistant message: validate, decide permission, execute. Consecutive
// read-only calls run concurrently (bounded); a mutating call runs alone, in order. Every call gets
// exactly one result, in call order, also when it is invalid, denied, failing or cancelled.
import type { ContentBlock } from '../llm/types';
import type { Approver } from '../ports';
import type { PermissionEngine } from '../permissions/engine';
import { canonicalToolName } from '../tools/aliases';
import type { PermissionSubject, Tool, ToolContext, ToolResult } from '../tools/types';
import { isReadOnly } from '../tools/types';
import type { HookSeam, PermissionAnswer } from '../hooks/hooks';
import { AsyncQueue, runBounded } from './asyncQueue';
import type { Prepared, ToolUse } from './prepared';
import type { AgentEvent } from './events';
import { afterTool, beforeTool, notifyPermission, permissionRequest } from './toolHooks';

export type { ToolUse } from './prepared';

export interface ToolRunDeps {
  tools: Map<string, Tool>;
  context: Omit<ToolContext, 'signal' | 'toolUseId' | 'onProgress'>;
  permissions?: PermissionEngine;
  approver?: Approver;
  maxParallel: number;
  /** The hooks around each call (PreToolUse, PermissionRequest, PostToolUse…); none when absent. */
  hooks?: HookSeam;
  /** Set when a hook said "continue": false: the loop ends the turn after these results. */
  hookStop?: { reason?: string };
}


export const CANCELLED = 'Cancelled: the user stopped the agent before this tool call ran to the end.';

function prepare(call: ToolUse, deps: ToolRunDeps): Prepared {
  // Claude Code's older names (Task, TaskOutput, TaskStop) reach the same tools.
  const tool = deps.tools.get(call.name) ?? deps.tools.get(canonicalToolName(call.name));
  if (!tool) {
    const known = [...deps.tools.keys()].join(', ');
    return { call, readOnly: true, early: { content: `Unknown tool "${call.name}". Available tools: ${known}.`, isError: true } };
  }
  if (typeof call.input === 'string') {
    return { call, tool, readOnly: true, early: { content: `Invalid input for ${call.name}: not valid JSON (${call.input.slice(0, 200)}). Nothing was run.`, isError: true } };
  }
  const parsed = tool.input.safeParse(call.input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
    return { call, tool, readOnly: true, early: { content: `Invalid input for ${call.name}: ${issues}. Nothing was run.`, isError: true } };
  }
  try {
    const readOnly = isReadOnly(tool, parsed.data);
    return { call, tool, input: parsed.data, readOnly, parallel: readOnly || tool.concurrent === true };
  } catch (err) {
    // A custom tool's readOnly() must not cost the call its one result.
    return { call, tool, readOnly: true, early: { content: `${call.name} could not classify its input: ${String(err)}. Nothing was run.`, isError: true } };
  }
}

const isParallel = (p: Prepared): boolean => p.parallel ?? p.readOnly;

/** Splits calls into batches: runs of read-only calls together, each mutating call alone. */
function batches(prepared: Prepared[]): Prepared[][] {
  const out: Prepared[][] = [];
  for (const p of prepared) {
    const last = out[out.length - 1];
    if (isParallel(p) && last && isParallel(last[0])) last.push(p);
    else out.push([p]);
  }
  return out;
}

async function permit(p: Prepared, deps: ToolRunDeps, signal: AbortSignal, emit: (e: AgentEvent) => void, hint?: PermissionAnswer): Promise<ToolResult | undefined> {
  if (!deps.permissions || !p.tool) return undefined;
  const subject = p.tool.subject(p.input, deps.context.cwd);
  let v = await deps.permissions.decide(p.tool.name, p.readOnly, subject, deps.context.cwd, deps.context.shell);
  if (hint === 'ask' && v.behavior === 'allow') v = { ...v, behavior: 'ask', reason: 'a PreToolUse hook asks the user about this call' };
  let decision: 'allow' | 'deny' = v.behavior === 'allow' ? 'allow' : 'deny';
  let by: 'mode' | 'rule' | 'user' | 'hook' = v.by;
  let reason = v.reason;
  // A hook's answer settles an ask only where an allow rule could have (never a deny, never a protected path).
  const hookAnswer = v.behavior === 'ask' ? (hint === 'allow' ? { decision: hint } : await permissionRequest(deps.hooks, p, v.suggestions, signal, emit)) : undefined;
  if (hookAnswer?.decision === 'deny' || (hookAnswer?.decision === 'allow' && v.suggestions.length > 0)) {
    decision = hookAnswer.decision;
    by = 'hook';
    reason = `${decision === 'allow' ? 'allowed' : 'denied'} by a ${hint === 'allow' ? 'PreToolUse' : 'PermissionRequest'} hook${hookAnswer.reason ? `: ${hookAnswer.reason}` : ''}`;
  } else if (v.behavior === 'ask') {
    if (hookAnswer?.decision === 'allow') reason = `${v.reason} (a hook's allow cannot settle this one)`;
    if (deps.approver) notifyPermission(deps.hooks, p.tool.name, emit);
    if (!deps.approver) {
      reason = `${v.reason}, and nobody can approve it here (non-interactive). Allow it with a rule or another permission mode`; // the result adds the final period
    } else {
      const summary = subjectSummary(subject, p.tool.name);
      const answer = await deps.approver.ask(
        { toolUseId: p.call.id, toolName: p.tool.name, input: p.input, summary, reason, suggestions: v.suggestions },
        signal,
      );
      decision = answer.decision;
      by = 'user';
      reason = answer.decision === 'allow' ? 'approved by the user' : `the user declined${answer.message ? `: ${answer.message}` : ''}`;
      if (answer.decision === 'allow') {
        v.onApproved?.();
        // "Allow always" adds a rule; "remember" keeps the suggestions for this session. The call
        // was approved either way: a rule that cannot be saved is reported, not a reason to refuse.
        const rules = answer.always ? [answer.always] : answer.remember ? v.suggestions.map((rule) => ({ rule, scope: 'session' as const })) : [];
        for (const r of rules) {
          await deps.permissions.addRule('allow', r.rule, r.scope).catch((err: unknown) => {
            reason += ` (the rule ${r.rule} was not saved: ${err instanceof Error ? err.message : String(err)})`;
          });
        }
      }
    }
  }
  emit({
    type: 'permission',
    toolUseId: p.call.id,
    toolName: p.tool.name,
    decision,
    by,
    reason,
    behavior: v.behavior,
    ...(v.rule ? { rule: v.rule } : {}),
    ...(v.suggestions.length ? { suggestions: v.suggestions } : {}),
  });
  return decision === 'allow' ? undefined : { content: `Permission denied: ${reason}.`, isError: true };
}

function subjectSummary(subject: PermissionSubject, toolName: string): string {
  switch (subject.kind) {
    case 'command':
      return subject.command;
    case 'domain':
      return subject.host;
    case 'agent':
      return subject.agentType;
    case 'search':
      return subject.query;
    case 'none':
      return toolName;
    default:
      return subject.path;
  }
}

async function execute(p: Prepared, deps: ToolRunDeps, signal: AbortSignal, emit: (e: AgentEvent) => void): Promise<ToolResult> {
  if (signal.aborted) return { content: CANCELLED, isError: true };
  try {
    const r = await p.tool!.execute(p.input, {
      ...deps.context,
      signal,
      toolUseId: p.call.id,
      ...(deps.permissions ? { readDenied: (path: string) => deps.permissions!.readDenied(path) } : {}),
      onProgress: (text) => emit({ type: 'tool_progress', toolUseId: p.call.id, text }),
      onEvent: emit,
    });
    if (signal.aborted && !r.isError) return { ...r, content: `${r.content}\n(The user stopped the agent right after this call finished.)` };
    return r;
  } catch (err) {
    if (signal.aborted) return { content: CANCELLED, isError: true };
    return { content: `${p.call.name} failed: ${err instanceof Error ? err.message : String(err)}`, isError: true };
  }
}

export async function* runToolCalls(calls: ToolUse[], deps: ToolRunDeps, signal: AbortSignal): AsyncGenerator<AgentEvent, ContentBlock[]> {
  const results = new Map<string, ToolResult>();
  const queue = new AsyncQueue<AgentEvent>();
  const emit = (e: AgentEvent) => queue.push(e);
  const finish = (p: Prepared, r: ToolResult) => {
    results.set(p.call.id, r);
    emit({ type: 'tool_result', toolUseId: p.call.id, name: p.call.name, content: r.content, isError: !!r.isError, images: r.images });
  };

  const work = (async () => {
    for (const batch of batches(calls.map((c) => prepare(c, deps)))) {
      const runnable: Prepared[] = [];
      for (const p of batch) {
        if (p.early) finish(p, p.early);
        else if (signal.aborted) finish(p, { content: CANCELLED, isError: true });
        else {
          const pre = await beforeTool(deps.hooks, p, signal, emit).catch((err: unknown) => ({ result: { content: `PreToolUse hook failed: ${String(err)}`, isError: true }, context: [] as string[], permission: undefined, stop: undefined }));
          if (pre.stop && deps.hookStop) deps.hookStop.reason ??= pre.stop;
          const denied =
            pre.result ??
            (await permit(p, deps, signal, emit, pre.permission).catch((err) =>
              signal.aborted ? { content: CANCELLED, isError: true } : { content: `Permission check failed: ${String(err)}`, isError: true },
            ));
          if (denied) finish(p, denied);
          else runnable.push({ ...p, context: pre.context });
        }
      }
      await runBounded(
        runnable.map((p) => async () => {
          const r = await execute(p, deps, signal, emit);
          const withContext = p.context?.length ? { ...r, content: `${r.content}\n\n${p.context.join('\n\n')}` } : r;
          const post = await afterTool(deps.hooks, p, withContext, signal, emit).catch((err: unknown) => ({ result: { ...withContext, content: `${withContext.content}\n\n(PostToolUse hook failed: ${String(err)})` }, stop: undefined }));
          if (post.stop && deps.hookStop) deps.hookStop.reason ??= post.stop;
          finish(p, post.result);
        }),
        // A hook's new input can make a read-only call a mutating one: then the batch runs in order.
        isParallel(batch[0]) && runnable.every(isParallel) ? deps.maxParallel : 1,
      );
    }
  })().finally(() => queue.close());

  for await (const e of queue) yield e;
  await work;
  return calls.map((c) => {
    const r = results.get(c.id) ?? { content: CANCELLED, isError: true };
    return { type: 'tool_result', toolUseId: c.id, content: r.content, isError: r.isError || undefined, images: r.images };
  });
}
