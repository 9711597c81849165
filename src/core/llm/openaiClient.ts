// The OpenAI SDK client, made on first use (its module is not evaluated until a request needs it,
// so an Anthropic session never pays for it), for OpenAI itself, a compatible server, or Azure
// OpenAI through the SDK's own AzureOpenAI client.
import type OpenAI from 'openai';
import { idleTimeoutFetch, streamIdleTimeoutMs } from './idleTimeout';
import { proxiedFetch } from './proxy';
import type { ProviderConfig } from './types';

/** Azure OpenAI's api-version when none is configured (AZURE_OPENAI_API_VERSION / OPENAI_API_VERSION). */
export const AZURE_DEFAULT_API_VERSION = '2025-04-01-preview';

export function createOpenAIClient(config: ProviderConfig): OpenAI {
  // A chunk of its own in the bundles (esbuild.mjs, "provider chunks"); from sources, the .ts file.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
  const sdk = require('./provider-openai') as typeof import('./provider-openai');
  const maxRetries = config.maxRetries ?? 0;
  // A stream that receives nothing for the idle time is cut (retry.ts retries it): idleTimeout.ts.
  const fetch = idleTimeoutFetch(config.streamIdleTimeoutMs ?? streamIdleTimeoutMs(), proxiedFetch(config.proxy));
  if (config.platform === 'azure') {
    if (!config.baseURL) throw new Error('Azure OpenAI needs the resource endpoint: set AZURE_OPENAI_ENDPOINT or the base URL (https://<resource>.openai.azure.com).');
    return new sdk.AzureOpenAI({
      apiKey: config.apiKey,
      endpoint: config.baseURL,
      apiVersion: config.apiVersion || AZURE_DEFAULT_API_VERSION,
      maxRetries,
      fetch,
    });
  }
  return new sdk.OpenAI({ apiKey: config.apiKey, baseURL: config.baseURL || undefined, maxRetries, fetch });
}
