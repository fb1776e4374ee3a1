import type { Task } from '../../../actors/tasks.ts';
import type { Compressor, CompressorSpec } from '../../compress/compressor.ts';
import type { Float64Pool } from '../../linalg/float64-pool.ts';
import type { Problem } from '../../problems/problem.ts';
import type { RandomStream } from '../../random/random-stream.ts';
import type { TaskTiming } from './task-timing.ts';

/** One message's worth of a finished task. */
export interface TaskOutput {
  /** From the buffer pool; the message owns it until the server has consumed it. */
  readonly grad: Float64Array;
  /** Stochastic gradients this message accounts for (0 for extra copies). */
  readonly count: number;
  readonly part: number;
  /** Payload in floats when compressed, else undefined (d floats). */
  readonly floats: number | undefined;
  readonly attempts: number;
}

/** What a task needs from its worker's world. */
export interface TaskWorld {
  readonly problem: Problem;
  /** The local function the worker samples. */
  readonly local: number;
  readonly buffers: Float64Pool;
  compressor(spec: CompressorSpec): Compressor;
}

/**
 * Computes the outputs of a finished task at model `x`. Oracle noise comes from `oracle` (the
 * job's own stream, drawn in order); compressor randomness from `compression` (likewise), so
 * the same job always produces the same messages.
 */
export function taskOutputs(task: Task, x: Float64Array, timing: TaskTiming, world: TaskWorld, oracle: RandomStream, compression: RandomStream): TaskOutput[] {
  const { problem, local, buffers } = world;
  switch (task.kind) {
    case 'gradient': {
      const grad = buffers.acquire();
      problem.stochasticGradient(local, x, oracle, grad);
      return [{ grad, count: 1, part: 0, floats: undefined, attempts: 1 }];
    }
    case 'batch': {
      const sum = sumOfGradients(task.size, x, world, oracle);
      if (task.compressor === undefined && task.copies === 1) return [{ grad: sum, count: task.size, part: 0, floats: undefined, attempts: task.size }];
      const compressor = task.compressor === undefined ? undefined : world.compressor(task.compressor);
      const outputs: TaskOutput[] = [];
      for (let part = 0; part < task.copies; part++) {
        const copy = buffers.acquire();
        if (compressor === undefined) copy.set(sum);
        else compressor.compress(sum, compression, copy);
        outputs.push({ grad: copy, count: part === 0 ? task.size : 0, part, floats: compressor?.floats(x.length), attempts: part === 0 ? task.size : 0 });
      }
      buffers.release(sum);
      return outputs;
    }
    case 'attempts': {
      const sum = buffers.acquire();
      sum.fill(0);
      const scratch = buffers.acquire();
      let successes = 0;
      for (const ok of timing.succeeded ?? []) {
        if (!ok) continue;
        problem.stochasticGradient(local, x, oracle, scratch);
        for (let j = 0; j < sum.length; j++) sum[j] += scratch[j];
        successes++;
      }
      buffers.release(scratch);
      return [{ grad: sum, count: successes, part: 0, floats: undefined, attempts: task.attempts }];
    }
    case 'local-steps': {
      const localX = buffers.acquire();
      localX.set(x);
      const g = buffers.acquire();
      for (let step = 0; step < task.steps; step++) {
        problem.stochasticGradient(local, localX, oracle, g);
        for (let j = 0; j < g.length; j++) localX[j] -= task.stepSize * g[j];
      }
      // The change the client uploads: Δ = x_local − x.
      for (let j = 0; j < g.length; j++) g[j] = localX[j] - x[j];
      buffers.release(localX);
      return [{ grad: g, count: task.steps, part: 0, floats: undefined, attempts: task.steps }];
    }
    case 'components': {
      const finite = requireFiniteSum(problem);
      const sum = buffers.acquire();
      sum.fill(0);
      const scratch = buffers.acquire();
      for (const j of task.indices) {
        finite.componentGradient(j, x, scratch);
        for (let k = 0; k < sum.length; k++) sum[k] += scratch[k];
      }
      buffers.release(scratch);
      return [{ grad: sum, count: task.indices.length, part: 0, floats: undefined, attempts: task.indices.length }];
    }
    case 'difference': {
      const finite = requireFiniteSum(problem);
      const out = buffers.acquire();
      const previous = buffers.acquire();
      finite.componentGradient(task.index, x, out);
      finite.componentGradient(task.index, task.previous.x, previous);
      for (let k = 0; k < out.length; k++) out[k] -= previous[k];
      buffers.release(previous);
      return [{ grad: out, count: 2, part: 0, floats: undefined, attempts: 2 }];
    }
  }
}

function sumOfGradients(size: number, x: Float64Array, world: TaskWorld, oracle: RandomStream): Float64Array {
  const { problem, local, buffers } = world;
  const sum = buffers.acquire();
  problem.stochasticGradient(local, x, oracle, sum);
  if (size === 1) return sum;
  const scratch = buffers.acquire();
  for (let k = 1; k < size; k++) {
    problem.stochasticGradient(local, x, oracle, scratch);
    for (let j = 0; j < sum.length; j++) sum[j] += scratch[j];
  }
  buffers.release(scratch);
  return sum;
}

function requireFiniteSum(problem: Problem): NonNullable<Problem['finiteSum']> {
  if (problem.finiteSum === undefined) throw new Error(`problem "${problem.kind}" is not a finite sum: component tasks need one`);
  return problem.finiteSum;
}
