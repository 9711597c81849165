import { memo } from 'react';
import type { SubagentView } from '../../src/protocol/messages';
import { t } from './l10n';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';

const statusLabel = (s: SubagentView['status']): string => ({ running: t('running…'), done: t('done'), error: t('failed'), stopped: t('stopped') })[s];

function figures(a: SubagentView): string {
  const parts: string[] = [];
  const n = a.toolCount ?? a.calls.length;
  parts.push(n === 1 ? t('1 tool call') : t('{0} tool calls', n));
  if (a.tokens !== undefined) parts.push(t('{0} tokens', a.tokens.toLocaleString('en-US')));
  if (a.costUsd !== undefined) parts.push(`$${a.costUsd.toFixed(4)}`);
  if (a.durationMs !== undefined) parts.push(t('{0} s', (a.durationMs / 1000).toFixed(1)));
  return parts.join(' · ');
}

/**
 * A sub-agent inside its Agent call: what it was asked, its tool calls as they happen (collapsible),
 * and once it ends its own figures (tool calls, tokens, cost, time).
 */
export const SubagentCard = memo(function SubagentCard({ agent }: { agent: SubagentView }) {
  return (
    <details className={`subagent-card subagent-${agent.status}`} data-testid="subagent-card" data-agent={agent.agentType} data-status={agent.status} open={agent.status === 'running'}>
      <summary>
        <span className="subagent-type">{agent.agentType}</span> <span className="subagent-description">{agent.description}</span>{' '}
        <span className="tool-status">{statusLabel(agent.status)}</span>
      </summary>
      <ul className="subagent-calls" aria-label={t('Tool calls of {0}', agent.agentType)}>
        {agent.calls.map((c) => (
          <li key={c.id} className={`subagent-call tool-${c.status}`} data-testid="subagent-call" data-tool={c.name} data-status={c.status}>
            {c.agent !== agent.agentType && <span className="subagent-label">{c.agent}: </span>}
            <span className="tool-name">{c.name}</span> <span className="tool-title">{c.summary ?? c.title}</span>
            {c.name === 'Bash' && c.status === 'running' && (
              <>
                {' '}
                <Button appearance="secondary" testId="tool-move-background" onClick={() => postToHost({ type: 'moveToBackground', toolUseId: c.id })}>
                  {t('Move to background')}
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
      <div className="subagent-figures" data-testid="subagent-figures">
        {figures(agent)}
      </div>
    </details>
  );
});
