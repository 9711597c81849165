import * as vscode from 'vscode';
import { CHOICES } from '../core/llm/platforms';
import type { ProviderChoice } from '../core/llm/platforms';
import type { ChatController } from './chatController';
import { CHAT_VIEW_ID } from './chatViewProvider';
import { showPermissions } from './permissionsView';
import { ApiKeys, readSettings, saveSetup } from './config';
import { t } from './l10n';

export async function focusChat(): Promise<void> {
  await vscode.commands.executeCommand(`${CHAT_VIEW_ID}.focus`);
}

export async function setApiKeyInteractively(keys: ApiKeys): Promise<boolean> {
  const current = readSettings().choice;
  const openai: ProviderChoice = current === 'openai-compatible' ? 'openai-compatible' : 'openai';
  const items: { label: string; id: ProviderChoice }[] = [
    { label: 'Anthropic', id: 'anthropic' },
    { label: t('OpenAI or OpenAI-compatible'), id: openai },
    { label: 'Azure OpenAI', id: 'azure' },
    { label: 'Google Gemini', id: 'gemini' },
    { label: t('Amazon Bedrock API key'), id: 'bedrock' },
  ];
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ ...i, picked: CHOICES[i.id].keyName === CHOICES[current].keyName })),
    { title: t('Tandem: choose the provider for this key') },
  );
  if (!picked) return false;
  const key = await vscode.window.showInputBox({
    title: t('Tandem: {0} API key', picked.label),
    prompt: t('Stored in VS Code SecretStorage, never in settings.json.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() ? undefined : t('The key cannot be empty.')),
  });
  if (!key) return false;
  await saveSetup(keys, picked.id, key);
  void vscode.window.showInformationMessage(t('Tandem: {0} API key saved.', picked.label));
  return true;
}

/** The open chats (chatRegistry.ts): commands act on the one the user worked in last. */
export interface OpenChats {
  current(): ChatController;
  /** The focused chat, or one waiting for the user's answer. */
  attention(): ChatController;
  reveal(chat: ChatController): Promise<void>;
}

export function registerCommands(chat: ChatController, keys: ApiKeys, chats?: OpenChats): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('tandem.newChat', async () => {
      const target = chats?.current() ?? chat;
      target.newChat();
      await (chats ? chats.reveal(target) : focusChat());
    }),
    vscode.commands.registerCommand('tandem.focusChat', () => (chats ? chats.reveal(chats.attention()) : focusChat())),
    vscode.commands.registerCommand('tandem.setApiKey', () => setApiKeyInteractively(keys)),
    vscode.commands.registerCommand('tandem.permissions', () => showPermissions(() => chat.reloadPermissions())),
  ];
}
