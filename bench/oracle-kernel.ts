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
  const problem = problemFor(request);
  const x = problem.initialPoint();
  const out = new Float64Array(problem.dimension);
  const streams = RandomStream.named(1, 'oracle');
  for (let k = 0; k < request.count; k++) problem.stochasticGradient(k % request.workers, x, streams.child(k), out);
  return out[0];
}

/** Problems built once per thread: building one (loading a dataset) is not what is measured. */
const problems = new Map<string, ReturnType<typeof createProblem>>();

function problemFor(request: OracleRequest) {
  const key = JSON.stringify([request.problem, request.workers]);
  let problem = problems.get(key);
  if (problem === undefined) {
    problem = createProblem(request.problem, request.workers, RandomStream.named(1, 'problem'));
    problems.set(key, problem);
  }
  return problem;
}

parentPort?.on('message', (request: OracleRequest) => parentPort?.postMessage(computeGradients(request)));
