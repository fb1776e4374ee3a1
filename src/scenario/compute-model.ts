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
  /** Virtual time at which job `jobId`, started at `start`, completes, or Infinity if never. */
  finishTime(start: number, jobId: number): number;
}

class FixedCompute implements ComputeModel {
  constructor(readonly nominalTau: number) {}

  finishTime(start: number): number {
    return start + this.nominalTau;
  }
}

class ProfiledCompute implements ComputeModel {
  constructor(
    readonly nominalTau: number,
    private readonly speed: SpeedProfile | undefined,
    private readonly noise: ComputeSpec['noise'],
    private readonly timing: RandomStream,
  ) {}

  finishTime(start: number, jobId: number): number {
    // One timing sub-stream per job: a cancelled job never shifts another job's duration.
    const work = this.noise === undefined ? this.nominalTau : this.nominalTau + sample(this.noise, this.timing.child(jobId));
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
