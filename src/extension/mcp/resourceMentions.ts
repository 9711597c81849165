// MCP resources in the panel's @ picker. Each resource of a connected server is an item whose token
// is Claude Code's `server:uri` form; picking it writes `@server:uri` into the text, and on send the
// core (McpSession.prepare, resolveResourceMentions) reads it from the server and attaches it as a
// <context> section. The workspace-path resolver must leave these mentions to the core, so this
// module also says which @-words belong to an MCP server. No vscode import: unit-tested on Node.
import { fuzzyRank } from '../../protocol/fuzzy';
import type { MentionItem } from '../../protocol/input';
import type { ServerState } from '../../core/mcp/manager';

type ServerView = Pick<ServerState, 'name' | 'status' | 'resources'>;

/** Resources offered when nothing is typed after the @ yet (the rest are found by typing). */
const SHOWN_UNTYPED = 8;

export interface McpMentionSource {
  /** The picker's MCP items for what follows the @, best first. */
  items(query: string, limit: number): MentionItem[];
  /** Whether an @-word (without the @) is a `server:uri` mention of a configured MCP server. */
  owns(word: string): boolean;
}

export function resourceToken(server: string, uri: string): string {
  return `${server}:${uri}`;
}

/** Resources offered for a query without a colon: matched by name only, a few, so file hits are not crowded out. */
const SHOWN_BY_NAME = 5;

/**
 * The items of every connected server's resources for the query: with a colon ("everything:" or
 * "everything:demo://…") ranked by `server:uri` and name, up to the limit; without one, matched by
 * the resource's name only (a long URI matches almost any short query), a few.
 */
export function resourceItems(servers: ServerView[], query: string, limit: number): MentionItem[] {
  const all: MentionItem[] = servers.flatMap((s) =>
    s.status === 'connected'
      ? s.resources.map((r) => ({
          kind: 'mcp-resource' as const,
          label: r.title ?? r.name ?? r.uri,
          token: resourceToken(s.name, r.uri),
          detail: `${s.name}: ${r.uri}`,
        }))
      : [],
  );
  if (query === '') return all.slice(0, Math.min(limit, SHOWN_UNTYPED));
  if (!query.includes(':')) return fuzzyRank(query, all, (i) => i.label, Math.min(limit, SHOWN_BY_NAME)).map((r) => r.item);
  return fuzzyRank(query, all, (i) => `${i.token} ${i.label}`, limit).map((r) => r.item);
}

/** `server:anything` where server is one of the names: the core resolves it, not the path resolver. */
export function isResourceMention(word: string, serverNames: string[]): boolean {
  const colon = word.indexOf(':');
  return colon > 0 && serverNames.includes(word.slice(0, colon));
}

/** A source that follows whichever manager is current (the configuration may be reloaded). */
export function mcpMentionSource(servers: () => ServerView[]): McpMentionSource {
  return {
    items: (query, limit) => resourceItems(servers(), query, limit),
    owns: (word) =>
      isResourceMention(
        word,
        servers().map((s) => s.name),
      ),
  };
}
