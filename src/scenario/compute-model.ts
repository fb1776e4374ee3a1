import type { ComputeSpec } from './scenario-types.ts';

/**
 * How long a worker's computations take. `finishTime` is called when a job starts, so the
 * completion time is fixed by the scenario at that moment: the whole job is lookahead.
 */
export interface ComputeModel {
  /** Nominal seconds per gradient: what a method may know about this worker in advance. */
  readonly nominalTau: number;
  /**
   * Virtual time at which `units` gradients started back to back at `start` complete, or
   * Infinity if they never do.
   */
  finishTime(start: number, units: number): number;
}

/** The fixed computation model: every gradient takes exactly τ seconds. */
class FixedCompute implements ComputeModel {
  constructor(readonly nominalTau: number) {}

  finishTime(start: number, units: number): number {
    return start + (units === 1 ? this.nominalTau : units * this.nominalTau);
  }
}

export function createComputeModel(spec: ComputeSpec): ComputeModel {
  switch (spec.kind) {
    case 'fixed':
      return new FixedCompute(spec.tau);
  }
}
