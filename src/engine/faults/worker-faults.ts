import type { WorkerEvent } from '../../../actors/messages.ts';
import type { FaultSpec } from '../../scenario/fault-types.ts';
import type { SpeedWindow } from '../../scenario/speed/windowed.ts';
import type { VirtualClock } from '../../time/virtual-clock.ts';
import { TraceKind, type Trace } from '../trace.ts';

/** Trace codes of worker faults (the `tag` of a `fault` record). */
export const FaultCode = { crash: 1, recover: 2, join: 3 } as const;

/** The straggle and pause windows that hit `worker`, in scenario order. */
export function speedWindowsOf(faults: readonly FaultSpec[], worker: number): SpeedWindow[] {
  const windows: SpeedWindow[] = [];
  for (const fault of faults) {
    if (!fault.workers.includes(worker)) continue;
    if (fault.kind === 'straggle') windows.push({ from: fault.from, to: fault.to, factor: 1 / fault.factor });
    if (fault.kind === 'pause') windows.push({ from: fault.from, to: fault.to, factor: 0 });
  }
  return windows;
}

/** Workers that join later: absent at the start. */
export function joiningWorkers(faults: readonly FaultSpec[]): Set<number> {
  const joining = new Set<number>();
  for (const fault of faults) if (fault.kind === 'join') for (const w of fault.workers) joining.add(w);
  return joining;
}

/**
 * The recoveries and joins still to come, per worker (kept up to date as they happen): a worker
 * with one coming before the budget ends may yet deliver, whatever its state now.
 */
export class Comebacks {
  /** Per worker, the pending comeback times, ascending. */
  private readonly times: number[][];

  constructor(workerCount: number) {
    this.times = Array.from({ length: workerCount }, () => []);
  }

  /** The time of worker `worker`'s next recovery or join, or Infinity if none is coming. */
  next(worker: number): number {
    return this.times[worker][0] ?? Infinity;
  }

  /** Whether worker `worker` has any comeback still to come, however late. */
  pending(worker: number): boolean {
    return this.times[worker].length > 0;
  }

  /** The earliest comeback of any worker (Infinity if none). */
  earliest(): number {
    let first = Infinity;
    for (const list of this.times) if (list.length > 0 && list[0] < first) first = list[0];
    return first;
  }

  add(worker: number, time: number): void {
    const list = this.times[worker];
    let i = list.length;
    while (i > 0 && list[i - 1] > time) i--;
    list.splice(i, 0, time);
  }

  /** The comeback at `time` has happened. */
  happened(worker: number, time: number): void {
    const list = this.times[worker];
    const i = list.indexOf(time);
    if (i >= 0) list.splice(i, 1);
  }
}

/**
 * Schedules crashes, recoveries and joins as background events that deliver fault events to
 * the workers' inboxes. They bypass the network: a fault happens to a worker, it is not sent.
 * Returns the comebacks still to come.
 */
export function scheduleWorkerFaults(
  faults: readonly FaultSpec[],
  clock: VirtualClock,
  deliver: (event: WorkerEvent) => void,
  trace: Trace,
  workerCount: number,
): Comebacks {
  const comebacks = new Comebacks(workerCount);
  const at = (time: number, worker: number, event: WorkerEvent, code: number) => {
    const comeback = event.type === 'fault.recover' || event.type === 'fault.join';
    if (comeback) comebacks.add(worker, time);
    clock.atBackground(time, () => {
      if (comeback) comebacks.happened(worker, time);
      trace.record(TraceKind.fault, time, worker, -1, code, -1, 0);
      deliver(event);
    });
  };
  for (const fault of faults) {
    for (const worker of fault.workers) {
      if (fault.kind === 'crash') {
        at(fault.at, worker, { type: 'fault.crash', worker }, FaultCode.crash);
        if (fault.recoverAfter !== undefined) at(fault.at + fault.recoverAfter, worker, { type: 'fault.recover', worker }, FaultCode.recover);
      } else if (fault.kind === 'join') {
        at(fault.at, worker, { type: 'fault.join', worker }, FaultCode.join);
      }
    }
  }
  return comebacks;
}
