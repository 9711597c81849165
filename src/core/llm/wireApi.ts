// Which OpenAI wire API a request goes out on. OpenAI's own endpoint (and Azure's) speak the
// Responses API, which its newest models need: every *-codex and *-pro model answers only there
// ("This model is only supported in v1/responses"). OpenAI-compatible servers (Ollama, LM Studio,
// vLLM, DeepSeek, OpenRouter, Gemini's compatibility endpoint) speak Chat Completions.
import type { OpenAIWireApi, Platform } from './types';

const OPENAI_HOSTS = /^(api\.openai\.com|[a-z0-9-]+\.openai\.azure\.com|[a-z0-9-]+\.cognitiveservices\.azure\.com)$/i;

/** Models that exist only on the Responses API. */
export function needsResponses(model: string): boolean {
  const m = model.toLowerCase().replace(/^openai\//, '');
  return /(^|-)codex(-|$)/.test(m) || /-pro(-\d{4}-\d{2}-\d{2})?$/.test(m) || m.startsWith('codex-');
}

function isOpenAIHost(baseURL: string | undefined): boolean {
  if (!baseURL) return true; // the SDK's default endpoint is OpenAI's own
  try {
    return OPENAI_HOSTS.test(new URL(baseURL).hostname);
  } catch {
    return false;
  }
}

/**
 * A setting may name the API for every base URL (`"responses"`) or per base URL
 * (`{"http://localhost:11434/v1": "chat"}`); the URL is compared without a trailing slash.
 */
export type WireApiSetting = OpenAIWireApi | Record<string, OpenAIWireApi>;

export function settingFor(setting: WireApiSetting | undefined, baseURL: string | undefined): OpenAIWireApi | undefined {
  if (!setting) return undefined;
  if (typeof setting === 'string') return setting;
  const key = (baseURL ?? 'https://api.openai.com/v1').replace(/\/+$/, '');
  for (const [url, api] of Object.entries(setting)) if (url.replace(/\/+$/, '') === key) return api;
  return undefined;
}

export function chooseWireApi(opts: { baseURL?: string; model: string; platform?: Platform; override?: OpenAIWireApi }): OpenAIWireApi {
  if (opts.override) return opts.override;
  if (opts.platform === 'azure') return 'responses';
  if (isOpenAIHost(opts.baseURL)) return 'responses';
  // A compatible server that hosts a Responses-only model (a proxy in front of OpenAI) still
  // cannot take it on Chat Completions; try Responses.
  return needsResponses(opts.model) ? 'responses' : 'chat';
}

export function parseWireApi(value: string | undefined, what: string): OpenAIWireApi | undefined {
  if (value === undefined || value === '' || value === 'auto') return undefined;
  if (value === 'responses' || value === 'chat') return value;
  throw new Error(`${what} must be responses, chat or auto (got "${value}")`);
}
