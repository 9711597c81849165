import type { SetupState, UsageView } from '../../src/protocol/messages';
import { formatUsage } from '../../src/protocol/constants';
import { t } from './l10n';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';

/** Exact figures for the usage tooltip (the header shows them rounded). */
function usageDetail(u: UsageView): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (u.estimated) {
    return u.contextWindow
      ? t('Estimated from the text of the first request (no reply yet): about {0} of {1} tokens', n(u.contextTokens), n(u.contextWindow))
      : t('Estimated from the text of the first request (no reply yet): about {0} tokens', n(u.contextTokens));
  }
  const context = u.contextWindow ? t('Context: {0} of {1} tokens', n(u.contextTokens), n(u.contextWindow)) : t('Context: {0} tokens', n(u.contextTokens));
  const cost = u.costUsd !== undefined ? t('Cost: ${0}', u.costUsd.toFixed(4)) : t('Cost: unknown for this model');
  return `${context}\n${t('Output: {0} tokens', n(u.outputTokens))}\n${cost}`;
}

/**
 * The chat's controls: which model answers, how full the context is and what the chat cost so far
 * (as the status bar shows it), and the History button.
 */
export function Header({ setup, usage, history, onHistory }: { setup: SetupState; usage: UsageView | undefined; history: boolean; onHistory: () => void }) {
  const models = setup.models?.length ? setup.models : [setup.model];
  return (
    <div className="chat-header">
      <select
        className="model-select"
        data-testid="model-select"
        aria-label={t('Model')}
        title={t('The model that answers from the next message on')}
        value={setup.model}
        onChange={(e) => postToHost({ type: 'setModel', model: e.target.value })}
      >
        {models.map((m) => (
          <option key={m} value={m}>
            {m}
          </option>
        ))}
      </select>
      <span className="usage" data-testid="usage" data-estimated={usage?.estimated ? 'true' : undefined} title={usage ? usageDetail(usage) : t('No reply yet in this chat')}>
        {usage ? formatUsage(usage) : ''}
      </span>
      <Button appearance="secondary" onClick={onHistory} testId="history-button" title={history ? t('Back to the chat') : t('Sessions of this workspace')}>
        {history ? t('Back') : t('History')}
      </Button>
    </div>
  );
}
