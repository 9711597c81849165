// Scenarios script what the fake model answers. A scenario is plain JSON so tests (and people
// poking at the panel by hand) can write them without code.

export type ScriptedBlock =
  | {
      type: 'text';
      text: string;
      /** Explicit stream chunks; default: split into small pieces. */
      chunks?: string[];
      /** Web search citations on this text (Anthropic web_search_result_location, OpenAI url_citation). */
      citations?: WebResult[];
    }
  /**
   * A server-side web search: Anthropic server_tool_use + web_search_tool_result blocks (the
   * results, or an error code), OpenAI Responses a web_search_call item with its sources.
   */
  | { type: 'web_search'; query: string; results?: WebResult[]; errorCode?: string }
  | { type: 'thinking'; thinking: string; signature?: string }
  | {
      type: 'tool_use';
      id?: string;
      name: string;
      input: unknown;
      /** Raw JSON text to send instead of `input` (malformed input tests). */
      rawJson?: string;
      /** Pieces the JSON is split into. */
      jsonChunks?: number;
      /** In-process tests only: the input computed from the request body (e.g. a path an earlier tool result named). */
      inputFrom?: (requestBody: any) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
    };

export interface WebResult {
  title: string;
  url: string;
}

export interface Fault {
  /** Answer with this HTTP status and an error body instead of a reply. */
  status: number;
  /** Seconds, sent as retry-after. */
  retryAfter?: number;
  message?: string;
}

export interface ScriptedReply {
  /** Only answer a request for this API; skipped (left queued) otherwise. */
  api?: 'anthropic' | 'openai' | 'responses';
  /** Only answer a request whose system prompt contains this text (routes concurrent sub-agents). */
  whenSystem?: string;
  /** In-process only: answer only a request for which this returns true (left queued otherwise). */
  whenRequest?: (requestBody: any) => boolean; // eslint-disable-line @typescript-eslint/no-explicit-any
  fault?: Fault;
  content?: ScriptedBlock[];
  stopReason?: 'end_turn' | 'tool_use' | 'max_tokens';
  usage?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number };
  /** Milliseconds between stream chunks (slow pacing). */
  delayMs?: number;
  /** Destroy the connection after this many stream chunks (a broken stream). */
  dropAfterChunks?: number;
  /** End the response cleanly after this many chunks, without the closing events (a cut-off stream). */
  endAfterChunks?: number;
  /** Send nothing more after this many chunks and keep the connection open until the client leaves (a stalled stream). */
  stallAfterChunks?: number;
}

export interface Scenario {
  replies: ScriptedReply[];
  /** What to do once the queue is empty: echo the last user text, or answer HTTP 500. */
  whenEmpty?: 'echo' | 'error';
  /**
   * The model's context window in tokens: past it a request is refused with each server's
   * prompt-too-long error, and replies report the request's size as input tokens.
   */
  contextLimit?: number;
  /** How an OpenAI-wire server refuses an over-long prompt (default: OpenAI's own). */
  overflowStyle?: 'openai' | 'llamacpp' | 'vllm';
  /** Requests whose system prompt contains `systemIncludes` get `reply`, without taking from the queue. */
  autoReplies?: { systemIncludes: string; reply: ScriptedReply }[];
  /**
   * OpenAI wire: the reasoning efforts each model takes. A request with another is refused with
   * OpenAI's own 400 (the Chat Completions or the Responses wording); [] refuses the parameter.
   */
  reasoningEfforts?: Record<string, string[]>;
}

/** Splits text into small pieces the way a model streams tokens (words with their spaces). */
export function splitText(text: string): string[] {
  const parts = text.match(/\s*\S+\s*/g) ?? [text];
  return parts.length ? parts : [''];
}

/** Splits a JSON string into `n` roughly even pieces, so parsers must join them. */
export function splitJson(json: string, n: number): string[] {
  if (n <= 1 || json.length < 2) return [json];
  const size = Math.max(1, Math.ceil(json.length / n));
  const out: string[] = [];
  for (let i = 0; i < json.length; i += size) out.push(json.slice(i, i + size));
  return out;
}

export function toolJson(b: Extract<ScriptedBlock, { type: 'tool_use' }>): string {
  return b.rawJson ?? JSON.stringify(b.input ?? {});
}

export function stopReasonOf(reply: ScriptedReply): 'end_turn' | 'tool_use' | 'max_tokens' {
  if (reply.stopReason) return reply.stopReason;
  return reply.content?.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
}
