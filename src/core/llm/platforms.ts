// The provider choices a host offers in one list (VS Code's tandem.provider setting): where the
// model is served and which API family speaks to it. Each maps onto the core's provider + platform
// (+ wire API and base URL), so the panel and the CLI reach the same ProviderConfig through
// resolveProvider (the CLI gets there with --provider/--platform flags and Claude Code's variables).
import { KNOWN_MODEL_VENDORS, userModelIds } from './models';
import type { ModelVendor } from './models';
import { platformFor, resolveProvider } from './providerSetup';
import type { ProviderSettings, ResolvedProvider } from './providerSetup';
import { DEFAULT_MODELS } from './types';
import type { OpenAIWireApi, Platform, ProviderId } from './types';

export const PROVIDER_CHOICES = ['anthropic', 'bedrock', 'vertex', 'openai', 'openai-compatible', 'azure', 'gemini'] as const;
export type ProviderChoice = (typeof PROVIDER_CHOICES)[number];

/** Gemini's OpenAI-compatible endpoint (Chat Completions), https://ai.google.dev/gemini-api/docs/openai. */
export const GEMINI_OPENAI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta/openai/';

export interface ChoiceInfo {
  provider: ProviderId;
  /** Undefined: the environment decides (CLAUDE_CODE_USE_BEDROCK / _VERTEX, AZURE_OPENAI_ENDPOINT), as in the CLI. */
  platform?: Platform;
  /** Where a key is stored (one secret per name) and the variable that supplies it otherwise. */
  keyName: string;
  keyEnv?: string;
  defaultModel: string;
  defaultBaseURL?: string;
  /** The wire API unless a setting names one. */
  wireApi?: OpenAIWireApi;
  /** Whose models the picker lists. */
  vendor?: ModelVendor;
}

export const CHOICES: Record<ProviderChoice, ChoiceInfo> = {
  anthropic: { provider: 'anthropic', keyName: 'anthropic', keyEnv: 'ANTHROPIC_API_KEY', defaultModel: DEFAULT_MODELS.anthropic, vendor: 'anthropic' },
  bedrock: { provider: 'anthropic', platform: 'bedrock', keyName: 'bedrock', keyEnv: 'AWS_BEARER_TOKEN_BEDROCK', defaultModel: DEFAULT_MODELS.anthropic, vendor: 'anthropic' },
  vertex: { provider: 'anthropic', platform: 'vertex', keyName: 'vertex', defaultModel: DEFAULT_MODELS.anthropic, vendor: 'anthropic' },
  openai: { provider: 'openai', keyName: 'openai', keyEnv: 'OPENAI_API_KEY', defaultModel: DEFAULT_MODELS.openai, vendor: 'openai' },
  // Same key as OpenAI (the setup card has always stored one OpenAI key for both).
  'openai-compatible': { provider: 'openai', platform: 'direct', keyName: 'openai', keyEnv: 'OPENAI_API_KEY', defaultModel: DEFAULT_MODELS.openai, wireApi: 'chat' },
  azure: { provider: 'openai', platform: 'azure', keyName: 'azure', keyEnv: 'AZURE_OPENAI_API_KEY', defaultModel: DEFAULT_MODELS.openai, vendor: 'openai' },
  gemini: { provider: 'openai', platform: 'direct', keyName: 'gemini', keyEnv: 'GEMINI_API_KEY', defaultModel: 'gemini-3.8-flash', defaultBaseURL: GEMINI_OPENAI_BASE_URL, wireApi: 'chat', vendor: 'gemini' },
};

export function parseChoice(value: unknown): ProviderChoice {
  return (PROVIDER_CHOICES as readonly unknown[]).includes(value) ? (value as ProviderChoice) : 'anthropic';
}

/** The fields a choice may need beside the model, base URL and key (empty strings count as unset). */
export interface ChoiceFields {
  /** Bedrock: AWS region; Vertex: Google Cloud region. */
  region?: string;
  /** Vertex: the Google Cloud project. */
  projectId?: string;
  /** Azure OpenAI: api-version. */
  apiVersion?: string;
}

type Env = Record<string, string | undefined>;

/**
 * The platform in force for a choice: its own (Bedrock, Vertex, Azure…) over a settings file's
 * "platform", which applies only where it fits the API family (bedrock/vertex: Claude; azure: OpenAI).
 */
function platformSetting(info: ChoiceInfo, settings: ProviderSettings | undefined): Platform | undefined {
  if (info.platform) return info.platform;
  const p = settings?.platform;
  if (!p || p === 'direct') return p;
  return (p === 'azure') === (info.provider === 'openai') ? p : undefined;
}

/**
 * The provider config for a choice. The fields go in as the variables Claude Code (and the openai
 * SDK) read, over the environment's, so a choice behaves exactly like the CLI with those variables.
 */
export function resolveChoice(opts: {
  choice: ProviderChoice;
  model?: string;
  baseURL?: string;
  apiKey?: string;
  fields?: ChoiceFields;
  settings?: ProviderSettings;
  env: Env;
}): ResolvedProvider {
  const info = CHOICES[opts.choice];
  const f = opts.fields ?? {};
  const env: Env = { ...opts.env };
  const platform = platformSetting(info, opts.settings);
  if (f.region?.trim()) {
    if (platform === 'vertex') env.CLOUD_ML_REGION = f.region.trim();
    else env.AWS_REGION = f.region.trim();
  }
  if (f.projectId?.trim()) env.ANTHROPIC_VERTEX_PROJECT_ID = f.projectId.trim();
  if (f.apiVersion?.trim()) env.OPENAI_API_VERSION = f.apiVersion.trim();
  // Gemini's key has its own variable; resolveProvider would otherwise send OpenAI's key to Google.
  if (opts.choice === 'gemini') delete env.OPENAI_API_KEY;
  const settings: ProviderSettings = { ...opts.settings, platform };
  if (!platform) delete settings.platform;
  // The key found for this choice (its secret, or its variable: Gemini's and Azure's have their own
  // names) goes only to the platform it belongs to: with "anthropic" and CLAUDE_CODE_USE_BEDROCK=1
  // an Anthropic key must not be sent to Bedrock, whose own variables then apply.
  const own = info.platform ?? 'direct';
  const apiKey = platformFor(info.provider, env, settings.platform) === own ? opts.apiKey || (info.keyEnv ? env[info.keyEnv] : undefined) || undefined : undefined;
  if (!settings.openaiWireApi && info.wireApi) settings.openaiWireApi = info.wireApi;
  return resolveProvider({
    provider: info.provider,
    model: opts.model?.trim() || info.defaultModel,
    env,
    settings,
    apiKey,
    baseURL: opts.baseURL?.trim() || info.defaultBaseURL,
  });
}

/** Whether the choice needs an API key: not where Bedrock or Vertex serve it (chosen, set, or selected by CLAUDE_CODE_USE_*). */
export function keyNeeded(choice: ProviderChoice, env: Env, settings?: ProviderSettings): boolean {
  const info = CHOICES[choice];
  const platform = platformFor(info.provider, env, platformSetting(info, settings));
  return platform !== 'bedrock' && platform !== 'vertex';
}

/**
 * A choice as the CLI's flags carry it: the API family for --provider, the platform and wire API
 * unless --platform / --openai-wire-api name them, the default base URL, and the key under the
 * choice's own variable (GEMINI_API_KEY) when the family's variable would be the wrong one.
 */
export function choiceAsFlags(choice: ProviderChoice, env: Env): { provider: ProviderId; platform?: Platform; wireApi?: OpenAIWireApi; baseURL?: string; apiKey?: string } {
  const info = CHOICES[choice];
  const ownKey = choice === 'gemini' && info.keyEnv ? env[info.keyEnv] : undefined;
  return {
    provider: info.provider,
    ...(info.platform && info.platform !== 'direct' ? { platform: info.platform } : {}),
    ...(info.wireApi ? { wireApi: info.wireApi } : {}),
    ...(info.defaultBaseURL ? { baseURL: info.defaultBaseURL } : {}),
    ...(ownKey ? { apiKey: ownKey } : {}),
  };
}

/** The model picker's list for a choice: its default, the vendor's models in the table, the user's models, and the current one. */
export function modelsForChoice(choice: ProviderChoice, current: string): string[] {
  const info = CHOICES[choice];
  const vendor = info.vendor;
  const table = vendor ? Object.entries(KNOWN_MODEL_VENDORS).filter(([, v]) => v === vendor).map(([id]) => id) : [];
  return [...new Set([info.defaultModel, ...table, ...userModelIds(), current].filter((m) => m))];
}
