// An MCP server's tools as Tandem Tool objects, named mcp__<server>__<tool> (Claude Code's names,
// so its permission rules and hook matchers work unchanged). The server is untrusted: its
// descriptions lose invisible characters and are cut at 2 KB, its input schema is enforced before
// anything is sent, and its annotations (readOnlyHint) only let a call run beside other read-only
// calls: they never allow one. By default every MCP call asks in default mode.
import { createHash } from 'node:crypto';
import type Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { z } from 'zod';
import { stripInvisible } from '../security/unicode';
import type { Tool, ToolResult } from '../tools/types';
import type { CallToolResult, McpTool } from './connection';
import { mapToolResult } from './results';

const MAX_DESCRIPTION = 2048;
const MAX_NAME = 64;

/** Claude Code's normalization: anything but letters, digits, _ and - becomes _. */
export function normalizeName(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]/g, '_');
}

/** mcp__<server>__<tool>, at most 64 characters (OpenAI's limit): longer names end in a short hash. */
export function mcpToolName(server: string, tool: string): string {
  const full = `mcp__${normalizeName(server)}__${normalizeName(tool)}`;
  if (full.length <= MAX_NAME) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_NAME - 9)}_${hash}`;
}

export function mcpPrefix(server: string): string {
  return `mcp__${normalizeName(server)}__`;
}

export function cleanDescription(text: string | undefined): string {
  const clean = stripInvisible(text ?? '').text.trim();
  return clean.length > MAX_DESCRIPTION ? `${clean.slice(0, MAX_DESCRIPTION)}… [description cut at 2 KB]` : clean;
}

// Made when the first MCP tool arrives (a session without MCP servers never needs ajv).
let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose
  ajvInstance ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: true, strict: false, validateSchema: false, logger: false });
  return ajvInstance;
}

/** The schema the model sees: the server's, without $schema (ajv and some vendors reject drafts they do not know). */
export function modelSchema(tool: McpTool): Record<string, unknown> {
  const { $schema: _drop, ...rest } = (tool.inputSchema ?? { type: 'object' }) as Record<string, unknown>;
  return { type: 'object', ...rest };
}

function compile(schema: Record<string, unknown>): ValidateFunction | undefined {
  try {
    return ajv().compile(schema);
  } catch {
    return undefined; // a schema ajv cannot compile: the server validates its own input
  }
}

export interface McpToolCaller {
  call(tool: string, args: Record<string, unknown>, opts: { signal: AbortSignal; onProgress?: (text: string) => void }): Promise<CallToolResult>;
  maxOutputTokens(): number;
}

export function toTandemTool(server: string, tool: McpTool, caller: McpToolCaller): Tool<Record<string, unknown>> {
  const name = mcpToolName(server, tool.name);
  const schema = modelSchema(tool);
  const validate = compile(schema);
  const input = z.custom<Record<string, unknown>>(
    (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && (validate ? (validate(v) as boolean) : true),
    {
      error: () =>
        validate?.errors?.length
          ? validate.errors.map((e) => `${e.instancePath || '(input)'} ${e.message}`).join('; ')
          : 'the input must be a JSON object',
    },
  );
  const title = tool.annotations?.title ?? tool.title;
  const description = cleanDescription(tool.description) || `The ${tool.name} tool of the MCP server ${server}.`;
  return {
    name,
    description: `${title && title !== tool.name ? `${cleanDescription(title)}: ` : ''}${description}`,
    input,
    jsonSchema: schema,
    // Never read-only for the permission engine: the server's own claim is not trusted.
    readOnly: false,
    concurrent: tool.annotations?.readOnlyHint === true,
    subject: () => ({ kind: 'none' }),
    async execute(args, ctx): Promise<ToolResult> {
      const result = await caller.call(tool.name, args, { signal: ctx.signal, onProgress: ctx.onProgress });
      return mapToolResult(result, `the MCP tool ${name}`, caller.maxOutputTokens());
    },
  };
}
