// Maps the core's agent events onto the small transcript deltas the panel applies.
import type { AgentEvent } from '../core/agent/events';
import type { UiEvent } from '../protocol/messages';

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

export class UiEventMapper {
  private assistantId = '';

  map(ev: AgentEvent): UiEvent[] {
    switch (ev.type) {
      case 'user_message':
        return [{ type: 'user_message', id: ev.id, text: ev.text }];
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
        return [{ type: 'tool_call', id: ev.id, name: ev.name, title: toolTitle(ev.name, ev.input), input: cap(JSON.stringify(ev.input, null, 2) ?? '') }];
      case 'tool_progress':
        return [{ type: 'tool_progress', id: ev.toolUseId, text: ev.text }];
      case 'tool_result':
        return [{ type: 'tool_result', id: ev.toolUseId, isError: ev.isError, output: cap(ev.content), denied: ev.content.startsWith('Permission denied') || undefined }];
      case 'permission':
      case 'tool_results':
        return [];
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
