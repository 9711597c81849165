import { memo } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';

type ToolItem = Extract<TranscriptItem, { kind: 'tool' }>;

const STATUS_LABEL: Record<ToolItem['status'], string> = {
  running: 'running…',
  done: 'done',
  error: 'failed',
  denied: 'denied',
};

/** One tool call: what ran, on what, and its result; details fold away. */
export const ToolCard = memo(function ToolCard({ item }: { item: ToolItem }) {
  return (
    <details className={`tool-card tool-${item.status}`} data-testid="tool-card" data-tool={item.name} data-status={item.status}>
      <summary>
        <span className="tool-name">{item.name}</span> <span className="tool-title">{item.title}</span>{' '}
        <span className="tool-status">{STATUS_LABEL[item.status]}</span>
      </summary>
      <div className="tool-body">
        <div className="tool-label">Input</div>
        <pre className="tool-input">{item.input}</pre>
        {item.output && (
          <>
            <div className="tool-label">{item.status === 'running' ? 'Output so far' : 'Result'}</div>
            <pre className="tool-output">{item.output}</pre>
          </>
        )}
      </div>
    </details>
  );
});
