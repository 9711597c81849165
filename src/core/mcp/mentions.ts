// MCP resources and prompts in what the user types. `@server:uri` (Claude Code's form) attaches
// the resource's contents as a <context> section after the user's text; `/mcp__server__prompt
// args` is replaced by the prompt the server returns, arguments given in order (quotes group words).
// Everything a server returns is untrusted text: sanitized, capped, and marked as context.
import type { ContentBlock } from '../llm/types';
import { sanitizeForModel } from '../security/unicode';
import type { McpManager } from './manager';
import { capText, maxOutputTokens } from './results';
import { normalizeName } from './tools';

export interface McpMention {
  server: string;
  uri: string;
}

const MENTION = /(?:^|\s)@([\w.-]+):([A-Za-z][\w+.-]*:\/\/?[^\s]+|[^\s]+)/g;

/** `@server:uri` mentions of servers that exist. */
export function parseResourceMentions(text: string, servers: string[]): McpMention[] {
  const out: McpMention[] = [];
  for (const m of text.matchAll(MENTION)) {
    const server = servers.find((s) => s === m[1]);
    if (server) out.push({ server, uri: m[2].replace(/[),.;!?]+$/, '') });
  }
  return out;
}

const attr = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function contextBlock(attrs: Record<string, string>, body: string, source: string): ContentBlock {
  const head = Object.entries(attrs).map(([k, v]) => `${k}="${attr(v)}"`).join(' ');
  return { type: 'text', text: `<context ${head}>\n${sanitizeForModel(body, source)}\n</context>` };
}

/** Each mentioned resource read from its server, as context; what failed is said, not dropped silently. */
export async function resolveResourceMentions(text: string, manager: McpManager, signal?: AbortSignal): Promise<{ blocks: ContentBlock[]; problems: string[] }> {
  const blocks: ContentBlock[] = [];
  const problems: string[] = [];
  const max = maxOutputTokens(process.env);
  for (const m of parseResourceMentions(text, manager.servers().map((s) => s.name))) {
    const conn = manager.connection(m.server);
    if (!conn) {
      problems.push(`@${m.server}:${m.uri}: the MCP server is not running (${manager.server(m.server)?.status ?? 'unknown'})`);
      continue;
    }
    try {
      const r = await conn.readResource(m.uri, signal);
      const images: ContentBlock[] = [];
      const body = r.contents
        .map((c) => {
          if ('text' in c && typeof c.text === 'string') return c.text;
          if (c.mimeType?.startsWith('image/') && 'blob' in c && typeof c.blob === 'string') {
            images.push({ type: 'image', mediaType: c.mimeType, data: c.blob });
            return `[image ${c.uri}]`;
          }
          return `[binary ${c.uri}${c.mimeType ? ` (${c.mimeType})` : ''}, not shown]`;
        })
        .join('\n');
      blocks.push(contextBlock({ kind: 'mcp-resource', server: m.server, uri: m.uri }, capText(body, max), `the MCP resource @${m.server}:${m.uri}`), ...images);
    } catch (err) {
      problems.push(`@${m.server}:${m.uri}: could not be read (${(err as Error).message})`);
    }
  }
  return { blocks, problems };
}

/** Splits `a "b c" d` into arguments, as a shell would for simple quoting. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]));
  return out;
}

/** The slash-command names of every connected server's prompts. */
export function promptCommands(manager: McpManager): { command: string; server: string; prompt: string; description?: string; args: string[] }[] {
  return manager.servers().flatMap((s) =>
    s.status === 'connected'
      ? s.prompts.map((p) => ({
          command: `/mcp__${normalizeName(s.name)}__${normalizeName(p.name)}`,
          server: s.name,
          prompt: p.name,
          description: p.description,
          args: (p.arguments ?? []).map((a) => a.name),
        }))
      : [],
  );
}

export class McpPromptError extends Error {
  override name = 'McpPromptError';
}

/**
 * When the text starts with `/mcp__server__prompt`, the prompt's messages as the text to send;
 * otherwise undefined. A missing required argument or an unknown prompt is an McpPromptError.
 */
export async function expandPromptCommand(text: string, manager: McpManager, signal?: AbortSignal): Promise<string | undefined> {
  const m = /^\/(mcp__\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return undefined;
  const cmd = promptCommands(manager).find((c) => c.command === `/${m[1]}`);
  if (!cmd) {
    const known = promptCommands(manager).map((c) => c.command);
    throw new McpPromptError(`Unknown MCP prompt /${m[1]}.${known.length ? ` Available: ${known.join(', ')}` : ' No connected MCP server offers prompts.'}`);
  }
  const conn = manager.connection(cmd.server)!;
  const def = manager.server(cmd.server)!.prompts.find((p) => p.name === cmd.prompt)!;
  const values = splitArgs(m[2] ?? '');
  const args: Record<string, string> = {};
  (def.arguments ?? []).forEach((a, i) => {
    if (values[i] !== undefined) args[a.name] = i === (def.arguments ?? []).length - 1 ? values.slice(i).join(' ') : values[i];
  });
  const missing = (def.arguments ?? []).filter((a) => a.required && args[a.name] === undefined).map((a) => a.name);
  if (missing.length) throw new McpPromptError(`/${m[1]} needs ${missing.join(', ')}: ${cmd.command} ${(def.arguments ?? []).map((a) => (a.required ? `<${a.name}>` : `[${a.name}]`)).join(' ')}`);
  const r = await conn.getPrompt(cmd.prompt, args, signal);
  const parts = r.messages.map((msg) => {
    const c = msg.content;
    const body =
      c.type === 'text'
        ? c.text
        : c.type === 'resource' && 'text' in c.resource && typeof c.resource.text === 'string'
          ? `[resource ${c.resource.uri}]\n${c.resource.text}`
          : c.type === 'resource_link'
            ? `[resource link] ${c.uri}`
            : `[${c.type} content omitted]`;
    return msg.role === 'assistant' ? `(assistant) ${body}` : body;
  });
  return sanitizeForModel(capText(parts.join('\n\n'), maxOutputTokens(process.env)), `the MCP prompt ${cmd.command}`);
}
