import { AnthropicProvider } from './anthropic';
import { OpenAIProvider } from './openai';
import type { Provider, ProviderConfig } from './types';

export function createProvider(config: ProviderConfig): Provider {
  switch (config.provider) {
    case 'anthropic':
      return new AnthropicProvider(config);
    case 'openai':
      return new OpenAIProvider(config);
  }
}

export * from './types';
export { ProviderError, toProviderError } from './errors';
