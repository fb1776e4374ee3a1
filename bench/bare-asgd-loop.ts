import { WorstCaseQuadratic } from '../src/problems/worst-case-quadratic.ts';

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
  const times = new Float64Array(n);
  const workers = new Int32Array(n);
  let size = 0;
  const push = (time: number, worker: number) => {
    let i = size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] < time || (times[parent] === time && workers[parent] < worker)) break;
      times[i] = times[parent];
      workers[i] = workers[parent];
      i = parent;
    }
    times[i] = time;
    workers[i] = worker;
  };
  const popInto = (): number => {
    const worker = workers[0];
    const lastTime = times[--size];
    const lastWorker = workers[size];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && (times[child + 1] < times[child] || (times[child + 1] === times[child] && workers[child + 1] < workers[child]))) child++;
      if (lastTime < times[child] || (lastTime === times[child] && lastWorker < workers[child])) break;
      times[i] = times[child];
      workers[i] = workers[child];
      i = child;
    }
    times[i] = lastTime;
    workers[i] = lastWorker;
    return worker;
  };
  for (let w = 0; w < n; w++) {
    models.set(x, w * d);
    push(taus[w], w);
  }
  for (let k = 0; k < arrivals; k++) {
    const now = times[0];
    const w = popInto();
    problem.gradient(models.subarray(w * d, (w + 1) * d), grad);
    for (let j = 0; j < d; j++) x[j] -= stepSize * grad[j];
    models.set(x, w * d);
    push(now + taus[w], w);
  }
  return arrivals;
}
