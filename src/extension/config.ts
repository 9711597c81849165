import * as vscode from 'vscode';
import { DEFAULT_MODELS } from '../core/llm/types';
import type { ProviderConfig, ProviderId } from '../core/llm/types';
import type { SetupState } from '../protocol/messages';
import { PERMISSION_MODES } from '../core/permissions/policy';
import type { PermissionMode } from '../core/permissions/policy';
import { currentTrustNotice, effectivePermissionMode } from './host/trust';

const ENV_KEYS: Record<ProviderId, string> = { anthropic: 'ANTHROPIC_API_KEY', openai: 'OPENAI_API_KEY' };
const ENV_BASE_URLS: Record<ProviderId, string> = { anthropic: 'ANTHROPIC_BASE_URL', openai: 'OPENAI_BASE_URL' };

export interface Settings {
  provider: ProviderId;
  model: string;
  baseUrl: string;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('tandem');
  const provider = c.get<string>('provider') === 'openai' ? 'openai' : 'anthropic';
  return {
    provider,
    model: c.get<string>('model')?.trim() || DEFAULT_MODELS[provider],
    baseUrl: c.get<string>('baseUrl')?.trim() || process.env[ENV_BASE_URLS[provider]] || '',
  };
}

/** API keys live in SecretStorage, never in settings.json; the environment is honoured as a fallback. */
export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private secretName(provider: ProviderId): string {
    return `tandem.apiKey.${provider}`;
  }

  async get(provider: ProviderId): Promise<{ key: string; source: SetupState['keySource'] }> {
    const stored = await this.secrets.get(this.secretName(provider));
    if (stored) return { key: stored, source: 'secret' };
    const env = process.env[ENV_KEYS[provider]];
    if (env) return { key: env, source: 'env' };
    return { key: '', source: 'none' };
  }

  async set(provider: ProviderId, key: string): Promise<void> {
    await this.secrets.store(this.secretName(provider), key.trim());
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return this.secrets.onDidChange((e) => {
      if (e.key.startsWith('tandem.apiKey.')) listener();
    });
  }
}

export function readPermissionMode(): PermissionMode {
  const m = vscode.workspace.getConfiguration('tandem').get<string>('permissionMode');
  return (PERMISSION_MODES as readonly string[]).includes(m ?? '') ? (m as PermissionMode) : 'default';
}

export async function setPermissionMode(mode: PermissionMode): Promise<void> {
  await vscode.workspace.getConfiguration('tandem').update('permissionMode', mode, vscode.ConfigurationTarget.Global);
}

export async function setupState(keys: ApiKeys): Promise<SetupState> {
  const s = readSettings();
  const { source } = await keys.get(s.provider);
  const mode = readPermissionMode();
  const trustNotice = currentTrustNotice();
  return {
    configured: source !== 'none',
    provider: s.provider,
    model: s.model,
    baseUrl: s.baseUrl,
    keySource: source,
    mode,
    effectiveMode: effectivePermissionMode(mode),
    ...(trustNotice ? { trustNotice } : {}),
  };
}

export async function providerConfig(keys: ApiKeys): Promise<{ config: ProviderConfig; model: string } | undefined> {
  const s = readSettings();
  const { key } = await keys.get(s.provider);
  if (!key) return undefined;
  return { config: { provider: s.provider, apiKey: key, baseURL: s.baseUrl || undefined }, model: s.model };
}

/** Saves what the setup card (or the Set API Key command) collected. */
export async function saveSetup(keys: ApiKeys, provider: ProviderId, apiKey: string, baseUrl?: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('tandem');
  const target = vscode.ConfigurationTarget.Global;
  if (c.get<string>('provider') !== provider) await c.update('provider', provider, target);
  if (baseUrl !== undefined && (c.get<string>('baseUrl') ?? '') !== baseUrl) await c.update('baseUrl', baseUrl, target);
  await keys.set(provider, apiKey);
}
