// The OpenAI Responses API wire format (POST /v1/responses, stream:true): named server-sent events
// with a sequence_number, each output item announced by response.output_item.added, streamed by
// its own delta events and finished by response.output_item.done, then response.completed with
// the whole response and its usage. A scripted `thinking` block becomes a reasoning item whose
// encrypted_content is derived from its text, so a test can check it is replayed verbatim.
import type { SseEvent } from './anthropicWire';
import type { ScriptedReply } from './scenario';
import { splitJson, splitText, stopReasonOf, toolJson } from './scenario';

/** The encrypted_content the fake gives a reasoning item: opaque to clients, checkable by tests. */
export function fakeEncrypted(thinking: string): string {
  return `gAAAA${Buffer.from(thinking, 'utf8').toString('base64')}`;
}

function usageOf(reply: ScriptedReply) {
  const cached = reply.usage?.cacheRead ?? 0;
  const input = (reply.usage?.input ?? 10) + cached;
  const output = reply.usage?.output ?? 5;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: cached },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + output,
  };
}

function responseObject(id: string, model: string, status: string, output: unknown[], usage: unknown, body: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
  return {
    id, object: 'response', created_at: 1_700_000_000, status, error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: body?.instructions ?? null, max_output_tokens: body?.max_output_tokens ?? null, model,
    output, parallel_tool_calls: true, previous_response_id: null,
    reasoning: body?.reasoning ?? { effort: null, summary: null }, store: body?.store ?? true,
    temperature: 1, text: { format: { type: 'text' } }, tool_choice: 'auto', tools: body?.tools ?? [], top_p: 1,
    truncation: 'disabled', usage, user: null, metadata: {},
  };
}

function includes(body: unknown, what: string): boolean {
  const list = (body as { include?: unknown })?.include;
  return Array.isArray(list) && list.includes(what);
}

export function responsesEvents(reply: ScriptedReply, model: string, id: string, body: unknown): SseEvent[] {
  let seq = 0;
  const out: SseEvent[] = [];
  const ev = (type: string, fields: Record<string, unknown>) => out.push({ event: type, data: { type, sequence_number: seq++, ...fields } });
  const includeEncrypted = includes(body, 'reasoning.encrypted_content');
  ev('response.created', { response: responseObject(id, model, 'in_progress', [], null, body) });
  ev('response.in_progress', { response: responseObject(id, model, 'in_progress', [], null, body) });
  const items: unknown[] = [];
  (reply.content ?? []).forEach((b, output_index) => {
    if (b.type === 'thinking') {
      const item_id = `rs_${id}_${output_index}`;
      ev('response.output_item.added', { output_index, item: { id: item_id, type: 'reasoning', summary: [] } });
      ev('response.reasoning_summary_part.added', { item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: '' } });
      for (const delta of splitText(b.thinking)) ev('response.reasoning_summary_text.delta', { item_id, output_index, summary_index: 0, delta });
      ev('response.reasoning_summary_text.done', { item_id, output_index, summary_index: 0, text: b.thinking });
      ev('response.reasoning_summary_part.done', { item_id, output_index, summary_index: 0, part: { type: 'summary_text', text: b.thinking } });
      // Only the finished item carries the encrypted content (as OpenAI sends it).
      const item = { id: item_id, type: 'reasoning', summary: [{ type: 'summary_text', text: b.thinking }], ...(includeEncrypted ? { encrypted_content: b.signature ?? fakeEncrypted(b.thinking) } : {}) };
      ev('response.output_item.done', { output_index, item });
      items.push(item);
    } else if (b.type === 'text') {
      const item_id = `msg_${id}_${output_index}`;
      ev('response.output_item.added', { output_index, item: { id: item_id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
      ev('response.content_part.added', { item_id, output_index, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
      for (const delta of b.chunks ?? splitText(b.text)) ev('response.output_text.delta', { item_id, output_index, content_index: 0, delta, logprobs: [] });
      const annotations = (b.citations ?? []).map((c) => ({ type: 'url_citation', start_index: 0, end_index: b.text.length, url: c.url, title: c.title }));
      annotations.forEach((annotation, annotation_index) => ev('response.output_text.annotation.added', { item_id, output_index, content_index: 0, annotation_index, annotation }));
      ev('response.output_text.done', { item_id, output_index, content_index: 0, text: b.text, logprobs: [] });
      const part = { type: 'output_text', text: b.text, annotations };
      ev('response.content_part.done', { item_id, output_index, content_index: 0, part });
      const item = { id: item_id, type: 'message', status: 'completed', role: 'assistant', content: [part] };
      ev('response.output_item.done', { output_index, item });
      items.push(item);
    } else if (b.type === 'web_search') {
      // Sources are listed only when the request includes web_search_call.action.sources; titles
      // come with the message's url_citation annotations.
      const item_id = `ws_${id}_${output_index}`;
      ev('response.output_item.added', { output_index, item: { id: item_id, type: 'web_search_call', status: 'in_progress' } });
      ev('response.web_search_call.in_progress', { item_id, output_index });
      ev('response.web_search_call.searching', { item_id, output_index });
      ev('response.web_search_call.completed', { item_id, output_index });
      const sources = includes(body, 'web_search_call.action.sources') ? { sources: (b.results ?? []).map((r) => ({ type: 'url', url: r.url })) } : {};
      const item = { id: item_id, type: 'web_search_call', status: b.errorCode ? 'failed' : 'completed', action: { type: 'search', query: b.query, ...sources } };
      ev('response.output_item.done', { output_index, item });
      items.push(item);
    } else {
      const item_id = `fc_${id}_${output_index}`;
      const call_id = b.id ?? `call_${id}_${output_index}`;
      const args = toolJson(b);
      ev('response.output_item.added', { output_index, item: { id: item_id, type: 'function_call', status: 'in_progress', call_id, name: b.name, arguments: '' } });
      for (const delta of splitJson(args, b.jsonChunks ?? 3)) ev('response.function_call_arguments.delta', { item_id, output_index, delta });
      ev('response.function_call_arguments.done', { item_id, output_index, arguments: args });
      const item = { id: item_id, type: 'function_call', status: 'completed', call_id, name: b.name, arguments: args };
      ev('response.output_item.done', { output_index, item });
      items.push(item);
    }
  });
  const status = stopReasonOf(reply) === 'max_tokens' ? 'incomplete' : 'completed';
  ev(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: responseObject(id, model, status, items, usageOf(reply), body) });
  return out;
}

/** Checks a request the way the API does before answering; returns the error message, if any. */
export function responsesRequestProblem(body: any): string | undefined { // eslint-disable-line @typescript-eslint/no-explicit-any
  const input: any[] = Array.isArray(body?.input) ? body.input : []; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (body?.store === false) {
    const withId = input.find((i) => (i.type === 'reasoning' || i.type === 'message') && typeof i.id === 'string');
    if (withId) return `Item with id '${withId.id}' not found. Items are not persisted when \`store\` is set to false.`;
  }
  const calls = new Set(input.filter((i) => i.type === 'function_call').map((i) => i.call_id));
  const outputs = new Set(input.filter((i) => i.type === 'function_call_output').map((i) => i.call_id));
  for (const c of calls) if (!outputs.has(c)) return `No tool output found for function call ${c}.`;
  for (const o of outputs) if (!calls.has(o)) return `No tool call found for function call output with call_id ${o}.`;
  return undefined;
}
