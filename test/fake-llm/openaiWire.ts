// The OpenAI Chat Completions wire format: `data:` chunks ending in `[DONE]` when streaming (with
// a final usage chunk when stream_options.include_usage is set), a chat.completion otherwise.
import type { ScriptedReply } from './scenario';
import { splitJson, splitText, stopReasonOf, toolJson } from './scenario';

const FINISH = { end_turn: 'stop', tool_use: 'tool_calls', max_tokens: 'length' } as const;

function usageOf(reply: ScriptedReply) {
  const cached = reply.usage?.cacheRead ?? 0;
  const prompt = (reply.usage?.input ?? 10) + cached;
  const completion = reply.usage?.output ?? 5;
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, prompt_tokens_details: { cached_tokens: cached } };
}

export function openaiChunks(reply: ScriptedReply, model: string, id: string, includeUsage: boolean): unknown[] {
  const created = 1_700_000_000;
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
  });
  const out: unknown[] = [chunk({ role: 'assistant', content: '' })];
  let toolIndex = 0;
  for (const b of reply.content ?? []) {
    if (b.type === 'text') {
      for (const t of b.chunks ?? splitText(b.text)) out.push(chunk({ content: t }));
    } else if (b.type === 'thinking') {
      // OpenAI-compatible reasoning servers (DeepSeek) stream it as reasoning_content.
      for (const t of splitText(b.thinking)) out.push(chunk({ reasoning_content: t }));
    } else if (b.type === 'web_search') {
      continue; // Chat Completions has no server-side search
    } else {
      const index = toolIndex++;
      out.push(chunk({ tool_calls: [{ index, id: b.id ?? `call_${id}_${index}`, type: 'function', function: { name: b.name, arguments: '' } }] }));
      for (const piece of splitJson(toolJson(b), b.jsonChunks ?? 3)) {
        out.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
      }
    }
  }
  out.push(chunk({}, FINISH[stopReasonOf(reply)]));
  if (includeUsage) {
    out.push({ id, object: 'chat.completion.chunk', created, model, system_fingerprint: 'fp_fake', choices: [], usage: usageOf(reply) });
  }
  return out;
}

export function openaiCompletion(reply: ScriptedReply, model: string, id: string): unknown {
  const text = (reply.content ?? []).filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('');
  const calls = (reply.content ?? []).flatMap((b, i) =>
    b.type === 'tool_use' ? [{ id: b.id ?? `call_${id}_${i}`, type: 'function', function: { name: b.name, arguments: toolJson(b) } }] : [],
  );
  return {
    id, object: 'chat.completion', created: 1_700_000_000, model, system_fingerprint: 'fp_fake',
    choices: [{
      index: 0, logprobs: null, finish_reason: FINISH[stopReasonOf(reply)],
      message: { role: 'assistant', content: text || null, refusal: null, ...(calls.length ? { tool_calls: calls } : {}) },
    }],
    usage: usageOf(reply),
  };
}

/** OpenAI's 400 for a reasoning effort the model does not take (see Scenario.reasoningEfforts); undefined when it takes it. */
export function effortRefusal(api: string, body: any, table: Record<string, string[]> | undefined): unknown { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (!table || (api !== 'openai' && api !== 'responses')) return undefined;
  const model = String(body.model);
  const supported = table[model];
  const effort = api === 'openai' ? body.reasoning_effort : body.reasoning?.effort;
  if (!supported || effort === undefined || supported.includes(effort)) return undefined;
  const param = api === 'openai' ? 'reasoning_effort' : 'reasoning.effort';
  if (supported.length === 0) return { error: { message: `Unsupported parameter: '${param}' is not supported with this model.`, type: 'invalid_request_error', param, code: 'unsupported_parameter' } };
  const quoted = supported.map((v) => `'${v}'`);
  const names = quoted.length > 1 ? `${quoted.slice(0, -1).join(', ')}, and ${quoted.at(-1)}` : quoted[0];
  const message =
    api === 'responses'
      ? `Unsupported value: '${effort}' is not supported with the '${model}' model. Supported values are: ${names}.`
      : `Unsupported value: 'reasoning_effort' does not support '${effort}' with this model. Supported values are: ${names}.`;
  return { error: { message, type: 'invalid_request_error', param, code: 'unsupported_value' } };
}

export function openaiError(status: number, message: string): unknown {
  const type = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, param: null, code: type } };
}
