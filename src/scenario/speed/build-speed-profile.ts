import type { RandomStream } from '../../random/random-stream.ts';
import type { SpeedProfileSpec } from './speed-shapes.ts';
import { constantSpeed } from './constant-speed.ts';
import { markovSpeed } from './markov-speed.ts';
import { productSpeed } from './product-speed.ts';
import { randomWalkSpeed } from './random-walk-speed.ts';
import { sineSpeed } from './sine-speed.ts';
import type { SpeedProfile } from './speed-profile.ts';
import { squareWave } from './square-wave.ts';
import { traceSpeed } from './trace-speed.ts';

export type { SpeedProfileSpec } from './speed-shapes.ts';

/**
 * Builds the profile for a validated spec (no checks here). Random profiles draw lazily from
 * `rng` for as long as the profile lives, so pass a stream dedicated to it; factor i of a product
 * draws from `rng.child(i)`. Building the same spec with the same stream gives the same profile.
 */
export function buildSpeedProfile(spec: SpeedProfileSpec, rng: RandomStream): SpeedProfile {
  switch (spec.kind) {
    case 'constant':
      return constantSpeed(spec.value);
    case 'trace':
      return traceSpeed(
        spec.points.map((p) => p[0]),
        spec.points.map((p) => p[1]),
        spec.repeat,
      );
    case 'square':
      return squareWave(spec);
    case 'sine':
      return sineSpeed(spec);
    case 'random-walk':
      return randomWalkSpeed(spec, rng);
    case 'markov':
      return markovSpeed(spec, rng);
    case 'product':
      return productSpeed(spec.factors.map((factor, i) => buildSpeedProfile(factor, rng.child(i))));
  }
}
