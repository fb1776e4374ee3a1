import type { GradientMessage, JobAssign, ModelSnapshot } from '../../../actors/messages.ts';
import type { NodeIO } from '../../../actors/graph/node-io.ts';
import type { EdgeMessage, PartialSum, RoundModel, RoundTree } from '../../../actors/graph/node-messages.ts';
import { GRADIENT_TASK } from '../../../actors/tasks.ts';
import { axpy } from '../../linalg/vector.ts';
import { TraceKind } from '../trace.ts';
import { formatTime, type WorkerHost } from '../worker-host.ts';
import type { GraphShared } from './graph-shared.ts';
import type { WorldCore } from '../world-core.ts';

/** A weighted sum of gradients and, per worker, how many it holds and their total weight. */
class SumBuffer {
  sum: Float64Array | undefined = undefined;
  readonly counts: Float64Array;
  readonly weights: Float64Array;
  count = 0;

  constructor(nodes: number) {
    this.counts = new Float64Array(nodes);
    this.weights = new Float64Array(nodes);
  }
}

/**
 * The physics and bookkeeping behind one node machine of a decentralized method: its gradient
 * computations (a {@link WorkerHost}: compute model, faults, task runner), the round it is in,
 * its buffers, and its outgoing edge links. The machine decides; this executes and accounts
 * for every gradient (applied at the pivot, discarded as stale, lost to a crash or a link).
 */
export class NodeHost implements NodeIO {
  round = -1;
  private model: ModelSnapshot | undefined = undefined;
  private tree: RoundTree | undefined = undefined;
  private local: SumBuffer;
  private relay: SumBuffer;
  /** Count reports waiting for the link to the parent (coalesced while it is busy). */
  private readonly pendingCounts = new Map<number, number>();
  down = false;
  /** The round this node lost to a crash (held it, or its model arrived while down); -1 if none. */
  missedRound = -1;
  /** When it last crashed. */
  private crashedAt = -1;

  private readonly core: WorldCore;

  constructor(
    readonly id: number,
    private readonly worker: WorkerHost,
    private readonly shared: GraphShared,
  ) {
    this.core = shared.core;
    this.local = new SumBuffer(this.core.workerCount);
    this.relay = new SumBuffer(this.core.workerCount);
  }

  get nodeCount(): number {
    return this.core.workerCount;
  }

  get pivot(): number {
    return this.shared.pivot;
  }

  get iteration(): number {
    return this.core.iterate.iteration;
  }

  get localCount(): number {
    return this.local.count;
  }

  get relayCount(): number {
    return this.relay.count;
  }

  get children(): readonly number[] {
    return this.tree?.children[this.id] ?? [];
  }

  /** Gradients held in this node's buffers. */
  get held(): number {
    return this.local.count + this.relay.count;
  }

  beginRound(partial: boolean): readonly number[] {
    const tree = this.shared.routeRound();
    if (tree.unreachable.length > 0 && !partial) return tree.unreachable;
    const { models, iterate } = this.core;
    const model = models.hold(iterate.x, iterate.iteration);
    this.enterRound(iterate.iteration, model, tree);
    return tree.unreachable;
  }

  adoptRound(message: RoundModel): void {
    this.enterRound(message.round, message.model, message.tree);
  }

  computeGradient(): void {
    if (this.model === undefined) return;
    this.core.models.retain(this.model);
    const job: JobAssign = { type: 'job.assign', worker: this.id, tag: this.round, model: this.model, task: GRADIENT_TASK };
    this.shared.mirror(job);
    this.worker.startJob(job);
  }

  cancelGradients(): void {
    this.shared.mirror({ type: 'job.cancel', worker: this.id });
    this.worker.cancelJobs();
  }

  keepGradient(message: GradientMessage, toRelay: boolean): void {
    if (message.tag !== this.round) {
      this.account(TraceKind.gradDiscarded, message.worker, message.count, message.tag);
      return;
    }
    const target = toRelay ? this.relay : this.local;
    this.addInto(target, message.grad, 1);
    target.counts[this.id] += message.count;
    target.weights[this.id] += message.count;
    target.count += message.count;
  }

  relayLocal(weight: number): void {
    const { local, relay } = this;
    if (local.count === 0) return;
    this.addInto(relay, local.sum!, weight);
    relay.counts[this.id] += local.count;
    relay.weights[this.id] += weight * local.count;
    relay.count += local.count;
    this.clear(local);
  }

  keepSum(message: PartialSum): boolean {
    if (message.round !== this.round) {
      this.accountSum(TraceKind.gradDiscarded, message.counts, message.round);
      return false;
    }
    const relay = this.relay;
    this.addInto(relay, message.sum, 1);
    for (let w = 0; w < relay.counts.length; w++) {
      relay.counts[w] += message.counts[w];
      relay.weights[w] += message.weights[w];
    }
    relay.count += message.count;
    return true;
  }

  sendRelay(evenIfBusy: boolean): boolean {
    const parent = this.tree?.parent[this.id] ?? -1;
    const relay = this.relay;
    if (parent < 0 || relay.count === 0) return false;
    if (!evenIfBusy && !this.shared.linkIdle(this.id, parent)) return false;
    const message: PartialSum = {
      type: 'round.sum',
      from: this.id,
      to: parent,
      round: this.round,
      sum: relay.sum!,
      counts: Float64Array.from(relay.counts),
      weights: Float64Array.from(relay.weights),
      count: relay.count,
    };
    relay.sum = undefined;
    this.clear(relay);
    this.shared.send(message);
    return true;
  }

  reportCounts(entries: readonly (readonly [number, number])[]): void {
    for (const [worker, count] of entries) this.pendingCounts.set(worker, count);
    this.flushCounts();
  }

  /** Sends the coalesced count reports if the link to the parent is idle. */
  flushCounts(): void {
    const parent = this.tree?.parent[this.id] ?? -1;
    if (parent < 0 || this.pendingCounts.size === 0 || !this.shared.linkIdle(this.id, parent)) return;
    const entries = [...this.pendingCounts].sort((a, b) => a[0] - b[0]);
    this.pendingCounts.clear();
    this.shared.send({ type: 'round.counts', from: this.id, to: parent, round: this.round, entries });
  }

  signalCollect(): void {
    for (const child of this.children) this.shared.send({ type: 'round.collect', from: this.id, to: child, round: this.round });
  }

  stepWithRelay(stepSize: number, scale: number): void {
    const { core, relay } = this;
    const iteration = core.iterate.iteration;
    const now = core.clock.now();
    for (let w = 0; w < relay.counts.length; w++) {
      if (relay.counts[w] === 0) continue;
      core.accounting.onApplied(w, relay.counts[w], iteration - this.round);
      core.trace.record(TraceKind.gradApplied, now, w, -1, this.round, iteration, scale * relay.weights[w], relay.counts[w]);
    }
    core.step(relay.sum, stepSize * scale);
    this.clear(relay);
  }

  /** A message reached this node while it was down or absent: lost. */
  refuse(message: EdgeMessage): void {
    if (message.type === 'round.sum') this.accountSum(TraceKind.gradLost, message.counts, message.round);
    if (message.type === 'round.model') {
      this.core.models.drop(message.model);
      if (this.down) this.missedRound = Math.max(this.missedRound, message.round);
    }
  }

  /** A short description of the node's state, for stall reports. */
  describe(now: number): string {
    const round = this.core.iterate.iteration;
    if (this.missedRound === round) return `lost round ${round} to a crash at t=${formatTime(this.crashedAt)}${this.down ? ', still down' : ''}`;
    return this.worker.describe(now);
  }

  crash(): void {
    this.down = true;
    this.crashedAt = this.core.clock.now();
    if (this.round >= 0) this.missedRound = Math.max(this.missedRound, this.round);
    this.worker.crash();
    for (const message of this.shared.dropQueuedFrom(this.id)) this.refuseOwn(message);
    this.leaveRound(TraceKind.gradLost);
    this.round = -1;
    this.pendingCounts.clear();
  }

  recover(): void {
    this.down = false;
    this.worker.markUp();
  }

  /** A message this node had queued on a link was lost with it. */
  private refuseOwn(message: EdgeMessage): void {
    this.refuse(message);
  }

  private enterRound(round: number, model: ModelSnapshot, tree: RoundTree): void {
    this.cancelGradients();
    this.leaveRound(TraceKind.gradDiscarded);
    this.pendingCounts.clear();
    this.round = round;
    this.model = model;
    this.tree = tree;
    for (const child of tree.children[this.id]) {
      this.core.models.retain(model);
      this.shared.send({ type: 'round.model', from: this.id, to: child, round, model, tree });
    }
  }

  /** Gives up the round: the model, and the buffers' gradients (`kind`: discarded or lost). */
  private leaveRound(kind: typeof TraceKind.gradDiscarded | typeof TraceKind.gradLost): void {
    if (this.model !== undefined) this.core.models.drop(this.model);
    this.model = undefined;
    this.tree = undefined;
    for (const buffer of [this.local, this.relay]) {
      if (buffer.count > 0) this.accountSum(kind, buffer.counts, this.round);
      this.clear(buffer);
    }
  }

  private addInto(buffer: SumBuffer, vector: Float64Array, weight: number): void {
    let sum = buffer.sum;
    if (sum === undefined) {
      sum = this.core.buffers.acquire();
      sum.fill(0);
      buffer.sum = sum;
    }
    axpy(weight, vector, sum);
  }

  private clear(buffer: SumBuffer): void {
    if (buffer.sum !== undefined) this.core.buffers.release(buffer.sum);
    buffer.sum = undefined;
    buffer.counts.fill(0);
    buffer.weights.fill(0);
    buffer.count = 0;
  }

  private accountSum(kind: typeof TraceKind.gradDiscarded | typeof TraceKind.gradLost, counts: Float64Array, round: number): void {
    for (let w = 0; w < counts.length; w++) if (counts[w] > 0) this.account(kind, w, counts[w], round);
  }

  private account(kind: typeof TraceKind.gradDiscarded | typeof TraceKind.gradLost, worker: number, count: number, round: number): void {
    const { accounting, trace, clock } = this.core;
    if (kind === TraceKind.gradLost) accounting.onLost(worker, count);
    else accounting.onDiscarded(worker, count);
    trace.record(kind, clock.now(), worker, -1, round, this.core.iterate.iteration, 0, count);
  }
}
