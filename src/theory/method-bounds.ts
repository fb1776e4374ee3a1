import { rennalaWithCommunicationTime } from './communication.ts';

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

/** Bounds that describe classes of methods rather than one method (for `roundtable theory`). */
export const REFERENCE_BOUNDS: Readonly<Record<string, MethodBound>> = {
  'Rennala/ASGD lower bound (with communication)': { formula: 'min_j max{h_(j), d·c_(j), s(Σ_{i≤j} 1/h_(i))⁻¹}', status: '[V]', communication: 'modelled', data: 'homogeneous', evaluate: ({ h, c, d, s }) => rennalaWithCommunicationTime(h, c, d, s) },
};
