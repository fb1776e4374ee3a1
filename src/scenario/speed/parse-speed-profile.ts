import type { RandomStream } from '../../random/random-stream.ts';
import { buildSpeedProfile } from './build-speed-profile.ts';
import { readSpeedProfileSpec } from './speed-shapes.ts';
import type { SpeedProfile } from './speed-profile.ts';

/** What {@link parseSpeedProfile} needs besides the value. */
export interface SpeedParseOptions {
  /**
   * The stream random profiles draw from, lazily and for as long as the profile lives: pass one
   * dedicated to this profile (e.g. the worker's `speed` stream). Factor i of a product gets
   * `rng.child(i)`.
   */
  readonly rng: RandomStream;
  /** Reads a trace file named in the scenario (resolved by the caller) as text. */
  readonly readCsv: (file: string) => string;
}

/**
 * Validates a speed profile written in a scenario and builds it. Shapes (times in seconds, speeds
 * relative to nominal, unknown keys are errors):
 * `{ kind: 'constant', value }`,
 * `{ kind: 'trace', points: [[t, v], ...] | file: 'speeds.csv', repeat?: period }`,
 * `{ kind: 'square', period, low, high, duty?: 0.5, phase?: 0 }`,
 * `{ kind: 'sine', period, mean, amplitude, phase?: 0 }` (amplitude ≤ mean),
 * `{ kind: 'random-walk', interval, sigma, min, max, start?: 1 }`,
 * `{ kind: 'markov', meanUp, meanDown, up?: 1, down?: 0, startUp?: true }`,
 * `{ kind: 'product', factors: [...] }`.
 */
export function parseSpeedProfile(value: unknown, path: string, options: SpeedParseOptions): SpeedProfile {
  return buildSpeedProfile(readSpeedProfileSpec(value, path, options.readCsv), options.rng);
}

export { readSpeedProfileSpec } from './speed-shapes.ts';
