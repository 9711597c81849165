// Messages the user sends while a turn runs wait here and go one by one at each turn boundary
// (also after a stopped turn), in order. The panel shows the queue and can take a message back.
import type { ImageAttachment, QueuedView } from '../protocol/messages';

type Queued = QueuedView & { attachments: ImageAttachment[] };

export class SendQueue {
  private items: Queued[] = [];
  private seq = 0;
  /** True from a send until the queue behind it is drained (the turn itself starts a moment later). */
  private sending = false;

  constructor(
    /** Runs one turn with the message; resolves when the turn has ended. */
    private readonly run: (text: string, images: ImageAttachment[]) => Promise<void>,
    /** The queue changed: the view shows it. */
    private readonly changed: (items: QueuedView[]) => void,
  ) {}

  /** Sends now, or queues while a turn runs. Resolves when the queue behind this message is drained. */
  async send(text: string, images: ImageAttachment[] = []): Promise<void> {
    if (this.sending) {
      this.items.push({ id: `q${++this.seq}`, text, images: images.length, attachments: images });
      this.push();
      return;
    }
    this.sending = true;
    try {
      await this.run(text, images);
      for (let next = this.items.shift(); next; next = this.items.shift()) {
        this.push();
        await this.run(next.text, next.attachments);
      }
    } finally {
      this.sending = false;
    }
  }

  /** Takes one queued message back (the user removed it). */
  remove(id: string): void {
    this.items = this.items.filter((q) => q.id !== id);
    this.push();
  }

  /** Drops every queued message; returns how many there were. */
  clear(): number {
    const n = this.items.length;
    if (n === 0) return 0;
    this.items = [];
    this.push();
    return n;
  }

  view(): QueuedView[] {
    return this.items.map(({ id, text, images }) => ({ id, text, images }));
  }

  push(): void {
    this.changed(this.view());
  }
}
