import { createActor } from 'xstate';
import type { GradientMessage, ServerEvent } from '../../../actors/messages.ts';
import type { NodeEvent } from '../../../actors/graph/node-messages.ts';
import type { AnyMethodDefinition } from '../../../actors/method-definition.ts';
import { neighbours, type Topology } from '../../graph/topology.ts';
import { choosePivot, shortestPathTree } from '../../graph/routing.ts';
import { Float64Pool } from '../../linalg/float64-pool.ts';
import { createProblem } from '../../problems/create-problem.ts';
import { RandomStream } from '../../random/random-stream.ts';
import { createComputeModel } from '../../scenario/compute-model.ts';
import type { PartitionFault } from '../../scenario/fault-types.ts';
import type { MethodSpec, Scenario } from '../../scenario/scenario-types.ts';
import { VirtualClock } from '../../time/virtual-clock.ts';
import { XStateVirtualClock } from '../../time/xstate-clock.ts';
import { Subject } from 'rxjs';
import { Accounting } from '../accounting.ts';
import { ActivityRecorder } from '../activity.ts';
import { ActorDispatcher } from '../actor-dispatcher.ts';
import { joiningWorkers, scheduleWorkerFaults, speedWindowsOf } from '../faults/worker-faults.ts';
import { ModelStore } from '../model-store.ts';
import { Monitor } from '../monitor.ts';
import type { GraphSummary } from '../result.ts';
import { checksOwnership, snapshotBufferLimit, type SimulateOptions } from '../simulate-options.ts';
import { formatTime } from '../format-time.ts';
import { InlineTaskRunner } from '../tasks/task-runner.ts';
import { predictTime } from '../theory-prediction.ts';
import { Trace, TraceKind } from '../trace.ts';
import { WorkerHost } from '../worker-host.ts';
import { ActorFailure, type World, type WorldHooks } from '../world.ts';
import { checkTargets, describeAwaited, finishResult, nextEventReady, stallReport } from '../world-result.ts';
import type { GraphShared, PivotModel } from './graph-shared.ts';
import { GraphNetwork } from './graph-network.ts';
import { NodeHost } from './node-host.ts';

/**
 * The world of a decentralized method (ALGORITHMS §4.3): every worker is a node of the
 * scenario's topology, running the method's node machine; there is no server. The iterate lives
 * at the pivot (the graph's centre on the uncut graph, fixed for the run); every round is routed
 * along the shortest-path tree towards it over the edges uncut when the round begins — the
 * routing layer knows the partitions, the methods learn of them only through that tree.
 */
export function buildGraphWorld(scenario: Scenario, methodSpec: MethodSpec, method: AnyMethodDefinition, options: SimulateOptions, hooks: WorldHooks): World {
  const topology = scenario.topology;
  if (topology === undefined) throw new Error(`method ${method.id} needs scenario.topology (scenario parsing checks this)`);
  const n = scenario.workers.length;
  const { faults, seed } = scenario;
  const clock = new VirtualClock();
  clock.onEvent = options.onEvent;
  const problem = createProblem(scenario.problem, n, RandomStream.named(seed, 'problem'));
  checkTargets(scenario, problem);
  const d = problem.dimension;
  const trace = new Trace(options.trace ?? scenario.record.trace);
  const accounting = new Accounting(n);
  const checked = checksOwnership(options);
  const bufferOptions = { checked, name: 'gradient buffers' };
  const buffers = hooks.buffers?.(d, bufferOptions) ?? new Float64Pool(d, bufferOptions);
  const modelPool = hooks.modelBuffers?.(d, { checked, name: 'model snapshots' }) ?? new Float64Pool(d, { checked, name: 'model snapshots' });
  const snapshotLimit = snapshotBufferLimit(options, d);
  const models = new ModelStore(modelPool, snapshotLimit.buffers, (buffers) =>
    monitor?.stopWith('memory', `model snapshots held by jobs and messages in flight passed ${snapshotLimit.megabytes} MB (${buffers} versions of ${d} floats) at t=${formatTime(clock.now())}`),
  );
  const runner = hooks.runner?.(problem, buffers) ?? new InlineTaskRunner(problem, n, seed, buffers);
  const joining = joiningWorkers(faults);
  const presence = scenario.workers.map((w) => !joining.has(w.id));
  const { pivot: pivotId, eccentricity, diameterTime } = choosePivot(topology, d);
  const pivot: PivotModel = { id: pivotId, x: problem.initialPoint(), iteration: 0, lastStepTime: 0 };
  const adjacency = neighbours(topology).map((list) => list.map((e) => e.node));
  const partitions = faults.filter((f): f is PartitionFault => f.kind === 'partition');
  const isCutNow = (edge: number): boolean => edgeCut(topology, edge, partitions, clock.now());

  let hosts: NodeHost[] = [];
  let dispatchers: ActorDispatcher<NodeEvent>[] = [];
  const network = new GraphNetwork(
    clock,
    topology,
    d,
    faults,
    seed,
    (message) => hosts[message.from].refuse(message),
    (from, to) => {
      const host = hosts[from];
      if (host.down) return;
      host.flushCounts();
      dispatchers[from].send({ type: 'link.free', worker: from, to });
    },
  );
  let monitor: Monitor | undefined = undefined;
  const shared: GraphShared = {
    clock,
    nodeCount: n,
    pivot,
    models,
    buffers,
    accounting,
    trace,
    routeRound: () => shortestPathTree(topology, pivot.id, d, isCutNow),
    linkIdle: (from, to) => network.idle(from, to),
    send: (message) => network.fromNodes.next(message),
    dropQueuedFrom: (node) => network.dropQueuedFrom(node, adjacency[node]),
    mirror: (event) => hooks.onWorkerEvent?.(event, clock.now()),
    afterStep: () => monitor?.afterStep(clock.now()),
  };
  monitor = new Monitor(problem, scenario.stop, scenario.record, {
    get x() {
      return pivot.x;
    },
    get iteration() {
      return pivot.iteration;
    },
    get gradientsComputed() {
      return accounting.computed;
    },
  });
  const activity = options.activity === true ? new ActivityRecorder(n, Number.isFinite(scenario.stop.time) ? scenario.stop.time / 200 : 1, presence) : undefined;
  activity?.notePauses(faults);
  // A node's own finished gradients come back to it on this stream, never over an edge.
  const ownGradients = new Subject<ServerEvent>();
  const workerShared = { clock, problem, outbox: ownGradients, buffers, models, accounting, trace, runner, afterGradient: () => monitor.afterGradient(), activity };
  const computeModels = scenario.workers.map((w, i) =>
    createComputeModel(w.compute, speedWindowsOf(faults, i), RandomStream.named(seed, `worker/${i}/timing`), RandomStream.named(seed, `worker/${i}/speed`)),
  );
  const workers = scenario.workers.map((spec, i) => {
    const queued = { dropQueued: () => [] };
    return new WorkerHost(spec.id, computeModels[i], queued, workerShared, presence[i]);
  });
  hosts = workers.map((worker, i) => new NodeHost(i, worker, shared));

  let failure: Error | undefined;
  const fail = (name: string, err: unknown) => {
    const cause = err instanceof Error ? err.message : String(err);
    failure ??= new ActorFailure(`actor ${name} failed at t=${clock.now()}: ${cause}`, { cause: err });
  };
  const xstateClock = new XStateVirtualClock(clock);
  const fastPath = options.dispatch !== 'xstate';
  dispatchers = hosts.map((host, i) => {
    const actor = createActor(method.machine, { input: { io: host, params: methodSpec.params, present: presence[i] }, clock: xstateClock, id: `node-${i}` });
    const onError = (err: unknown) => fail(`node-${i} (${method.id})`, err);
    actor.subscribe({ error: onError });
    // A node is done with a message once it has processed it (it may be busy when the message
    // arrives: links between nodes can deliver within the sender's event): only then do the
    // message's buffers go back to the pool.
    return new ActorDispatcher<NodeEvent>(actor, method.machine, fastPath, onError, (event) => {
      if (event.type === 'grad.arrive') buffers.release(event.grad, checked ? `the gradient of node ${event.worker}'s job ${event.jobId}` : undefined);
      else if (event.type === 'round.sum') buffers.release(event.sum, checked ? `the round ${event.round} sum from node ${event.from}` : undefined);
    });
  });
  ownGradients.subscribe((message) => dispatchers[message.worker].send(message as GradientMessage));
  // A duplicated message arrives as the same object twice in a row: the node drops the copy.
  const lastDelivered = new Array<NodeEvent | undefined>(n).fill(undefined);
  network.toNodes.subscribe((message) => {
    if (lastDelivered[message.to] === message) {
      accounting.duplicates++;
      trace.record(TraceKind.duplicate, clock.now(), message.to, -1, -1, -1, 0);
      return;
    }
    lastDelivered[message.to] = message;
    dispatchers[message.to].send(message);
  });
  const comebacks = scheduleWorkerFaults(
    faults,
    clock,
    (event) => {
      hooks.onWorkerEvent?.(event, clock.now());
      dispatchers[event.worker].send(event as NodeEvent);
    },
    trace,
    n,
  );
  for (const change of graphChanges(topology, partitions)) {
    clock.atBackground(change, () => dispatchers[pivot.id].send({ type: 'graph.changed', worker: pivot.id }));
  }
  for (const dispatcher of dispatchers) dispatcher.actor.start();
  dispatchers[pivot.id].send({ type: 'graph.start', worker: pivot.id });

  const contexts = () => ({ nodes: dispatchers.map((dispatcher) => dispatcher.actor.getSnapshot().context) });
  return {
    clock,
    monitor,
    trace,
    stop: scenario.stop,
    throwIfFailed() {
      if (failure !== undefined) throw failure;
    },
    nextReady: () => nextEventReady(clock),
    // Nodes may compute on while the pivot waits in vain: for a pivot that is down for good, or
    // (methods that need every node) for a node that lost the round to a crash — it never
    // rejoins a round in progress — or is down for good.
    waitsInVain() {
      const gone = (w: number) => hosts[w].down && comebacks.next(w) > scenario.stop.time;
      if (gone(pivot.id)) return true;
      const report = method.waitingFor(contexts() as never);
      if (report.needs !== 'all') return false;
      return report.workers.some((w) => gone(w) || hosts[w].missedRound === pivot.iteration);
    },
    describeStall() {
      const report = method.waitingFor(contexts() as never);
      return stallReport(method.id, report, 'node', (w) => hosts[w].describe(clock.now()), pivot.lastStepTime);
    },
    describeAwaited: () => describeAwaited(clock, hooks.whereComputed),
    finish({ reason: stopReason, limit }, stall, wallSeconds) {
      const now = clock.now();
      monitor.finish(now);
      for (const dispatcher of dispatchers) dispatcher.actor.stop();
      const held = hosts.reduce((sum, host) => sum + host.held, 0);
      const inTransit = network.gradientsInTransit() + held;
      network.close();
      // Gradients are consumed where they are applied or dropped; what remains is held or on a link.
      accounting.received = accounting.applied + accounting.discarded;
      const graph: GraphSummary = {
        kind: topology.kind,
        pivot: pivot.id,
        eccentricity,
        diameterTime,
        edges: topology.edges.map((e) => ({
          a: e.a,
          b: e.b,
          busyAB: network.busySeconds.get(network.key(e.a, e.b)) ?? 0,
          busyBA: network.busySeconds.get(network.key(e.b, e.a)) ?? 0,
        })),
      };
      return finishResult({
        scenario,
        methodSpec,
        problem,
        monitor,
        accounting,
        trace,
        x: pivot.x,
        iterations: pivot.iteration,
        hosts: workers,
        activity,
        now,
        inTransit,
        stopReason,
        limit,
        stall,
        wallSeconds,
        theory: predictTime(scenario, methodSpec.method, problem, monitor.timeToTarget),
        events: clock.eventsRun,
        modelBuffers: models.allocated,
        extra: { graph },
      });
    },
  };
}

/** Whether graph edge `edge` is cut by a partition at `now` (on the edge, or of either node). */
function edgeCut(topology: Topology, edge: number, partitions: readonly PartitionFault[], now: number): boolean {
  const { a, b } = topology.edges[edge];
  for (const fault of partitions) {
    if (now < fault.from || now >= fault.to) continue;
    if (fault.workers.includes(a) || fault.workers.includes(b)) return true;
    if (fault.edges?.some(([x, y]) => x === a && y === b) === true) return true;
  }
  return false;
}

/** The times the graph of uncut edges changes (partition windows open or close), ascending. */
function graphChanges(topology: Topology, partitions: readonly PartitionFault[]): number[] {
  if (topology.edges.length === 0) return [];
  const times = new Set<number>();
  for (const fault of partitions) {
    times.add(fault.from);
    if (Number.isFinite(fault.to)) times.add(fault.to);
  }
  return [...times].sort((x, y) => x - y);
}
