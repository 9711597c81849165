// createAgent's options checked before anything starts, so a mistake in a program's setup is one
// ConfigError that names the option, never a TypeError from deep inside.
import { statSync } from 'node:fs';
import { isPermissionMode, PERMISSION_MODES } from '../permissions/engine';
import { ConfigError } from './errors';

const PROVIDERS = ['anthropic', 'openai'];

export function checkAgentOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigError("createAgent takes an options object, e.g. createAgent({ provider: 'anthropic', model: 'claude-sonnet-4-6' }).");
  }
  const o = options as Record<string, unknown>;
  if (o.provider === undefined) throw new ConfigError(`createAgent: provider is missing: use ${PROVIDERS.map((p) => `'${p}'`).join(' or ')}.`);
  const optionalString = ['model', 'apiKey', 'baseURL', 'cwd', 'systemPrompt', 'appendSystemPrompt', 'resume', 'userDir', 'sessionsBaseDir'];
  for (const key of optionalString) {
    if (o[key] !== undefined && typeof o[key] !== 'string') throw new ConfigError(`createAgent: ${key} must be a string (got ${typeof o[key]}).`);
  }
  if (typeof o.cwd === 'string' && !isFolder(o.cwd)) throw new ConfigError(`createAgent: cwd ${o.cwd} is not an existing folder.`);
  if (o.tools !== undefined && !Array.isArray(o.tools)) throw new ConfigError('createAgent: tools must be an array of tool names and defineTool() tools.');
  if (o.permissionMode !== undefined && !isPermissionMode(o.permissionMode)) {
    throw new ConfigError(`createAgent: permissionMode "${String(o.permissionMode)}" is not one of ${PERMISSION_MODES.join(', ')}.`);
  }
  if (o.maxTurns !== undefined && !(Number.isInteger(o.maxTurns) && (o.maxTurns as number) > 0)) {
    throw new ConfigError('createAgent: maxTurns must be a whole number above 0.');
  }
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
