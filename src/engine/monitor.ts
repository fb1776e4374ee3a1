import { allFinite, normSq } from '../linalg/vector.ts';
import { gradNormSq, type Problem } from '../problems/problem.ts';
import type { RecordSpec, StopSpec } from '../scenario/scenario-types.ts';
import type { CurvePoint, StopReason } from './result.ts';

/** The quantities the monitor reads from the run. */
export interface MonitoredState {
  readonly x: Float64Array;
  readonly iteration: number;
  readonly gradientsComputed: number;
}

/**
 * Watches the run from outside virtual time: evaluates f and ‖∇f‖² (free in virtual time) after
 * updates and on the curve's time grid, and decides when the run stops.
 */
export class Monitor {
  stopReason: StopReason | undefined = undefined;
  /** When a bound set the stop reason: which, and where. */
  limit: string | null = null;
  timeToTarget: number | null = null;
  readonly curve: CurvePoint[] = [];
  private readonly scratch: Float64Array;
  private sampleIndex = 0;
  private nextCheckIteration = 0;

  constructor(
    private readonly problem: Problem,
    private readonly stop: StopSpec,
    private readonly record: RecordSpec,
    private readonly state: MonitoredState,
  ) {
    this.scratch = new Float64Array(problem.dimension);
  }

  /** Called after every model update, at virtual time `now` (with ‖x‖² when the update computed it). */
  afterStep(now: number, xNormSq?: number): void {
    const iteration = this.state.iteration;
    if (iteration % this.stop.checkEvery === 0) this.check(now, xNormSq);
    if (this.stopReason === undefined && iteration >= this.stop.iterations) this.stopReason = 'iterations';
  }

  /** A bound ends the run before the next event (the first one to ask wins). */
  stopWith(reason: StopReason, limit: string): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.limit = limit;
  }

  /** Called after every finished gradient. */
  afterGradient(): void {
    if (this.stopReason === undefined && this.state.gradientsComputed >= this.stop.gradients) this.stopReason = 'gradients';
  }

  /** Records the curve's grid points strictly before `time` (the state is final for them). */
  sampleBefore(time: number): void {
    const every = this.record.every;
    if (every === undefined) return;
    // Grid times are k·every (never accumulated, so they do not drift).
    while (this.sampleIndex * every < time) {
      this.addPoint(this.sampleIndex * every);
      this.sampleIndex++;
    }
  }

  /** Closes the curve at the end of the run, at virtual time `now`. */
  finish(now: number): void {
    const every = this.record.every;
    if (every !== undefined) {
      while (this.sampleIndex * every <= now) {
        this.addPoint(this.sampleIndex * every);
        this.sampleIndex++;
      }
    }
    const last = this.curve[this.curve.length - 1];
    if (last === undefined || last.t < now || last.iteration !== this.state.iteration) this.addPoint(now);
  }

  /** f(x) and ‖∇f(x)‖² at the current iterate. */
  evaluate(): { loss: number; gradNormSq: number } {
    const { problem, scratch } = this;
    const x = this.state.x;
    if (problem.lossAndGradient === undefined) return { loss: problem.loss(x), gradNormSq: gradNormSq(problem, x, scratch) };
    // One pass over the evaluation data instead of two, where evaluating is costly.
    const loss = problem.lossAndGradient(x, scratch);
    return { loss, gradNormSq: normSq(scratch) };
  }

  private check(now: number, xNormSq: number | undefined): void {
    if (this.stop.gradNormSq === undefined && this.stop.lossGap === undefined) {
      this.watch(now, xNormSq ?? normSq(this.state.x));
      return;
    }
    const { loss, gradNormSq: g } = this.evaluate();
    if (!Number.isFinite(g) || !Number.isFinite(loss) || !allFinite(this.state.x)) {
      this.stopReason = 'diverged';
      this.addPoint(now);
      return;
    }
    const { gradNormSq: target, lossGap } = this.stop;
    const reached =
      (target !== undefined && g <= target) ||
      (lossGap !== undefined && this.problem.optimalLoss !== undefined && loss - this.problem.optimalLoss <= lossGap);
    if (reached) {
      this.stopReason = 'target';
      this.timeToTarget = now;
      this.addPoint(now, loss, g);
      return;
    }
    // Without a time grid, keep a log-spaced sample of the checks.
    if (this.record.every === undefined && this.state.iteration >= this.nextCheckIteration) {
      this.addPoint(now, loss, g);
      this.nextCheckIteration = Math.max(this.state.iteration + 1, Math.floor(this.state.iteration * 1.05));
    }
  }

  /**
   * With no target there is nothing to evaluate f and ‖∇f‖² for after every update (they cost
   * more than the update itself at large d): only divergence is watched, by ‖x‖² (one pass,
   * non-finite once x is), and the thinned curve gets its log-spaced points.
   */
  private watch(now: number, xNormSq: number): void {
    if (!Number.isFinite(xNormSq)) {
      this.stopReason = 'diverged';
      this.addPoint(now);
      return;
    }
    if (this.record.every === undefined && this.state.iteration >= this.nextCheckIteration) {
      this.addPoint(now);
      this.nextCheckIteration = Math.max(this.state.iteration + 1, Math.floor(this.state.iteration * 1.05));
    }
  }

  private addPoint(t: number, loss?: number, g?: number): void {
    const value = loss === undefined || g === undefined ? this.evaluate() : { loss, gradNormSq: g };
    this.curve.push({
      t,
      iteration: this.state.iteration,
      gradients: this.state.gradientsComputed,
      loss: value.loss,
      gradNormSq: value.gradNormSq,
    });
  }
}
