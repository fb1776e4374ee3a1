import { Subject } from '../streams.ts';
import type { NodeEvent } from '../../../actors/graph/node-messages.ts';
import type { GradientMessage, ServerEvent } from '../../../actors/messages.ts';
import { choosePivot, shortestPathTree } from '../../graph/routing.ts';
import { neighbours, type Topology } from '../../graph/topology.ts';
import type { PartitionFault } from '../../scenario/fault-types.ts';
import type { ActorDispatcher } from '../actor-dispatcher.ts';
import { scheduleWorkerFaults } from '../faults/worker-faults.ts';
import type { GraphSummary } from '../result.ts';
import { TraceKind } from '../trace.ts';
import { WorkerHost } from '../worker-host.ts';
import type { World } from '../world.ts';
import { describeAwaited, nextEventReady } from '../job-owner.ts';
import type { WorldCore } from '../world-core.ts';
import { finishResult, stallReport } from '../world-result.ts';
import type { GraphShared } from './graph-shared.ts';
import { GraphNetwork } from './graph-network.ts';
import { NodeHost } from './node-host.ts';

/**
 * The world of a decentralized method (ALGORITHMS §4.3): every worker is a node of the
 * scenario's topology, running the method's node machine; there is no server. The iterate lives
 * at the pivot (the graph's centre on the uncut graph, fixed for the run); every round is routed
 * along the shortest-path tree towards it over the edges uncut when the round begins — the
 * routing layer knows the partitions, the methods learn of them only through that tree.
 */
export function buildGraphWorld(core: WorldCore): World {
  const { scenario, clock, accounting, trace, buffers, method, methodSpec, hooks } = core;
  const topology = scenario.topology;
  if (topology === undefined) throw new Error(`method ${method.id} needs scenario.topology (scenario parsing checks this)`);
  const n = core.workerCount;
  const { faults, seed } = scenario;
  const d = core.problem.dimension;
  const { pivot, eccentricity, diameterTime } = choosePivot(topology, d);
  const adjacency = neighbours(topology).map((list) => list.map((e) => e.node));
  const partitions = faults.filter((f): f is PartitionFault => f.kind === 'partition');

  let hosts: NodeHost[] = [];
  let nodes: ActorDispatcher<NodeEvent>[] = [];
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
      nodes[from].send({ type: 'link.free', worker: from, to });
    },
  );
  const shared: GraphShared = {
    core,
    pivot,
    // The links' own state decides which edges a round may use: one source for both.
    routeRound: () => shortestPathTree(topology, pivot, d, (edge) => network.edgeDown(topology.edges[edge].a, topology.edges[edge].b, clock.now())),
    linkIdle: (from, to) => network.idle(from, to),
    send: (message) => network.fromNodes.next(message),
    dropQueuedFrom: (node) => network.dropQueuedFrom(node, adjacency[node]),
    mirror: (event) => hooks.onWorkerEvent?.(event, clock.now()),
  };
  // A node's own finished gradients come back to it on this stream, never over an edge.
  const ownGradients = new Subject<ServerEvent>();
  const workers = scenario.workers.map((spec) => new WorkerHost(core, spec.id, ownGradients, { dropQueued: () => [] }));
  hosts = workers.map((worker, i) => new NodeHost(i, worker, shared));
  // A node is done with a message once it has processed it (it may be busy when the message
  // arrives: links between nodes can deliver within the sender's event): only then do the
  // message's buffers go back to the pool.
  nodes = hosts.map((host, i) =>
    core.spawn<NodeEvent>(method.machine, { io: host, params: methodSpec.params, present: core.presence[i] }, `node-${i} (${method.id})`, (event) => {
      if (event.type === 'grad.arrive') buffers.release(event.grad, core.checked ? `the gradient of node ${event.worker}'s job ${event.jobId}` : undefined);
      else if (event.type === 'round.sum') buffers.release(event.sum, core.checked ? `the round ${event.round} sum from node ${event.from}` : undefined);
    }),
  );
  ownGradients.subscribe((message) => nodes[message.worker].send(message as GradientMessage));
  // A duplicated message arrives as the same object twice in a row: the node drops the copy.
  const lastDelivered = new Array<NodeEvent | undefined>(n).fill(undefined);
  network.toNodes.subscribe((message) => {
    if (lastDelivered[message.to] === message) {
      accounting.duplicates++;
      trace.record(TraceKind.duplicate, clock.now(), message.to, -1, -1, -1, 0);
      return;
    }
    lastDelivered[message.to] = message;
    nodes[message.to].send(message);
  });
  const comebacks = scheduleWorkerFaults(
    faults,
    clock,
    (event) => {
      hooks.onWorkerEvent?.(event, clock.now());
      nodes[event.worker].send(event as NodeEvent);
    },
    trace,
    n,
  );
  for (const change of graphChanges(topology, partitions)) {
    clock.atBackground(change, () => nodes[pivot].send({ type: 'graph.changed', worker: pivot }));
  }
  for (const node of nodes) node.actor.start();
  nodes[pivot].send({ type: 'graph.start', worker: pivot });

  const contexts = () => ({ nodes: nodes.map((node) => node.actor.getSnapshot().context) });
  return {
    clock,
    monitor: core.monitor,
    trace,
    stop: scenario.stop,
    throwIfFailed: () => core.throwIfFailed(),
    nextReady: () => nextEventReady(clock),
    // Nodes may compute on while the pivot waits in vain: for a pivot that is down for good, or
    // (methods that need every node) for a node that lost the round to a crash — it never
    // rejoins a round in progress — or is down for good.
    waitsInVain() {
      const gone = (w: number) => hosts[w].down && comebacks.next(w) > core.horizon;
      if (gone(pivot)) return true;
      const report = method.waitingFor(contexts() as never);
      if (report.needs !== 'all') return false;
      return report.workers.some((w) => gone(w) || hosts[w].missedRound === core.iterate.iteration);
    },
    describeStall: () => stallReport(method.id, method.waitingFor(contexts() as never), 'node', (w) => hosts[w].describe(clock.now()), core.iterate.lastStepTime),
    describeAwaited: () => describeAwaited(clock, hooks.whereComputed),
    finish(stop, stall, wallSeconds) {
      for (const node of nodes) node.actor.stop();
      const held = hosts.reduce((sum, host) => sum + host.held, 0);
      const inTransit = network.gradientsInTransit() + held;
      network.close();
      // Gradients are consumed where they are applied or dropped; what remains is held or on a link.
      accounting.received = accounting.applied + accounting.discarded;
      const graph: GraphSummary = {
        kind: topology.kind,
        pivot,
        eccentricity,
        diameterTime,
        edges: topology.edges.map((e) => ({
          a: e.a,
          b: e.b,
          busyAB: network.busySeconds.get(network.key(e.a, e.b)) ?? 0,
          busyBA: network.busySeconds.get(network.key(e.b, e.a)) ?? 0,
        })),
      };
      return finishResult(core, { hosts: workers, inTransit, stop, stall, wallSeconds, extra: { graph } });
    },
  };
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
