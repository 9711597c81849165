// A model can stream tens of thousands of small deltas a second; one render per message would keep
// the panel (and the input) busy for minutes. Transcript events are gathered for one frame and
// applied with one render; any other message flushes what is gathered first, so order is kept.
import type { HostToWebview } from '../../src/protocol/messages';

const FRAME_MS = 16;

/**
 * False only under a benchmarking switch (bench/transcript.ts sets `__TANDEM_NO_STREAM_BATCH__`
 * before the bundle loads): every message is then applied at once and replies render as one Markdown
 * document, the baseline the streaming path is measured against. Nothing in the extension sets it.
 */
export const STREAM_BATCHING = (globalThis as { __TANDEM_NO_STREAM_BATCH__?: boolean }).__TANDEM_NO_STREAM_BATCH__ !== true;

export class MessageBatch {
  private queue: HostToWebview[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly apply: (messages: HostToWebview[]) => void) {}

  add(message: HostToWebview): void {
    this.queue.push(message);
    if (message.type !== 'event' || !STREAM_BATCHING) this.flush();
    // A timer, not requestAnimationFrame: frames stop while the view is hidden, events must not.
    else this.timer ??= setTimeout(() => this.flush(), FRAME_MS);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const messages = this.queue;
    this.queue = [];
    this.apply(messages);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
  }
}
