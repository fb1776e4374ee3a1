import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { combineSeeds, deriveSeed, expandSeed } from './seed.ts';

/**
 * One named stream of pseudo-random numbers (pure-rand's xoroshiro128+), with the samplers
 * the simulator needs. A stream is mutable and must only be drawn from by its owner.
 */
export class RandomStream {
  /** Made on the first draw: most job streams (a noiseless oracle) are never drawn from. */
  private generator: RandomGenerator | undefined = undefined;
  /** Second normal deviate of the last Box–Muller pair, or NaN when none is cached. */
  private spareNormal = Number.NaN;

  constructor(private seedValue: number) {}

  get seed(): number {
    return this.seedValue;
  }

  /**
   * Makes this object the stream of `seed`, from its start, without allocating: the per-job
   * streams of a worker are one object each, reseeded for every job (see {@link childInto}).
   */
  reseed(seed: number): void {
    this.seedValue = seed;
    this.generator = undefined;
    this.spareNormal = Number.NaN;
  }

  /** `into`, reseeded as this stream's sub-stream `key` (what {@link child} returns), and returned. */
  childInto(key: number, into: RandomStream): RandomStream {
    into.reseed(combineSeeds(this.seedValue, key));
    return into;
  }

  private get rng(): RandomGenerator {
    return (this.generator ??= xoroshiro128plusFromState(expandSeed(this.seedValue)));
  }

  /** The stream `name` under `rootSeed`. */
  static named(rootSeed: number, name: string): RandomStream {
    return new RandomStream(deriveSeed(rootSeed, name));
  }

  /** A sub-stream keyed by an integer (for example one per job), independent of this stream's draws. */
  child(key: number): RandomStream {
    return new RandomStream(combineSeeds(this.seedValue, key));
  }

  /** Uniform on [0, 1), 53 random bits. */
  uniform(): number {
    return uniformFloat64(this.rng);
  }

  /** Uniform on (0, 1]: safe to take the logarithm of. */
  uniformPositive(): number {
    return 1 - uniformFloat64(this.rng);
  }

  /** Uniform integer in [0, bound). */
  int(bound: number): number {
    return Math.floor(this.uniform() * bound);
  }

  /** Standard normal N(0, 1) by the Box–Muller transform (pairs are cached). */
  normal(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = Number.NaN;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(this.uniformPositive()));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }

  /** Exponential with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(this.uniformPositive());
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}
