import { fc, it } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { RandomStream } from '../../src/random/random-stream.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import { integrateSmooth } from '../../src/scenario/speed/gauss-kronrod.ts';
import {
  buildSpeedProfile,
  constantSpeed,
  markovSpeed,
  parseSpeedProfile,
  productSpeed,
  randomWalkSpeed,
  readSpeedProfileSpec,
  SegmentProfile,
  sineSpeed,
  squareWave,
  traceSpeed,
  windowed,
} from '../../src/scenario/speed/index.ts';
import type { SpeedProfile, SpeedProfileSpec as Spec, SpeedWindow } from '../../src/scenario/speed/index.ts';

// ----- an independent reference: s(t) written from the parameters, integrated numerically -----

/** The test's own model of a profile: s(t), its jumps in (a, b), and whether it is smooth. */
interface Ref {
  at(t: number): number;
  breaks(a: number, b: number): number[];
  readonly smooth: boolean;
}


const mod = (x: number, p: number) => x - Math.floor(x / p) * p;

/** Last index k with times[k] ≤ t. */
function lastAtOrBefore(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** A piecewise-constant path drawn on demand by `next` (time of the next change and its speed). */
function lazyPath(first: number, next: () => [number, number]): Ref {
  const times = [0];
  const speeds = [first];
  const upTo = (t: number) => {
    while (times[times.length - 1] <= t) {
      const [time, speed] = next();
      times.push(time);
      speeds.push(speed);
    }
  };
  return {
    smooth: false,
    at: (t) => (upTo(t), speeds[lastAtOrBefore(times, t)]),
    breaks: (a, b) => (upTo(b), times.filter((t) => t > a && t < b)),
  };
}

function periodicBreaks(offsets: readonly number[], period: number, a: number, b: number): number[] {
  const out: number[] = [];
  for (let k = Math.floor(a / period) - 1; k * period <= b; k++) {
    for (const o of offsets) {
      const t = k * period + o;
      if (t > a && t < b) out.push(t);
    }
  }
  return [...new Set(out)].sort((x, y) => x - y);
}

/** The reference for a spec in the scenario's JSON shape, drawing random paths from its own copy of the stream. */
function refOf(spec: Spec, rng: RandomStream): Ref {
  switch (spec.kind) {
    case 'constant': {
      const v = spec.value;
      return { smooth: false, at: () => v, breaks: () => [] };
    }
    case 'trace': {
      const { points, repeat } = spec;
      const times = points.map((p) => p[0]);
      const local = (t: number) => (repeat === undefined ? t : mod(t, repeat));
      return {
        smooth: false,
        at: (t) => points[lastAtOrBefore(times, local(t))][1],
        breaks: (a, b) =>
          repeat === undefined ? times.filter((t) => t > a && t < b) : periodicBreaks([...times, repeat], repeat, a, b),
      };
    }
    case 'square': {
      const { period, duty, phase, low, high } = spec;
      return {
        smooth: false,
        at: (t) => (mod(t + phase, period) < duty * period ? high : low),
        breaks: (a, b) => periodicBreaks([mod(-phase, period), mod(duty * period - phase, period)], period, a, b),
      };
    }
    case 'sine': {
      const { period, mean, amplitude, phase } = spec;
      return { smooth: true, at: (t) => mean + amplitude * Math.sin((2 * Math.PI * (t + phase)) / period), breaks: () => [] };
    }
    case 'random-walk': {
      const { interval, sigma, min, max } = spec;
      let value = spec.start;
      let k = 0;
      return lazyPath(value, () => {
        value = Math.min(max, Math.max(min, value * Math.exp(sigma * rng.normal())));
        k += 1;
        return [k * interval, value];
      });
    }
    case 'markov': {
      const { up, down, meanUp, meanDown } = spec;
      let isUp = spec.startUp;
      let t = 0;
      return lazyPath(isUp ? up : down, () => {
        t += rng.exponential(isUp ? meanUp : meanDown);
        isUp = !isUp;
        return [t, isUp ? up : down];
      });
    }
    case 'product': {
      const factors = spec.factors.map((f, i) => refOf(f, rng.child(i)));
      return {
        smooth: factors.some((f) => f.smooth),
        at: (t) => factors.reduce((p, f) => p * f.at(t), 1),
        breaks: (a, b) => [...new Set(factors.flatMap((f) => f.breaks(a, b)))].sort((x, y) => x - y),
      };
    }
  }
}

function windowedRef(base: Ref, windows: readonly SpeedWindow[]): Ref {
  const factorAt = (t: number) => windows.reduce((f, w) => (w.from <= t && t < w.to ? f * w.factor : f), 1);
  return {
    smooth: base.smooth,
    at: (t) => factorAt(t) * base.at(t),
    breaks: (a, b) =>
      [...new Set([...base.breaks(a, b), ...windows.flatMap((w) => [w.from, w.to]).filter((t) => t > a && t < b)])].sort((x, y) => x - y),
  };
}

/** Midpoint-rule cells: no wider than h and never straddling a jump (then exact for constant pieces). */
function cellsOf(ref: Ref, a: number, b: number, h: number): number[] {
  const edges = [a];
  for (const jump of [...ref.breaks(a, b), b]) {
    const from = edges[edges.length - 1];
    const count = Math.max(1, Math.ceil((jump - from) / h));
    for (let i = 1; i <= count; i++) edges.push(i === count ? jump : from + ((jump - from) * i) / count);
  }
  return edges;
}

const stepOf = (ref: Ref) => (ref.smooth ? 1e-3 : 1);

function refIntegral(ref: Ref, a: number, b: number): number {
  if (!(b > a)) return 0;
  const edges = cellsOf(ref, a, b, stepOf(ref));
  let sum = 0;
  for (let i = 1; i < edges.length; i++) sum += (edges[i] - edges[i - 1]) * ref.at((edges[i - 1] + edges[i]) / 2);
  return sum;
}

/** First t with ∫_{t0}^t s = work by the midpoint rule, then bisection inside the last cell; Infinity past `horizon`. */
function refFinish(ref: Ref, t0: number, work: number, horizon: number): number {
  if (work === 0) return t0;
  const h = stepOf(ref);
  let acc = 0;
  let a = t0;
  for (const jump of [...ref.breaks(t0, horizon), horizon]) {
    const from = a;
    const count = Math.max(1, Math.ceil((jump - from) / h));
    for (let i = 1; i <= count; i++) {
      const b = i === count ? jump : from + ((jump - from) * i) / count;
      const cell = (b - a) * ref.at((a + b) / 2);
      if (acc + cell >= work) return bisectCell(ref, a, b, work - acc);
      acc += cell;
      a = b;
    }
  }
  return Infinity;
}

/** The x in [a, b] where the midpoint-rule integral from a reaches `rest`, by bisection. */
function bisectCell(ref: Ref, a: number, b: number, rest: number): number {
  const sub = ref.smooth ? 8 : 1;
  const partial = (x: number) => {
    let s = 0;
    for (let j = 0; j < sub; j++) s += ((x - a) / sub) * ref.at(a + ((x - a) * (j + 0.5)) / sub);
    return s - rest;
  };
  let lo = a;
  let hi = b;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return hi;
    if (partial(mid) >= 0) hi = mid;
    else lo = mid;
  }
}

// ----- arbitraries: scenario-shaped specs with well-conditioned parameters -----

const eighths = (min: number, max: number) => fc.integer({ min: min * 8, max: max * 8 }).map((k) => k / 8);
const real = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const speedOrZero = fc.oneof(fc.constant(0), eighths(0.25, 4));

const constantArb = speedOrZero.map((value): Spec => ({ kind: 'constant', value }));
const traceArb = fc
  .record({
    gaps: fc.array(eighths(0.125, 4), { minLength: 0, maxLength: 7 }),
    speeds: fc.array(speedOrZero, { minLength: 8, maxLength: 8 }),
    repeatGap: fc.option(eighths(0.125, 4), { nil: undefined }),
  })
  .map(({ gaps, speeds, repeatGap }): Spec => {
    const times = [0];
    for (const g of gaps) times.push(times[times.length - 1] + g);
    const points = times.map((t, i): [number, number] => [t, speeds[i]]);
    const last = times[times.length - 1];
    return repeatGap === undefined ? { kind: 'trace', points } : { kind: 'trace', points, repeat: last + repeatGap };
  });
const squareArb = fc.record({
  kind: fc.constant('square' as const),
  period: real(0.5, 8),
  low: speedOrZero,
  high: real(0.25, 4),
  duty: real(0.1, 0.9),
  phase: real(-5, 5),
});
const sineArb = fc
  .record({ period: real(1, 8), mean: real(0.5, 2), ratio: real(0, 0.8), phase: real(-5, 5) })
  .map(({ period, mean, ratio, phase }): Spec => ({ kind: 'sine', period, mean, amplitude: ratio * mean, phase }));
const randomWalkArb = fc
  .record({ interval: real(0.25, 2), sigma: real(0, 0.5), min: real(0.1, 0.5), max: real(1, 3), u: real(0, 1) })
  .map(({ interval, sigma, min, max, u }): Spec => ({ kind: 'random-walk', interval, sigma, min, max, start: Math.min(max, min + u * (max - min)) }));
const markovArb = fc.record({
  kind: fc.constant('markov' as const),
  meanUp: real(0.5, 4),
  meanDown: real(0.25, 2),
  up: real(0.5, 2),
  down: fc.oneof(fc.constant(0), real(0.25, 1)),
  startUp: fc.boolean(),
});
const leafArb: fc.Arbitrary<Spec> = fc.oneof(constantArb, traceArb, squareArb, sineArb, randomWalkArb, markovArb);
const productArb = fc.array(leafArb, { minLength: 2, maxLength: 3 }).map((factors): Spec => ({ kind: 'product', factors }));
const specArb: fc.Arbitrary<Spec> = fc.oneof(leafArb, productArb);
const windowsArb = fc.array(
  fc.record({ from: real(0, 20), length: real(0.1, 8), factor: fc.constantFrom(0, 0.25, 0.5, 2) }).map(({ from, length, factor }) => ({ from, to: from + length, factor })),
  { maxLength: 3 },
);

const seedArb = fc.integer({ min: 0, max: 0xffff_ffff });
const noCsv = (): string => {
  throw new Error('no files in this test');
};

interface Case {
  readonly profile: SpeedProfile;
  readonly ref: Ref;
}

function build(spec: Spec, seed: number, windows: readonly SpeedWindow[] = []): Case {
  const profile = parseSpeedProfile(spec, 'p', { rng: new RandomStream(seed), readCsv: noCsv });
  const ref = refOf(spec, new RandomStream(seed));
  return windows.length === 0 ? { profile, ref } : { profile: windowed(profile, windows), ref: windowedRef(ref, windows) };
}

/** Agreement tolerance in seconds: the midpoint rule is exact on constant pieces, O(h²) on smooth ones. */
const tolerance = (ref: Ref, t: number) => (ref.smooth ? 2e-5 : 1e-9) * Math.max(1, Math.abs(t));

const HORIZON = 400;

/** Property runs scale with ROUNDTABLE_PROPERTY_RUNS (default 40 → the counts below). */
const scale = Number(process.env.ROUNDTABLE_PROPERTY_RUNS ?? 40) / 40;
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * scale)) });

// ----- properties -----

describe('SpeedProfile (every kind against the reference)', () => {
  // Work is kept ≥ 1e-9: below that, which of two sub-ulp slivers of speed a job lands in is noise.
  it.prop([specArb, windowsArb, seedArb, real(0, 20), fc.oneof(fc.constant(0), real(1e-9, 10))], runs(120))(
    'finishes where the numerically integrated speed first reaches the work',
    (spec, windows, seed, t0, work) => {
      const { profile, ref } = build(spec, seed, windows);
      const expected = refFinish(ref, t0, work, t0 + HORIZON);
      const actual = profile.finishTime(t0, work);
      if (expected === Infinity) {
        expect(actual).toBeGreaterThan(t0 + HORIZON - 1);
      } else if (Math.abs(actual - expected) > tolerance(ref, expected)) {
        // Work that fills a busy stretch to within rounding may end there or after the idle
        // stretch that follows: both answers are right if nothing is done between them.
        expect(refIntegral(ref, Math.min(actual, expected), Math.max(actual, expected))).toBeLessThanOrEqual(tolerance(ref, work));
      }
    },
  );

  it.prop([specArb, windowsArb, seedArb, real(0, 30), real(0, 30)], runs(80))(
    'integrates and evaluates like the reference',
    (spec, windows, seed, x, y) => {
      const { profile, ref } = build(spec, seed, windows);
      const a = Math.min(x, y);
      const b = Math.max(x, y);
      const expected = refIntegral(ref, a, b);
      expect(Math.abs(profile.integral(a, b) - expected)).toBeLessThanOrEqual(tolerance(ref, expected));
      // Away from jumps, s(t) itself agrees.
      const jumps = ref.breaks(a - 1, b + 1);
      for (const t of [a, (a + b) / 2, b]) {
        if (jumps.every((j) => Math.abs(j - t) > 1e-9)) expect(profile.speedAt(t)).toBeCloseTo(ref.at(t), 12);
      }
    },
  );

  it.prop([specArb, windowsArb, seedArb, real(0, 20), real(0, 20)], runs(80))(
    'inverts its own integral: finishTime(t0, ∫_{t0}^{t1} s) = t1 up to a stretch of zero speed',
    (spec, windows, seed, t0, length) => {
      const { profile, ref } = build(spec, seed, windows);
      const t1 = t0 + length;
      const work = profile.integral(t0, t1);
      const t = profile.finishTime(t0, work);
      const tol = tolerance(ref, t1);
      expect(t).toBeLessThanOrEqual(t1 + tol);
      expect(Math.abs(profile.integral(t0, t) - work)).toBeLessThanOrEqual(tol);
      // Any gap before t1 is idle: no work is done between the finish and t1.
      if (Math.abs(t - t1) > tol) expect(refIntegral(ref, t, t1)).toBeLessThanOrEqual(tol);
    },
  );

  it.prop([specArb, windowsArb, seedArb, real(0, 30), real(0, 30), real(0, 30)], runs(80))(
    'adds integrals over adjacent intervals',
    (spec, windows, seed, x, y, z) => {
      const { profile, ref } = build(spec, seed, windows);
      const [a, b, c] = [x, y, z].sort((p, q) => p - q);
      const whole = profile.integral(a, c);
      const split = profile.integral(a, b) + profile.integral(b, c);
      expect(Math.abs(whole - split)).toBeLessThanOrEqual((ref.smooth ? 1e-10 : 1e-12) * Math.max(1, whole));
    },
  );

  it.prop([specArb, seedArb, real(0, 20)], runs(40))('takes no time for no work', (spec, seed, t0) => {
    expect(build(spec, seed).profile.finishTime(t0, 0)).toBe(t0);
  });
});

describe('constantSpeed', () => {
  it.prop([real(0, 1e9), real(0, 1e6)])('finishes at exactly t0 + w at speed 1 (the fixed computation model)', (t0, w) => {
    expect(constantSpeed(1).finishTime(t0, w)).toBe(t0 + w);
  });

  it.prop([real(0, 1e6), real(0, 1e3), real(0.01, 100)])('finishes at t0 + w/v at speed v', (t0, w, v) => {
    expect(constantSpeed(v).finishTime(t0, w)).toBe(t0 + w / v);
  });

  it('never finishes at speed 0, except for no work', () => {
    expect(constantSpeed(0).finishTime(3, 1)).toBe(Infinity);
    expect(constantSpeed(0).finishTime(3, 0)).toBe(3);
  });
});

describe('traceSpeed', () => {
  it.prop([real(0, 1e6), real(0, 0.5)])('keeps t0 + w bit-exact within a segment of speed 1', (t0, w) => {
    const profile = traceSpeed([0, 2e6], [1, 0.5]);
    fc.pre(t0 + w <= 2e6);
    expect(profile.finishTime(t0, w)).toBe(t0 + w);
  });

  it('stores a repeating trace once, however far it is queried', () => {
    const profile = traceSpeed([0, 1, 1.5], [1, 0, 2], 4);
    // 6 units of work per 4 s cycle: 166666 cycles, then 1 unit, a 0.5 s gap and 3 units at speed 2.
    expect(profile.finishTime(0, 1e6)).toBe(666667);
    expect(profile.integral(0, 4e5)).toBe(6e5);
    expect(profile.segmentCount).toBe(3);
  });
});

describe('windowed', () => {
  const dyadic = (max: number) => fc.integer({ min: 0, max: max * 16 }).map((k) => k / 16);
  const positive = (max: number) => fc.integer({ min: 1, max: max * 16 }).map((k) => k / 16);
  /** Powers of two keep w/v exact, so finish times can be compared with ===. */
  const pow2 = fc.constantFrom(0.25, 0.5, 1, 2, 4);

  it.prop([pow2, dyadic(16), positive(8), dyadic(1), positive(8)])(
    'stretches a job started inside a pause by exactly the rest of the pause (constant speed)',
    (v, from, length, into, w) => {
      const to = from + length;
      const t0 = from + into * length * (15 / 16);
      const base = constantSpeed(v);
      const paused = windowed(base, [{ from, to, factor: 0 }]);
      expect(paused.finishTime(t0, w)).toBe(base.finishTime(t0, w) + (to - t0));
    },
  );

  it.prop([pow2, dyadic(16), positive(8), dyadic(16), positive(8)])(
    'delays a job that spans a pause by exactly the pause length (constant speed)',
    (v, from, length, t0, w) => {
      const base = constantSpeed(v);
      const end = base.finishTime(t0, w);
      fc.pre(t0 <= from && end > from);
      const paused = windowed(base, [{ from, to: from + length, factor: 0 }]);
      expect(paused.finishTime(t0, w)).toBe(end + length);
    },
  );

  it.prop([traceArb, dyadic(16), positive(8), dyadic(1), positive(8)])(
    'resumes a job started inside a pause exactly as if it started at the pause end (any trace)',
    (spec, from, length, into, w) => {
      const base = parseSpeedProfile(spec, 'p', { rng: new RandomStream(1), readCsv: noCsv });
      const to = from + length;
      const t0 = from + into * length * (15 / 16);
      expect(windowed(base, [{ from, to, factor: 0 }]).finishTime(t0, w)).toBe(base.finishTime(to, w));
    },
  );

  it.prop([pow2, dyadic(16), positive(16), dyadic(1), positive(4), fc.constantFrom(2, 4, 8)])(
    'stretches the part of a job inside a straggle window k-fold',
    (v, from, length, into, w, k) => {
      const to = from + length;
      const base = constantSpeed(v);
      const slow = windowed(base, [{ from, to, factor: 1 / k }]);
      // Entirely inside: k times as long.
      const t0 = from + into * length * (15 / 16);
      const inside = base.finishTime(t0, w);
      if (t0 + k * (inside - t0) <= to) expect(slow.finishTime(t0, w)).toBe(t0 + k * (inside - t0));
      // Started before the window and still running after it: the window's stretch of work, done at
      // 1/k speed, costs (1 − 1/k) of the window length extra.
      const early = from / 2;
      const work = w + v * (from - early) + (v * length) / k;
      if (early < from) expect(slow.finishTime(early, work)).toBe(base.finishTime(early, work) + (length - length / k));
    },
  );

  it('multiplies overlapping windows and leaves jobs outside them untouched', () => {
    const profile = windowed(constantSpeed(1), [
      { from: 1, to: 3, factor: 0.5 },
      { from: 2, to: 4, factor: 0.5 },
    ]);
    expect(profile.speedAt(2.5)).toBe(0.25);
    expect(profile.finishTime(5, 1.7)).toBe(6.7);
    expect(profile.integral(0, 5)).toBe(1 + 0.5 + 0.25 + 0.5 + 1);
  });

  it('never finishes in a pause that lasts for ever', () => {
    const profile = windowed(sineSpeed({ period: 2, mean: 1, amplitude: 0.5 }), [{ from: 3, to: Infinity, factor: 0 }]);
    expect(profile.finishTime(0, 10)).toBe(Infinity);
    expect(profile.finishTime(0, 1)).toBeLessThan(3);
  });
});

describe('random profiles', () => {
  const queries = fc.array(real(0, 200), { minLength: 1, maxLength: 12 });
  const makers: [string, (rng: RandomStream) => SpeedProfile][] = [
    ['random walk', (rng) => randomWalkSpeed({ interval: 0.5, sigma: 0.4, min: 0.1, max: 4 }, rng)],
    ['markov', (rng) => markovSpeed({ meanUp: 2, meanDown: 1, down: 0.25 }, rng)],
    ['product', (rng) => productSpeed([markovSpeed({ meanUp: 1, meanDown: 1 }, rng.child(0)), randomWalkSpeed({ interval: 1, sigma: 0.3, min: 0.2, max: 2 }, rng.child(1))])],
  ];

  for (const [name, make] of makers) {
    it.prop([seedArb, queries], runs(40))(`gives the same ${name} path for a stream, whatever the query order`, (seed, times) => {
      const forward = make(new RandomStream(seed));
      const backward = make(new RandomStream(seed));
      const sorted = [...times].sort((a, b) => a - b);
      const fromFront = sorted.map((t) => [forward.speedAt(t), forward.finishTime(t, 3), forward.integral(0, t)]);
      const fromBack = [...sorted].reverse().map((t) => [backward.speedAt(t), backward.finishTime(t, 3), backward.integral(0, t)]).reverse();
      expect(fromBack).toEqual(fromFront);
    });
  }

  it('draws different paths from different streams', () => {
    const a = randomWalkSpeed({ interval: 1, sigma: 0.5, min: 0.1, max: 10 }, new RandomStream(1));
    const b = randomWalkSpeed({ interval: 1, sigma: 0.5, min: 0.1, max: 10 }, new RandomStream(2));
    expect([1, 2, 3, 4].map((t) => a.speedAt(t))).not.toEqual([1, 2, 3, 4].map((t) => b.speedAt(t)));
  });
});

describe('zero for ever', () => {
  const cases: [string, () => SpeedProfile][] = [
    ['a trace ending at speed 0', () => traceSpeed([0, 2], [1, 0])],
    ['a repeating trace of zeros', () => traceSpeed([0, 1], [0, 0], 3)],
    ['a random walk stuck at 0', () => randomWalkSpeed({ interval: 1, sigma: 1, min: 0, max: 2, start: 0 }, new RandomStream(3))],
    ['a Markov chain whose states are both off', () => markovSpeed({ meanUp: 1, meanDown: 1, up: 0, down: 0 }, new RandomStream(3))],
    ['square waves in antiphase', () => productSpeed([squareWave({ period: 1, low: 0, high: 1 }), squareWave({ period: 1, low: 0, high: 1, phase: 0.5 })])],
    ['on/off waves that never overlap, with periods 1, 4 and 1.5', () =>
      productSpeed([
        squareWave({ period: 1, low: 0, high: 1 }),
        squareWave({ period: 4, low: 0, high: 2, duty: 0.125, phase: -0.5 }),
        traceSpeed([0, 0.75], [1, 2], 1.5),
      ])],
    ['a random factor times a trace ending at 0', () => productSpeed([markovSpeed({ meanUp: 1, meanDown: 1 }, new RandomStream(4)), traceSpeed([0, 5], [1, 0])])],
    ['a sine times a trace ending at 0', () => productSpeed([sineSpeed({ period: 1, mean: 1, amplitude: 1 }), traceSpeed([0, 5], [1, 0])])],
  ];

  it.each(cases)('returns Infinity without looping for %s', (_, make) => {
    const profile = make();
    expect(profile.finishTime(10, 1e3)).toBe(Infinity);
    expect(profile.finishTime(1e6, 1)).toBe(Infinity);
  }, 5_000);

  it('finishes at the start of the idle tail when the work fits exactly', () => {
    expect(traceSpeed([0, 2], [1, 0]).finishTime(0.5, 1.5)).toBe(2);
  });
});

describe('productSpeed', () => {
  it('is piecewise constant and exact for piecewise-constant factors', () => {
    const profile = productSpeed([traceSpeed([0, 1, 3], [1, 0.5, 2]), squareWave({ period: 2, low: 0.5, high: 1 })]);
    expect(profile.piecewiseConstant).toBe(true);
    // s = 1, 0.25, 0.5, 1, 2, 1, ... on [0, 1), [1, 2), ...
    expect(profile.finishTime(0, 1.75)).toBe(3);
    expect(profile.finishTime(0, 3.75)).toBe(4.5);
  });

  it('stores one common cycle of periodic factors, however far it is queried', () => {
    const profile = productSpeed([squareWave({ period: 1, low: 0.5, high: 1 }), traceSpeed([0, 0.75], [1, 2], 1.5)]);
    expect(profile).toBeInstanceOf(SegmentProfile);
    const t = profile.finishTime(0, 1e5);
    // One 3 s cycle does 0.5 + 1 + 0.25 + 1 + 0.5 + 1 + ... = 4.5 units: check against the integral.
    expect(profile.integral(0, t)).toBeCloseTo(1e5, 6);
    if (profile instanceof SegmentProfile) expect(profile.segmentCount).toBeLessThanOrEqual(8);
  });

  it('skips whole periods of a numeric product without losing accuracy', () => {
    const profile = productSpeed([sineSpeed({ period: 3, mean: 1, amplitude: 0.9 }), squareWave({ period: 2, low: 0.25, high: 1 })]);
    const t = profile.finishTime(3.3, 5000);
    expect(Math.abs(profile.integral(3.3, t) - 5000)).toBeLessThanOrEqual(1e-8);
    expect(Math.abs(profile.integral(3.3, 1000) - (profile.integral(3.3, 500) + profile.integral(500, 1000)))).toBeLessThanOrEqual(1e-9);
  });

  it('integrates a sine product numerically to about 1e-12', () => {
    const sine = sineSpeed({ period: 3, mean: 1, amplitude: 0.5, phase: 0.2 });
    const profile = productSpeed([sine, sine]);
    expect(profile.piecewiseConstant).toBe(false);
    // ∫ (1 + 0.5 sin)² over whole periods = P (1 + 0.125).
    expect(profile.integral(0.7, 0.7 + 30)).toBeCloseTo(30 * 1.125, 11);
    const t = profile.finishTime(1, 10);
    expect(profile.integral(1, t)).toBeCloseTo(10, 11);
  });
});

describe('sineSpeed', () => {
  it.prop([sineArb, real(0, 1e4), real(0, 50)], runs(60))('solves finishTime to near double precision', (spec, t0, work) => {
    const profile = parseSpeedProfile(spec, 'p', { rng: new RandomStream(0), readCsv: noCsv });
    const t = profile.finishTime(t0, work);
    expect(Math.abs(profile.integral(t0, t) - work)).toBeLessThanOrEqual(1e-12 * Math.max(1, t));
  });
});

describe('SegmentProfile', () => {
  it('reports a generator that makes no progress instead of looping', () => {
    const stuck = { extend: () => undefined };
    expect(() => new SegmentProfile(stuck)).toThrow(/no progress/);
  });
});

// ----- parsing -----

function parseError(value: unknown, readCsv: (file: string) => string = noCsv): ScenarioError {
  try {
    parseSpeedProfile(value, 'scenario.workers[3].compute.speed', { rng: new RandomStream(0), readCsv });
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error(`expected a ScenarioError for ${JSON.stringify(value)}`);
}

describe('parseSpeedProfile', () => {
  const P = 'scenario.workers[3].compute.speed';

  it.each([
    [{ kind: 'warp' }, `${P}.kind must be one of "constant", "trace", "square", "sine", "random-walk", "markov", "product"; got "warp"`],
    [{ kind: 'constant', value: -1 }, `${P}.value must be a non-negative number; got -1`],
    [{ kind: 'constant', value: 1, scale: 2 }, `${P}.scale is not a known field (known here: kind, value)`],
    [{ kind: 'trace', points: [[1, 1]] }, `${P}.points[0][0] must be time 0 (a trace starts at t = 0); got 1`],
    [{ kind: 'trace', points: [[0, 1], [2, 1], [2, 3]] }, `${P}.points[2][0] must be a time greater than the previous point's (2); got 2`],
    [{ kind: 'trace', points: [[0, 1], [1, -0.5]] }, `${P}.points[1][1] must be a non-negative number; got -0.5`],
    [{ kind: 'trace', points: [[0, 1], [1]] }, `${P}.points[1] must be a [time, speed] pair; got an array of 1`],
    [{ kind: 'trace', points: [] }, `${P}.points must be a non-empty array of [time, speed] pairs; got an array of 0`],
    [{ kind: 'trace', points: [[0, 1], [3, 1]], repeat: 3 }, `${P}.repeat must be a period longer than the trace's last time (3); got 3`],
    [{ kind: 'trace', points: [[0, 1]], file: 'a.csv' }, `${P} must be a trace with either points or file, not both; got an object with keys kind, points, file`],
    [{ kind: 'square', period: 1, low: 0, high: 1, duty: 1.5 }, `${P}.duty must be a number in [0, 1]; got 1.5`],
    [{ kind: 'square', period: -1, low: 0, high: 1 }, `${P}.period must be a positive number; got -1`],
    [{ kind: 'sine', period: 1, mean: 1, amplitude: 2 }, `${P}.amplitude must be a number in [0, mean] = [0, 1] so the speed stays ≥ 0; got 2`],
    [{ kind: 'random-walk', interval: 1, sigma: 0.1, min: 2, max: 1 }, `${P}.max must be a number ≥ min (2); got 1`],
    [{ kind: 'random-walk', interval: 1, sigma: 0.1, min: 0.5, max: 2, start: 3 }, `${P}.start must be a number in [min, max] = [0.5, 2]; got 3`],
    [{ kind: 'random-walk', interval: 1, sigma: 0.1, min: 2, max: 3 }, `${P}.start must be a number in [min, max] = [2, 3] (the default 1 is outside it); got nothing (the field is missing)`],
    [{ kind: 'markov', meanUp: 0, meanDown: 1 }, `${P}.meanUp must be a positive number; got 0`],
    [{ kind: 'markov', meanUp: 1, meanDown: 1, startUp: 'yes' }, `${P}.startUp must be true or false; got "yes"`],
    [{ kind: 'product', factors: [] }, `${P}.factors must be a non-empty array of speed profiles; got an array of 0`],
    [{ kind: 'product', factors: [{ kind: 'constant', value: 1 }, { kind: 'square', period: 0, low: 0, high: 1 }] }, `${P}.factors[1].period must be a positive number; got 0`],
    [null, `${P} must be a speed profile object with a kind (constant, trace, square, sine, random-walk, markov, product); got null`],
  ])('rejects %j naming the path and the value', (value, message) => {
    expect(parseError(value).message).toBe(message);
  });

  const csv = (text: string) => (file: string) => {
    if (file !== 'speeds.csv') throw new Error(`ENOENT: ${file}`);
    return text;
  };

  it('reads a CSV trace with a time,speed header', () => {
    const options = { rng: new RandomStream(0), readCsv: csv('time,speed\n0,1\n\n2, 0.5\r\n4,2\n') };
    const profile = parseSpeedProfile({ kind: 'trace', file: 'speeds.csv', repeat: 6 }, P, options);
    expect(profile.finishTime(0, 4)).toBe(4.5);
    expect(profile.speedAt(7)).toBe(1);
    expect(readSpeedProfileSpec({ kind: 'trace', file: 'speeds.csv' }, P, options.readCsv)).toEqual({ kind: 'trace', points: [[0, 1], [2, 0.5], [4, 2]] });
  });

  it.each([
    ['speed,time\n0,1\n', `${P}.file line 1 must be the header "time,speed"; got "speed,time"`],
    ['time,speed\n0,1\n1,x\n', `${P}.file line 3 must be a row "time,speed" of two numbers; got "1,x"`],
    ['time,speed\n0,1\n\n1,2,3\n', `${P}.file line 4 must be a row "time,speed" of two numbers; got "1,2,3"`],
    ['time,speed\n0,1\n2,1\n1,1\n', `${P}.file line 4 must be a time greater than the previous point's (2); got "1,1"`],
    ['time,speed\n0.5,1\n', `${P}.file line 2 must be time 0 (a trace starts at t = 0); got "0.5,1"`],
    ['time,speed\n0,-1\n', `${P}.file line 2 must be a row with a speed ≥ 0; got "0,-1"`],
    ['time,speed\n', `${P}.file must be a CSV file with a "time,speed" header and at least one row; got "speeds.csv"`],
  ])('reports a bad CSV row by file line: %j', (text, message) => {
    expect(parseError({ kind: 'trace', file: 'speeds.csv' }, csv(text)).message).toBe(message);
  });

  it('reports a file that cannot be read', () => {
    expect(parseError({ kind: 'trace', file: 'missing.csv' }, csv('')).message).toBe(
      `${P}.file names a file that cannot be read ("missing.csv"): ENOENT: missing.csv`,
    );
  });

  it('returns validated specs as plain data with the defaults filled in', () => {
    expect(readSpeedProfileSpec({ kind: 'square', period: 1, low: 0, high: 1 }, P, noCsv)).toEqual({ kind: 'square', period: 1, low: 0, high: 1, duty: 0.5, phase: 0 });
    expect(readSpeedProfileSpec({ kind: 'markov', meanUp: 2, meanDown: 1 }, P, noCsv)).toEqual({ kind: 'markov', meanUp: 2, meanDown: 1, up: 1, down: 0, startUp: true });
    expect(readSpeedProfileSpec({ kind: 'random-walk', interval: 1, sigma: 0.1, min: 0.5, max: 2 }, P, noCsv)).toEqual({ kind: 'random-walk', interval: 1, sigma: 0.1, min: 0.5, max: 2, start: 1 });
  });

  it('gives each factor of a product its own stream', () => {
    const spec = { kind: 'product', factors: [{ kind: 'markov', meanUp: 1, meanDown: 1 }, { kind: 'markov', meanUp: 1, meanDown: 1 }] };
    const a = parseSpeedProfile(spec, P, { rng: new RandomStream(9), readCsv: noCsv });
    const first = markovSpeed({ meanUp: 1, meanDown: 1 }, new RandomStream(9).child(0));
    const second = markovSpeed({ meanUp: 1, meanDown: 1 }, new RandomStream(9).child(1));
    for (const t of [0.5, 1.5, 2.5, 7.25]) expect(a.speedAt(t)).toBe(first.speedAt(t) * second.speedAt(t));
  });
});

describe('quadrature where a speed nearly vanishes (issue 22: a sine touching 0 times a Markov speed ran 1,300× slower)', () => {
  it('meets an absolute floor instead of splitting a piece whose own rounding exceeds the relative tolerance', () => {
    // 1 + sin θ near its trough is computed with an absolute error of ~1e-16: no relative
    // tolerance of 1e-13 can be met there.
    const sine = sineSpeed({ period: 10, mean: 1, amplitude: 1, phase: 0 });
    let evaluations = 0;
    const f = (t: number) => {
      evaluations++;
      return sine.speedAt(t);
    };
    // The trough of 1 + sin(2πt/10) is at t = 7.5; ∫ = t − (10/2π)·cos(2πt/10).
    const primitive = (t: number) => t - (10 / (2 * Math.PI)) * Math.cos((2 * Math.PI * t) / 10);
    const value = integrateSmooth(f, 7.475811, 7.5);
    expect(Math.abs(value - (primitive(7.5) - primitive(7.475811)))).toBeLessThan(1e-16);
    // Without the floor this piece took 2^21 rules (26 million evaluations in one job).
    expect(evaluations).toBeLessThan(100);
  });

  it('bounds the work of a piece whose tolerance cannot be met at all', () => {
    let evaluations = 0;
    const sine = sineSpeed({ period: 10, mean: 1, amplitude: 1, phase: 0 });
    integrateSmooth((t) => (evaluations++, sine.speedAt(t)), 7.475811, 7.5, 1e-13, 0);
    expect(evaluations).toBeLessThanOrEqual(15 * 2050);
  });

  it('finishes jobs on a product of a sine touching 0 and a Markov speed with bounded work', () => {
    const profile = buildSpeedProfile(
      { kind: 'product', factors: [{ kind: 'sine', period: 10, mean: 1, amplitude: 1, phase: 0 }, { kind: 'markov', meanUp: 5, meanDown: 5, up: 1, down: 0, startUp: true }] },
      new RandomStream(3),
    );
    let t = 0;
    for (let i = 0; i < 200; i++) {
      const next = profile.finishTime(t, 1);
      expect(next).toBeGreaterThan(t);
      expect(profile.integral(t, next)).toBeCloseTo(1, 10);
      t = next;
    }
  });
});
