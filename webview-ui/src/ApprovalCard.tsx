import { memo, useState } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';
import { t } from './l10n';

type ApprovalItem = Extract<TranscriptItem, { kind: 'approval' }>;
type Scope = 'session' | 'local' | 'project' | 'user';

// Labels are looked up at render (the l10n bundle arrives after this module loads).
const scopes = (): { value: Scope; label: string }[] => [
  { value: 'local', label: t('for me in this project (.tandem/settings.local.json)') },
  { value: 'project', label: t('for everyone in this project (.tandem/settings.json)') },
  { value: 'user', label: t('everywhere (~/.tandem/settings.json)') },
  { value: 'session', label: t('for this chat only') },
];

/**
 * One question from the permission engine: allow once, allow always (adding the exact rule the
 * engine suggests, to the settings file the user picks), or deny with a message for the model.
 */
export const ApprovalCard = memo(function ApprovalCard({ item }: { item: ApprovalItem }) {
  const [message, setMessage] = useState('');
  const [rule, setRule] = useState(item.suggestions[0] ?? '');
  const [scope, setScope] = useState<Scope>('local');
  const answer = (decision: 'allow' | 'deny', always = false) =>
    postToHost({
      type: 'approve',
      approvalId: item.id,
      decision,
      ...(always && rule ? { always: { rule, scope } } : {}),
      ...(message.trim() ? { message: message.trim() } : {}),
    });
  return (
    <section className={`approval-card approval-${item.status}`} data-testid="approval-card" data-status={item.status} aria-label={t('{0} needs approval', item.toolName)}>
      <div className="approval-title">
        {item.agent && (
          <span className="approval-agent" data-testid="approval-agent">
            {t('Sub-agent {0}:', item.agent)}{' '}
          </span>
        )}
        <span className="tool-name">{item.toolName}</span> {t('needs your approval:')}
      </div>
      <pre className="approval-summary">{item.summary}</pre>
      <div className="approval-reason">{item.reason}</div>
      {item.status === 'pending' ? (
        <>
          {item.suggestions.length > 0 && (
            <div className="approval-always">
              <label>
                {t('Always allow')}{' '}
                <select aria-label={t('Rule to add')} data-testid="approval-rule" value={rule} onChange={(e) => setRule(e.target.value)}>
                  {item.suggestions.map((s) => (
                    <option key={s} value={s}>
                      {s}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <select aria-label={t('Where to keep the rule')} data-testid="approval-scope" value={scope} onChange={(e) => setScope(e.target.value as Scope)}>
                {scopes().map((s) => (
                  <option key={s.value} value={s.value}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
          )}
          <input
            className="approval-message"
            data-testid="approval-message"
            aria-label={t('Message to the agent if you deny')}
            placeholder={t('Optional: tell the agent why not, or what to do instead')}
            value={message}
            onChange={(e) => setMessage(e.target.value)}
          />
          <div className="row">
            <Button onClick={() => answer('allow')} testId="approval-allow">{t('Allow once')}</Button>
            {item.suggestions.length > 0 && (
              <Button appearance="secondary" onClick={() => answer('allow', true)} testId="approval-allow-always" title={t('Add {0} and allow', rule)}>
                {t('Allow always')}
              </Button>
            )}
            <Button appearance="secondary" onClick={() => answer('deny')} testId="approval-deny">{t('Deny')}</Button>
          </div>
        </>
      ) : (
        <div className="approval-status">{item.status === 'allowed' ? t('Allowed') : t('Denied')}</div>
      )}
    </section>
  );
});
