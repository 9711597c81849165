// The Anthropic Messages API wire format: server-sent events as documented for streaming, and the
// full message object for non-streaming calls.
import type { ScriptedBlock, ScriptedReply, WebResult } from './scenario';
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
  // A web search is two blocks on the wire, so block indexes are counted, not taken from the script.
  let index = -1;
  (reply.content ?? []).forEach((b, scripted) => {
    index++;
    if (b.type === 'text') {
      out.push(ev('content_block_start', { index, content_block: { type: 'text', text: '', ...(b.citations ? { citations: [] } : {}) } }));
      for (const t of b.chunks ?? splitText(b.text)) out.push(ev('content_block_delta', { index, delta: { type: 'text_delta', text: t } }));
      for (const c of b.citations ?? []) out.push(ev('content_block_delta', { index, delta: { type: 'citations_delta', citation: citationOf(c, b.text) } }));
    } else if (b.type === 'web_search') {
      // server_tool_use streams its input like a tool call; the result block arrives whole at its start.
      const toolId = `srvtoolu_${id}_${scripted}`;
      out.push(ev('content_block_start', { index, content_block: { type: 'server_tool_use', id: toolId, name: 'web_search', input: {}, caller: { type: 'direct' } } }));
      for (const piece of splitJson(JSON.stringify({ query: b.query }), 2)) out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
      out.push(ev('content_block_stop', { index }));
      index++;
      out.push(ev('content_block_start', { index, content_block: searchResultBlock(b, toolId) }));
    } else if (b.type === 'thinking') {
      out.push(ev('content_block_start', { index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
      for (const t of splitText(b.thinking)) out.push(ev('content_block_delta', { index, delta: { type: 'thinking_delta', thinking: t } }));
      out.push(ev('content_block_delta', { index, delta: { type: 'signature_delta', signature: b.signature ?? `sig-${index}` } }));
    } else {
      const toolId = b.id ?? `toolu_${id}_${scripted}`;
      out.push(ev('content_block_start', { index, content_block: { type: 'tool_use', id: toolId, name: b.name, input: {} } }));
      out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: '' } }));
      for (const piece of splitJson(toolJson(b), b.jsonChunks ?? 3)) {
        out.push(ev('content_block_delta', { index, delta: { type: 'input_json_delta', partial_json: piece } }));
      }
    }
    out.push(ev('content_block_stop', { index }));
  });
  const searches = (reply.content ?? []).filter((b) => b.type === 'web_search').length;
  const serverUse = searches ? { server_tool_use: { web_search_requests: searches, web_fetch_requests: 0 } } : {};
  out.push(ev('message_delta', { delta: { stop_reason: stopReasonOf(reply), stop_sequence: null }, usage: { output_tokens: usage.output_tokens, ...serverUse } }));
  out.push(ev('message_stop', {}));
  return out;
}

export function anthropicMessage(reply: ScriptedReply, model: string, id: string): unknown {
  return {
    id, type: 'message', role: 'assistant', model,
    content: (reply.content ?? []).flatMap((b, index): unknown[] | unknown => {
      if (b.type === 'text') return { type: 'text', text: b.text, ...(b.citations ? { citations: b.citations.map((c) => citationOf(c, b.text)) } : {}) };
      if (b.type === 'web_search') {
        const toolId = `srvtoolu_${id}_${index}`;
        return [{ type: 'server_tool_use', id: toolId, name: 'web_search', input: { query: b.query }, caller: { type: 'direct' } }, searchResultBlock(b, toolId)];
      }
      if (b.type === 'thinking') return { type: 'thinking', thinking: b.thinking, signature: b.signature ?? `sig-${index}` };
      return { type: 'tool_use', id: b.id ?? `toolu_${id}_${index}`, name: b.name, input: b.input ?? {} };
    }),
    stop_reason: stopReasonOf(reply), stop_sequence: null, usage: usageOf(reply),
  };
}

function searchResultBlock(b: Extract<ScriptedBlock, { type: 'web_search' }>, toolUseId: string) {
  const content = b.errorCode
    ? { type: 'web_search_tool_result_error', error_code: b.errorCode }
    : (b.results ?? []).map((r, i) => ({ type: 'web_search_result', title: r.title, url: r.url, encrypted_content: `enc_${i}_${Buffer.from(r.url).toString('base64')}`, page_age: null }));
  return { type: 'web_search_tool_result', tool_use_id: toolUseId, content, caller: { type: 'direct' } };
}

function citationOf(c: WebResult, text: string) {
  return { type: 'web_search_result_location', cited_text: text.slice(0, 150), url: c.url, title: c.title, encrypted_index: `idx_${Buffer.from(c.url).toString('base64')}` };
}

export function anthropicError(status: number, message: string): unknown {
  const type =
    status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status === 401 ? 'authentication_error'
      : status === 400 ? 'invalid_request_error' : status === 413 ? 'request_too_large' : 'api_error';
  return { type: 'error', error: { type, message } };
}
