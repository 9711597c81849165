// The hook seam of the loop: `hooks.run(event, fields)` runs every matching hook command of that
// event in parallel (identical commands once), reads their exit codes and JSON output as Claude
// Code defines them, and folds them into one outcome. Every run is reported (onRun), so hosts can
// show it. Beyond Claude Code: a hook with "enforce": true fails closed: a crash, timeout or exit
// other than 0 and 2 blocks instead of letting things through.
import { matcherMatches } from './matcher';
import { runHookCommand } from './runCommand';
import type { CommandRun } from './runCommand';
import type { HookDefinition, HookEvent } from './types';

export type PermissionAnswer = 'allow' | 'deny' | 'ask';

/** One hook command's run, for the tool card and the Output channel. */
export interface HookRun {
  event: HookEvent;
  command: string;
  source: string;
  /** ok: exit 0; blocked: exit 2 or a block decision; error: any other failure (shown, not blocking); enforced: a failure of an enforce hook, which blocks. */
  outcome: 'ok' | 'blocked' | 'error' | 'enforced';
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  input: string;
  stdout: string;
  stderr: string;
  /** What this run said, in a line: the block reason, the error, the decision. */
  message?: string;
}

export interface HookOutcome {
  /** Set when a hook blocked (exit 2, decision "block", an enforced failure): why, for the model. */
  block?: string;
  /** PreToolUse / PermissionRequest: deny beats ask beats allow across hooks. */
  permission?: { decision: PermissionAnswer; reason?: string };
  /** PreToolUse: the input the tool should run with instead (re-validated and re-checked by the caller). */
  updatedInput?: Record<string, unknown>;
  /** Text for the model: additionalContext, and plain stdout of UserPromptSubmit and SessionStart hooks. */
  context: string[];
  /** Text for the user: systemMessage and non-blocking errors. */
  notices: string[];
  /** A hook said "continue": false: the agent stops, with this reason. */
  stop?: string;
  runs: HookRun[];
}

/** The fields the loop passes for an event, besides the common ones the seam adds. */
export type HookFields = Record<string, unknown>;

export interface HookSeam {
  /** Whether any hook is configured for the event (callers skip building inputs otherwise). */
  has(event: HookEvent): boolean;
  run(event: HookEvent, fields: HookFields, opts?: { match?: string; signal?: AbortSignal }): Promise<HookOutcome>;
}

export interface HooksOptions {
  definitions: HookDefinition[];
  projectDir: string;
  sessionId: string;
  transcriptPath?: string;
  permissionMode: () => string;
  /** The environment hooks start with (the settings' env applied). */
  env?: NodeJS.ProcessEnv;
  onRun?: (run: HookRun) => void;
}

const DEFAULT_TIMEOUT_S = 600;
const PROMPT_TIMEOUT_S = 30;
/** Events whose plain stdout (exit 0, not JSON) becomes context for the model. */
const STDOUT_IS_CONTEXT = new Set<HookEvent>(['UserPromptSubmit', 'SessionStart']);

export const emptyOutcome = (): HookOutcome => ({ context: [], notices: [], runs: [] });

export class Hooks implements HookSeam {
  constructor(private readonly opts: HooksOptions) {}

  /** The settings files changed: the next runs use these definitions. */
  setDefinitions(definitions: HookDefinition[]): void {
    this.opts.definitions = definitions;
  }

  has(event: HookEvent): boolean {
    return this.opts.definitions.some((d) => d.event === event);
  }

  async run(event: HookEvent, fields: HookFields, opts: { match?: string; signal?: AbortSignal } = {}): Promise<HookOutcome> {
    const out = emptyOutcome();
    const matching = this.opts.definitions.filter((d) => d.event === event && matcherMatches(d.matcher, opts.match));
    // Identical commands run once, with the strictest settings any of their definitions asks for.
    const unique = new Map<string, HookDefinition>();
    for (const d of matching) {
      const prev = unique.get(d.command);
      unique.set(d.command, prev ? { ...prev, enforce: prev.enforce || d.enforce, timeout: Math.max(prev.timeout ?? 0, d.timeout ?? 0) || undefined } : d);
    }
    if (unique.size === 0) return out;
    const input = JSON.stringify({
      session_id: this.opts.sessionId,
      transcript_path: this.opts.transcriptPath ?? '',
      cwd: this.opts.projectDir,
      permission_mode: this.opts.permissionMode(),
      hook_event_name: event,
      ...fields,
    });
    const env = { ...(this.opts.env ?? process.env), CLAUDE_PROJECT_DIR: this.opts.projectDir, TANDEM_PROJECT_DIR: this.opts.projectDir };
    const results = await Promise.all(
      [...unique.values()].map(async (d) => {
        const timeoutMs = (d.timeout ?? (event === 'UserPromptSubmit' ? PROMPT_TIMEOUT_S : DEFAULT_TIMEOUT_S)) * 1000;
        const r = await runHookCommand(d.command, input, { cwd: this.opts.projectDir, env, timeoutMs, signal: opts.signal });
        return { d, r };
      }),
    );
    for (const { d, r } of results) {
      const run = interpret(event, d, r, input, out);
      out.runs.push(run);
      this.opts.onRun?.(run);
    }
    return out;
  }
}

const RANK: Record<PermissionAnswer, number> = { allow: 0, ask: 1, deny: 2 };

function setPermission(out: HookOutcome, decision: unknown, reason: unknown): void {
  if (decision !== 'allow' && decision !== 'deny' && decision !== 'ask') return;
  if (out.permission && RANK[out.permission.decision] >= RANK[decision]) return;
  out.permission = { decision, ...(typeof reason === 'string' && reason ? { reason } : {}) };
}

/** Reads one run's exit code and output into the outcome; returns the run's record. */
function interpret(event: HookEvent, d: HookDefinition, r: CommandRun, input: string, out: HookOutcome): HookRun {
  const base = { event, command: d.command, source: d.source, exitCode: r.exitCode, timedOut: r.timedOut, durationMs: r.durationMs, input, stdout: r.stdout, stderr: r.stderr };
  const name = `${event} hook \`${d.command}\``;
  if (r.exitCode === 2) {
    const reason = r.stderr.trim() || `${name} blocked this (exit 2)`;
    out.block ??= reason;
    if (event === 'PreToolUse' || event === 'PermissionRequest') setPermission(out, 'deny', reason);
    return { ...base, outcome: 'blocked', message: reason };
  }
  if (r.exitCode !== 0) {
    const why = r.spawnError ? `could not start: ${r.spawnError}` : r.timedOut ? `timed out after ${Math.round(r.durationMs / 1000)} s` : `exited with ${r.exitCode ?? 'a signal'}`;
    const detail = r.stderr.trim() ? `: ${r.stderr.trim().slice(0, 500)}` : '';
    if (d.enforce) {
      const reason = `${name} ${why}${detail}; it is enforced, so this was blocked`;
      out.block ??= reason;
      if (event === 'PreToolUse' || event === 'PermissionRequest') setPermission(out, 'deny', reason);
      return { ...base, outcome: 'enforced', message: reason };
    }
    const message = `${name} ${why}${detail}`;
    out.notices.push(message);
    return { ...base, outcome: 'error', message };
  }
  const text = r.stdout.trim();
  if (!text.startsWith('{')) {
    if (text && STDOUT_IS_CONTEXT.has(event)) out.context.push(text);
    return { ...base, outcome: 'ok' };
  }
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    json = parsed as Record<string, unknown>;
  } catch (err) {
    const message = `${name} printed output that is not valid JSON (${(err as Error).message})`;
    if (d.enforce) {
      out.block ??= `${message}; it is enforced, so this was blocked`;
      if (event === 'PreToolUse') setPermission(out, 'deny', out.block);
      return { ...base, outcome: 'enforced', message };
    }
    out.notices.push(message);
    return { ...base, outcome: 'error', message };
  }
  return { ...base, ...applyJson(event, json, out) };
}

function applyJson(event: HookEvent, json: Record<string, unknown>, out: HookOutcome): { outcome: HookRun['outcome']; message?: string } {
  let outcome: HookRun['outcome'] = 'ok';
  let message: string | undefined;
  if (typeof json.systemMessage === 'string' && json.systemMessage) out.notices.push(json.systemMessage);
  if (json.continue === false) out.stop ??= typeof json.stopReason === 'string' && json.stopReason ? json.stopReason : `a ${event} hook stopped the agent`;
  const reason = typeof json.reason === 'string' ? json.reason : undefined;
  // The older PreToolUse form: decision "approve" | "block".
  if (json.decision === 'block') {
    out.block ??= reason || `a ${event} hook blocked this`;
    if (event === 'PreToolUse') setPermission(out, 'deny', reason);
    outcome = 'blocked';
    message = out.block;
  } else if (json.decision === 'approve' && event === 'PreToolUse') setPermission(out, 'allow', reason);
  const specific = json.hookSpecificOutput;
  if (specific && typeof specific === 'object' && !Array.isArray(specific)) {
    const s = specific as Record<string, unknown>;
    if (event === 'PreToolUse') {
      setPermission(out, s.permissionDecision, s.permissionDecisionReason);
      if (s.permissionDecision === 'deny') {
        outcome = 'blocked';
        message = typeof s.permissionDecisionReason === 'string' ? s.permissionDecisionReason : 'denied by a PreToolUse hook';
      } else if (s.permissionDecision) message = `permissionDecision ${String(s.permissionDecision)}`;
      if (s.updatedInput && typeof s.updatedInput === 'object' && !Array.isArray(s.updatedInput)) out.updatedInput = s.updatedInput as Record<string, unknown>;
    }
    if (event === 'PermissionRequest' && s.decision && typeof s.decision === 'object') {
      const dec = s.decision as Record<string, unknown>;
      const behavior = dec.behavior === 'allow' ? 'allow' : dec.behavior === 'deny' ? 'deny' : undefined;
      if (behavior) {
        setPermission(out, behavior, dec.message);
        message = `decision ${behavior}`;
        if (behavior === 'deny') outcome = 'blocked';
      }
    }
    if (typeof s.additionalContext === 'string' && s.additionalContext.trim()) out.context.push(s.additionalContext.trim());
  }
  return { outcome, ...(message ? { message } : {}) };
}
