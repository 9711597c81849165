// Which MCP tools a request carries. When their schemas would take more than a tenth of the
// model's context window, they are not sent at all: one small ToolSearch tool is, and the tools it
// finds join the following requests. This is a plain tool, so it works with every vendor (Claude
// Code defers tools only on Anthropic's own endpoint). ENABLE_TOOL_SEARCH=true/false forces it.
import { z } from 'zod';
import { ruleCoversTool } from '../permissions/toolNames';
import { parseRule } from '../permissions/rules';
import type { Tool } from '../tools/types';
import type { McpManager } from './manager';

export const TOOL_SEARCH = 'ToolSearch';
const SHARE = 0.1;

export interface ToolsetOptions {
  contextWindow: number;
  env?: Record<string, string | undefined>;
  /** Bare deny rules in force (`mcp__*`, `mcp__github`): those tools are not offered at all. */
  denyRules?: () => string[];
}

function score(tool: Tool, words: string[]): number {
  const name = tool.name.toLowerCase();
  const desc = tool.description.toLowerCase();
  return words.reduce((s, w) => s + (name.includes(w) ? 3 : 0) + (desc.includes(w) ? 1 : 0), 0);
}

export class McpToolset {
  private readonly loaded = new Set<string>();
  private readonly search: Tool<{ query: string; max_results?: number }>;

  constructor(
    private readonly manager: McpManager,
    private readonly opts: ToolsetOptions,
  ) {
    this.search = {
      name: TOOL_SEARCH,
      description:
        'Finds tools of the connected MCP servers and loads them for the next steps. Their schemas are not sent up front (they would fill too much context). ' +
        'Search with keywords ("github issue", "query database"), or load exact tools with "select:mcp__server__tool,mcp__server__other". Loaded tools can be called directly afterwards.',
      input: z.object({
        query: z.string().min(1).describe('Keywords, or select:<tool names, comma-separated>'),
        max_results: z.number().int().min(1).max(20).optional().describe('At most this many tools (default 5)'),
      }),
      readOnly: true,
      subject: () => ({ kind: 'none' }),
      execute: async ({ query, max_results }) => {
        const all = this.available();
        let found: Tool[];
        if (query.startsWith('select:')) {
          const names = query.slice(7).split(',').map((s) => s.trim()).filter(Boolean);
          found = all.filter((t) => names.includes(t.name));
        } else {
          const words = query.toLowerCase().split(/[\s_-]+/).filter(Boolean);
          found = all
            .map((t) => ({ t, s: score(t, words) }))
            .filter((x) => x.s > 0)
            .sort((a, b) => b.s - a.s)
            .slice(0, max_results ?? 5)
            .map((x) => x.t);
        }
        if (!found.length) return { content: `No MCP tool matches "${query}". ${all.length} tools are available from: ${this.manager.servers().filter((s) => s.status === 'connected').map((s) => s.name).join(', ') || 'no connected server'}.` };
        for (const t of found) this.loaded.add(t.name);
        return { content: `Loaded ${found.length} tool(s); call them directly now:\n${found.map((t) => `- ${t.name}: ${t.description.slice(0, 300)}`).join('\n')}` };
      },
    };
  }

  /** MCP tools the user and the rules allow to be offered. */
  available(): Tool[] {
    const denied = (this.opts.denyRules?.() ?? []).flatMap((r) => {
      try {
        const p = parseRule(r);
        return p.spec === undefined ? [p.tool] : [];
      } catch {
        return [];
      }
    });
    return this.manager.tools().filter((t) => !denied.some((d) => ruleCoversTool(d, t.name)));
  }

  /** Estimated tokens of every available MCP tool's schema. */
  schemaTokens(): number {
    return this.manager.servers().reduce((sum, s) => sum + (s.status === 'connected' ? s.tokenCost : 0), 0);
  }

  /** Whether tools are loaded on demand now. */
  deferred(): boolean {
    const forced = (this.opts.env ?? process.env).ENABLE_TOOL_SEARCH;
    if (forced === 'true' || forced === '1') return true;
    if (forced === 'false' || forced === '0') return false;
    return this.schemaTokens() > this.opts.contextWindow * SHARE;
  }

  /** The tools for the next request. */
  current(): Tool[] {
    const all = this.available();
    if (!all.length) return [];
    if (!this.deferred()) return all;
    return [this.search, ...all.filter((t) => this.loaded.has(t.name))];
  }
}
