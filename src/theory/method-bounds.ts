import { minibatchWithCommunicationTime, qsgdWithCommunicationTime, rennalaWithCommunicationTime, shadowheartTime } from './communication.ts';
import { amelieTime, minibatchOnGraphTime } from './decentralized.ts';
import { asgdTime, heroTime, ia2sgdTime, maleniaTime, rennalaTime } from './fixed-model.ts';

/** What a bound needs to know about the world: nominal compute and per-float link times, d, s = σ²/ε. */
export interface BoundInputs {
  /** Seconds per gradient, per worker. */
  readonly h: readonly number[];
  /** Seconds per float sent to the server, per worker. */
  readonly c: readonly number[];
  readonly d: number;
  /** σ²/ε. */
  readonly s: number;
  /** On a graph: max_{i,j} τ_{i→j}, the longest shortest-path time of a d-float vector. */
  readonly longestRoute?: number;
}

/** The time complexity a method's paper proves, in units of LΔ/ε, and where it applies. */
export interface MethodBound {
  /** The formula, as printed in tables. */
  readonly formula: string;
  /** Confidence tag of ALGORITHMS.md. */
  readonly status: '[V]' | '[R]';
  /**
   * `free`: proved for free communication; `any`: models per-float link costs and reduces to the
   * compute-only bound when links are free; `modelled`: about communication (shown only when
   * links cost something); `graph`: a decentralized method's bound, over the scenario's topology.
   */
  readonly communication: 'free' | 'any' | 'modelled' | 'graph';
  /** `homogeneous`: proved for workers sampling the same distribution; `any`: also heterogeneous data. */
  readonly data: 'homogeneous' | 'any';
  /** The bound for these inputs. */
  evaluate(inputs: BoundInputs): number;
}

/**
 * The time complexity behind each method id, where ALGORITHMS.md §7.1 gives one. Bounds hold
 * in the fixed computation model; compute-only bounds also assume free communication.
 */
export const METHOD_BOUNDS: Readonly<Record<string, MethodBound>> = {
  hero: { formula: 'τ₁(1 + s)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => heroTime(h, s) },
  // With free links max{h_i, d·c_i} is τ_i: the communication form covers both.
  minibatch: { formula: 'max_i max{h_i, d·c_i}(1 + s/n)', status: '[V]', communication: 'any', data: 'any', evaluate: ({ h, c, d, s }) => minibatchWithCommunicationTime(h, c, d, s) },
  asgd: { formula: '(mean 1/τ)⁻¹(1 + s/n)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => asgdTime(h, s) },
  'delay-adaptive-asgd': { formula: '(mean 1/τ)⁻¹(1 + s/n)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => asgdTime(h, s) },
  rennala: { formula: 'min_m (mean_{i≤m} 1/τ)⁻¹(1 + s/m)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => rennalaTime(h, s).time },
  ringmaster: { formula: 'min_m (mean_{i≤m} 1/τ)⁻¹(1 + s/m)', status: '[V]', communication: 'free', data: 'homogeneous', evaluate: ({ h, s }) => rennalaTime(h, s).time },
  malenia: { formula: 'τ_n + τ_avg·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  ringleader: { formula: 'τ_n + τ_avg·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  'rescaled-asgd': { formula: 'τ_n + τ_avg·s/n (leading term)', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => maleniaTime(h, s) },
  ia2sgd: { formula: 'τ_n + τ_n·s/n', status: '[V]', communication: 'free', data: 'any', evaluate: ({ h, s }) => ia2sgdTime(h, s) },
  shadowheart: { formula: 't*(d − 1, s, [h_i, c_i])', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => shadowheartTime(h, c, d, s) },
  amelie: { formula: 'max{max τ_{i→j}, max h_i, (s/n)·mean h}', status: '[V]', communication: 'graph', data: 'any', evaluate: ({ h, s, longestRoute }) => amelieTime(h, routeOf(longestRoute), s) },
  'minibatch-graph': { formula: 'max{(1 + s/n)·max τ_{i→j}, max h_i}', status: '[V]', communication: 'graph', data: 'any', evaluate: ({ h, s, longestRoute }) => minibatchOnGraphTime(h, routeOf(longestRoute), s) },
  'qsgd-minibatch': { formula: 'max_i max{h_i, c_i}((d/n + 1) + d·s/n)', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => qsgdWithCommunicationTime(h, c, d, s) },
};

/** Bounds that describe classes of methods rather than one method (for `roundtable theory`). */
export const REFERENCE_BOUNDS: Readonly<Record<string, MethodBound>> = {
  'Rennala/ASGD lower bound (with communication)': { formula: 'min_j max{h_(j), d·c_(j), s(Σ_{i≤j} 1/h_(i))⁻¹}', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => rennalaWithCommunicationTime(h, c, d, s) },
};

function routeOf(longestRoute: number | undefined): number {
  if (longestRoute === undefined) throw new Error('a graph bound needs the longest route time τ_{i→j}');
  return longestRoute;
}
