import { rewind } from '../core/checkpoints/rewind';
import type { RewindMode, RewindReport } from '../core/checkpoints/rewind';
import type { ChatAgent } from './agentFactory';
import { t } from './l10n';

/** What a rewind did, for the chat to apply and show. */
export interface ChatRewind {
  level: 'info' | 'error';
  /** The notice the panel shows: what was restored and removed, what could not be. */
  message: string;
  /** The conversation went back: the session that continues it, and the rewound message's text for the input box. */
  conversation?: { file: string; text: string };
}

/**
 * Back to before one of the user's messages: the files, the conversation, or both (the running
 * turn must be stopped first). The agent's pending checkpoint is waited for, so a command's last
 * changes are recorded before they are restored.
 */
export async function rewindChat(agent: ChatAgent, userMessageId: string, mode: RewindMode): Promise<ChatRewind> {
  if (!agent.logFile || !agent.store) return { level: 'error', message: nothingToRewind() };
  await agent.settled();
  const result = await rewind({ logFile: agent.logFile, toUserMessageId: userMessageId, mode, store: agent.store });
  const parts = result.files ? [filesReport(result.files)] : [];
  if (result.conversation) parts.push(t('The conversation is back to before that message; its text is in the input box.'));
  return {
    level: result.files?.failed.length ? 'error' : 'info',
    message: t('Rewound. {0}', parts.join(' ')),
    ...(result.conversation ? { conversation: { file: result.conversation.file, text: result.conversation.text } } : {}),
  };
}

export function nothingToRewind(): string {
  return t('There is nothing to rewind to: that message is not part of this chat.');
}

function filesReport(f: RewindReport): string {
  return f.failed.length
    ? t('Files: {0} restored, {1} removed, {2} could not be restored ({3}).', f.restored.length, f.deleted.length, f.failed.length, f.failed.map((x) => `${x.path}: ${x.reason}`).join('; '))
    : t('Files: {0} restored, {1} removed.', f.restored.length, f.deleted.length);
}
