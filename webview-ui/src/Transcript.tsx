import { memo, useEffect, useRef } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { Markdown } from './Markdown';
import { ProposalCard } from './ProposalCard';
import { ToolCard } from './ToolCard';
import { postToHost } from './vscodeApi';
import { ApprovalCard } from './ApprovalCard';

const Item = memo(function Item({ item }: { item: TranscriptItem }) {
  switch (item.kind) {
    case 'user':
      return (
        <div className="msg msg-user" data-testid="msg-user">
          <div className="msg-text">{item.text}</div>
          <select
            className="rewind-select"
            data-testid="rewind-select"
            aria-label="Rewind to before this message"
            title="Go back to before this message"
            value=""
            onChange={(e) => {
              const mode = e.target.value;
              if (mode === 'files' || mode === 'conversation' || mode === 'both') postToHost({ type: 'rewind', userMessageId: item.id, mode });
            }}
          >
            <option value="">Rewind…</option>
            <option value="both">Files and conversation</option>
            <option value="files">Files only</option>
            <option value="conversation">Conversation only</option>
          </select>
        </div>
      );
    case 'assistant':
      return (
        <div className={`msg msg-assistant status-${item.status}`} data-testid="msg-assistant" data-status={item.status}>
          {item.thinking && (
            <details className="thinking">
              <summary>Thinking</summary>
              <div className="thinking-text">{item.thinking}</div>
            </details>
          )}
          <div className="markdown">
            <Markdown text={item.text} />
          </div>
          {item.notice && <div className="msg-meta msg-notice" role="status">{item.notice}</div>}
          {item.status === 'stopped' && <div className="msg-meta">Stopped</div>}
        </div>
      );
    case 'tool':
      return <ToolCard item={item} />;
    case 'approval':
      return <ApprovalCard item={item} />;
    case 'proposal':
      return <ProposalCard item={item} />;
    case 'error':
      return (
        <div className="msg msg-error" role="alert" data-testid="msg-error">
          {item.message}
        </div>
      );
  }
});

export function Transcript({ items }: { items: TranscriptItem[] }) {
  const end = useRef<HTMLDivElement>(null);
  const last = items[items.length - 1];
  const lastLength = last?.kind === 'assistant' ? last.text.length : 0;
  useEffect(() => {
    end.current?.scrollIntoView({ block: 'end' });
  }, [items.length, lastLength]);
  return (
    <div className="transcript" data-testid="transcript" aria-live="polite">
      {items.map((it) => (
        <Item key={it.id} item={it} />
      ))}
      <div ref={end} />
    </div>
  );
}
