import type { RandomStream } from '../../random/random-stream.ts';
import { SegmentProfile } from './segment-profile.ts';
import type { SegmentGenerator, SegmentSink } from './segment-profile.ts';

/** Parameters of {@link randomWalkSpeed}. */
export interface RandomWalkOptions {
  /** Seconds between changes, > 0. */
  readonly interval: number;
  /** Log-scale step: each change multiplies the speed by exp(sigma·N(0, 1)); ≥ 0. */
  readonly sigma: number;
  /** Lower clamp, ≥ 0. */
  readonly min: number;
  /** Upper clamp, ≥ min. */
  readonly max: number;
  /** Speed on [0, interval), in [min, max]; default 1. */
  readonly start?: number;
}

class RandomWalkGenerator implements SegmentGenerator {
  private step = 0;
  private value: number;

  constructor(
    private readonly options: RandomWalkOptions,
    private readonly rng: RandomStream,
  ) {
    this.value = options.start ?? 1;
  }

  extend(sink: SegmentSink, until: number): void {
    const { interval, sigma, min, max } = this.options;
    while (sink.open && sink.knownEnd <= until) {
      // k·interval rather than a running sum: breakpoints stay exact multiples.
      sink.push(this.step * interval, this.value);
      // A walk that cannot move (or is stuck at an absorbing 0) is constant for ever.
      if (sigma === 0 || min === max || (this.value === 0 && min === 0)) {
        sink.close();
        return;
      }
      const next = this.value * Math.exp(sigma * this.rng.normal());
      this.value = next < min ? min : next > max ? max : next;
      this.step++;
    }
  }
}

/**
 * A seeded multiplicative random walk: piecewise constant, changing every `interval` seconds by a
 * factor exp(sigma·N(0,1)), clamped to [min, max]. Segments are drawn lazily from `rng`, which
 * the profile owns from now on, in one fixed order: the same stream always gives the same path,
 * however far and in whatever order the profile is queried.
 */
export function randomWalkSpeed(options: RandomWalkOptions, rng: RandomStream): SegmentProfile {
  return new SegmentProfile(new RandomWalkGenerator(options, rng));
}
