import type { ServerEvent } from '../messages.ts';
import type { ServerIO } from '../server-io.ts';

/** What a hello means for a synchronous round. */
export type Welcome =
  /** No round is running (nobody was known): open one now. */
  | 'open'
  /** The round still waits for this worker: give it the round's job again. */
  | 'rejoin'
  /** It takes part from the next round. */
  | 'next';

/**
 * The bookkeeping of synchronous rounds, shared by Minibatch SGD and its family: the workers the
 * server knows (present at the start, or said hello since), the participants of the current
 * round (the members when it opened) and which of them have not delivered yet.
 */
export class RoundBook {
  /** Workers the server knows. */
  readonly members: Uint8Array;
  /** This round's participants that have not delivered yet. */
  readonly awaiting: Uint8Array;
  awaitingCount = 0;
  /** Participants of the current round (0: no round is running). */
  participants = 0;

  constructor(io: ServerIO) {
    const n = io.workerCount;
    this.members = new Uint8Array(n);
    for (let w = 0; w < n; w++) this.members[w] = io.presentAtStart(w) ? 1 : 0;
    this.awaiting = new Uint8Array(n);
  }

  /** Opens a round: every member is awaited, and `each(w)` is called for each, in id order. */
  open(each: (worker: number) => void): void {
    const { members, awaiting } = this;
    this.awaitingCount = 0;
    for (let w = 0; w < members.length; w++) {
      awaiting[w] = members[w];
      if (members[w] === 1) {
        this.awaitingCount++;
        each(w);
      }
    }
    this.participants = this.awaitingCount;
  }

  /** The arrival is a result of this round: computed at `iteration` by a participant that has not delivered. */
  belongs(event: ServerEvent, iteration: number): boolean {
    return event.type === 'grad.arrive' && event.tag === iteration && this.awaiting[event.worker] === 1;
  }

  /** Participant `worker` delivered its result. */
  delivered(worker: number): void {
    this.awaiting[worker] = 0;
    this.awaitingCount--;
  }

  /** Whether the round still waits for `worker`. */
  awaits(worker: number): boolean {
    return this.awaiting[worker] === 1;
  }

  /** A hello from `worker`: it is a member from now on; what that means for the round. */
  welcome(worker: number): Welcome {
    this.members[worker] = 1;
    if (this.participants === 0) return 'open';
    return this.awaiting[worker] === 1 ? 'rejoin' : 'next';
  }

  /** Participants that have not delivered, ascending. */
  awaitingWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.awaiting.length; w++) if (this.awaiting[w] === 1) out.push(w);
    return out;
  }
}
