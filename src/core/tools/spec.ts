import { z } from 'zod';
import type { ToolSpec } from '../llm/types';
import type { Tool } from './types';

/** The JSON schema the model sees, generated from the tool's zod input schema. */
export function toolSpec(tool: Tool): ToolSpec {
  if (tool.jsonSchema) return { name: tool.name, description: tool.description, inputSchema: tool.jsonSchema };
  const schema = z.toJSONSchema(tool.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete schema.$schema;
  return { name: tool.name, description: tool.description, inputSchema: schema };
}
