import { parentPort } from 'node:worker_threads';
import { createProblem } from '../src/problems/create-problem.ts';
import { RandomStream } from '../src/random/random-stream.ts';
import type { ProblemSpec } from '../src/scenario/scenario-types.ts';

/** Request: compute `count` stochastic gradients of `problem` (worker `worker`'s local function). */
export interface OracleRequest {
  readonly problem: ProblemSpec;
  readonly workers: number;
  readonly count: number;
}

/**
 * Stochastic gradients back to back, exactly as a shard computes them (same problem, same
 * oracle), minus everything else. Runs in a bare thread (bench/oracle-thread.mjs) or inline.
 */
export function computeGradients(request: OracleRequest): number {
  const problem = createProblem(request.problem, request.workers, RandomStream.named(1, 'problem'));
  const x = problem.initialPoint();
  const out = new Float64Array(problem.dimension);
  const streams = RandomStream.named(1, 'oracle');
  for (let k = 0; k < request.count; k++) problem.stochasticGradient(k % request.workers, x, streams.child(k), out);
  return out[0];
}

parentPort?.on('message', (request: OracleRequest) => parentPort?.postMessage(computeGradients(request)));
