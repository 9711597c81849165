// Custom tools for library users: the same Tool shape the built-ins have, with the input schema
// given as zod or as plain JSON schema (validated with ajv), and a result that may be plain text.
import type Ajv from 'ajv';
import { z } from 'zod';
import type { ZodType } from 'zod';
import type { PermissionSubject, Tool, ToolContext, ToolResult } from '../tools/types';

export interface ToolDefinition<I> {
  name: string;
  description: string;
  /** A zod schema, or a JSON schema object describing the input. */
  inputSchema?: ZodType<I> | Record<string, unknown>;
  /** The same as a plain JSON schema (the open-agent-SDK tutorials' name); give this or inputSchema. */
  parameters?: Record<string, unknown>;
  /** Read-only tools run concurrently and never need a write permission. Default false. */
  readOnly?: boolean;
  /** What permission rules match; default: the tool name alone. */
  subject?: (input: I, cwd: string) => PermissionSubject;
  /** A string, a ToolResult, or any other value (sent to the model as JSON). */
  execute(input: I, ctx: ToolContext): unknown;
}

// Made on the first JSON-schema tool: ajv's set-up (meta-schemas) is start-up time the CLI and
// most sessions never need.
let ajvInstance: Ajv | undefined;
function ajv(): Ajv {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use on purpose
  ajvInstance ??= new (require('ajv') as typeof import('ajv')).default({ allErrors: true, strict: false });
  return ajvInstance;
}

function isZod(schema: unknown): schema is ZodType {
  return typeof schema === 'object' && schema !== null && typeof (schema as ZodType).safeParse === 'function';
}

export function defineTool<I = Record<string, unknown>>(def: ToolDefinition<I>): Tool<I> {
  if (typeof def !== 'object' || def === null) throw new Error('defineTool takes { name, description, parameters (or inputSchema), execute }.');
  if (typeof def.name !== 'string' || !/^[A-Za-z][\w-]{0,63}$/.test(def.name)) throw new Error(`defineTool: invalid tool name "${String(def.name)}" (letters, digits, _ and -)`);
  if (typeof def.description !== 'string' || !def.description) throw new Error(`defineTool "${def.name}": description is missing (the model reads it to know when to call the tool).`);
  if (typeof def.execute !== 'function') throw new Error(`defineTool "${def.name}": execute must be a function.`);
  const schema = def.inputSchema ?? def.parameters;
  if (typeof schema !== 'object' || schema === null) throw new Error(`defineTool "${def.name}": give the input's schema as parameters (JSON schema) or inputSchema (zod or JSON schema).`);
  let input: ZodType<I>;
  let jsonSchema: Record<string, unknown> | undefined;
  if (isZod(schema)) {
    input = schema as ZodType<I>;
  } else {
    jsonSchema = schema as Record<string, unknown>;
    let validate: ReturnType<Ajv['compile']>;
    try {
      validate = ajv().compile(jsonSchema);
    } catch (err) {
      throw new Error(`defineTool "${def.name}": the input schema is not a valid JSON schema: ${(err as Error).message}`);
    }
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
      return asToolResult(await def.execute(value, ctx));
    },
  };
}

function asToolResult(r: unknown): ToolResult {
  if (typeof r === 'string') return { content: r };
  if (typeof r === 'object' && r !== null && typeof (r as ToolResult).content === 'string') return r as ToolResult;
  return { content: r === undefined ? '' : (JSON.stringify(r) ?? String(r)) };
}
