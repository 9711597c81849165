// The OpenAI Responses API, run statelessly (store:false): nothing is kept on OpenAI's side, so
// every request replays the whole conversation, including each reasoning item with its
// encrypted content (taken from response.output_item.done) and without its id, which would point
// at a stored item that does not exist ("Item with id 'rs_…' not found").
import type OpenAI from 'openai';
import type {
  ResponseCreateParamsStreaming,
  ResponseInputContent,
  ResponseInputItem,
  ResponseOutputItem,
  ResponseStreamEvent,
  Tool as ResponsesTool,
} from 'openai/resources/responses/responses';
import { parseToolInput } from './assembler';
import { ProviderError, toProviderError } from './errors';
import type { ContentBlock, Message, ProviderEvent, ProviderRequest, ReasoningOptions, ServerTool, StopReason, Usage } from './types';
import { emptyUsage } from './types';

type ToolUse = Extract<ContentBlock, { type: 'tool_use' }>;

/** Reasoning models take `reasoning` and return encrypted reasoning; others refuse the parameter. */
export function isReasoningModel(model: string): boolean {
  const m = model.toLowerCase().replace(/^openai\//, '');
  return /^(o\d|gpt-5|gpt-6|codex)/.test(m) || /(^|-)codex(-|$)/.test(m);
}

function userParts(m: Message): ResponseInputItem[] {
  const out: ResponseInputItem[] = [];
  for (const b of m.content) {
    if (b.type === 'tool_result') {
      const note = b.images?.length ? `\n[${b.images.length} image(s) omitted: tool results here carry text only]` : '';
      out.push({ type: 'function_call_output', call_id: b.toolUseId, output: (b.isError ? `Error: ${b.content}` : b.content) + note });
    }
  }
  const parts = m.content.flatMap((b): ResponseInputContent[] => {
    if (b.type === 'text') return [{ type: 'input_text', text: b.text }];
    if (b.type === 'image') return [{ type: 'input_image', image_url: `data:${b.mediaType};base64,${b.data}`, detail: 'auto' }];
    return [];
  });
  if (parts.length) out.push({ role: 'user', content: parts });
  return out;
}

function assistantParts(m: Message): ResponseInputItem[] {
  const out: ResponseInputItem[] = [];
  for (const b of m.content) {
    if (b.type === 'reasoning') {
      // Without its id (store:false), next to the items it belongs to, as it was produced.
      if (!b.encryptedContent) continue;
      out.push({ type: 'reasoning', summary: b.summary ? [{ type: 'summary_text', text: b.summary }] : [], encrypted_content: b.encryptedContent } as unknown as ResponseInputItem);
    } else if (b.type === 'text') {
      if (b.text) out.push({ role: 'assistant', content: b.text });
    } else if (b.type === 'tool_use') {
      out.push({ type: 'function_call', call_id: b.id, name: b.name, arguments: typeof b.input === 'string' ? b.input : JSON.stringify(b.input ?? {}) });
    }
    // Anthropic thinking blocks are signed for Claude only; they do not cross over.
  }
  return out;
}

/**
 * The conversation as Responses input items. Every function_call gets exactly one
 * function_call_output with the same call_id (a missing one is filled in, an orphan dropped), as
 * the API refuses the request otherwise.
 */
export function toResponsesInput(messages: Message[]): ResponseInputItem[] {
  const items = messages.flatMap((m) => (m.role === 'user' ? userParts(m) : assistantParts(m)));
  const callIdOf = (i: ResponseInputItem, type: string): string[] => ('type' in i && i.type === type && 'call_id' in i ? [String(i.call_id)] : []);
  const calls = new Set(items.flatMap((i) => callIdOf(i, 'function_call')));
  const outputs = new Set(items.flatMap((i) => callIdOf(i, 'function_call_output')));
  const out: ResponseInputItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if ('type' in item && item.type === 'function_call_output' && !calls.has(String(item.call_id))) continue;
    out.push(item);
    if ('type' in item && item.type === 'function_call' && !outputs.has(item.call_id)) {
      // Put the filler after the run of calls it belongs to, before the next non-call item.
      let j = i + 1;
      while (j < items.length && 'type' in items[j] && (items[j] as { type: string }).type === 'function_call') j++;
      items.splice(j, 0, { type: 'function_call_output', call_id: item.call_id, output: 'Error: the tool did not run (the turn was interrupted).' });
      outputs.add(item.call_id);
    }
  }
  return out;
}

export function responsesParams(request: ProviderRequest, defaults: { reasoning?: ReasoningOptions; serverTools?: ServerTool[] }): ResponseCreateParamsStreaming {
  const functions: ResponsesTool[] = (request.tools ?? []).map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.inputSchema, strict: false }));
  const server = (request.serverTools ?? defaults.serverTools ?? []) as unknown as ResponsesTool[];
  const tools = [...functions, ...server];
  const reasoning = isReasoningModel(request.model);
  // A web search's sources are sent only when asked for.
  const include = [...(reasoning ? ['reasoning.encrypted_content' as const] : []), ...(server.some((t) => t.type === 'web_search') ? ['web_search_call.action.sources' as const] : [])];
  const effort = (request.reasoning ?? defaults.reasoning)?.effort;
  return {
    model: request.model,
    instructions: request.system || undefined,
    input: toResponsesInput(request.messages),
    tools: tools.length ? tools : undefined,
    max_output_tokens: request.maxTokens,
    store: false,
    stream: true,
    ...(include.length ? { include } : {}),
    ...(reasoning
      ? {
          reasoning: { summary: 'auto', ...(effort && effort !== 'max' ? { effort: effort as 'low' } : effort === 'max' ? { effort: 'xhigh' as 'high' } : {}) },
        }
      : {}),
  };
}

function usageOf(u: { input_tokens?: number; output_tokens?: number; input_tokens_details?: { cached_tokens?: number } } | null | undefined): Usage {
  const usage = emptyUsage();
  if (!u) return usage;
  const cached = u.input_tokens_details?.cached_tokens ?? 0;
  usage.inputTokens = (u.input_tokens ?? 0) - cached;
  usage.cacheReadTokens = cached;
  usage.outputTokens = u.output_tokens ?? 0;
  return usage;
}

function blockOf(item: ResponseOutputItem): ContentBlock | undefined {
  switch (item.type) {
    case 'reasoning':
      return {
        type: 'reasoning',
        summary: (item.summary ?? []).map((s) => s.text).join('\n\n'),
        ...(item.encrypted_content ? { encryptedContent: item.encrypted_content } : {}),
      };
    case 'message': {
      const text = item.content.map((c) => (c.type === 'output_text' ? c.text : c.type === 'refusal' ? c.refusal : '')).join('');
      return { type: 'text', text };
    }
    case 'function_call':
      return { type: 'tool_use', id: item.call_id, name: item.name, input: parseToolInput(item.arguments ?? '') };
    default:
      // Server-side tool items (web_search_call …) are the vendor's record; their findings arrive
      // as message text, and a stateless request cannot refer back to them.
      return undefined;
  }
}

/**
 * What a web search found, from the items that record it: a web_search_call's sources (URLs only)
 * and the url_citation annotations of a message's text (titles and URLs).
 */
function webSearchOf(item: ResponseOutputItem): Extract<ProviderEvent, { type: 'web_search' }> | undefined {
  if (item.type === 'web_search_call') {
    const action = item.action;
    if (action?.type !== 'search') return undefined;
    const query = action.query ?? action.queries?.join('; ');
    return {
      type: 'web_search',
      ...(query ? { query } : {}),
      hits: (action.sources ?? []).map((s) => ({ title: '', url: s.url })),
      ...(item.status === 'failed' ? { error: 'the search failed' } : {}),
    };
  }
  if (item.type === 'message') {
    const hits = item.content.flatMap((c) => (c.type === 'output_text' ? c.annotations.flatMap((a) => (a.type === 'url_citation' ? [{ title: a.title, url: a.url }] : [])) : []));
    return hits.length ? { type: 'web_search', hits } : undefined;
  }
  return undefined;
}

/** Streams one Responses request as Tandem's provider events. */
export async function* streamResponses(
  client: OpenAI,
  params: ResponseCreateParamsStreaming,
  signal: AbortSignal,
  providerName: string,
): AsyncGenerator<ProviderEvent> {
  const done = new Map<number, ContentBlock>();
  const announced = new Set<string>();
  let usage = emptyUsage();
  let stopReason: StopReason = 'end_turn';
  let finished = false;
  try {
    const stream = await client.responses.create(params, { signal });
    for await (const ev of stream as AsyncIterable<ResponseStreamEvent>) {
      switch (ev.type) {
        case 'response.output_item.added':
          if (ev.item.type === 'function_call' && !announced.has(ev.item.call_id)) {
            announced.add(ev.item.call_id);
            yield { type: 'tool_call_start', id: ev.item.call_id, name: ev.item.name };
          }
          break;
        case 'response.output_text.delta':
          yield { type: 'text_delta', text: ev.delta };
          break;
        case 'response.reasoning_summary_text.delta':
          yield { type: 'thinking_delta', text: ev.delta };
          break;
        case 'response.reasoning_summary_part.added':
          // Summary parts of one item are shown as paragraphs.
          if (ev.summary_index > 0) yield { type: 'thinking_delta', text: '\n\n' };
          break;
        case 'response.function_call_arguments.delta':
          break; // the whole arguments arrive with output_item.done
        case 'response.output_item.done': {
          // The item as finished: the only place the reasoning's encrypted content is complete.
          const block = blockOf(ev.item);
          if (block) done.set(ev.output_index, block);
          const search = webSearchOf(ev.item);
          if (search) yield search;
          if (ev.item.type === 'function_call' && !announced.has(ev.item.call_id)) {
            announced.add(ev.item.call_id);
            yield { type: 'tool_call_start', id: ev.item.call_id, name: ev.item.name };
          }
          break;
        }
        case 'response.completed':
        case 'response.incomplete': {
          finished = true;
          usage = usageOf(ev.response.usage);
          const reason = ev.response.incomplete_details?.reason;
          if (ev.type === 'response.incomplete') stopReason = reason === 'max_output_tokens' ? 'max_tokens' : reason === 'content_filter' ? 'refusal' : 'other';
          // Items the stream did not finish one by one (a proxy that sends only the summary).
          ev.response.output.forEach((item, i) => {
            if (!done.has(i)) {
              const block = blockOf(item);
              if (block) done.set(i, block);
            }
          });
          break;
        }
        case 'response.failed':
          throw new ProviderError(
            'server',
            `${providerName} could not finish the reply: ${ev.response.error?.message ?? 'response.failed'}`,
          );
        case 'error':
          throw toProviderError(Object.assign(new Error(ev.message), { status: statusOfCode(ev.code) }), providerName, signal);
      }
    }
  } catch (err) {
    throw toProviderError(err, providerName, signal);
  }
  if (signal.aborted) throw toProviderError(new Error('aborted'), providerName, signal);
  if (!finished) throw new ProviderError('stream', `${providerName} stream ended before the reply was complete (no response.completed).`);
  const content = [...done.keys()].sort((a, b) => a - b).map((k) => done.get(k)!);
  if (stopReason === 'end_turn' && content.some((b): b is ToolUse => b.type === 'tool_use')) stopReason = 'tool_use';
  yield { type: 'done', message: { role: 'assistant', content }, stopReason, usage };
}

/** An `error` event inside a 200 stream carries a code instead of a status; map the retryable ones. */
function statusOfCode(code: string | null | undefined): number | undefined {
  if (!code) return undefined;
  if (/rate_limit/i.test(code)) return 429;
  if (/server_error|overloaded/i.test(code)) return 500;
  if (/context_length/i.test(code)) return 400;
  return undefined;
}
