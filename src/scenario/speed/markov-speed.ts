import type { RandomStream } from '../../random/random-stream.ts';
import { SegmentProfile } from './segment-profile.ts';
import type { SegmentGenerator, SegmentSink } from './segment-profile.ts';

/** Parameters of {@link markovSpeed}; times in seconds. */
export interface MarkovOptions {
  /** Mean length of an up period, > 0. */
  readonly meanUp: number;
  /** Mean length of a down period, > 0. */
  readonly meanDown: number;
  /** Speed while up, ≥ 0; default 1. */
  readonly up?: number;
  /** Speed while down, ≥ 0; default 0 (unavailable). */
  readonly down?: number;
  /** Whether the worker starts up; default true. */
  readonly startUp?: boolean;
}

class MarkovGenerator implements SegmentGenerator {
  private t = 0;
  private isUp: boolean;
  private readonly upSpeed: number;
  private readonly downSpeed: number;

  constructor(
    private readonly options: MarkovOptions,
    private readonly rng: RandomStream,
  ) {
    this.isUp = options.startUp ?? true;
    this.upSpeed = options.up ?? 1;
    this.downSpeed = options.down ?? 0;
  }

  extend(sink: SegmentSink, until: number): void {
    while (sink.open && sink.knownEnd <= until) {
      const isUp = this.isUp;
      const duration = this.rng.exponential(isUp ? this.options.meanUp : this.options.meanDown);
      const end = this.t + duration;
      this.isUp = !isUp;
      // A state too short to move the clock (a zero draw, or below one ulp of t) is skipped.
      if (end > this.t) {
        sink.push(this.t, isUp ? this.upSpeed : this.downSpeed);
        this.t = end;
      }
    }
  }
}

/**
 * Two-state Markov availability: alternating up and down periods with exponential lengths of
 * means `meanUp` and `meanDown`, speed `up` while up and `down` while down. Segments are drawn
 * lazily from `rng`, which the profile owns from now on, in one fixed order (state length, then
 * the next state's), so the path does not depend on how the profile is queried.
 */
export function markovSpeed(options: MarkovOptions, rng: RandomStream): SegmentProfile {
  const up = options.up ?? 1;
  const down = options.down ?? 0;
  if (up === down) return SegmentProfile.fromBreakpoints([0], [up]);
  return new SegmentProfile(new MarkovGenerator(options, rng));
}
