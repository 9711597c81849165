// The Anthropic SDK client for where Claude is served: Anthropic's API, Amazon Bedrock
// (@anthropic-ai/bedrock-sdk, SigV4 with the AWS credential chain or a Bedrock API key) or Google
// Vertex AI (@anthropic-ai/vertex-sdk, Google application-default credentials). Each SDK is
// required on first use only: the Bedrock one pulls in the AWS SDK, which an Anthropic or OpenAI
// session must never pay for at start-up. Bundles load them from separate files next to
// themselves (see esbuild.mjs, "provider chunks").
import { idleTimeoutFetch, streamIdleTimeoutMs } from './idleTimeout';
import { proxiedFetch } from './proxy';
import type Anthropic from '@anthropic-ai/sdk';
import type { ProviderConfig } from './types';

/** The surface of the three clients that the adapter uses (all share Anthropic's messages API). */
export type MessagesClient = Pick<Anthropic, 'messages'>;

export function createAnthropicClient(config: ProviderConfig): MessagesClient {
  // A stream that receives nothing for the idle time is cut (retry.ts retries it): idleTimeout.ts.
  const common = { maxRetries: config.maxRetries ?? 0, fetch: idleTimeoutFetch(config.streamIdleTimeoutMs ?? streamIdleTimeoutMs(), proxiedFetch(config.proxy)) };
  switch (config.platform ?? 'direct') {
    case 'bedrock': {
      const { AnthropicBedrock, createCredentialChain, fromEnv, fromNodeProviderChain } = loadChunk<typeof import('./provider-bedrock')>('bedrock');
      // A profile or credential files named in a settings file's env: the chain as the SDK builds
      // it (keys in the environment first), told the profile and files the process's environment lacks.
      const p = config.awsProfile;
      const profileChain = p
        ? async () => createCredentialChain(fromEnv(), fromNodeProviderChain({ ...(p.profile ? { profile: p.profile } : {}), ...(p.credentialsFile ? { filepath: p.credentialsFile } : {}), ...(p.configFile ? { configFilepath: p.configFile } : {}) }))
        : undefined;
      return new AnthropicBedrock({
        ...common,
        awsRegion: config.region || undefined,
        baseURL: config.baseURL || undefined,
        // A Bedrock API key (AWS_BEARER_TOKEN_BEDROCK) when given; else keys from a settings file's
        // env; otherwise the AWS credential chain.
        ...(config.apiKey ? { apiKey: config.apiKey } : {}),
        ...(!config.apiKey && config.awsCredentials
          ? { awsAccessKey: config.awsCredentials.accessKeyId, awsSecretKey: config.awsCredentials.secretAccessKey, awsSessionToken: config.awsCredentials.sessionToken ?? null }
          : {}),
        ...(profileChain ? { providerChainResolver: profileChain } : {}),
      } as ConstructorParameters<typeof AnthropicBedrock>[0]) as unknown as MessagesClient;
    }
    case 'vertex': {
      const { AnthropicVertex, GoogleAuth } = loadChunk<typeof import('./provider-vertex')>('vertex');
      // A credentials file named in a settings file's env (Google's library reads only the process's environment).
      const fromFile = !config.apiKey && config.googleCredentialsFile ? { googleAuth: new GoogleAuth({ keyFile: config.googleCredentialsFile, scopes: 'https://www.googleapis.com/auth/cloud-platform' }) } : {};
      return new AnthropicVertex({
        ...common,
        region: config.region || undefined,
        projectId: config.projectId || undefined,
        baseURL: config.baseURL || undefined,
        // An explicit access token (a CI job's short-lived token); otherwise Google's application-default credentials.
        ...(config.apiKey ? { authClient: tokenAuthClient(config.apiKey, config.projectId) } : {}),
        ...fromFile,
      }) as unknown as MessagesClient;
    }
    default: {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose
      const sdk = require('@anthropic-ai/sdk') as typeof import('@anthropic-ai/sdk');
      return new sdk.default({ ...common, apiKey: config.apiKey, baseURL: config.baseURL || undefined });
    }
  }
}

/** The part of google-auth-library's AuthClient the Vertex SDK calls, for a token given outright. */
function tokenAuthClient(token: string, projectId: string | undefined): NonNullable<import('@anthropic-ai/vertex-sdk').ClientOptions['authClient']> {
  const client = { projectId, getRequestHeaders: async () => new Headers({ authorization: `Bearer ${token}` }) };
  return client as unknown as NonNullable<import('@anthropic-ai/vertex-sdk').ClientOptions['authClient']>;
}

/**
 * The cloud SDKs come through one-line modules (provider-bedrock.ts, provider-vertex.ts) that the
 * bundles build into files of their own (dist/provider-bedrock.js …) and require at run time, so
 * the main bundle neither parses nor evaluates them; from source they resolve to the .ts files.
 */
function loadChunk<T>(name: 'bedrock' | 'vertex'): T {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily on purpose */
  return (name === 'bedrock' ? require('./provider-bedrock') : require('./provider-vertex')) as T;
  /* eslint-enable @typescript-eslint/no-require-imports */
}
