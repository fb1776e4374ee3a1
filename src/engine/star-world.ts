import type { ServerEvent, WorkerEvent } from '../../actors/messages.ts';
import { workerMachine } from '../../actors/worker-machine.ts';
import type { ActorDispatcher } from './actor-dispatcher.ts';
import { scheduleWorkerFaults } from './faults/worker-faults.ts';
import { formatTime } from './format-time.ts';
import { dropJobHolds } from './model-store.ts';
import { Network } from './network.ts';
import { ServerHost } from './server-host.ts';
import { TraceKind } from './trace.ts';
import { waitsInVain, type WorkerReach } from './wait-in-vain.ts';
import type { World } from './world.ts';
import { describeAwaited, nextEventReady } from './job-owner.ts';
import type { WorldCore } from './world-core.ts';
import { finishResult, stallReport } from './world-result.ts';
import { WorkerHost } from './worker-host.ts';

/**
 * A centralized method's world on its core: a server machine and one worker machine per
 * worker, each worker linked to the server by a FIFO link per direction (the network), with
 * the link and worker faults of the scenario. Starts the actors at t = 0.
 */
export function buildStarWorld(core: WorldCore): World {
  const { scenario, clock, accounting, trace, buffers, models, method, methodSpec, hooks, horizon } = core;
  const n = core.workerCount;
  const { faults, seed } = scenario;
  let hosts: WorkerHost[] = [];
  // Every message a link fault drops ends here: its buffers and holds are released, the loss counted.
  const network = new Network(clock, scenario.workers, core.problem.dimension, faults, seed, (message) => {
    const now = clock.now();
    if (message.type === 'grad.arrive') {
      accounting.onLost(message.worker, message.count);
      trace.record(TraceKind.gradLost, now, message.worker, message.jobId, message.tag, -1, message.part, message.count);
      buffers.release(message.grad);
      hosts[message.worker].noteLoss(now, `its gradient of job ${message.jobId}`);
    } else if (message.type === 'job.assign') {
      dropJobHolds(models, message);
      hosts[message.worker].noteLoss(now, 'the job sent to it');
    } else {
      hosts[message.worker].noteLoss(now, message.type === 'worker.hello' ? 'its hello' : `a ${message.type} message`);
    }
  });
  const server = new ServerHost(core, network.fromServer);
  const activity = core.activity;
  if (activity !== undefined) {
    network.uplinks.forEach((link, w) => {
      link.onTransmitted = (entry) => activity.sent(w, entry.start, entry.arrival);
    });
  }
  hosts = scenario.workers.map((spec) => new WorkerHost(core, spec.id, network.fromWorkers, network.uplinks[spec.id]));
  const workers = hosts.map((host, i) => core.spawn<WorkerEvent>(workerMachine, { io: host, present: core.presence[i] }, `worker-${i}`));
  // A duplicated message arrives as the same object twice in a row: the worker's transport
  // drops the second copy, as the server's does (by job id).
  const lastDelivered: (WorkerEvent | undefined)[] = new Array(n).fill(undefined);
  network.toWorkers.subscribe((event) => {
    if (lastDelivered[event.worker] === event) {
      accounting.duplicates++;
      trace.record(TraceKind.duplicate, clock.now(), event.worker, -1, -1, -1, 0);
      return;
    }
    lastDelivered[event.worker] = event;
    hooks.onWorkerEvent?.(event, clock.now());
    workers[event.worker].send(event);
  });
  const comebacks = scheduleWorkerFaults(faults, clock, (event) => network.toWorkers.next(event), trace, n);
  const reach: WorkerReach = {
    // Faults decide what cannot come before the budget ends (a join or recovery after it, a
    // partition that outlasts it); work and transfers cut short by the budget are merely late.
    canDeliver(w) {
      const uplink = network.uplinks[w];
      if (uplink.transmitsBy(horizon)) return true;
      const finish = hosts[w].nextFinish();
      if (finish < Infinity && !uplink.blockedThrough(Math.min(finish, horizon), horizon)) return true;
      const now = clock.now();
      if (network.downlinks[w].transmitsBy(horizon, (m) => m.type === 'job.assign') && hosts[w].isUp() && !uplink.blockedThrough(now, horizon)) return true;
      return comebacks.next(w) <= horizon;
    },
    reachable(w) {
      const now = clock.now();
      const up = hosts[w].isUp() || comebacks.next(w) <= horizon;
      return up && !network.downlinks[w].blockedThrough(now, horizon) && !network.uplinks[w].blockedThrough(now, horizon);
    },
    comebackBeforeBudget: () => comebacks.earliest() <= horizon,
  };
  core.describeMemory = () => busiestLink(network);
  /** A worker's state, and what keeps it from delivering before the budget ends, for stall reports. */
  const describeWorker = (w: number): string => {
    const now = clock.now();
    let state = hosts[w].describe(now);
    const comeback = comebacks.next(w);
    if (!hosts[w].isUp()) {
      if (comeback < Infinity) state += `, ${hosts[w].hasJoined() ? 'recovers' : 'joins'} at t=${formatTime(comeback)}${comeback > horizon ? ', after the budget' : ''}`;
      else if (hosts[w].hasJoined()) state += ' for good';
    }
    const parts = [state];
    const held = network.uplinks[w].held(now);
    if (held !== undefined) parts.push(`${held.count === 1 ? 'a message' : `${held.count} messages`} held on its uplink until t=${formatTime(held.from)}${held.from > horizon ? ', after the budget' : ''}`);
    else if (network.uplinks[w].blockedThrough(now, horizon)) parts.push('its uplink is cut beyond the budget');
    if (network.downlinks[w].blockedThrough(now, horizon)) parts.push('its downlink is cut beyond the budget');
    return parts.join('; ');
  };
  // Once the method has processed a gradient (not merely received it), its buffer goes back to the pool.
  const serverActor: ActorDispatcher<ServerEvent> = core.spawn<ServerEvent>(method.machine, { io: server, params: methodSpec.params }, `server-${method.id}`, (message) => {
    if (message.type === 'grad.arrive') buffers.release(message.grad, core.checked ? `the gradient of worker ${message.worker}'s job ${message.jobId}` : undefined);
  });
  network.toServer.subscribe((message) => {
    // The extra copy of a duplicated message shares its original's buffer: the server's
    // transport drops it before the method sees it.
    if (!server.receive(message)) return;
    serverActor.send(message);
  });
  for (const worker of workers) worker.actor.start();
  serverActor.actor.start();
  const context = () => serverActor.actor.getSnapshot().context as never;

  return {
    clock,
    monitor: core.monitor,
    trace,
    stop: scenario.stop,
    throwIfFailed: () => core.throwIfFailed(),
    nextReady: () => nextEventReady(clock),
    waitsInVain: () => waitsInVain(method.waitingFor(context()), reach),
    describeStall: () => stallReport(method.id, method.waitingFor(context()), 'worker', describeWorker, core.iterate.lastStepTime),
    describeAwaited: () => describeAwaited(clock, hooks.whereComputed),
    finish(stop, stall, wallSeconds) {
      const inTransit = network.gradientsInTransit();
      for (const worker of workers) worker.actor.stop();
      serverActor.actor.stop();
      network.close();
      return finishResult(core, { hosts, inTransit, stop, stall, wallSeconds });
    },
  };
}

/** The link holding the most messages, for the memory bound's message. */
function busiestLink(network: Network): string {
  let best = { count: 0, what: '' };
  network.downlinks.forEach((link, w) => {
    if (link.inTransit().length > best.count) best = { count: link.inTransit().length, what: `worker ${w}'s downlink` };
  });
  network.uplinks.forEach((link, w) => {
    if (link.inTransit().length > best.count) best = { count: link.inTransit().length, what: `worker ${w}'s uplink` };
  });
  return best.count === 0 ? '' : `; ${best.what} holds ${best.count} messages`;
}
