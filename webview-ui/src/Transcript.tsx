import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import type { TranscriptItem } from '../../src/protocol/messages';
import { useFollowBottom } from './followBottom';
import { MessageItem } from './MessageItem';

declare global {
  interface Window {
    /**
     * Benchmarking switch (bench/transcript.ts): set before the bundle loads to render every item
     * in the DOM instead of the visible window, as the baseline the virtualized list is measured
     * against. Nothing in the extension sets it.
     */
    __TANDEM_NO_VIRTUAL__?: boolean;
  }
}

const VIRTUAL = typeof window === 'undefined' || window.__TANDEM_NO_VIRTUAL__ !== true;
/** Space between items, as the CSS gap of the flat list. */
const GAP_PX = 10;
/** Items rendered beyond each edge of the view: enough that a card just off-screen exists. */
const OVERSCAN = 8;

/** A first guess at an item's height before it is measured; close guesses mean little scroll jumping. */
function estimateHeight(item: TranscriptItem): number {
  switch (item.kind) {
    case 'user':
      return 40 + Math.floor(item.text.length / 60) * 20;
    case 'assistant': {
      const fences = item.text.split('```').length - 1;
      return 24 + Math.ceil(item.text.length / 70) * 20 + fences * 20;
    }
    case 'tool':
      return item.name === 'Bash' && item.status !== 'running' ? 50 : 28;
    case 'proposal':
      return 40 + item.hunks.reduce((n, h) => n + 24 + h.lines.length * 18, 0);
    case 'approval':
      return 130;
    case 'error':
      return 40;
    case 'compaction':
      return 44;
  }
}

/**
 * The conversation. Only the items in and near the view are in the DOM (a 2,000-message session
 * stays light); heights are measured as items render and as they grow. The view follows the end
 * while the user is there (see useFollowBottom) and stays put when they have scrolled up.
 */
export function Transcript({ items, busy }: { items: TranscriptItem[]; busy: boolean }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const { follow } = useFollowBottom(scrollRef, contentRef);

  // Sending a message scrolls to it, wherever the user was.
  const last = items[items.length - 1];
  const lastUserId = last?.kind === 'user' ? last.id : undefined;
  useEffect(() => {
    if (lastUserId) follow();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lastUserId]);

  const lastUserIndex = useMemo(() => {
    for (let i = items.length - 1; i >= 0; i--) if (items[i].kind === 'user') return i;
    return -1;
  }, [items]);
  const retryable = (item: TranscriptItem, index: number) => !busy && item.kind === 'error' && index > lastUserIndex;

  return (
    <div className={`transcript${VIRTUAL ? ' transcript-virtual' : ''}`} ref={scrollRef} data-testid="transcript" aria-live="polite">
      {VIRTUAL ? (
        <VirtualRows items={items} scrollRef={scrollRef} contentRef={contentRef} retryable={retryable} />
      ) : (
        <div className="transcript-flat" ref={contentRef}>
          {items.map((it, i) => (
            <MessageItem key={it.id} item={it} retryable={retryable(it, i)} />
          ))}
        </div>
      )}
    </div>
  );
}

function VirtualRows({
  items,
  scrollRef,
  contentRef,
  retryable,
}: {
  items: TranscriptItem[];
  scrollRef: React.RefObject<HTMLDivElement | null>;
  contentRef: React.RefObject<HTMLDivElement | null>;
  retryable: (item: TranscriptItem, index: number) => boolean;
}) {
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => estimateHeight(items[i]),
    getItemKey: (i) => items[i].id,
    overscan: OVERSCAN,
    gap: GAP_PX,
  });
  const rows = virtualizer.getVirtualItems();
  return (
    <div className="transcript-space" ref={contentRef} style={{ height: virtualizer.getTotalSize() }}>
      {rows.map((row) => {
        const item = items[row.index];
        return (
          <div key={row.key} className="transcript-row" data-index={row.index} ref={virtualizer.measureElement} style={{ transform: `translateY(${row.start}px)` }}>
            <MessageItem item={item} retryable={retryable(item, row.index)} />
          </div>
        );
      })}
    </div>
  );
}
