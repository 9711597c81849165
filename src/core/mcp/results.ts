// What an MCP tool returns, turned into the ToolResult every provider adapter already maps: text
// blocks, images (kept as images; the OpenAI adapter notes them since its tool results take none),
// resource links and embedded resources as text the model can act on, structured content as JSON.
// The output is untrusted: invisible Unicode is removed (with a note), and it is capped at
// MAX_MCP_OUTPUT_TOKENS (default 25,000) with a note saying what was cut.
import { sanitizeForModel } from '../security/unicode';
import type { ToolResult } from '../tools/types';
import type { CallToolResult } from './connection';

export const DEFAULT_MAX_OUTPUT_TOKENS = 25_000;
/** A rough, vendor-neutral estimate: about four characters per token. */
export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export function maxOutputTokens(env: Record<string, string | undefined>): number {
  const n = Number(env.MAX_MCP_OUTPUT_TOKENS);
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : DEFAULT_MAX_OUTPUT_TOKENS;
}

type Item = CallToolResult['content'][number];

function describeItem(item: Item, images: NonNullable<ToolResult['images']>): string | undefined {
  switch (item.type) {
    case 'text':
      return item.text;
    case 'image':
      images.push({ mediaType: item.mimeType, data: item.data });
      return undefined;
    case 'audio':
      return `[audio (${item.mimeType}) omitted: Tandem does not pass audio to models]`;
    case 'resource_link':
      return `[resource link] ${item.name}${item.title ? ` (${item.title})` : ''}: ${item.uri}${item.mimeType ? ` [${item.mimeType}]` : ''}${item.description ? ` - ${item.description}` : ''}`;
    case 'resource': {
      const r = item.resource;
      if ('text' in r && typeof r.text === 'string') return `[resource ${r.uri}${r.mimeType ? ` (${r.mimeType})` : ''}]\n${r.text}`;
      const size = 'blob' in r && typeof r.blob === 'string' ? Math.floor((r.blob.length * 3) / 4) : 0;
      if (r.mimeType?.startsWith('image/') && 'blob' in r && typeof r.blob === 'string') {
        images.push({ mediaType: r.mimeType, data: r.blob });
        return `[image resource ${r.uri}]`;
      }
      return `[binary resource ${r.uri}${r.mimeType ? ` (${r.mimeType})` : ''}, ${size} bytes, not shown]`;
    }
    default:
      return `[unsupported MCP content of type "${String((item as { type?: unknown }).type)}"]`;
  }
}

export function mapToolResult(result: CallToolResult, source: string, maxTokens: number): ToolResult {
  const images: NonNullable<ToolResult['images']> = [];
  const parts = (result.content ?? []).map((i) => describeItem(i, images)).filter((t): t is string => t !== undefined);
  if (result.structuredContent !== undefined) {
    const json = JSON.stringify(result.structuredContent, null, 2);
    // Servers usually repeat structured content as a text block; add it only when they did not.
    if (!parts.some((p) => p.trim() === json || p.replace(/\s/g, '') === json.replace(/\s/g, ''))) parts.push(`Structured content:\n${json}`);
  }
  let text = parts.join('\n');
  if (!text && images.length === 0) text = result.isError ? '(the tool reported an error without details)' : '(the tool returned no content)';
  text = capText(text, maxTokens);
  return { content: sanitizeForModel(text, source), ...(result.isError ? { isError: true } : {}), ...(images.length ? { images } : {}) };
}

/** Cuts text to about maxTokens tokens, saying so (and how to raise the limit). */
export function capText(text: string, maxTokens: number): string {
  const tokens = estimateTokens(text);
  if (tokens <= maxTokens) return text;
  return `${text.slice(0, maxTokens * 4)}\n\n[Output truncated by Tandem: the MCP tool returned about ${tokens.toLocaleString('en-US')} tokens, over the limit of ${maxTokens.toLocaleString('en-US')} (MAX_MCP_OUTPUT_TOKENS). Ask the tool for less (filters, paging) if you need the rest.]`;
}
