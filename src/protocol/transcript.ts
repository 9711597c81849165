import type { TranscriptItem, UiEvent } from './messages';

/**
 * Folds one transcript event into the list. The host keeps its snapshot with this and the webview
 * applies the same deltas with it, so both always agree. Returns a new array (React state) with only
 * the touched item replaced.
 */
export function applyEvent(items: readonly TranscriptItem[], event: UiEvent): TranscriptItem[] {
  switch (event.type) {
    case 'user_message':
      return [...items, { kind: 'user', id: event.id, text: event.text, ...(event.images ? { images: event.images } : {}) }];
    case 'assistant_start':
      return [...items, { kind: 'assistant', id: event.id, text: '', thinking: '', status: 'streaming' }];
    case 'text_delta':
      return updateAssistant(items, event.id, (a) => ({ ...withoutNotice(a), text: a.text + event.text }));
    case 'thinking_delta':
      return updateAssistant(items, event.id, (a) => ({ ...a, thinking: a.thinking + event.text }));
    case 'assistant_end':
      return updateAssistant(items, event.id, (a) => ({ ...a, status: event.status }));
    case 'retry':
      return updateAssistant(items, event.id, (a) => ({ ...a, text: event.discardPartial ? '' : a.text, notice: event.message }));
    case 'tool_call':
      return [...items, { kind: 'tool', id: event.id, name: event.name, title: event.title, input: event.input, output: '', status: 'running' }];
    case 'tool_progress':
      return updateTool(items, event.id, (t) => ({ ...t, output: capOutput(t.output + event.text) }));
    case 'tool_result':
      return updateTool(items, event.id, (t) => ({
        ...t,
        output: event.output,
        status: event.denied ? 'denied' : event.isError ? 'error' : 'done',
        ...(event.summary !== undefined ? { summary: event.summary } : {}),
      }));
    case 'tool_hook':
      return updateTool(items, event.id, (t) => ({ ...t, hooks: [...(t.hooks ?? []), { text: event.text, blocked: event.blocked }] }));
    case 'todos':
      return updateTool(items, event.id, (t) => ({ ...t, todos: event.todos }));
    case 'approval':
      return [...items, { kind: 'approval', id: event.id, toolName: event.toolName, summary: event.summary, reason: event.reason, suggestions: event.suggestions, status: 'pending' }];
    case 'approval_settled':
      return items.map((it) => (it.kind === 'approval' && it.id === event.id ? { ...it, status: event.decision === 'allow' ? 'allowed' : 'denied' } : it));
    case 'error':
      return [...items, { kind: 'error', id: event.id, message: event.message }];
    case 'proposal': {
      const { type: _type, ...card } = event;
      return [...items, { kind: 'proposal', ...card }];
    }
    case 'compaction': {
      const { type: _t, ...view } = event;
      return [...items, { kind: 'compaction', ...view }];
    }
    case 'proposal_update':
      return updateProposal(items, event.id, (p) => {
        const next: Proposal = { ...p, status: event.status, hunkStates: event.hunkStates };
        if (event.comment !== undefined) next.comment = event.comment;
        if (event.message !== undefined) next.message = event.message;
        return next;
      });
  }
}

/** Live output kept in the transcript is bounded; the full result arrives with tool_result. */
const MAX_LIVE_OUTPUT = 20_000;
function capOutput(s: string): string {
  return s.length > MAX_LIVE_OUTPUT ? s.slice(s.length - MAX_LIVE_OUTPUT) : s;
}

type Tool = Extract<TranscriptItem, { kind: 'tool' }>;

function updateTool(items: readonly TranscriptItem[], id: string, f: (t: Tool) => Tool): TranscriptItem[] {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.kind === 'tool' && it.id === id) {
      const copy = items.slice();
      copy[i] = f(it);
      return copy;
    }
  }
  return items.slice();
}

type Proposal = Extract<TranscriptItem, { kind: 'proposal' }>;

function updateProposal(items: readonly TranscriptItem[], id: string, f: (p: Proposal) => Proposal): TranscriptItem[] {
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.kind === 'proposal' && it.id === id) {
      const copy = items.slice();
      copy[i] = f(it);
      return copy;
    }
  }
  return items.slice();
}

type Assistant = Extract<TranscriptItem, { kind: 'assistant' }>;

/** Text arriving again clears the retry notice (dropped, not set to undefined, so items stay plain). */
function withoutNotice(a: Assistant): Assistant {
  if (a.notice === undefined) return a;
  const { notice: _notice, ...rest } = a;
  return rest;
}

function updateAssistant(items: readonly TranscriptItem[], id: string, f: (a: Assistant) => Assistant): TranscriptItem[] {
  // The item being streamed is almost always the last one: search from the end.
  for (let i = items.length - 1; i >= 0; i--) {
    const it = items[i];
    if (it.kind === 'assistant' && it.id === id) {
      const copy = items.slice();
      copy[i] = f(it);
      return copy;
    }
  }
  return items.slice();
}
