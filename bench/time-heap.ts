/** A binary min-heap of (time, worker) in typed arrays; ties by worker. */
export class TimeHeap {
  private readonly times: Float64Array;
  private readonly workers: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.workers = new Int32Array(capacity);
  }

  get topTime(): number {
    return this.times[0];
  }

  push(time: number, worker: number): void {
    const { times, workers } = this;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (times[parent] < time || (times[parent] === time && workers[parent] < worker)) break;
      times[i] = times[parent];
      workers[i] = workers[parent];
      i = parent;
    }
    times[i] = time;
    workers[i] = worker;
  }

  pop(): number {
    const { times, workers } = this;
    const worker = workers[0];
    const lastTime = times[--this.size];
    const lastWorker = workers[this.size];
    const size = this.size;
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
  }
}
