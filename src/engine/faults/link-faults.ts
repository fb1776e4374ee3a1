import { sample } from '../../random/distributions.ts';
import { RandomStream } from '../../random/random-stream.ts';
import type { DelayFault, DuplicateFault, FaultSpec, LinkDirection, LossFault, PartitionFault } from '../../scenario/fault-types.ts';

/** What partitions make of a link at some time. */
export type LinkState = 'up' | 'cut' | 'holding';

/** What the network does with one message sent at some time. */
export interface SendDecision {
  /** Dropped (loss, or a partition in drop mode). */
  drop: boolean;
  /** Not before this time (a partition in hold mode holds it until the heal). */
  notBefore: number;
  /** Seconds added to the message's transfer time. */
  extraDelay: number;
  /** Delivered twice. */
  duplicate: boolean;
}

type LinkFault = DelayFault | LossFault | DuplicateFault | PartitionFault;

interface Rule {
  readonly fault: LinkFault;
  /** This fault's own stream for this link: draws never shift other links or faults. */
  readonly rng: RandomStream;
}

/**
 * The link faults that apply to one direction of one worker's link, consulted when a message
 * is sent. Decisions depend only on the send time and the rule's own random stream, so a fault
 * with p = 0 changes nothing at all, and adding one fault never moves another's draws.
 */
export class LinkFaults {
  private readonly decision: SendDecision = { drop: false, notBefore: 0, extraDelay: 0, duplicate: false };

  constructor(private readonly rules: readonly Rule[]) {}

  /** The rules of `faults` that hit worker `worker`'s link in direction `direction`, or undefined if none. */
  static forLink(faults: readonly FaultSpec[], worker: number, direction: 'up' | 'down', seed: number): LinkFaults | undefined {
    const rules: Rule[] = [];
    faults.forEach((fault, index) => {
      if (!isLinkFault(fault) || !fault.workers.includes(worker)) return;
      if (fault.kind !== 'partition' && !covers(fault.direction, direction)) return;
      rules.push({ fault, rng: RandomStream.named(seed, `faults/${index}/link/${worker}/${direction}`) });
    });
    return rules.length === 0 ? undefined : new LinkFaults(rules);
  }

  /**
   * The rules that apply to the directed graph edge `from → to`: faults on the edge {from, to}
   * (both directions), and faults on the nodes' own links: `from`'s uplink faults (`up`) and
   * `to`'s downlink faults (`down`); a partition of either node cuts the edge.
   */
  static forEdge(faults: readonly FaultSpec[], from: number, to: number, seed: number): LinkFaults | undefined {
    const rules: Rule[] = [];
    const [a, b] = from < to ? [from, to] : [to, from];
    faults.forEach((fault, index) => {
      if (!isLinkFault(fault)) return;
      const onEdge = fault.edges?.some(([x, y]) => x === a && y === b) === true;
      const viaNodes =
        fault.kind === 'partition'
          ? fault.workers.includes(from) || fault.workers.includes(to)
          : (fault.workers.includes(from) && covers(fault.direction, 'up')) || (fault.workers.includes(to) && covers(fault.direction, 'down'));
      if (!onEdge && !viaNodes) return;
      rules.push({ fault, rng: RandomStream.named(seed, `faults/${index}/edge/${from}-${to}`) });
    });
    return rules.length === 0 ? undefined : new LinkFaults(rules);
  }

  /**
   * The link's state at `now`, as partitions make it (in the style of turmoil's link states):
   * `up`, `cut` (messages sent now are dropped) or `holding` (they wait for the heal). The one
   * source both the links (when they send) and the graph router (when it routes a round) read.
   */
  stateAt(now: number): LinkState {
    let state: LinkState = 'up';
    for (const { fault } of this.rules) {
      if (fault.kind !== 'partition' || now < fault.from || now >= fault.to) continue;
      if (fault.mode === 'drop') return 'cut';
      state = 'holding';
    }
    return state;
  }

  /**
   * Whether every message sent from `from` on cannot arrive by `horizon`: a partition (dropping
   * or holding) or a certain loss whose window covers [from, horizon] and lasts beyond it. A
   * run whose server waits only on such links waits in vain.
   */
  blocksThrough(from: number, horizon: number): boolean {
    for (const { fault } of this.rules) {
      if (fault.from > from || !(fault.to > horizon || fault.to === Infinity)) continue;
      if (fault.kind === 'partition' || (fault.kind === 'loss' && fault.p === 1)) return true;
    }
    return false;
  }

  /** Decides the fate of a message sent at `now`. The returned object is reused: read it at once. */
  decide(now: number): SendDecision {
    const d = this.decision;
    d.drop = false;
    d.notBefore = now;
    d.extraDelay = 0;
    d.duplicate = false;
    for (const { fault, rng } of this.rules) {
      if (now < fault.from || now >= fault.to) continue;
      switch (fault.kind) {
        case 'partition':
          if (fault.mode === 'drop') d.drop = true;
          else d.notBefore = Math.max(d.notBefore, fault.to);
          break;
        case 'loss':
          // Always draw, so the stream's position depends only on how many messages were sent.
          if (rng.uniform() < fault.p) d.drop = true;
          break;
        case 'duplicate':
          if (rng.uniform() < fault.p) d.duplicate = true;
          break;
        case 'delay':
          d.extraDelay += sample(fault.extra, rng);
          break;
      }
    }
    return d;
  }
}

function isLinkFault(fault: FaultSpec): fault is LinkFault {
  return fault.kind === 'delay' || fault.kind === 'loss' || fault.kind === 'duplicate' || fault.kind === 'partition';
}

function covers(direction: LinkDirection, link: 'up' | 'down'): boolean {
  return direction === 'both' || direction === link;
}
