import { WorstCaseQuadratic } from '../src/problems/worst-case-quadratic.ts';
import { TimeHeap } from './time-heap.ts';

/**
 * The same computation as ASGD through the runtime, with nothing else: a binary heap of
 * (finish time, worker) in typed arrays, one model copy per worker, the problem's own gradient.
 * This is the floor a simulator in this process could reach.
 */
export function bareAsgdLoop(taus: readonly number[], d: number, stepSize: number, arrivals: number): number {
  const n = taus.length;
  const problem = new WorstCaseQuadratic({ d, noise: { kind: 'add', sigma: 0 } });
  const x = problem.initialPoint();
  const models = new Float64Array(n * d);
  const grad = new Float64Array(d);
  const heap = new TimeHeap(n);
  for (let w = 0; w < n; w++) {
    models.set(x, w * d);
    heap.push(taus[w], w);
  }
  for (let k = 0; k < arrivals; k++) {
    const now = heap.topTime;
    const w = heap.pop();
    problem.gradient(models.subarray(w * d, (w + 1) * d), grad);
    for (let j = 0; j < d; j++) x[j] -= stepSize * grad[j];
    models.set(x, w * d);
    heap.push(now + taus[w], w);
  }
  return arrivals;
}
