// A context window for the fake model: requests are counted (about four characters of the JSON the
// model would read per token), replies report that count as input_tokens, and a request past the
// limit is refused the way each server refuses it: Anthropic's 400 "prompt is too long", OpenAI's
// context_length_exceeded, llama.cpp's exceed_context_size_error, vLLM's BadRequestError.
import type { Api } from './server';

export type OverflowStyle = 'openai' | 'llamacpp' | 'vllm';

/** What the model reads of a request: system prompt, messages and tool definitions. */
export function countTokens(api: Api, body: any): number { // eslint-disable-line @typescript-eslint/no-explicit-any
  const parts =
    api === 'openai' ? [body.messages ?? [], body.tools ?? []] : api === 'responses' ? [body.instructions ?? '', body.input ?? [], body.tools ?? []] : [body.system ?? '', body.messages ?? [], body.tools ?? []];
  return Math.ceil(JSON.stringify(parts).length / 4);
}

/** The system prompt's text, to recognise a request (a compaction summary, say). */
export function systemText(api: Api, body: any): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (api === 'responses') return typeof body.instructions === 'string' ? body.instructions : '';
  if (api !== 'openai') return typeof body.system === 'string' ? body.system : (body.system ?? []).map((b: { text?: string }) => b.text ?? '').join('\n');
  const first = (body.messages ?? [])[0];
  return first?.role === 'system' || first?.role === 'developer' ? (typeof first.content === 'string' ? first.content : JSON.stringify(first.content)) : '';
}

export function overflowError(api: Api, style: OverflowStyle | undefined, tokens: number, limit: number): { status: number; body: unknown } {
  if (api !== 'openai' && api !== 'responses') {
    return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: `prompt is too long: ${tokens} tokens > ${limit} maximum` } } };
  }
  switch (style ?? 'openai') {
    case 'llamacpp':
      return { status: 400, body: { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: tokens, n_ctx: limit } } };
    case 'vllm':
      return {
        status: 400,
        body: { object: 'error', message: `This model's maximum context length is ${limit} tokens. However, you requested ${tokens} tokens (${tokens} in the messages, 0 in the completion). Please reduce the length of the messages or completion.`, type: 'BadRequestError', param: null, code: 400 },
      };
    default:
      return {
        status: 400,
        body: { error: { message: `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } },
      };
  }
}
