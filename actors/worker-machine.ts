import { setup } from 'xstate';
import type { WorkerEvent } from './messages.ts';
import type { WorkerIO } from './worker-io.ts';

export interface WorkerMachineInput {
  readonly io: WorkerIO;
  /** False for a worker that joins later (it starts `absent`). */
  readonly present: boolean;
}

interface WorkerContext {
  readonly io: WorkerIO;
  readonly present: boolean;
}

/**
 * The worker's behaviour. Its control states are the ones faults move it between:
 *
 * - `absent`: not joined yet; deaf to everything but `fault.join`.
 * - `ready`: accepts jobs. A job's computation is scheduled on the virtual clock when it is
 *   assigned (its completion time is fixed by the scenario then), and the finished gradient is
 *   sent on the uplink. Jobs assigned while busy queue behind the current one.
 * - `down`: crashed. Work in progress and queued messages were lost; jobs sent now are lost too.
 *   On `fault.recover` the worker comes back holding no model and says hello, so the server can
 *   send it one.
 *
 * Busy/idle is not a control state: it is a fact of the schedule (the worker is busy until its
 * last job completes), and keeping it out of the machine keeps a gradient at one transition.
 */
export const workerMachine = setup({
  types: {} as {
    context: WorkerContext;
    events: WorkerEvent;
    input: WorkerMachineInput;
  },
  actions: {
    startJob: ({ context, event }) => {
      if (event.type === 'job.assign') context.io.startJob(event);
    },
    refuseJob: ({ context, event }) => {
      if (event.type === 'job.assign') context.io.refuseJob(event);
    },
    cancelJobs: ({ context }) => context.io.cancelJobs(),
    loseEverything: ({ context }) => context.io.crash(),
    sayHello: ({ context }) => context.io.sayHello(),
  },
  guards: {
    startsAbsent: ({ context }) => !context.present,
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => ({ io: input.io, present: input.present }),
  initial: 'starting',
  states: {
    starting: {
      always: [{ guard: 'startsAbsent', target: 'absent' }, { target: 'ready' }],
    },
    absent: {
      on: {
        'fault.join': { target: 'ready', actions: 'sayHello' },
        'job.assign': { actions: 'refuseJob' },
      },
    },
    ready: {
      on: {
        'job.assign': { actions: 'startJob' },
        'job.cancel': { actions: 'cancelJobs' },
        'fault.crash': { target: 'down', actions: 'loseEverything' },
      },
    },
    down: {
      on: {
        'fault.recover': { target: 'ready', actions: 'sayHello' },
        'job.assign': { actions: 'refuseJob' },
      },
    },
  },
});
