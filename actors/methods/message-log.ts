import type { GradientRef } from '../messages.ts';

/** Numbers kept per logged message: worker, job id, tag, count. */
const FIELDS = 4;

/**
 * The messages that went into an update not yet made, in arrival order, kept as numbers: the
 * worker, job id, tag and count that the server records when it applies or discards them.
 * Methods keep this instead of the message objects, which the engine owns and recycles, so a
 * long wait (Malenia collecting from fast workers while a slow one has not delivered) costs 32
 * bytes per message, not a message object each.
 */
export class MessageLog {
  private data = new Float64Array(FIELDS * 16);
  private size = 0;
  /** Handed to `forEach` callbacks, refilled for each entry: read it at once. */
  private readonly cursor = { worker: 0, jobId: 0, tag: 0, count: 0 };

  get length(): number {
    return this.size;
  }

  push(message: GradientRef): void {
    if (FIELDS * (this.size + 1) > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    const at = FIELDS * this.size;
    const data = this.data;
    data[at] = message.worker;
    data[at + 1] = message.jobId;
    data[at + 2] = message.tag;
    data[at + 3] = message.count;
    this.size++;
  }

  /** Visits the logged messages in arrival order; the entry object is reused between calls. */
  forEach(visit: (message: GradientRef) => void): void {
    const { data, cursor } = this;
    for (let i = 0; i < this.size; i++) {
      const at = FIELDS * i;
      cursor.worker = data[at];
      cursor.jobId = data[at + 1];
      cursor.tag = data[at + 2];
      cursor.count = data[at + 3];
      visit(cursor);
    }
  }

  /** The worker of the `i`-th message. */
  workerAt(i: number): number {
    return this.data[FIELDS * i];
  }

  /** Forgets every message (the buffer is kept for the next update). */
  clear(): void {
    this.size = 0;
  }
}
