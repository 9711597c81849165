import type OpenAI from 'openai';
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from 'openai/resources/chat/completions';
import { parseToolInput } from './assembler';
import { ProviderError, toProviderError } from './errors';
import { createOpenAIClient } from './openaiClient';
import { responsesParams, streamResponses } from './openaiResponses';
import { chooseWireApi } from './wireApi';
import { effortFallback, effortFor, learnEffort } from './effortFallback';
import type { ContentBlock, Message, Provider, ProviderConfig, ProviderEvent, ProviderRequest, ReasoningEffort, StopReason } from './types';
import { emptyUsage } from './types';

export function toOpenAIMessages(system: string, messages: Message[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  if (system) out.push({ role: 'system', content: system });
  for (const m of messages) {
    if (m.role === 'user') {
      // Tool results become 'tool' messages; they must directly follow the assistant's tool calls.
      for (const b of m.content) {
        if (b.type === 'tool_result') {
          const note = b.images?.length ? `\n[${b.images.length} image(s) omitted: this API takes no images in tool results]` : '';
          out.push({ role: 'tool', tool_call_id: b.toolUseId, content: (b.isError ? `Error: ${b.content}` : b.content) + note });
        }
      }
      const text = m.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('\n');
      const images = m.content.filter((b): b is Extract<ContentBlock, { type: 'image' }> => b.type === 'image');
      if (images.length) {
        // Images the user attached go as content parts with data URLs (the Chat Completions format).
        out.push({
          role: 'user',
          content: [
            ...(text ? [{ type: 'text' as const, text }] : []),
            ...images.map((img) => ({ type: 'image_url' as const, image_url: { url: `data:${img.mediaType};base64,${img.data}` } })),
          ],
        });
      } else if (text) out.push({ role: 'user', content: text });
    } else {
      // Reasoning of either vendor (signed or encrypted) is not accepted back by Chat Completions.
      const text = m.content.filter((b) => b.type === 'text').map((b) => (b as { text: string }).text).join('');
      const calls = m.content.filter((b): b is Extract<ContentBlock, { type: 'tool_use' }> => b.type === 'tool_use');
      out.push({
        role: 'assistant',
        content: text || null,
        ...(calls.length
          ? {
              tool_calls: calls.map((c) => ({
                id: c.id,
                type: 'function' as const,
                function: { name: c.name, arguments: typeof c.input === 'string' ? c.input : JSON.stringify(c.input ?? {}) },
              })),
            }
          : {}),
      });
    }
  }
  return out;
}

function mapFinish(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'stop':
      return 'end_turn';
    case 'tool_calls':
    case 'function_call':
      return 'tool_use';
    case 'length':
      return 'max_tokens';
    case 'content_filter':
      return 'refusal';
    default:
      return 'other';
  }
}

interface PendingCall {
  id: string;
  name: string;
  args: string;
}

export class OpenAIProvider implements Provider {
  readonly id = 'openai' as const;
  private sdkClient: OpenAI | undefined;

  constructor(private readonly config: ProviderConfig) {}

  private get client(): OpenAI {
    this.sdkClient ??= createOpenAIClient(this.config);
    return this.sdkClient;
  }

  prepare(): void {
    void this.client;
  }

  async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const api = chooseWireApi({ baseURL: this.config.baseURL, model: request.model, platform: this.config.platform, override: this.config.wireApi });
    const name = this.config.platform === 'azure' ? 'Azure OpenAI' : 'OpenAI';
    const reasoning = request.reasoning ?? this.config.reasoning;
    const server = this.config.baseURL ?? '';
    const set = reasoning?.effort;
    const effort = effortFor(server, request.model, set);
    const send = (e: ReasoningEffort | null | undefined) => {
      const req: ProviderRequest = reasoning ? { ...request, reasoning: { ...reasoning, effort: e ?? undefined } } : request;
      return api === 'responses' ? streamResponses(this.client, responsesParams(req, this.config), signal, name) : this.streamChat(req, signal, name);
    };
    let started = false;
    let next: ReasoningEffort | null | undefined;
    try {
      for await (const ev of send(effort)) {
        started = true;
        yield ev;
      }
      return;
    } catch (err) {
      // A refused effort is refused before anything streams: sent again once, with what the server named.
      next = !started && effort ? effortFallback(err, effort) : undefined;
      if (next === undefined || !set) throw err;
      learnEffort(server, request.model, set, next);
    }
    yield* send(next);
  }

  private async *streamChat(request: ProviderRequest, signal: AbortSignal, name: string): AsyncIterable<ProviderEvent> {
    const tools: ChatCompletionTool[] | undefined = request.tools?.map((t) => ({
      type: 'function',
      function: { name: t.name, description: t.description, parameters: t.inputSchema },
    }));
    let text = '';
    let thinking = '';
    const calls = new Map<number, PendingCall>();
    const usage = emptyUsage();
    let stopReason: StopReason = 'other';
    let sawFinish = false;
    try {
      const stream = await this.client.chat.completions.create(
        {
          model: request.model,
          max_completion_tokens: request.maxTokens,
          messages: toOpenAIMessages(request.system, request.messages),
          tools: tools && tools.length ? tools : undefined,
          stream: true,
          stream_options: { include_usage: true },
          // Only when set: compatible servers may not know the parameter.
          ...(request.reasoning?.effort ? { reasoning_effort: request.reasoning.effort as 'low' } : {}),
        },
        { signal },
      );
      for await (const chunk of stream as AsyncIterable<ChatCompletionChunk>) {
        if (chunk.usage) {
          const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
          usage.inputTokens = (chunk.usage.prompt_tokens ?? 0) - cached;
          usage.cacheReadTokens = cached;
          usage.outputTokens = chunk.usage.completion_tokens ?? 0;
        }
        for (const choice of chunk.choices ?? []) {
          const delta = choice.delta ?? {};
          // DeepSeek and some OpenAI-compatible servers stream reasoning separately.
          const reasoning = (delta as { reasoning_content?: string }).reasoning_content;
          if (reasoning) {
            thinking += reasoning;
            yield { type: 'thinking_delta', text: reasoning };
          }
          if (delta.content) {
            text += delta.content;
            yield { type: 'text_delta', text: delta.content };
          }
          for (const tc of delta.tool_calls ?? []) {
            let call = calls.get(tc.index);
            if (!call) {
              call = { id: tc.id ?? `call_${tc.index}`, name: tc.function?.name ?? '', args: '' };
              calls.set(tc.index, call);
              if (call.name) yield { type: 'tool_call_start', id: call.id, name: call.name };
            } else if (tc.function?.name && !call.name) {
              call.name = tc.function.name;
              yield { type: 'tool_call_start', id: call.id, name: call.name };
            }
            if (tc.function?.arguments) call.args += tc.function.arguments;
          }
          if (choice.finish_reason) {
            stopReason = mapFinish(choice.finish_reason);
            sawFinish = true;
          }
        }
      }
    } catch (err) {
      throw toProviderError(err, name, signal);
    }
    if (signal.aborted) throw toProviderError(new Error('aborted'), name, signal);
    if (!sawFinish) throw new ProviderError('stream', `${name} stream ended before the reply was complete (no finish_reason).`);
    const content: ContentBlock[] = [];
    if (thinking) content.push({ type: 'thinking', thinking });
    if (text) content.push({ type: 'text', text });
    for (const index of [...calls.keys()].sort((a, b) => a - b)) {
      const c = calls.get(index)!;
      content.push({ type: 'tool_use', id: c.id, name: c.name, input: parseToolInput(c.args) });
    }
    yield { type: 'done', message: { role: 'assistant', content }, stopReason, usage };
  }
}
