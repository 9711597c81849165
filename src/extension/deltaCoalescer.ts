// A model may stream a reply as tens of thousands of tiny deltas; posting each to the webview costs
// a message and a render apiece. Consecutive text (or thinking) deltas of one message are joined for
// up to one frame; any other event sends the joined delta first, so the order never changes.
import type { UiEvent } from '../protocol/messages';

type Delta = Extract<UiEvent, { type: 'text_delta' | 'thinking_delta' }>;

const FRAME_MS = 16;

export class DeltaCoalescer<Tag> {
  private pending: { event: Delta; tag: Tag } | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `send` gets each event with the tag it was pushed with (the chat's session then). */
  constructor(
    private readonly send: (event: UiEvent, tag: Tag) => void,
    private readonly ms = FRAME_MS,
  ) {}

  push(event: UiEvent, tag: Tag): void {
    if (event.type !== 'text_delta' && event.type !== 'thinking_delta') {
      this.flush();
      this.send(event, tag);
      return;
    }
    const p = this.pending;
    if (p && p.tag === tag && p.event.type === event.type && p.event.id === event.id) {
      p.event = { ...p.event, text: p.event.text + event.text };
    } else {
      this.flush();
      this.pending = { event, tag };
    }
    this.timer ??= setTimeout(() => this.flush(), this.ms);
  }

  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (p) this.send(p.event, p.tag);
  }

  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }
}
