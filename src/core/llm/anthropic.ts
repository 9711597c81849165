import type {
  ContentBlockParam,
  MessageParam,
  RawMessageStreamEvent,
  Tool,
} from '@anthropic-ai/sdk/resources/messages/messages';
import { ProviderError, toProviderError } from './errors';
import { BlockAssembler } from './assembler';
import { createAnthropicClient } from './anthropicClient';
import type { MessagesClient } from './anthropicClient';
import { claudeRequestOptions } from './anthropicOptions';
import type { ContentBlock, Message, Provider, ProviderConfig, ProviderEvent, ProviderRequest, StopReason } from './types';
import { ServerSearches } from './serverSearch';
import { emptyUsage } from './types';

function toParam(block: ContentBlock): ContentBlockParam | undefined {
  switch (block.type) {
    case 'text':
      return { type: 'text', text: block.text };
    case 'thinking':
      // Thinking blocks go back verbatim with their signature, as the API requires for tool use.
      // Unsigned thinking came from another vendor (an OpenAI-compatible server's reasoning): Claude
      // would refuse it, so it stays out of the request.
      return block.signature ? { type: 'thinking', thinking: block.thinking, signature: block.signature } : undefined;
    case 'reasoning':
      return undefined; // OpenAI's encrypted reasoning means nothing to Claude
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: block.data };
    case 'tool_use':
      // Input that was not valid JSON is kept as text for the error result; the API wants an object.
      return { type: 'tool_use', id: block.id, name: block.name, input: isObject(block.input) ? block.input : {} };
    case 'tool_result':
      if (block.images?.length) {
        return {
          type: 'tool_result',
          tool_use_id: block.toolUseId,
          is_error: block.isError,
          content: [
            { type: 'text', text: block.content },
            ...block.images.map((img) => ({
              type: 'image' as const,
              source: { type: 'base64' as const, media_type: img.mediaType as 'image/png', data: img.data },
            })),
          ],
        };
      }
      return { type: 'tool_result', tool_use_id: block.toolUseId, content: block.content, is_error: block.isError };
    case 'image':
      return { type: 'image', source: { type: 'base64', media_type: block.mediaType as 'image/png', data: block.data } };
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function toAnthropicMessages(messages: Message[]): MessageParam[] {
  return messages.map((m) => ({ role: m.role, content: m.content.flatMap((b) => toParam(b) ?? []) }));
}

const EPHEMERAL = { type: 'ephemeral' as const };

/**
 * Prompt caching: breakpoints on the stable prefix (system prompt, tool definitions) and on the
 * last two user messages, so each request reads the previous one's cache. The API allows 4.
 */
export function withCacheBreakpoints(messages: MessageParam[]): MessageParam[] {
  const userIdx = messages.flatMap((m, i) => (m.role === 'user' ? [i] : [])).slice(-2);
  return messages.map((m, i) => {
    if (!userIdx.includes(i) || typeof m.content === 'string' || m.content.length === 0) return m;
    const content = m.content.slice();
    const lastIdx = content.length - 1;
    const last = content[lastIdx];
    // Thinking blocks cannot carry cache_control; user messages never hold them.
    if (last.type === 'thinking' || last.type === 'redacted_thinking') return m;
    content[lastIdx] = { ...last, cache_control: EPHEMERAL } as ContentBlockParam;
    return { ...m, content } as MessageParam;
  });
}

function mapStop(reason: string | null | undefined): StopReason {
  switch (reason) {
    case 'end_turn':
    case 'tool_use':
    case 'max_tokens':
    case 'stop_sequence':
    case 'refusal':
      return reason;
    default:
      return 'other';
  }
}

export class AnthropicProvider implements Provider {
  readonly id = 'anthropic' as const;
  private sdkClient: MessagesClient | undefined;
  private readonly name: string;

  constructor(private readonly config: ProviderConfig) {
    this.name = config.platform === 'bedrock' ? 'Claude on Bedrock' : config.platform === 'vertex' ? 'Claude on Vertex AI' : 'Anthropic';
  }

  /** Made on first use: the SDK (and for Bedrock the AWS SDK) is loaded only when a request needs it. */
  private get client(): MessagesClient {
    this.sdkClient ??= createAnthropicClient(this.config);
    return this.sdkClient;
  }

  prepare(): void {
    void this.client;
  }

  async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent> {
    const tools: Tool[] | undefined = request.tools?.map((t, i, all) => ({
      name: t.name,
      description: t.description,
      input_schema: t.inputSchema as Tool['input_schema'],
      ...(i === all.length - 1 ? { cache_control: EPHEMERAL } : {}),
    }));
    const serverTools = (request.serverTools ?? this.config.serverTools ?? []) as unknown as Tool[];
    const allTools = [...(tools ?? []), ...serverTools];
    const { fields, betas } = claudeRequestOptions({
      model: request.model,
      maxTokens: request.maxTokens,
      reasoning: request.reasoning ?? this.config.reasoning,
      context1m: this.config.context1m,
      hasTools: allTools.length > 0,
    });
    const blocks = new BlockAssembler();
    const searches = new ServerSearches();
    const usage = emptyUsage();
    let stopReason: StopReason = 'other';
    let sawStop = false;
    try {
      const stream = await this.client.messages.create(
        {
          ...fields,
          system: request.system ? [{ type: 'text', text: request.system, cache_control: EPHEMERAL }] : undefined,
          messages: withCacheBreakpoints(toAnthropicMessages(request.messages)),
          tools: allTools.length ? allTools : undefined,
          stream: true,
        },
        { signal, ...(betas.length ? { headers: { 'anthropic-beta': betas.join(',') } } : {}) },
      );
      for await (const ev of stream as AsyncIterable<RawMessageStreamEvent>) {
        switch (ev.type) {
          case 'message_start':
            usage.inputTokens = ev.message.usage.input_tokens ?? 0;
            usage.outputTokens = ev.message.usage.output_tokens ?? 0;
            usage.cacheReadTokens = ev.message.usage.cache_read_input_tokens ?? 0;
            usage.cacheWriteTokens = ev.message.usage.cache_creation_input_tokens ?? 0;
            break;
          case 'content_block_start': {
            const b = ev.content_block;
            if (b.type === 'text') blocks.start(ev.index, { type: 'text', text: b.text ?? '' });
            else if (b.type === 'thinking') blocks.start(ev.index, { type: 'thinking', thinking: b.thinking ?? '', signature: b.signature });
            else if (b.type === 'redacted_thinking') blocks.start(ev.index, { type: 'redacted_thinking', data: b.data });
            else if (b.type === 'tool_use') {
              blocks.startTool(ev.index, b.id, b.name);
              yield { type: 'tool_call_start', id: b.id, name: b.name };
            } else if (b.type === 'server_tool_use') searches.start(ev.index, b.id);
            else if (b.type === 'web_search_tool_result') yield searches.result(b.tool_use_id, b.content);
            break;
          }
          case 'content_block_delta': {
            const d = ev.delta;
            if (d.type === 'text_delta') {
              blocks.appendText(ev.index, d.text);
              yield { type: 'text_delta', text: d.text };
            } else if (d.type === 'thinking_delta') {
              blocks.appendThinking(ev.index, d.thinking);
              yield { type: 'thinking_delta', text: d.thinking };
            } else if (d.type === 'signature_delta') {
              blocks.setSignature(ev.index, d.signature);
            } else if (d.type === 'input_json_delta') {
              if (!searches.appendJson(ev.index, d.partial_json)) blocks.appendToolJson(ev.index, d.partial_json);
            }
            break;
          }
          case 'content_block_stop':
            break;
          case 'message_delta':
            stopReason = mapStop(ev.delta.stop_reason);
            if (ev.usage) {
              usage.outputTokens = ev.usage.output_tokens ?? usage.outputTokens;
              if (ev.usage.input_tokens != null) usage.inputTokens = ev.usage.input_tokens;
              if (ev.usage.cache_read_input_tokens != null) usage.cacheReadTokens = ev.usage.cache_read_input_tokens;
              if (ev.usage.cache_creation_input_tokens != null) usage.cacheWriteTokens = ev.usage.cache_creation_input_tokens;
            }
            break;
          case 'message_stop':
            sawStop = true;
            break;
        }
      }
    } catch (err) {
      throw toProviderError(err, this.name, signal);
    }
    if (signal.aborted) throw toProviderError(new Error('aborted'), this.name, signal);
    if (!sawStop) throw new ProviderError('stream', `${this.name} stream ended before the reply was complete (no message_stop).`);
    yield { type: 'done', message: { role: 'assistant', content: blocks.finish() }, stopReason, usage };
  }
}
