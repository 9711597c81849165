// The Anthropic Messages API wire format: server-sent events as documented for streaming, and the
// full message object for non-streaming calls.
import type { ScriptedReply } from './scenario';
import { splitJson, splitText, stopReasonOf, toolJson } from './scenario';

export interface SseEvent {
  event?: string;
  data: unknown;
}

function usageOf(reply: ScriptedReply) {
  return {
    input_tokens: reply.usage?.input ?? 10,
    output_tokens: reply.usage?.output ?? 5,
    cache_creation_input_tokens: reply.usage?.cacheWrite ?? 0,
    cache_read_input_tokens: reply.usage?.cacheRead ?? 0,
  };
}

export function anthropicEvents(reply: ScriptedReply, model: string, id: string): SseEvent[] {
  const usage = usageOf(reply);
  const ev = (type: string, body: Record<string, unknown>): SseEvent => ({ event: type, data: { type, ...body } });
  const out: SseEvent[] = [
    ev('message_start', {
      message: {
        id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null,
        usage: { ...usage, output_tokens: 1 },
      },
    }),
    ev('ping', {}),
  ];
  (reply.content ?? []).forEach((b, index) => {
    if (b.type === 'text') {
      out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '' } }));
      for (const t of b.chunks ?? splitText(b.text)) out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: t } }));
    } else if (b.type === 'thinking') {
      out.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const t of splitText(b.thinking)) out.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: t } }));
      out.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: b.signature ?? `sig-${index}` } }));
    } else {
      const toolId = b.id ?? `toolu_${id}_${index}`;
      out.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: toolId, name: b.name, input: {} } }));
      out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (const piece of splitJson(toolJson(b), b.jsonChunks ?? 3)) {
        out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
      }
    }
    out.push(ev('content_block_stop', { index }));
  });
  out.push(ev('message_delta', { delta: { stop_reason: stopReasonOf(reply), stop_sequence: null }, usage: { output_tokens: usage.output_tokens } }));
  out.push(ev('message_stop', {}));
  return out;
}

export function anthropicMessage(reply: ScriptedReply, model: string, id: string): unknown {
  return {
    id, type: 'message', role: 'assistant', model,
    content: (reply.content ?? []).map((b, index) => {
      if (b.type === 'text') return { type: 'text', text: b.text };
      if (b.type === 'thinking') return { type: 'thinking', thinking: b.thinking, signature: b.signature ?? `sig-${index}` };
      return { type: 'tool_use', id: b.id ?? `toolu_${id}_${index}`, name: b.name, input: b.input ?? {} };
    }),
    stop_reason: stopReasonOf(reply), stop_sequence: null, usage: usageOf(reply),
  };
}

export function anthropicError(status: number, message: string): unknown {
  const type =
    status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status === 401 ? 'authentication_error'
      : status === 400 ? 'invalid_request_error' : status === 413 ? 'request_too_large' : 'api_error';
  return { type: 'error', error: { type, message } };
}
