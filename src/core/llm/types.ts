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
  | { type: 'image'; mediaType: string; data: string }
  /**
   * An OpenAI Responses reasoning item, kept so a stateless (store:false) conversation can send it
   * back: `encryptedContent` is opaque and only that API reads it; `summary` is what the user sees.
   * Other adapters leave it out of their requests. Added in log version 1 without a bump: a log
   * without it reads as before.
   */
  | { type: 'reasoning'; summary: string; encryptedContent?: string };

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

/** How hard a reasoning model thinks. OpenAI takes minimal..xhigh; Claude low..max (adaptive thinking). */
export type ReasoningEffort = 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh' | 'max';

export interface ReasoningOptions {
  effort?: ReasoningEffort;
  /** Anthropic extended thinking with a fixed budget (models before adaptive thinking). */
  budgetTokens?: number;
}

/**
 * A tool the provider runs on its side (OpenAI `{type:"web_search"}`, Anthropic
 * `{type:"web_search_20250305", name:"web_search"}`), passed through as the vendor spells it.
 */
export type ServerTool = { type: string } & Record<string, unknown>;

export interface ProviderRequest {
  model: string;
  system: string;
  messages: Message[];
  tools?: ToolSpec[];
  maxTokens: number;
  /** Overrides the provider config's reasoning setting for this request. */
  reasoning?: ReasoningOptions;
  /** Tools the vendor runs itself, added after the function tools. */
  serverTools?: ServerTool[];
}

/** What a provider streams while it answers; `done` always comes last on success. */
export type ProviderEvent =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; text: string }
  | { type: 'tool_call_start'; id: string; name: string }
  /**
   * What a server-side web search found (Anthropic's web_search_tool_result, OpenAI's
   * web_search_call sources and url_citation annotations): titles and URLs, untrusted.
   */
  | { type: 'web_search'; query?: string; hits: SearchHit[]; error?: string }
  | { type: 'done'; message: Message; stopReason: StopReason; usage: Usage };

export interface SearchHit {
  title: string;
  url: string;
}

export interface Provider {
  readonly id: ProviderId;
  stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<ProviderEvent>;
  /** Loads the SDK and makes the client now, e.g. while start-up waits on a child process; stream() does it otherwise. */
  prepare?(): void;
}

/** Where a provider's API is served: the vendor itself, or Claude on a cloud, or OpenAI on Azure. */
export type Platform = 'direct' | 'bedrock' | 'vertex' | 'azure';

/** OpenAI wire API: Responses (OpenAI's own endpoint, *-codex, *-pro) or Chat Completions (compatible servers). */
export type OpenAIWireApi = 'responses' | 'chat';

export interface ProviderConfig {
  provider: ProviderId;
  /** Empty for Bedrock and Vertex, which sign with the cloud's own credentials. */
  apiKey: string;
  baseURL?: string;
  /** Retries the SDK itself performs; the agent's own retry policy lives in one place (issue: core). */
  maxRetries?: number;
  /** Cut a stream that receives nothing for this long (then retry.ts retries); default TANDEM_STREAM_IDLE_TIMEOUT_MS or 90 s. */
  streamIdleTimeoutMs?: number;
  /** Default 'direct'. */
  platform?: Platform;
  /** Bedrock: AWS region; Vertex: Google Cloud region (CLOUD_ML_REGION). */
  region?: string;
  /** Vertex: the Google Cloud project. */
  projectId?: string;
  /**
   * Bedrock: AWS keys given as variables in a settings file's env (the SDK's credential chain reads
   * only the process's own environment); absent: the chain (environment, profile, SSO, role).
   */
  awsCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Bedrock: the profile and the files of a settings file's env (AWS_PROFILE, AWS_SHARED_CREDENTIALS_FILE,
   * AWS_CONFIG_FILE), for the credential chain, which otherwise reads them from the process's environment only.
   */
  awsProfile?: { profile?: string; credentialsFile?: string; configFile?: string };
  /** Vertex: a credentials file a settings file's env names (GOOGLE_APPLICATION_CREDENTIALS), for Google's auth library. */
  googleCredentialsFile?: string;
  /** CLI and SDK: HTTPS_PROXY, HTTP_PROXY and NO_PROXY from the environment or a settings file's env (proxy.ts). */
  proxy?: ProxySettings;
  /** Azure OpenAI: api-version (default: the SDK's). */
  apiVersion?: string;
  /** OpenAI: force a wire API; by default chosen from the base URL and the model (see wireApi.ts). */
  wireApi?: OpenAIWireApi;
  reasoning?: ReasoningOptions;
  /** Anthropic: ask for the 1M-token context window where the model offers it as a beta. */
  context1m?: boolean;
  serverTools?: ServerTool[];
}

export const DEFAULT_MODELS: Record<ProviderId, string> = {
  anthropic: 'claude-sonnet-5-5',
  openai: 'gpt-5.5',
};

export function emptyUsage(): Usage {
  return { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
}

/** Where model requests go through a proxy (proxy.ts), as the proxy variables name it. */
export interface ProxySettings {
  httpsProxy?: string;
  httpProxy?: string;
  /** Comma-separated hosts (and domains, `.example.com`) reached directly. */
  noProxy?: string;
}
