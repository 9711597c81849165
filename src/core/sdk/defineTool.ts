// Custom tools for library users: the same Tool shape the built-ins have, with the input schema
// given as zod or as plain JSON schema (validated with ajv), and a result that may be plain text.
import Ajv from 'ajv';
import { z } from 'zod';
import type { ZodType } from 'zod';
import type { PermissionSubject, Tool, ToolContext, ToolResult } from '../tools/types';

export interface ToolDefinition<I> {
  name: string;
  description: string;
  /** A zod schema, or a JSON schema object describing the input. */
  inputSchema: ZodType<I> | Record<string, unknown>;
  /** Read-only tools run concurrently and never need a write permission. Default false. */
  readOnly?: boolean;
  /** What permission rules match; default: the tool name alone. */
  subject?: (input: I, cwd: string) => PermissionSubject;
  execute(input: I, ctx: ToolContext): Promise<string | ToolResult> | string | ToolResult;
}

const ajv = new Ajv({ allErrors: true, strict: false });

function isZod(schema: unknown): schema is ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as ZodType).safeParse === 'function';
}

export function defineTool<I = Record<string, unknown>>(def: ToolDefinition<I>): Tool<I> {
  if (!/^[A-Za-z][\w-]{0,63}$/.test(def.name)) throw new Error(`defineTool: invalid tool name "${def.name}" (letters, digits, _ and -)`);
  let input: ZodType<I>;
  let jsonSchema: Record<string, unknown> | undefined;
  if (isZod(def.inputSchema)) {
    input = def.inputSchema as ZodType<I>;
  } else {
    jsonSchema = def.inputSchema as Record<string, unknown>;
    const validate = ajv.compile(jsonSchema);
    input = z.custom<I>((value) => validate(value) as boolean, {
      error: () => (validate.errors ?? []).map((e) => `${e.instancePath || '(input)'} ${e.message}`).join('; ') || 'does not match the input schema',
    });
  }
  return {
    name: def.name,
    description: def.description,
    input,
    jsonSchema,
    readOnly: def.readOnly ?? false,
    subject: def.subject ?? (() => ({ kind: 'none' })),
    async execute(value, ctx) {
      const r = await def.execute(value, ctx);
      return typeof r === 'string' ? { content: r } : r;
    },
  };
}
