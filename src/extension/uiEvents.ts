// Maps the core's agent events onto the small transcript deltas the panel applies.
import * as path from 'node:path';
import type { AgentEvent } from '../core/agent/events';
import { fillPlaceholders } from '../protocol/format';
import type { CompactionView, SubagentView, TodoView, UiEvent } from '../protocol/messages';

const MAX_TOOL_TEXT = 20_000;

function cap(s: string): string {
  return s.length > MAX_TOOL_TEXT ? `${s.slice(0, MAX_TOOL_TEXT)}\n… (${s.length - MAX_TOOL_TEXT} more characters)` : s;
}

/** A one-line description of a tool call for its card header. */
export function toolTitle(name: string, input: unknown): string {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const first = i.file_path ?? i.path ?? i.command ?? i.pattern ?? i.description;
  return typeof first === 'string' ? first.split('\n')[0].slice(0, 200) : name;
}

/** Looks a message up in the user's language ({0}, {1}… replaced): l10n.ts's t() in the extension. */
export type Translate = (message: string, ...args: (string | number)[]) => string;

/** The English text with its placeholders filled: for tests and callers without VS Code. */
export const english: Translate = (message, ...args) => fillPlaceholders(message, args);

const num = (n: number) => n.toLocaleString('en-US');

/**
 * What a finished call covered and how much, in one line for its card: "src/a.ts · 120 lines",
 * "'foo' · 7 files", "exit code 1". Read from the tool's own result text (its formats are ours, in
 * src/core/tools), so the card says what the model saw. Undefined when there is nothing short to say.
 */
export function toolSummary(
  name: string,
  input: unknown,
  content: string,
  isError: boolean,
  shortPath: (p: string) => string = (p) => p,
  t: Translate = english,
): string | undefined {
  const i = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const lines = (n: number) => (n === 1 ? t('1 line') : t('{0} lines', num(n)));
  const files = (n: number) => (n === 1 ? t('1 file') : t('{0} files', num(n)));
  switch (name) {
    case 'Read': {
      const file = str(i.file_path);
      if (isError || !file) return undefined;
      const what = shortPath(file);
      if (content.startsWith('Image file ')) return t('{0} · image', what);
      if (/ exists but is empty\.$/.test(content)) return t('{0} · empty', what);
      const partial = /\(Showing lines (\d+)-(\d+) of (\d+)/.exec(content);
      if (partial) return t('{0} · lines {1}-{2} of {3}', what, partial[1], partial[2], num(Number(partial[3])));
      return `${what} · ${lines(content.split('\n').filter((l) => /^ *\d+\t/.test(l)).length)}`;
    }
    case 'Grep': {
      const pattern = str(i.pattern);
      if (isError || pattern === undefined) return undefined;
      const quoted = `'${pattern.length > 60 ? `${pattern.slice(0, 60)}…` : pattern}'`;
      const what = str(i.path) ? t('{0} in {1}', quoted, shortPath(str(i.path)!)) : quoted;
      if (content === 'No files found' || content === 'No matches found') return t('{0} · no matches', what);
      const found = /^Found (\d+) files?\n/.exec(content);
      if (found) return `${what} · ${files(Number(found[1]))}`;
      const counted = /Found (\d+) matching lines? across (\d+) files?\./.exec(content);
      if (counted) {
        const matches = Number(counted[1]) === 1 ? t('1 match') : t('{0} matches', num(Number(counted[1])));
        return t('{0} · {1} in {2}', what, matches, files(Number(counted[2])));
      }
      const shown = /\(Showing the first \d+ of (\d+\+?) lines/.exec(content);
      if (shown) return t('{0} · {1} lines', what, shown[1]);
      return `${what} · ${lines(content.split('\n').filter((l) => l !== '' && !l.startsWith('(')).length)}`;
    }
    case 'Glob': {
      const pattern = str(i.pattern);
      if (isError || pattern === undefined) return undefined;
      if (content === 'No files found') return t('{0} · no files', pattern);
      const more = /of (more than )?(\d+) matching files/.exec(content);
      if (more) return more[1] ? t('{0} · more than {1}', pattern, files(Number(more[2]))) : `${pattern} · ${files(Number(more[2]))}`;
      return `${pattern} · ${files(content.split('\n').filter((l) => l !== '').length)}`;
    }
    case 'Bash': {
      if (content.startsWith('Command running in the background')) return t('running in the background');
      if (content.startsWith('Command moved to the background')) return t('moved to the background');
      if (/\nCommand timed out after /.test(content) || content.startsWith('Command timed out after ')) return t('timed out');
      if (/Command was interrupted by the user/.test(content)) return t('interrupted');
      if (/The shell running the command was killed by a signal\./.test(content)) return t('killed by a signal');
      const code = /(?:^|\n)Exit code (\d+)(?:\n|$)/.exec(content);
      if (code) return t('exit code {0}', code[1]);
      return isError ? undefined : t('exit code {0}', 0);
    }
    case 'TodoWrite': {
      const todos = isError ? undefined : todosFrom(input);
      if (!todos) return undefined;
      const tasks = todos.length === 1 ? t('1 task') : t('{0} tasks', num(todos.length));
      return t('{0} · {1} done', tasks, todos.filter((x) => x.status === 'completed').length);
    }
    default:
      return undefined;
  }
}

/** A finished sub-agent's card figures. */
export function subagentFigures(ev: { status: string; toolCount: number; usage: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }; costUsd?: number; durationMs: number }): Partial<SubagentView> {
  const u = ev.usage;
  return {
    status: ev.status === 'completed' ? 'done' : ev.status === 'aborted' ? 'stopped' : 'error',
    toolCount: ev.toolCount,
    tokens: u.inputTokens + u.outputTokens + u.cacheReadTokens + u.cacheWriteTokens,
    ...(ev.costUsd !== undefined ? { costUsd: ev.costUsd } : {}),
    durationMs: ev.durationMs,
  };
}

/** TodoWrite's list from its input, or undefined when the input is not a list of todos (the tool refuses it too). */
/** The card's line for a hook run: event, command, what came of it, and how long it took. */
export function hookLine(ev: Extract<AgentEvent, { type: 'hook' }>, t: Translate = english): string {
  const outcome =
    ev.outcome === 'ok' ? t('ok') : ev.outcome === 'blocked' ? t('blocked') : ev.outcome === 'enforced' ? t('failed (enforced: blocked)') : t('failed');
  const message = ev.message ? `: ${ev.message.split('\n')[0].slice(0, 200)}` : '';
  return t('Hook {0} `{1}` {2}{3} ({4} ms)', ev.event, ev.command.slice(0, 80), outcome, message, ev.durationMs);
}

export function todosFrom(input: unknown): TodoView[] | undefined {
  const todos = (input as { todos?: unknown } | null)?.todos;
  if (!Array.isArray(todos)) return undefined;
  const out: TodoView[] = [];
  for (const t of todos as unknown[]) {
    const { content, status, activeForm } = (t ?? {}) as Record<string, unknown>;
    if (typeof content !== 'string' || typeof activeForm !== 'string') return undefined;
    if (status !== 'pending' && status !== 'in_progress' && status !== 'completed') return undefined;
    out.push({ content: content.slice(0, 500), status, activeForm: activeForm.slice(0, 500) });
  }
  return out;
}

export class UiEventMapper {
  private assistantId = '';
  private compactions = 0;
  /** Each call's name and input, for the one-line summary its result gets (and TodoWrite's list). */
  private readonly calls = new Map<string, { name: string; input: unknown }>();

  /** root: the workspace folder, so summaries show paths relative to it; t: the summaries' language. */
  constructor(
    private readonly root?: string,
    private readonly t: Translate = english,
  ) {}

  private relative(p: string): string {
    if (!this.root || !path.isAbsolute(p)) return p;
    const rel = path.relative(this.root, p);
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
  }

  /** A sub-agent's own event, shown inside the card of the top-level Agent call `cardId`. */
  private nested(cardId: string, label: string, ev: AgentEvent): UiEvent[] {
    switch (ev.type) {
      case 'subagent_event':
        return this.nested(cardId, `${label} › ${ev.agentType}`, ev.event);
      case 'tool_call':
        this.calls.set(ev.id, { name: ev.name, input: ev.input });
        return [{ type: 'subagent', id: cardId, agent: {}, call: { id: ev.id, name: ev.name, title: toolTitle(ev.name, ev.input), status: 'running', agent: label } }];
      case 'tool_result': {
        const call = this.calls.get(ev.toolUseId);
        this.calls.delete(ev.toolUseId);
        const denied = ev.content.startsWith('Permission denied');
        const summary = call && !denied ? toolSummary(call.name, call.input, ev.content, ev.isError, (p) => this.relative(p), this.t) : undefined;
        const status = denied ? 'denied' : ev.isError ? 'error' : 'done';
        return [{ type: 'subagent', id: cardId, agent: {}, call: { id: ev.toolUseId, name: ev.name, title: call ? toolTitle(call.name, call.input) : ev.name, status, agent: label, ...(summary ? { summary } : {}) } }];
      }
      default:
        return [];
    }
  }

  map(ev: AgentEvent): UiEvent[] {
    switch (ev.type) {
      case 'user_message': {
        const images = ev.extra?.filter((b) => b.type === 'image').length;
        // A slash command shows as the user typed it; the model got its expansion.
        return [{ type: 'user_message', id: ev.id, text: ev.command ?? ev.text, ...(images ? { images } : {}) }];
      }
      case 'assistant_start':
        this.assistantId = ev.id;
        return [{ type: 'assistant_start', id: ev.id }];
      case 'text_delta':
        return [{ type: 'text_delta', id: ev.id, text: ev.text }];
      case 'thinking_delta':
        return [{ type: 'thinking_delta', id: ev.id, text: ev.text }];
      case 'retry':
        return [{ type: 'retry', id: ev.id, message: ev.message, discardPartial: ev.discardPartial }];
      case 'assistant_message':
        return [{ type: 'assistant_end', id: ev.id, status: 'done' }];
      case 'tool_call':
        this.calls.set(ev.id, { name: ev.name, input: ev.input });
        return [{ type: 'tool_call', id: ev.id, name: ev.name, title: toolTitle(ev.name, ev.input), input: cap(JSON.stringify(ev.input, null, 2) ?? '') }];
      case 'tool_progress':
        return [{ type: 'tool_progress', id: ev.toolUseId, text: ev.text }];
      case 'tool_result': {
        const call = this.calls.get(ev.toolUseId);
        this.calls.delete(ev.toolUseId);
        const denied = ev.content.startsWith('Permission denied') || undefined;
        const summary = call && !denied ? toolSummary(call.name, call.input, ev.content, ev.isError, (p) => this.relative(p), this.t) : undefined;
        const out: UiEvent[] = [{ type: 'tool_result', id: ev.toolUseId, isError: ev.isError, output: cap(ev.content), denied, ...(summary ? { summary } : {}) }];
        // The list changes only when the call succeeded (TodoWrite refuses, e.g., two items in progress).
        const todos = call?.name === 'TodoWrite' && !ev.isError ? todosFrom(call.input) : undefined;
        if (todos) out.push({ type: 'todos', id: ev.toolUseId, todos });
        return out;
      }
      case 'hook':
        return ev.toolUseId ? [{ type: 'tool_hook', id: ev.toolUseId, text: hookLine(ev, this.t), blocked: ev.outcome === 'blocked' || ev.outcome === 'enforced' }] : [];
      case 'permission':
      case 'tool_results':
      case 'context':
        return [];
      case 'subagent_start':
        return [{ type: 'subagent', id: ev.toolUseId, agent: { agentType: ev.agentType, description: ev.description, status: 'running' } }];
      case 'subagent_event':
        return this.nested(ev.toolUseId, ev.agentType, ev.event);
      case 'subagent_end':
        return [{ type: 'subagent', id: ev.toolUseId, agent: subagentFigures(ev) }];
      case 'compaction':
        return [{ type: 'compaction', id: `compaction-${++this.compactions}-${Date.now().toString(36)}`, ...compactionView(ev) }];
      case 'error':
        return [{ type: 'error', id: `${this.assistantId || 'turn'}-err-${Date.now().toString(36)}`, message: ev.message }];
      case 'turn_end':
        if (ev.status === 'aborted' || ev.status === 'error') {
          return this.assistantId ? [{ type: 'assistant_end', id: this.assistantId, status: ev.status === 'aborted' ? 'stopped' : 'error' }] : [];
        }
        return [];
    }
  }
}

/** What the transcript's "context compacted here" divider shows of a compaction. */
export function compactionView(ev: { method: string; trigger: string; tokensBefore: number; tokensAfter: number; cleared: string }): CompactionView {
  return { method: ev.method, trigger: ev.trigger, tokensBefore: ev.tokensBefore, tokensAfter: ev.tokensAfter, cleared: ev.cleared };
}
