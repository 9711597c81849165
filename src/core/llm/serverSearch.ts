// Anthropic's server-side web search as it streams: a `server_tool_use` block (name web_search)
// whose input (the query) arrives as input_json_delta pieces, then a `web_search_tool_result`
// block whose content is the list of results (or an error object), sent whole at its start.
// These blocks are the vendor's record of the search; only what it found becomes an event.
import type { WebSearchToolResultBlockContent } from '@anthropic-ai/sdk/resources/messages/messages';
import { parseToolInput } from './assembler';
import type { ProviderEvent } from './types';

export class ServerSearches {
  private readonly byIndex = new Map<number, { id: string; json: string }>();

  start(index: number, id: string): void {
    this.byIndex.set(index, { id, json: '' });
  }

  /** True when the piece belongs to a server tool call (and was taken). */
  appendJson(index: number, piece: string): boolean {
    const s = this.byIndex.get(index);
    if (!s) return false;
    s.json += piece;
    return true;
  }

  result(toolUseId: string, content: WebSearchToolResultBlockContent): Extract<ProviderEvent, { type: 'web_search' }> {
    const call = [...this.byIndex.values()].find((s) => s.id === toolUseId);
    const input = call ? parseToolInput(call.json) : undefined;
    const query = typeof input === 'object' && input !== null && typeof (input as { query?: unknown }).query === 'string' ? (input as { query: string }).query : undefined;
    if (!Array.isArray(content)) {
      return { type: 'web_search', ...(query ? { query } : {}), hits: [], error: content?.error_code ?? 'unknown error' };
    }
    const hits = content.filter((r) => r.type === 'web_search_result').map((r) => ({ title: String(r.title ?? ''), url: String(r.url) }));
    return { type: 'web_search', ...(query ? { query } : {}), hits };
  }
}
