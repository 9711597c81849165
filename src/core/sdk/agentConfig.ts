// What an agent is configured with before anything starts: the settings files (with their
// warnings), the environment as the settings' env extends it, and the provider and model they and
// the caller's options select (an apiKeyHelper runs here when no key is given).
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { runApiKeyHelper } from '../config/apiKeyHelper';
import { loadSettings } from '../config/loader';
import type { LoadedSettings } from '../config/loader';
import type { SettingsFile } from '../config/settingsFiles';
import { validateSettings } from '../config/validate';
import { setUserModels } from '../llm/models';
import { platformFor, providerSettingsFrom, resolveProvider, userModelsFrom } from '../llm/providerSetup';
import { proxyFrom } from '../llm/proxy';
import type { ProviderSettings, ResolvedProvider } from '../llm/providerSetup';
import { DEFAULT_MODELS } from '../llm/types';
import type { ProviderId } from '../llm/types';
import { pendingApprovalWarning } from './approveSettings';
import { ConfigError } from './errors';

const NO_KEY = 'no-key:this-agent-does-not-call-the-model';
const ENV_KEY: Record<ProviderId, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };

/** The options of createAgent this step reads. */
export interface AgentConfigOptions {
  provider: ProviderId;
  cwd: string;
  userDir: string;
  model?: string;
  apiKey?: string;
  baseURL?: string;
  settings?: SettingsFile;
  providerSettings?: ProviderSettings;
  withoutModel?: boolean;
}

export interface AgentConfig {
  settings: LoadedSettings;
  /** The process's environment with the settings' env over it: commands, hooks, memory and compaction see this. */
  env: Record<string, string | undefined>;
  /** Additional directories from the settings that exist. */
  extraDirs: string[];
  resolved: ResolvedProvider;
  warnings: string[];
}

export function agentConfig(options: AgentConfigOptions): AgentConfig {
  const { provider } = options;
  // Settings files: the user's, then the project's shared and local ones; a repository's risky
  // parts wait for the user's approval (they are reported as warnings until then).
  let flagSettings: SettingsFile | undefined;
  if (options.settings !== undefined) {
    const checked = validateSettings(options.settings, 'settings');
    if (checked.errors.length) throw new ConfigError(checked.errors.join('; '));
    flagSettings = checked.settings;
  }
  const settings = loadSettings({ userDir: options.userDir, projectDirs: [options.cwd], home: homedir(), flagSettings });
  const warnings: string[] = [...settings.warnings];
  for (const p of settings.pendingApprovals) warnings.push(pendingApprovalWarning(p));
  const extraDirs = settings.additionalDirectories.filter((d) => {
    if (existsSync(d)) return true;
    warnings.push(`additionalDirectories: ${d} does not exist; it was skipped.`);
    return false;
  });
  // Keys, base URLs and the cloud platform (Bedrock/Vertex/Azure) from the settings' env, then the
  // process's; provider options from the settings (merged raw keys), then the caller's.
  const env: Record<string, string | undefined> = { ...process.env, ...settings.env };
  const providerSettings = { ...providerSettingsFrom(settings.raw), ...options.providerSettings };
  let apiKey = options.apiKey;
  if (!apiKey && !env[ENV_KEY[provider]] && settings.apiKeyHelper && platformFor(provider, env, providerSettings.platform) === 'direct') {
    try {
      apiKey = runApiKeyHelper(settings.apiKeyHelper, options.cwd, env as NodeJS.ProcessEnv);
    } catch (err) {
      throw new ConfigError((err as Error).message);
    }
  }
  let resolved: ResolvedProvider;
  try {
    resolved = resolveProvider({
      provider,
      model: options.model || settings.model || (provider === 'anthropic' ? env.ANTHROPIC_MODEL : undefined) || DEFAULT_MODELS[provider],
      env,
      settings: providerSettings,
      apiKey: apiKey ?? (options.withoutModel && !env[ENV_KEY[provider]] ? NO_KEY : undefined),
      baseURL: options.baseURL,
    });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  // Model requests through HTTPS_PROXY / HTTP_PROXY (NO_PROXY hosts direct), as Claude Code sends them.
  const proxy = proxyFrom(env);
  if (proxy) resolved = { ...resolved, config: { ...resolved.config, proxy } };
  setUserModels(userModelsFrom(settings.raw));
  return { settings, env, extraDirs, resolved, warnings };
}
