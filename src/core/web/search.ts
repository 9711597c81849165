// Web search through the model provider's own search tool: Anthropic's server-side web_search
// (not on Bedrock) or the OpenAI Responses API's web_search. One short request per search, with
// only the server tool, whose findings (titles and URLs) come back as `web_search` provider
// events. Other providers (Chat Completions servers) have no search backend: WebSearch is absent.
import type { Provider, ProviderConfig, SearchHit, ServerTool } from '../llm/types';
import { chooseWireApi } from '../llm/wireApi';

export type { SearchHit };

export interface SearchQuery {
  query: string;
  allowedDomains?: string[];
  blockedDomains?: string[];
}

export interface SearchOutcome {
  hits: SearchHit[];
  /** The queries the search service actually ran. */
  queries: string[];
  /** What the service reported as failed (results may still be partial). */
  errors: string[];
}

export interface SearchBackend {
  /** Shown in the result: "Anthropic web search", "OpenAI web search". */
  readonly name: string;
  search(q: SearchQuery, signal: AbortSignal): Promise<SearchOutcome>;
}

export type SearchKind = 'anthropic' | 'responses';

/** Which provider search a configuration offers, if any. */
export function providerSearchKind(config: ProviderConfig, model: string): SearchKind | undefined {
  if (config.provider === 'anthropic') return config.platform === 'bedrock' ? undefined : 'anthropic';
  const api = chooseWireApi({ baseURL: config.baseURL, model, platform: config.platform, override: config.wireApi });
  return api === 'responses' ? 'responses' : undefined;
}

/** Searches per session, as Claude Code caps them (CLAUDE_CODE_MAX_WEB_SEARCHES_PER_SESSION). */
const MAX_SEARCHES = Number(process.env.TANDEM_MAX_WEB_SEARCHES_PER_SESSION ?? process.env.CLAUDE_CODE_MAX_WEB_SEARCHES_PER_SESSION) || 200;

function serverTool(kind: SearchKind, q: SearchQuery): ServerTool {
  if (kind === 'anthropic') {
    return {
      type: 'web_search_20250305',
      name: 'web_search',
      max_uses: 8,
      ...(q.allowedDomains?.length ? { allowed_domains: q.allowedDomains } : {}),
      ...(q.blockedDomains?.length ? { blocked_domains: q.blockedDomains } : {}),
    };
  }
  // The Responses tool filters by allowed domains only; blocked ones are dropped from the hits below.
  return { type: 'web_search', ...(q.allowedDomains?.length ? { filters: { allowed_domains: q.allowedDomains } } : {}) };
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return undefined;
  }
}

/** A domain covers itself and its subdomains ("example.com" covers "docs.example.com"). */
export function domainCovers(domain: string, host: string): boolean {
  const d = domain.trim().toLowerCase().replace(/^\*?\./, '').replace(/\/.*$/, '');
  return host === d || host.endsWith(`.${d}`);
}

/** Keeps http(s) hits inside the allowed domains and outside the blocked ones, once per URL. */
export function filterHits(hits: SearchHit[], q: SearchQuery): SearchHit[] {
  const byUrl = new Map<string, SearchHit>();
  for (const h of hits) {
    const host = hostOf(h.url);
    if (!host || !/^https?:/i.test(h.url)) continue;
    if (q.allowedDomains?.length && !q.allowedDomains.some((d) => domainCovers(d, host))) continue;
    if (q.blockedDomains?.some((d) => domainCovers(d, host))) continue;
    const seen = byUrl.get(h.url);
    if (!seen || (!seen.title && h.title)) byUrl.set(h.url, { title: h.title.trim(), url: h.url });
  }
  return [...byUrl.values()];
}

export function providerSearch(provider: Provider, kind: SearchKind, model: () => string): SearchBackend {
  let used = 0;
  return {
    name: kind === 'anthropic' ? 'Anthropic web search' : 'OpenAI web search',
    async search(q, signal) {
      if (++used > MAX_SEARCHES) throw new Error(`this session has used its ${MAX_SEARCHES} web searches`);
      const hits: SearchHit[] = [];
      const queries: string[] = [];
      const errors: string[] = [];
      const stream = provider.stream(
        {
          model: model(),
          system: 'You are an assistant for performing a web search tool use.',
          messages: [{ role: 'user', content: [{ type: 'text', text: `Perform a web search for the query: ${q.query}` }] }],
          maxTokens: 4096,
          serverTools: [serverTool(kind, q)],
        },
        signal,
      );
      for await (const ev of stream) {
        if (ev.type !== 'web_search') continue;
        if (ev.query && !queries.includes(ev.query)) queries.push(ev.query);
        if (ev.error) errors.push(ev.error);
        hits.push(...ev.hits);
      }
      return { hits: filterHits(hits, q), queries, errors };
    },
  };
}
