import { homedir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { loadSettings } from '../core/config/loader';
import { setUserModels } from '../core/llm/models';
import type { UserModel } from '../core/llm/models';
import { CHOICES, keyNeeded, modelsForChoice, parseChoice, resolveChoice } from '../core/llm/platforms';
import type { ChoiceFields, ProviderChoice } from '../core/llm/platforms';
import { providerSettingsFrom, userModelsFrom } from '../core/llm/providerSetup';
import type { ProviderSettings } from '../core/llm/providerSetup';
import type { ProviderConfig, ProviderId } from '../core/llm/types';
import type { SetupState } from '../protocol/messages';
import { PERMISSION_MODES } from '../core/permissions/policy';
import type { PermissionMode } from '../core/permissions/policy';
import { currentTrustNotice, effectivePermissionMode } from './host/trust';
import { t } from './l10n';

export interface Settings {
  /** The tandem.provider setting: where the model is served (Anthropic, Bedrock, Vertex, OpenAI, a compatible server, Azure, Gemini). */
  choice: ProviderChoice;
  /** The API family that choice speaks (the panel's setup card and the session log name it). */
  provider: ProviderId;
  model: string;
  baseUrl: string;
}

/**
 * What Tandem's and Claude Code's settings files say about the provider, as the CLI reads them:
 * their env (CLAUDE_CODE_USE_BEDROCK, AWS_REGION, ANTHROPIC_MODEL … over VS Code's environment; a
 * repository's env applies only once the user approved it, config/trust.ts), "model", and the
 * provider keys (platform, reasoningEffort, thinkingBudget, openaiWireApi, context1m, models).
 */
function fileSettings(): { env: Record<string, string | undefined>; raw: Record<string, unknown>; model?: string } {
  try {
    const roots = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const loaded = loadSettings({ userDir: join(homedir(), '.tandem'), projectDirs: roots, home: homedir(), trusted: vscode.workspace.isTrusted });
    return { env: { ...process.env, ...loaded.env }, raw: loaded.raw, model: loaded.model };
  } catch {
    // The agent reports unreadable settings files when it loads them; the provider falls back to VS Code's settings.
    return { env: { ...process.env }, raw: {} };
  }
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('tandem');
  const choice = parseChoice(c.get<string>('provider'));
  const info = CHOICES[choice];
  const files = fileSettings();
  const envBase = info.keyName === 'openai' ? files.env.OPENAI_BASE_URL : choice === 'anthropic' ? files.env.ANTHROPIC_BASE_URL : undefined;
  const fileModel = files.model || (info.provider === 'anthropic' ? files.env.ANTHROPIC_MODEL : undefined);
  return {
    choice,
    provider: info.provider,
    model: c.get<string>('model')?.trim() || fileModel || info.defaultModel,
    baseUrl: c.get<string>('baseUrl')?.trim() || envBase || '',
  };
}

/**
 * The provider options of the settings, as the CLI's flags give them: platform fields, the OpenAI
 * wire API, reasoning effort / thinking budget, the 1M context, and the user's own models.
 */
export function readProviderOptions(): { fields: ChoiceFields; settings: ProviderSettings; models: UserModel[]; env: Record<string, string | undefined> } {
  const c = vscode.workspace.getConfiguration('tandem');
  const raw: Record<string, unknown> = {
    openaiWireApi: c.get<string>('openaiWireApi'),
    reasoningEffort: c.get<string>('reasoningEffort'),
    thinkingBudget: c.get<number>('thinkingBudget') || undefined,
    context1m: c.get<boolean>('context1m'),
    models: c.get<unknown[]>('models'),
  };
  const files = fileSettings();
  // VS Code's settings where the user set them, else the settings files' keys (as the CLI's flags beat them).
  return {
    fields: { region: c.get<string>('region'), projectId: c.get<string>('vertexProjectId'), apiVersion: c.get<string>('azureApiVersion') },
    settings: { ...providerSettingsFrom(files.raw), ...providerSettingsFrom(raw) },
    models: [...userModelsFrom(files.raw), ...userModelsFrom(raw)],
    env: files.env,
  };
}

/** API keys live in SecretStorage, never in settings.json; the environment is honoured as a fallback. */
export class ApiKeys {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  private secretName(choice: ProviderChoice): string {
    return `tandem.apiKey.${CHOICES[choice].keyName}`;
  }

  async get(choice: ProviderChoice, env: Record<string, string | undefined> = process.env): Promise<{ key: string; source: SetupState['keySource'] }> {
    const stored = await this.secrets.get(this.secretName(choice));
    if (stored) return { key: stored, source: 'secret' };
    const envName = CHOICES[choice].keyEnv;
    const fromEnv = envName ? env[envName] : undefined;
    if (fromEnv) return { key: fromEnv, source: 'env' };
    return { key: '', source: 'none' };
  }

  async set(choice: ProviderChoice, key: string): Promise<void> {
    await this.secrets.store(this.secretName(choice), key.trim());
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
  const opts = readProviderOptions();
  const { source } = await keys.get(s.choice, opts.env);
  const mode = readPermissionMode();
  const trustNotice = currentTrustNotice();
  return {
    // Bedrock and Vertex (chosen, or selected by CLAUDE_CODE_USE_*) sign with the cloud's own credentials: no key to ask for.
    configured: source !== 'none' || !keyNeeded(s.choice, opts.env, opts.settings),
    provider: s.provider,
    providerLabel: choiceLabel(s.choice),
    model: s.model,
    baseUrl: s.baseUrl,
    keySource: source,
    mode,
    effectiveMode: effectivePermissionMode(mode),
    ...(trustNotice ? { trustNotice } : {}),
  };
}

/**
 * The provider config for the next request, from the settings and the environment the same way the
 * CLI builds it from its flags (core/llm/platforms.ts → resolveProvider). Undefined when a key is
 * needed and there is none; a setting that cannot work (Vertex without a project) throws its reason.
 */
export async function providerConfig(keys: ApiKeys): Promise<{ config: ProviderConfig; model: string } | undefined> {
  const s = readSettings();
  const opts = readProviderOptions();
  const { key } = await keys.get(s.choice, opts.env);
  if (!key && keyNeeded(s.choice, opts.env, opts.settings)) return undefined;
  setUserModels(opts.models);
  return resolveChoice({ choice: s.choice, model: s.model, baseURL: s.baseUrl, apiKey: key, fields: opts.fields, settings: opts.settings, env: opts.env });
}

const CHOICE_LABELS: Record<ProviderChoice, () => string> = {
  anthropic: () => 'Anthropic',
  bedrock: () => t('Claude on Amazon Bedrock'),
  vertex: () => t('Claude on Google Vertex AI'),
  openai: () => 'OpenAI',
  'openai-compatible': () => t('OpenAI-compatible server'),
  azure: () => 'Azure OpenAI',
  gemini: () => 'Google Gemini',
};

/** The chosen provider as the user reads it ("Claude on Amazon Bedrock"). */
export function choiceLabel(choice: ProviderChoice): string {
  return CHOICE_LABELS[choice]();
}

/** The model picker's choices for the chosen provider. */
export function modelPickerChoices(current: string): string[] {
  setUserModels(readProviderOptions().models);
  return modelsForChoice(readSettings().choice, current);
}

/**
 * Saves what the setup card (or the Set API Key command) collected. The card names an API family;
 * a provider of that family already chosen (Azure, Gemini, a compatible server) stays chosen.
 */
export async function saveSetup(keys: ApiKeys, provider: ProviderId | ProviderChoice, apiKey: string, baseUrl?: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('tandem');
  const target = vscode.ConfigurationTarget.Global;
  const current = parseChoice(c.get<string>('provider'));
  const choice: ProviderChoice = provider === 'anthropic' || provider === 'openai' ? (CHOICES[current].provider === provider ? current : provider) : provider;
  if (c.get<string>('provider') !== choice) await c.update('provider', choice, target);
  if (baseUrl !== undefined && (c.get<string>('baseUrl') ?? '') !== baseUrl) await c.update('baseUrl', baseUrl, target);
  await keys.set(choice, apiKey);
}
