// Provider-neutral conversation model. Both adapters translate to and from these shapes, so the
// loop, the session log and the UI never see a vendor's wire format.

export type ProviderId = 'anthropic' | 'openai';

export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'tool_result'; toolUseId: string; content: string; isError?: boolean; images?: ImageData[] }
  /** An image the user attached (pasted into the chat); data is base64. */
  | { type: 'image'; mediaType: string; data: string };

export interface ImageData {
  mediaType: string;
  /** base64 */
  data: string;
}

export interface Message {
  role: 'user' | 'assistant';
  content: ContentBlock[];
}

export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence' | 'refusal' | 'other';

export interface ProviderRequest {
  model: string;
  system: string;
  messages: Message[];
  tools?: ToolSpec[];
  maxTokens: number;
}

/** What a provider streams while it answers; `done` always comes last on success. */
export type ProviderEvent =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; text: string }
  | { type: 'tool_call_start'; id: string; name: string }
  | { type: 'done'; message: Message; stopReason: StopReason; usage: Usage };

export interface Provider {
  readonly id: ProviderId;
  stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
}

export interface ProviderConfig {
  provider: ProviderId;
  apiKey: string;
  baseURL?: string;
  /** Retries the SDK itself performs; the agent's own retry policy lives in one place (issue: core). */
  maxRetries?: number;
  /** Cut a stream that receives nothing for this long (then retry.ts retries); default TANDEM_STREAM_IDLE_TIMEOUT_MS or 90 s. */
  streamIdleTimeoutMs?: number;
}

export const DEFAULT_MODELS: Record<ProviderId, string> = {
  anthropic: 'claude-sonnet-5-5',
  openai: 'gpt-5.5',
};

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}
