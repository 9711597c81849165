// Turns the environment and settings into a ProviderConfig, reading the variables Claude Code
// reads so an enterprise setup carries over: CLAUDE_CODE_USE_BEDROCK=1 (AWS_REGION,
// ANTHROPIC_BEDROCK_BASE_URL, AWS credentials or AWS_BEARER_TOKEN_BEDROCK), CLAUDE_CODE_USE_VERTEX=1
// (ANTHROPIC_VERTEX_PROJECT_ID, CLOUD_ML_REGION, ANTHROPIC_VERTEX_BASE_URL, Google
// application-default credentials), ANTHROPIC_MODEL, MAX_THINKING_TOKENS; and for Azure OpenAI
// AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION (the openai SDK's names).
import type { UserModel } from './models';
import type { OpenAIWireApi, Platform, ProviderConfig, ProviderId, ReasoningEffort, ReasoningOptions } from './types';
import { settingFor } from './wireApi';
import type { WireApiSetting } from './wireApi';

export const PLATFORMS: readonly Platform[] = ['direct', 'bedrock', 'vertex', 'azure'];
export const REASONING_EFFORTS: readonly ReasoningEffort[] = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'];

/** Provider settings as they appear in settings.json (and as flags set them). */
export interface ProviderSettings {
  platform?: Platform;
  /** OpenAI: "responses" | "chat", or one per base URL. */
  openaiWireApi?: WireApiSetting;
  reasoningEffort?: ReasoningEffort;
  thinkingBudget?: number;
  context1m?: boolean;
}

export class ProviderSetupError extends Error {
  override name = 'ProviderSetupError';
}

type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined) => v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';

/** The platform Claude Code's variables (or the setting) select; the setting wins over the environment. */
export function platformFor(provider: ProviderId, env: Env, setting?: Platform): Platform {
  if (setting) return setting;
  if (provider === 'anthropic') {
    if (truthy(env.CLAUDE_CODE_USE_BEDROCK)) return 'bedrock';
    if (truthy(env.CLAUDE_CODE_USE_VERTEX)) return 'vertex';
  }
  if (provider === 'openai' && env.AZURE_OPENAI_ENDPOINT && !env.OPENAI_API_KEY && !env.OPENAI_BASE_URL) return 'azure';
  return 'direct';
}

/** Bedrock names Claude models `anthropic.<id>` (or an inference profile / ARN, passed as given). */
export function bedrockModelId(model: string): string {
  return /^(arn:|([a-z]{2,6}\.)?anthropic\.)/.test(model) ? model : `anthropic.${model}`;
}

export function reasoningFrom(settings: ProviderSettings, env: Env): ReasoningOptions | undefined {
  const budget = settings.thinkingBudget ?? (env.MAX_THINKING_TOKENS ? Number(env.MAX_THINKING_TOKENS) : undefined);
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 0)) throw new ProviderSetupError(`The thinking budget must be a whole number of tokens (got "${budget}").`);
  const effort = settings.reasoningEffort;
  if (effort !== undefined && !REASONING_EFFORTS.includes(effort)) throw new ProviderSetupError(`reasoningEffort must be one of ${REASONING_EFFORTS.join(', ')} (got "${String(effort)}").`);
  if (budget === undefined && effort === undefined) return undefined;
  return { ...(effort ? { effort } : {}), ...(budget ? { budgetTokens: budget } : {}) };
}

export interface ResolvedProvider {
  config: ProviderConfig;
  /** The model id to send (on Bedrock with its `anthropic.` prefix). */
  model: string;
}

/**
 * Builds the provider config. `apiKey`/`baseURL` given explicitly win; otherwise the platform's
 * variables. Bedrock and Vertex need no API key (their SDKs sign with the cloud's credentials).
 */
export function resolveProvider(opts: {
  provider: ProviderId;
  model: string;
  env: Env;
  settings?: ProviderSettings;
  apiKey?: string;
  baseURL?: string;
}): ResolvedProvider {
  const s = opts.settings ?? {};
  const env = opts.env;
  const platform = platformFor(opts.provider, env, s.platform);
  const reasoning = reasoningFrom(s, env);
  const common = { provider: opts.provider, platform, ...(reasoning ? { reasoning } : {}), ...(s.context1m ? { context1m: true } : {}) };
  if (platform === 'bedrock') {
    return {
      config: {
        ...common,
        apiKey: opts.apiKey ?? env.AWS_BEARER_TOKEN_BEDROCK ?? '',
        baseURL: opts.baseURL ?? env.ANTHROPIC_BEDROCK_BASE_URL,
        region: env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
        ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
          ? { awsCredentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}) } }
          : {}),
        ...awsProfileFrom(env),
      },
      model: bedrockModelId(opts.model),
    };
  }
  if (platform === 'vertex') {
    const projectId = env.ANTHROPIC_VERTEX_PROJECT_ID || env.GOOGLE_CLOUD_PROJECT || env.GCLOUD_PROJECT;
    if (!projectId) throw new ProviderSetupError('Claude on Vertex AI needs a Google Cloud project: set ANTHROPIC_VERTEX_PROJECT_ID.');
    return {
      config: {
        ...common,
        apiKey: opts.apiKey ?? '',
        baseURL: opts.baseURL ?? env.ANTHROPIC_VERTEX_BASE_URL,
        region: env.CLOUD_ML_REGION || 'us-east5',
        projectId,
        ...(env.GOOGLE_APPLICATION_CREDENTIALS ? { googleCredentialsFile: env.GOOGLE_APPLICATION_CREDENTIALS } : {}),
      },
      model: opts.model,
    };
  }
  const wireApi: OpenAIWireApi | undefined = opts.provider === 'openai' ? settingFor(s.openaiWireApi ?? parseEnvWire(env.TANDEM_OPENAI_WIRE_API), opts.baseURL ?? baseUrlFromEnv(opts.provider, platform, env)) : undefined;
  if (platform === 'azure') {
    const apiKey = opts.apiKey ?? env.AZURE_OPENAI_API_KEY;
    if (!apiKey) throw new ProviderSetupError('No API key for Azure OpenAI: set AZURE_OPENAI_API_KEY.');
    return {
      config: { ...common, apiKey, baseURL: opts.baseURL ?? env.AZURE_OPENAI_ENDPOINT, apiVersion: env.OPENAI_API_VERSION || env.AZURE_OPENAI_API_VERSION, ...(wireApi ? { wireApi } : {}) },
      model: opts.model,
    };
  }
  const keyVar = opts.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  const apiKey = opts.apiKey ?? env[keyVar];
  if (!apiKey) throw new ProviderSetupError(`No API key for ${opts.provider}: set ${keyVar}, an apiKeyHelper in your user settings, or pass apiKey.`);
  return { config: { ...common, apiKey, baseURL: opts.baseURL ?? baseUrlFromEnv(opts.provider, platform, env), ...(wireApi ? { wireApi } : {}) }, model: opts.model };
}

/** AWS_PROFILE and the credential files, as the environment (with a settings file's env) names them. */
function awsProfileFrom(env: Env): { awsProfile?: NonNullable<ProviderConfig['awsProfile']> } {
  const awsProfile = {
    ...(env.AWS_PROFILE ? { profile: env.AWS_PROFILE } : {}),
    ...(env.AWS_SHARED_CREDENTIALS_FILE ? { credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE } : {}),
    ...(env.AWS_CONFIG_FILE ? { configFile: env.AWS_CONFIG_FILE } : {}),
  };
  return Object.keys(awsProfile).length ? { awsProfile } : {};
}

function baseUrlFromEnv(provider: ProviderId, platform: Platform, env: Env): string | undefined {
  if (platform === 'azure') return env.AZURE_OPENAI_ENDPOINT;
  return (provider === 'anthropic' ? env.ANTHROPIC_BASE_URL : env.OPENAI_BASE_URL) || undefined;
}

function parseEnvWire(v: string | undefined): OpenAIWireApi | undefined {
  if (v === 'responses' || v === 'chat') return v;
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Provider keys of settings.json (the loader's merged raw keys): "platform", "openaiWireApi"
 * ("responses" | "chat" | {"<base URL>": …}), "reasoningEffort", "thinkingBudget", "context1m".
 * Values of the wrong type are left out (the setting is then as if absent).
 */
export function providerSettingsFrom(raw: Record<string, unknown>): ProviderSettings {
  const out: ProviderSettings = {};
  if (typeof raw.platform === 'string' && (PLATFORMS as readonly string[]).includes(raw.platform)) out.platform = raw.platform as Platform;
  const wire = raw.openaiWireApi;
  if (wire === 'responses' || wire === 'chat') out.openaiWireApi = wire;
  else if (isObject(wire)) out.openaiWireApi = Object.fromEntries(Object.entries(wire).filter(([, v]) => v === 'responses' || v === 'chat')) as Record<string, OpenAIWireApi>;
  if (typeof raw.reasoningEffort === 'string' && (REASONING_EFFORTS as readonly string[]).includes(raw.reasoningEffort)) out.reasoningEffort = raw.reasoningEffort as ReasoningEffort;
  if (typeof raw.thinkingBudget === 'number' && Number.isInteger(raw.thinkingBudget) && raw.thinkingBudget >= 0) out.thinkingBudget = raw.thinkingBudget;
  if (raw.context1m === true) out.context1m = true;
  return out;
}

/** "models": [{"id", "contextWindow", "input", "output", "cacheRead", "cacheWrite"}] from settings. */
export function userModelsFrom(raw: Record<string, unknown>): UserModel[] {
  return Array.isArray(raw.models) ? raw.models.filter((m): m is UserModel => isObject(m) && typeof m.id === 'string' && m.id !== '') : [];
}
