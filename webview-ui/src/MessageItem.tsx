import { memo } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { ApprovalCard } from './ApprovalCard';
import { CompactionDivider } from './CompactionDivider';
import { Markdown } from './Markdown';
import { ProposalCard } from './ProposalCard';
import { Button } from './toolkit';
import { ToolCard } from './ToolCard';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

/**
 * One transcript item. Memoized on the item object: applyEvent replaces only the item an event
 * touches, so a streamed delta re-renders the message being written and nothing else.
 * `retryable`: an error after the user's last message, while no turn runs, offers Retry.
 */
export const MessageItem = memo(function MessageItem({ item, retryable }: { item: TranscriptItem; retryable: boolean }) {
  switch (item.kind) {
    case 'user':
      return (
        <div className="msg msg-user" data-testid="msg-user">
          <div className="msg-text">{item.text}</div>
          {item.images ? (
            <div className="msg-attachments" data-testid="msg-images">
              {item.images === 1 ? t('1 image attached') : t('{0} images attached', item.images)}
            </div>
          ) : null}
          <select
            className="rewind-select"
            data-testid="rewind-select"
            aria-label={t('Rewind to before this message')}
            title={t('Go back to before this message')}
            value=""
            onChange={(e) => {
              const mode = e.target.value;
              if (mode === 'files' || mode === 'conversation' || mode === 'both') postToHost({ type: 'rewind', userMessageId: item.id, mode });
            }}
          >
            <option value="">{t('Rewind…')}</option>
            <option value="both">{t('Files and conversation')}</option>
            <option value="files">{t('Files only')}</option>
            <option value="conversation">{t('Conversation only')}</option>
          </select>
          <button
            className="fork-button"
            data-testid="fork-button"
            title={t('A new chat in an editor tab with the conversation up to before this message')}
            onClick={() => postToHost({ type: 'forkSession', userMessageId: item.id })}
          >
            {t('Fork from here')}
          </button>
        </div>
      );
    case 'assistant':
      return (
        <div className={`msg msg-assistant status-${item.status}`} data-testid="msg-assistant" data-status={item.status}>
          {item.thinking && (
            <details className="thinking" data-testid="thinking">
              <summary>{item.status === 'streaming' && !item.text ? t('Thinking…') : t('Thinking')}</summary>
              <div className="thinking-text">{item.thinking}</div>
            </details>
          )}
          <div className="markdown">
            <Markdown text={item.text} />
          </div>
          {item.notice && <div className="msg-meta msg-notice" role="status">{item.notice}</div>}
          {item.status === 'stopped' && <div className="msg-meta">{t('Stopped')}</div>}
        </div>
      );
    case 'tool':
      return <ToolCard item={item} />;
    case 'approval':
      return <ApprovalCard item={item} />;
    case 'proposal':
      return <ProposalCard item={item} />;
    case 'compaction':
      return <CompactionDivider item={item} />;
    case 'error':
      return (
        <div className="msg msg-error" role="alert" data-testid="msg-error">
          <span className="msg-error-text">{item.message}</span>
          {retryable && (
            <Button appearance="secondary" onClick={() => postToHost({ type: 'retry' })} testId="retry-button" title={t('Send your last message again')}>
              {t('Retry')}
            </Button>
          )}
        </div>
      );
  }
});
