import { sample } from '../random/distributions.ts';
import type { RandomStream } from '../random/random-stream.ts';
import { buildSpeedProfile } from './speed/build-speed-profile.ts';
import type { SpeedProfile } from './speed/speed-profile.ts';
import { windowed, type SpeedWindow } from './speed/windowed.ts';
import type { ComputeSpec } from './scenario-types.ts';

/**
 * How long a worker's computations take. `finishTime` is called when a job starts, so the
 * completion time is fixed by the scenario at that moment: the whole job is lookahead.
 *
 * A job needs τ (+ η, a random extra duration) nominal seconds of work; the worker works at
 * relative speed s(t) — its speed profile times any straggle or pause windows — and the job
 * finishes at the first t with ∫ s = work. With no profile and no windows this is exactly
 * start + τ.
 */
export interface ComputeModel {
  /** Nominal seconds per gradient: what a method may know about this worker in advance. */
  readonly nominalTau: number;
  /**
   * Virtual time at which `units` gradient evaluations of job `jobId`, started back to back at
   * `start`, complete, or Infinity if never. Units are numbered from `firstUnit` (each unit's
   * random extra duration is keyed by (job, unit), so timing one attempt at a time gives the
   * same durations as timing them together).
   */
  finishTime(start: number, jobId: number, units?: number, firstUnit?: number): number;
}

class FixedCompute implements ComputeModel {
  constructor(readonly nominalTau: number) {}

  finishTime(start: number, _jobId: number, units = 1): number {
    // One unit adds τ itself, so a fixed-model job ends exactly at start + τ.
    return start + (units === 1 ? this.nominalTau : units * this.nominalTau);
  }
}

class ProfiledCompute implements ComputeModel {
  constructor(
    readonly nominalTau: number,
    private readonly speed: SpeedProfile | undefined,
    private readonly noise: ComputeSpec['noise'],
    private readonly timing: RandomStream,
  ) {}

  finishTime(start: number, jobId: number, units = 1, firstUnit = 0): number {
    let work = units === 1 ? this.nominalTau : units * this.nominalTau;
    if (this.noise !== undefined) {
      // One timing sub-stream per (job, unit): a cancelled job never shifts another's duration.
      const job = this.timing.child(jobId);
      for (let u = firstUnit; u < firstUnit + units; u++) work += sample(this.noise, u === 0 ? job : job.child(u));
    }
    return this.speed === undefined ? start + work : this.speed.finishTime(start, work);
  }
}

/**
 * The compute model of one worker. `timing` is the worker's timing stream (per-job durations),
 * `speedRng` its speed stream (random-walk and Markov profiles), both separate from the oracle.
 */
export function createComputeModel(spec: ComputeSpec, windows: readonly SpeedWindow[], timing: RandomStream, speedRng: RandomStream): ComputeModel {
  if (spec.noise === undefined && spec.speed === undefined && windows.length === 0) return new FixedCompute(spec.tau);
  const base = spec.speed === undefined ? undefined : buildSpeedProfile(spec.speed, speedRng);
  const speed = windows.length === 0 ? base : windowed(base ?? buildSpeedProfile({ kind: 'constant', value: 1 }, speedRng), windows);
  return new ProfiledCompute(spec.tau, speed, spec.noise, timing);
}
