import type { TranscriptItem, UiEvent } from './messages';

/**
 * Folds one transcript event into the list. The host keeps its snapshot with this and the webview
 * applies the same deltas with it, so both always agree. Returns a new array (React state) with only
 * the touched item replaced.
 */
export function applyEvent(items: readonly TranscriptItem[], event: UiEvent): TranscriptItem[] {
  switch (event.type) {
    case 'user_message':
      return [...items, { kind: 'user', id: event.id, text: event.text }];
    case 'assistant_start':
      return [...items, { kind: 'assistant', id: event.id, text: '', thinking: '', status: 'streaming' }];
    case 'text_delta':
      return updateAssistant(items, event.id, (a) => ({ ...a, text: a.text + event.text }));
    case 'thinking_delta':
      return updateAssistant(items, event.id, (a) => ({ ...a, thinking: a.thinking + event.text }));
    case 'assistant_end':
      return updateAssistant(items, event.id, (a) => ({ ...a, status: event.status }));
    case 'error':
      return [...items, { kind: 'error', id: event.id, message: event.message }];
  }
}

type Assistant = Extract<TranscriptItem, { kind: 'assistant' }>;

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
