import { memo } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { SubagentCard } from './SubagentCard';
import { TodoList } from './TodoPanel';
import { t } from './l10n';
import { Button } from './toolkit';
import { postToHost } from './vscodeApi';

type ToolItem = Extract<TranscriptItem, { kind: 'tool' }>;

// Labels are looked up at render (the l10n bundle arrives after this module loads).
const statusLabel = (s: ToolItem['status']): string => ({ running: t('running…'), done: t('done'), error: t('failed'), denied: t('denied') })[s];

/** Lines of a running command's output shown without expanding the card. */
const LIVE_TAIL_LINES = 12;

function tail(text: string, lines: number): string {
  const trimmed = text.replace(/\n$/, '');
  let at = trimmed.length;
  for (let n = 0; n < lines; n++) {
    at = trimmed.lastIndexOf('\n', at - 1);
    if (at < 0) return trimmed;
  }
  return trimmed.slice(at + 1);
}

/** Bash's full command from the card's JSON input (the title has its first line only). */
function commandOf(item: ToolItem): string {
  try {
    const parsed = JSON.parse(item.input) as { command?: unknown };
    if (typeof parsed.command === 'string') return parsed.command;
  } catch {
    // A capped input is no longer JSON: fall back to the title.
  }
  return item.title;
}

/**
 * One tool call: what ran, on what, and its result; details fold away. The header says what and
 * how much once the result is in (the host's summary: "src/a.ts · 120 lines"). A command also
 * shows the tail of its output while it runs, and its exit code after.
 */
export const ToolCard = memo(function ToolCard({ item }: { item: ToolItem }) {
  const bash = item.name === 'Bash';
  const running = item.status === 'running';
  return (
    <div className={`tool-card tool-${item.status}${bash ? ' tool-bash' : ''}`} data-testid="tool-card" data-tool={item.name} data-status={item.status}>
      <details>
        <summary>
          <span className="tool-name">{item.name}</span>{' '}
          <span className="tool-title" title={item.title}>
            {!bash && item.summary ? item.summary : item.title}
          </span>{' '}
          <span className="tool-status">{statusLabel(item.status)}</span>
        </summary>
        <div className="tool-body">
          {bash ? (
            <>
              <div className="tool-label">{t('Command')}</div>
              <pre className="tool-command">{commandOf(item)}</pre>
            </>
          ) : (
            <>
              <div className="tool-label">{t('Input')}</div>
              <pre className="tool-input">{item.input}</pre>
            </>
          )}
          {item.output && (
            <>
              <div className="tool-label">{running ? t('Output so far') : t('Result')}</div>
              <pre className="tool-output">{item.output}</pre>
            </>
          )}
        </div>
      </details>
      {item.hooks?.map((h, i) => (
        <div key={i} className={`tool-hook${h.blocked ? ' tool-hook-blocked' : ''}`} data-testid="tool-hook">
          {h.text}
        </div>
      ))}
      {item.todos && <TodoList todos={item.todos} />}
      {item.agent && <SubagentCard agent={item.agent} />}
      {bash && running && item.output && (
        <pre className="tool-live" data-testid="tool-live">
          {tail(item.output, LIVE_TAIL_LINES)}
        </pre>
      )}
      {bash && running && (
        // At its timeout a command moves to the background by itself (bash.ts); this moves it now.
        <div className="tool-move">
          <Button appearance="secondary" testId="tool-move-background" onClick={() => postToHost({ type: 'moveToBackground', toolUseId: item.id })}>
            {t('Move to background')}
          </Button>
        </div>
      )}
      {bash && !running && item.summary && (
        <div className={`tool-exit${item.summary === 'exit code 0' ? '' : ' tool-exit-bad'}`} data-testid="tool-exit">
          {item.summary}
        </div>
      )}
    </div>
  );
});
