import type { Message, Provider } from '../llm/types';
import { toProviderError } from '../llm/errors';
import type { AgentEvent } from './events';

export interface ConversationOptions {
  provider: Provider;
  model: string;
  system: string;
  maxTokens?: number;
  newId?: () => string;
}

let counter = 0;
const defaultId = (): string => `m${Date.now().toString(36)}${(counter++).toString(36)}`;

/**
 * A chat with one model: keeps the message history and runs one streamed assistant reply per user
 * message. Tools and the multi-step loop build on this (see ARCHITECTURE.md, "The loop").
 */
export class Conversation {
  private readonly history: Message[] = [];
  private readonly newId: () => string;

  constructor(private readonly opts: ConversationOptions) {
    this.newId = opts.newId ?? defaultId;
  }

  /** Switch provider or model between turns (settings changed); the history carries over. */
  use(provider: Provider, model: string): void {
    this.opts.provider = provider;
    this.opts.model = model;
  }

  get messages(): readonly Message[] {
    return this.history;
  }

  async *send(text: string, signal: AbortSignal): AsyncGenerator<AgentEvent> {
    const last = this.history[this.history.length - 1];
    // After a stopped or failed reply the last message is still the user's: add to it rather than
    // sending two user messages in a row.
    if (last?.role === 'user') last.content.push({ type: 'text', text });
    else this.history.push({ role: 'user', content: [{ type: 'text', text }] });
    yield { type: 'user_message', id: this.newId(), text };
    const id = this.newId();
    yield { type: 'assistant_start', id };
    let partial = '';
    try {
      const stream = this.opts.provider.stream(
        {
          model: this.opts.model,
          system: this.opts.system,
          messages: this.history,
          maxTokens: this.opts.maxTokens ?? 8192,
        },
        signal,
      );
      for await (const ev of stream) {
        if (ev.type === 'text_delta') {
          partial += ev.text;
          yield { type: 'text_delta', id, text: ev.text };
        }
        else if (ev.type === 'thinking_delta') yield { type: 'thinking_delta', id, text: ev.text };
        else if (ev.type === 'done') {
          this.history.push(ev.message);
          yield { type: 'assistant_message', id, message: ev.message, stopReason: ev.stopReason, usage: ev.usage };
        }
      }
      yield { type: 'turn_end', status: 'completed' };
    } catch (err) {
      const e = toProviderError(err, this.opts.provider.id, signal);
      // What the user already saw stays in the history, so the model knows what it had said.
      if (partial) this.history.push({ role: 'assistant', content: [{ type: 'text', text: partial }] });
      if (e.kind === 'aborted') {
        yield { type: 'turn_end', status: 'aborted' };
      } else {
        yield { type: 'error', message: e.message, kind: e.kind };
        yield { type: 'turn_end', status: 'error' };
      }
    }
  }
}
