import { SegmentProfile } from './segment-profile.ts';

/** Parameters of {@link squareWave}; times in seconds. */
export interface SquareWaveOptions {
  /** Length of one cycle, > 0. */
  readonly period: number;
  /** Speed outside the high part, ≥ 0. */
  readonly low: number;
  /** Speed during the high part, ≥ 0. */
  readonly high: number;
  /** Fraction of each period at `high`, in [0, 1]; default 0.5. */
  readonly duty?: number;
  /** Shift in seconds: s(t) = high when ((t + phase) mod period) < duty·period; default 0. */
  readonly phase?: number;
}

/** x mod period in [0, period). */
function wrap(x: number, period: number): number {
  const r = x - Math.floor(x / period) * period;
  return r >= 0 && r < period ? r : 0;
}

/**
 * A square wave: `high` for the first `duty` of every period (shifted by `phase`), `low` for the
 * rest. Piecewise constant; the one cycle it needs is stored once and repeated.
 */
export function squareWave(options: SquareWaveOptions): SegmentProfile {
  const { period, low, high } = options;
  const duty = options.duty ?? 0.5;
  const phase = options.phase ?? 0;
  const highSeconds = duty * period;
  if (duty >= 1 || low === high) return SegmentProfile.fromBreakpoints([0], [high]);
  if (duty <= 0) return SegmentProfile.fromBreakpoints([0], [low]);
  // In cycle coordinates u = (t + phase) mod period the speed rises at u = 0 and falls at u = highSeconds.
  const rise = wrap(-phase, period);
  const fall = wrap(highSeconds - phase, period);
  const first = wrap(phase, period) < highSeconds ? high : low;
  const times = [0];
  const speeds = [first];
  const edges = rise < fall ? [rise, fall] : [fall, rise];
  for (const edge of edges) {
    if (edge > 0 && edge !== times[times.length - 1]) {
      times.push(edge);
      speeds.push(edge === rise ? high : low);
    }
  }
  return SegmentProfile.fromBreakpoints(times, speeds, period);
}
