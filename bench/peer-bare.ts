import { WorstCaseQuadratic } from '../src/problems/worst-case-quadratic.ts';
import { axpyNormSq } from '../src/linalg/vector.ts';
import { TimeHeap } from './time-heap.ts';

/**
 * The peer experiment's three methods as bare event-heap loops doing the runtime's math and
 * nothing else: a binary heap of (finish time, worker) in typed arrays, model copies only where
 * the runtime makes them (one per model version), the problem's own gradient, the update and its
 * ‖x‖² in one pass. The limit an engine in this process could reach.
 */

export interface PeerSetting {
  readonly taus: readonly number[];
  readonly d: number;
  readonly horizon: number;
}

function problemOf(d: number): WorstCaseQuadratic {
  return new WorstCaseQuadratic({ d, noise: { kind: 'add', sigma: 0 } });
}

/** ASGD: every arrival is applied; its sender restarts at a copy of the new model. Returns gradients computed. */
export function bareAsgd({ taus, d, horizon }: PeerSetting, stepSize: number): number {
  const n = taus.length;
  const problem = problemOf(d);
  const x = problem.initialPoint();
  const models = Array.from({ length: n }, () => Float64Array.from(x));
  const grad = new Float64Array(d);
  const heap = new TimeHeap(n);
  for (let w = 0; w < n; w++) heap.push(taus[w], w);
  let gradients = 0;
  while (heap.topTime <= horizon) {
    const now = heap.topTime;
    const w = heap.pop();
    problem.gradient(models[w], grad);
    gradients++;
    axpyNormSq(-stepSize, grad, x);
    models[w].set(x);
    heap.push(now + taus[w], w);
  }
  return gradients;
}

/** Rennala: S fresh gradients per update, stale ones discarded, one model copy per version. */
export function bareRennala({ taus, d, horizon }: PeerSetting, stepSize: number, batchSize: number): number {
  const n = taus.length;
  const problem = problemOf(d);
  const x = problem.initialPoint();
  const versions = [Float64Array.from(x)];
  let current = versions[0];
  const modelOf: Float64Array[] = new Array(n).fill(current);
  const tagOf = new Int32Array(n);
  const grad = new Float64Array(d);
  const sum = new Float64Array(d);
  const heap = new TimeHeap(n);
  for (let w = 0; w < n; w++) heap.push(taus[w], w);
  let iteration = 0;
  let collected = 0;
  let gradients = 0;
  while (heap.topTime <= horizon) {
    const now = heap.topTime;
    const w = heap.pop();
    problem.gradient(modelOf[w], grad);
    gradients++;
    if (tagOf[w] === iteration) {
      for (let j = 0; j < d; j++) sum[j] += grad[j];
      collected++;
      if (collected === batchSize) {
        axpyNormSq(-stepSize / batchSize, sum, x);
        sum.fill(0);
        collected = 0;
        iteration++;
        current = Float64Array.from(x);
      }
    }
    modelOf[w] = current;
    tagOf[w] = iteration;
    heap.push(now + taus[w], w);
  }
  return gradients;
}

/** Minibatch: every worker computes at x^k; the server steps once all n have arrived. */
export function bareMinibatch({ taus, d, horizon }: PeerSetting, stepSize: number): number {
  const n = taus.length;
  const problem = problemOf(d);
  const x = problem.initialPoint();
  let snapshot = Float64Array.from(x);
  const grad = new Float64Array(d);
  const sum = new Float64Array(d);
  const heap = new TimeHeap(n);
  let now = 0;
  let gradients = 0;
  for (;;) {
    for (let w = 0; w < n; w++) heap.push(now + taus[w], w);
    let arrived = 0;
    while (arrived < n && heap.topTime <= horizon) {
      now = heap.topTime;
      heap.pop();
      problem.gradient(snapshot, grad);
      gradients++;
      for (let j = 0; j < d; j++) sum[j] += grad[j];
      arrived++;
    }
    if (arrived < n) return gradients;
    axpyNormSq(-stepSize / n, sum, x);
    sum.fill(0);
    snapshot = Float64Array.from(x);
  }
}
