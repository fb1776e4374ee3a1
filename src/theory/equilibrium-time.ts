/**
 * Shadowheart's equilibrium time t*(ω, s, [h_i, τ_i]) (ALGORITHMS §4.1, Def. 4.2) and the
 * per-iteration plan it induces (Alg. 1): batch sizes b_i, message counts m_i, weights w_i.
 *
 * Notation: s = σ²/ε; h_i = seconds per stochastic gradient on worker i; τ_i = seconds to send
 * ONE compressed message from worker i (for RandK, K × the per-float time). With
 * A_i = 2τ_iω + 2h_i·s and B_i = 4τ_ih_iω·s, Def. 4.2's fixed-point map for a worker set P is
 * rhs_P(t) = [Σ_{i∈P} 1/(A_i + B_i/t)]^{-1}, and t/rhs_P(t) = Σ_{i∈P} t/(A_i + B_i/t) is
 * increasing in t from 0 to ∞, so t − rhs_P(t) changes sign exactly once on (0, ∞): s*(P) is the
 * smallest t with t/rhs_P(t) ≥ 1. Every solve below bisects on that test over the bit patterns
 * of the positive doubles, which is bisection in log space (exponent first, then mantissa) and
 * ends on adjacent doubles after at most 64 evaluations.
 *
 * Numerical conventions (shared by every function here):
 * - h_i, τ_i ∈ [0, ∞]; ω, s finite and ≥ 0. Anything else is a RangeError.
 * - A worker with h_i = ∞ or τ_i = ∞ sorts last and its prefixes cost max{h, τ} = ∞, so it never
 *   changes t*. If every worker is like that, t* = ∞.
 * - A zero denominator (A_i = B_i = 0: ω = 0 and s = 0, or h_i = τ_i = 0, or h_i = 0 with ω = 0,
 *   or τ_i = 0 with s = 0) means s*(j) = max{h_πj, τ_πj} (Def. 4.2's rule), which is also the
 *   limit of the formula. A worker with h = τ = 0 gives t* = 0.
 * - Inputs so large that τω, h·s or their product overflow (≈ 1e308) make that worker useless.
 */

/** One worker of Shadowheart's time model (ALGORITHMS §0.1 model 2). */
export interface ShadowheartWorker {
  /** h_i: seconds per stochastic gradient, in [0, ∞] (∞: never computes). */
  readonly hSeconds: number;
  /** τ_i: seconds to send one compressed message, in [0, ∞] (∞: never gets through). */
  readonly tauSeconds: number;
}

/** Workers with a finite key max{h, τ}, sorted by (key, A, B): a total order on the terms. */
interface PreparedWorkers {
  readonly key: Float64Array;
  /** A_i = 2τ_iω + 2h_i·s, seconds. */
  readonly linear: Float64Array;
  /** B_i = 4τ_ih_iω·s, seconds². */
  readonly quadratic: Float64Array;
}

/**
 * t*(ω, s, workers): min over prefixes j of the workers sorted by max{h_i, τ_i} of
 * max{max(h_πj, τ_πj), s*(j)} (Def. 4.2), in seconds.
 *
 * Computed as one root-find: for a time t, the best prefix is every worker with
 * max{h_i, τ_i} ≤ t (s*(j) is nonincreasing in j), so t* is the smallest t with
 * Σ_{i: max(h_i,τ_i) ≤ t} t/(A_i + B_i/t) ≥ 1. That sum is nondecreasing in t, so bisection
 * applies; the result is the smallest double that passes the test in floating point (relative
 * error about n·2^-53). It agrees with {@link equilibriumTimeByPrefixes}, the literal definition.
 * Summation runs in (key, A, B) order, so the result is bitwise invariant under permutations of
 * `workers`. O(n log n).
 *
 * @param omega ω ≥ 0, the compressor's variance parameter.
 * @param s σ²/ε ≥ 0 (dimensionless).
 * @param workers h_i and τ_i per worker (any order).
 */
export function equilibriumTime(omega: number, s: number, workers: readonly ShadowheartWorker[]): number {
  checkInputs('equilibriumTime', omega, s, workers);
  const { key, linear, quadratic } = prepare(omega, s, workers);
  const n = key.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) hi = Math.min(hi, Math.max(key[i], singleWorkerBound(linear[i], quadratic[i])));
  return smallestDoubleWhere((t) => {
    let ratio = 0;
    for (let i = 0; i < n && key[i] <= t; i++) ratio += t / (linear[i] + quadratic[i] / t);
    return ratio >= 1;
  }, hi);
}

/**
 * t* by the letter of Def. 4.2: sort by max{h_i, τ_i}, solve s*(j) for every prefix j by log-space
 * bisection (with the zero-denominator rule), take min_j max{max(h_πj, τ_πj), s*(j)}. O(n² log)
 * work: the reference that {@link equilibriumTime} is tested against. Same conventions.
 */
export function equilibriumTimeByPrefixes(omega: number, s: number, workers: readonly ShadowheartWorker[]): number {
  checkInputs('equilibriumTimeByPrefixes', omega, s, workers);
  const { key, linear, quadratic } = prepare(omega, s, workers);
  let best = Number.POSITIVE_INFINITY;
  let hi = Number.POSITIVE_INFINITY;
  let zeroDenominator = false;
  for (let j = 0; j < key.length; j++) {
    hi = Math.min(hi, singleWorkerBound(linear[j], quadratic[j]));
    if (linear[j] === 0 && quadratic[j] === 0) zeroDenominator = true;
    const last = j;
    const sStar = zeroDenominator
      ? key[j]
      : smallestDoubleWhere((t) => {
        let ratio = 0;
        for (let i = 0; i <= last; i++) ratio += t / (linear[i] + quadratic[i] / t);
        return ratio >= 1;
      }, hi);
    best = Math.min(best, Math.max(key[j], sStar));
  }
  return best;
}

/**
 * The closed form for n equal workers (h, τ) (ALGORITHMS §4.1, checked against the solver):
 * t* = max{h, τ, a + sqrt(a² + 4τhω·s/n)} with a = (τω + h·s)/n. Seconds; ∞ if h or τ is ∞.
 *
 * @param h seconds per stochastic gradient, ≥ 0.
 * @param tau seconds per compressed message, ≥ 0.
 * @param omega ω ≥ 0.
 * @param s σ²/ε ≥ 0.
 * @param n number of workers, ≥ 1.
 */
export function equalWorkersEquilibriumTime(h: number, tau: number, omega: number, s: number, n: number): number {
  if (h === Number.POSITIVE_INFINITY || tau === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  const a = (tau * omega + h * s) / n;
  return Math.max(h, tau, a + Math.sqrt(a * a + (4 * (tau * omega) * (h * s)) / n));
}

/** Alg. 1's static assignment for one equilibrium time. Arrays are indexed like the input. */
export interface ShadowheartPlan {
  /** t*, seconds. */
  readonly equilibriumSeconds: number;
  /** b_i = ⌊t* ÷ h_i⌋ (capped); 0 for inactive workers. */
  readonly batchSizes: readonly number[];
  /** m_i = ⌊t* ÷ τ_i⌋ (capped); 0 for inactive workers. */
  readonly messageCounts: readonly number[];
  /** i ∈ A ⇔ b_i > 0 and m_i > 0. */
  readonly active: readonly boolean[];
  /** w_i = 1/(b_iω + ωs + m_is); 1 if ω = s = 0; 0 for inactive workers. */
  readonly weights: readonly number[];
  /** Σ_{i∈A} w_i m_i b_i: the server divides the weighted message sum by this. */
  readonly normalizer: number;
}

/** Caps on the plan's counts (integers ≥ 1 or ∞; default ∞). */
export interface ShadowheartPlanOptions {
  /**
   * Upper bound on m_i. The authors' experiments use ⌈d/K⌉ for RandK
   * (`clip_number_of_communications`); the paper has no cap.
   */
  readonly maxMessages?: number;
  /** Upper bound on b_i; needed for h_i = 0, where ⌊t* ÷ h_i⌋ is unbounded. */
  readonly maxBatch?: number;
}

/**
 * Shadowheart's server plan (Alg. 1): t* = {@link equilibriumTime}, then per worker
 * b_i = ⌊t* ÷ h_i⌋, m_i = ⌊t* ÷ τ_i⌋, the active set A = {i : b_i > 0 and m_i > 0} and the weights.
 * Every worker with max{h_i, τ_i} ≤ t* is active, so A is never empty when t* is finite.
 *
 * Convention: h_i = 0 (τ_i = 0) fits unboundedly many gradients (messages) into any window,
 * including t* = 0, so b_i = maxBatch (m_i = maxMessages), which is ∞ unless capped; with an
 * uncapped ∞ the weights and the normalizer follow IEEE arithmetic (w_i = 0 when the infinite
 * count meets a positive ω or s). Simulators should pass finite caps.
 */
export function shadowheartPlan(
  omega: number,
  s: number,
  workers: readonly ShadowheartWorker[],
  options: ShadowheartPlanOptions = {},
): ShadowheartPlan {
  const maxMessages = options.maxMessages ?? Number.POSITIVE_INFINITY;
  const maxBatch = options.maxBatch ?? Number.POSITIVE_INFINITY;
  checkCap('maxMessages', maxMessages);
  checkCap('maxBatch', maxBatch);
  const t = equilibriumTime(omega, s, workers);
  const batchSizes: number[] = [];
  const messageCounts: number[] = [];
  const active: boolean[] = [];
  const weights: number[] = [];
  let normalizer = 0;
  for (const { hSeconds, tauSeconds } of workers) {
    const b = hSeconds === 0 ? maxBatch : Math.min(maxBatch, Math.floor(t / hSeconds));
    const m = tauSeconds === 0 ? maxMessages : Math.min(maxMessages, Math.floor(t / tauSeconds));
    // NaN (t* = ∞ over an infinite time) fails both tests: inactive.
    const isActive = b > 0 && m > 0;
    let w = 0;
    if (isActive) {
      // ω = 0 or s = 0 zeroes its terms even against an infinite count.
      const denominator = (omega === 0 ? 0 : b * omega + omega * s) + (s === 0 ? 0 : m * s);
      w = denominator === 0 ? 1 : 1 / denominator;
      normalizer += w * m * b;
    }
    batchSizes.push(isActive ? b : 0);
    messageCounts.push(isActive ? m : 0);
    active.push(isActive);
    weights.push(w);
  }
  return { equilibriumSeconds: t, batchSizes, messageCounts, active, weights, normalizer };
}

/** An upper bound on s*({i}) alone: at t = 2(A + √B), t² ≥ 2At + 4B > At + B, so t/(A + B/t) > 1. */
function singleWorkerBound(linear: number, quadratic: number): number {
  return 2 * (linear + Math.sqrt(quadratic));
}

function prepare(omega: number, s: number, workers: readonly ShadowheartWorker[]): PreparedWorkers {
  const rows: { key: number; linear: number; quadratic: number }[] = [];
  for (const { hSeconds: h, tauSeconds: tau } of workers) {
    const key = Math.max(h, tau);
    if (key === Number.POSITIVE_INFINITY) continue;
    const tauOmega = tau * omega;
    const hS = h * s;
    rows.push({ key, linear: 2 * tauOmega + 2 * hS, quadratic: 4 * tauOmega * hS });
  }
  rows.sort((p, q) => p.key - q.key || p.linear - q.linear || p.quadratic - q.quadratic);
  return {
    key: Float64Array.from(rows, (r) => r.key),
    linear: Float64Array.from(rows, (r) => r.linear),
    quadratic: Float64Array.from(rows, (r) => r.quadratic),
  };
}

/** Scratch for reinterpreting doubles as their 64-bit patterns. */
const bitView = new DataView(new ArrayBuffer(8));

function bitsOf(x: number): bigint {
  bitView.setFloat64(0, x);
  return bitView.getBigUint64(0);
}

function fromBits(b: bigint): number {
  bitView.setBigUint64(0, b);
  return bitView.getFloat64(0);
}

/**
 * The smallest double t in (0, hi] with holds(t), for a test that is false near 0, true at hi and
 * monotone in between. Bit patterns of non-negative doubles are ordered like their values, so
 * halving the pattern interval halves the exponent range first: log-space bisection, then linear
 * within a binade. holds(hi) is assumed, not evaluated (hi may be ∞); hi = 0 returns 0.
 */
function smallestDoubleWhere(holds: (t: number) => boolean, hi: number): number {
  let loBits = 0n;
  let hiBits = bitsOf(hi);
  while (hiBits - loBits > 1n) {
    const midBits = (loBits + hiBits) >> 1n;
    if (holds(fromBits(midBits))) hiBits = midBits;
    else loBits = midBits;
  }
  return fromBits(hiBits);
}

function checkInputs(caller: string, omega: number, s: number, workers: readonly ShadowheartWorker[]): void {
  if (!(omega >= 0 && omega < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${caller}: omega must be a finite number ≥ 0; got ${omega}`);
  }
  if (!(s >= 0 && s < Number.POSITIVE_INFINITY)) {
    throw new RangeError(`${caller}: s (σ²/ε) must be a finite number ≥ 0; got ${s}`);
  }
  workers.forEach(({ hSeconds, tauSeconds }, i) => {
    if (!(hSeconds >= 0)) throw new RangeError(`${caller}: workers[${i}].hSeconds must be ≥ 0 (∞ allowed); got ${hSeconds}`);
    if (!(tauSeconds >= 0)) throw new RangeError(`${caller}: workers[${i}].tauSeconds must be ≥ 0 (∞ allowed); got ${tauSeconds}`);
  });
}

function checkCap(name: string, cap: number): void {
  if (!(cap >= 1) || (cap !== Number.POSITIVE_INFINITY && !Number.isSafeInteger(cap))) {
    throw new RangeError(`shadowheartPlan: ${name} must be an integer ≥ 1 or Infinity; got ${cap}`);
  }
}
