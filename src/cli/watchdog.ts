import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { PACKAGE_ROOT } from '../input/package-root.ts';

/**
 * The last resort behind `--max-wall`: a thread that kills the process if the run has not
 * ended `grace` seconds after the limit. The run's own check stops it at the limit whenever
 * the main thread is free to look (between events); this is for the case it is not (a
 * computation inside one event that never returns). It is told the method, the progress and
 * the finished methods as the run goes, so it can say where the run was stuck.
 */
export class Watchdog {
  private readonly thread: Worker;

  constructor(seconds: number, graceSeconds = 2) {
    // Wall-clock time, for the watchdog only: it never reaches the simulation.
    const deadline = Date.now() + (seconds + graceSeconds) * 1000;
    // Plain JavaScript, not compiled: the same file from the sources and from the build.
    this.thread = new Worker(join(PACKAGE_ROOT, 'src', 'cli', 'watchdog-thread.mjs'), { workerData: { deadline, seconds }, execArgv: [] });
    this.thread.unref();
  }

  method(label: string): void {
    this.thread.postMessage({ type: 'method', label });
  }

  progress(time: number, events: number): void {
    this.thread.postMessage({ type: 'progress', time: Number(time.toPrecision(6)), events });
  }

  finished(summary: string): void {
    this.thread.postMessage({ type: 'finished', summary });
  }

  /** The run is over: the watchdog stands down. */
  async done(): Promise<void> {
    this.thread.postMessage({ type: 'done' });
    await this.thread.terminate();
  }
}
