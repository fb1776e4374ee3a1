import { assertEvent, sendParent, sendTo, setup } from 'xstate';
import type { RandomStream } from '../../src/random/random-stream.ts';
import { optional, readInRange, readInteger, readObject, readOneOf, readPositive } from '../../src/input/fields.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';
import { SECONDS_PER_MILLISECOND } from '../../src/time/xstate-clock.ts';
import type { GradientMessage, ServerEvent } from '../messages.ts';
import { IndexSet } from './index-set.ts';
import { MessageLog } from './message-log.ts';
import { defineMethod, type ServerMachineInput } from '../method-definition.ts';
import { readStepSize } from '../method-params.ts';
import type { ServerIO } from '../server-io.ts';
import type { Task } from '../tasks.ts';

/** A staleness weight s(τ) of Meta's FLSim (ALGORITHMS §5.7, [V-code]); τ in server versions. */
export type StalenessWeight =
  | { readonly kind: 'constant' }
  /** 1 while τ ≤ cutoff, then `value` ∈ [0, 1]. */
  | { readonly kind: 'threshold'; readonly cutoff: number; readonly value: number }
  /** 1/(1 + τ)^exponent, exponent ∈ [0, 1]. */
  | { readonly kind: 'polynomial'; readonly exponent: number };

/** s(τ): at most 1 and non-increasing in τ for every rule. */
export function stalenessWeight(rule: StalenessWeight, staleness: number): number {
  switch (rule.kind) {
    case 'constant':
      return 1;
    case 'threshold':
      return staleness <= rule.cutoff ? 1 : rule.value;
    case 'polynomial':
      return 1 / (1 + staleness) ** rule.exponent;
  }
}

export interface FedBuffParams {
  /** η_g, the server step: x ← x + η_g·buffer/K. */
  readonly stepSize: number;
  /** The clients' local SGD step size. */
  readonly localStepSize: number;
  /** Local SGD steps per client job. Default 1. */
  readonly localSteps: number;
  /** K: deltas per server update (no default). */
  readonly bufferSize: number;
  /** C ≤ n: clients training at once. Default n. */
  readonly concurrency: number;
  /** s(τ). Default polynomial with exponent 1/2, FedBuff's choice [R]. */
  readonly staleness: StalenessWeight;
  /**
   * A client silent for this many times its nominal job time (localSteps·τ_w plus its uplink's
   * cost for one delta) is presumed dead: its job is cancelled and its slot goes to another
   * client. Default 4 [D].
   */
  readonly timeoutFactor: number;
}

/**
 * The server's view of its clients, built only from what it sent and received. A client is
 * unknown (absent, not joined yet), busy (holding a slot since `assignedAt`), or idle; an idle
 * client whose last job timed out and that has said nothing since is a suspect.
 */
class ClientTable {
  readonly known: Uint8Array;
  readonly busy: Uint8Array;
  readonly assignedAt: Float64Array;
  readonly deadline: Float64Array;
  /** Idle clients the server trusts. */
  readonly trusted: IndexSet;
  /** Idle clients presumed dead, sampled only when no trusted one is idle. */
  readonly suspects: IndexSet;
  busyCount = 0;

  constructor(readonly size: number) {
    this.known = new Uint8Array(size);
    this.busy = new Uint8Array(size);
    this.assignedAt = new Float64Array(size);
    this.deadline = new Float64Array(size);
    this.trusted = new IndexSet(size);
    this.suspects = new IndexSet(size);
  }

  /** An idle client, uniformly among the trusted ones if any, else among the suspects; −1 if none. */
  sampleIdle(rng: RandomStream): number {
    if (this.trusted.size > 0) return this.trusted.sample(rng);
    if (this.suspects.size > 0) return this.suspects.sample(rng);
    return -1;
  }

  occupy(worker: number, now: number, timeoutSeconds: number): void {
    this.trusted.delete(worker);
    this.suspects.delete(worker);
    this.busy[worker] = 1;
    this.busyCount++;
    this.assignedAt[worker] = now;
    this.deadline[worker] = now + timeoutSeconds;
  }

  /** The client's slot is free; it is idle, trusted unless `suspected`. */
  release(worker: number, suspected: boolean): void {
    if (this.busy[worker] === 1) {
      this.busy[worker] = 0;
      this.busyCount--;
    }
    if (suspected) this.suspects.add(worker);
    else {
      this.suspects.delete(worker);
      this.trusted.add(worker);
    }
  }

  /** The client sent something: an idle suspect is trusted again. */
  heardFrom(worker: number): void {
    if (this.suspects.has(worker)) this.release(worker, false);
  }

  /** The earliest deadline of a busy client (Infinity when none is busy). */
  nextDeadline(): number {
    let next = Infinity;
    for (let w = 0; w < this.size; w++) if (this.busy[w] === 1 && this.deadline[w] < next) next = this.deadline[w];
    return next;
  }

  busyWorkers(): number[] {
    const out: number[] = [];
    for (let w = 0; w < this.size; w++) if (this.busy[w] === 1) out.push(w);
    return out;
  }
}

/** The watchdog reports that every busy client whose deadline is ≤ `deadline` is overdue. */
interface WatchdogExpired {
  readonly type: 'watchdog.expired';
  readonly deadline: number;
}

interface WatchdogContext {
  readonly clients: ClientTable;
  readonly io: ServerIO;
  armedFor: number;
}

/**
 * A timer on the virtual clock (XState `after`) set at the earliest deadline of a busy client
 * when it is (re)armed. It lives in its own actor so that the server's delta transitions stay on
 * the compiled fast path (a state with `after` would send every event through the interpreter).
 * It reads the server's table and decides nothing: when it fires it reports the deadline and
 * waits for the server to rearm it. A deadline set after arming (a new job) is checked at the
 * next firing at the latest; a firing after its client already delivered expires nothing.
 */
const watchdog = setup({
  types: {} as { context: WatchdogContext; events: { type: 'watchdog.rearm' }; input: { clients: ClientTable; io: ServerIO } },
  actions: {
    aim: ({ context }) => {
      context.armedFor = context.clients.nextDeadline();
    },
  },
  guards: {
    nothingToWatch: ({ context }) => context.armedFor === Infinity,
  },
  delays: {
    // Never negative: a deadline already past fires at once.
    untilDeadline: ({ context }) => Math.max(0, context.armedFor - context.io.now()) / SECONDS_PER_MILLISECOND,
  },
}).createMachine({
  id: 'fedbuff-watchdog',
  context: ({ input }) => ({ clients: input.clients, io: input.io, armedFor: Infinity }),
  // While an actor system starts, XState defers custom actions (the server's first assignments
  // among them) but evaluates guards at once: aim only once the server has started.
  initial: 'starting',
  states: {
    starting: { after: { 0: 'aiming' } },
    aiming: {
      entry: 'aim',
      always: [{ guard: 'nothingToWatch', target: 'sleeping' }, { target: 'armed' }],
    },
    armed: {
      after: {
        untilDeadline: { target: 'waiting', actions: sendParent(({ context }) => ({ type: 'watchdog.expired', deadline: context.armedFor })) },
      },
    },
    waiting: { on: { 'watchdog.rearm': 'aiming' } },
    sleeping: { on: { 'watchdog.rearm': 'aiming' } },
  },
});

interface FedBuffContext {
  readonly io: ServerIO;
  readonly params: FedBuffParams;
  /** The one task every client gets (plain immutable data). */
  readonly task: Task;
  readonly clients: ClientTable;
  /** Per client, seconds of silence after which it is presumed dead. */
  readonly timeoutSeconds: Float64Array;
  /** Σ s(τ_i)·Δ_i over the buffered deltas. */
  readonly buffer: Float64Array;
  /** The buffered deltas and their s(τ), for the accounting of the update they feed. */
  readonly buffered: MessageLog;
  weights: number[];
}

type FedBuffEvent = ServerEvent | WatchdogExpired;

/**
 * FedBuff, buffered asynchronous aggregation (Nguyen et al., AISTATS 2022; ALGORITHMS §5.7, [R]
 * apart from FLSim's weights). C clients train at once; each runs `localSteps` SGD steps from
 * the model it was sent and uploads Δ = x_local − x. The server adds s(τ)·Δ to a buffer (τ =
 * server versions since the client's model); at K deltas it sets x ← x + η_g·buffer/K and clears
 * the buffer. Each delta is applied with weight s(τ)/K in that update. When a client delivers, a
 * new one is sampled uniformly (the method's stream) among the idle ones, the sender included,
 * after the update, so it gets the newest model.
 *
 * Faults [D]. A hello means the client lost its job: its slot is freed (and the job cancelled, in
 * case the hello crossed a newer assignment on the wire) and refilled at once; a client that
 * joins becomes eligible. A client that crashes for good (or whose job or delta is lost) never
 * says so: after `timeoutFactor` times its nominal job time the server cancels its job, frees its
 * slot and marks it a suspect; suspects are sampled only when no trusted client is idle, and are
 * trusted again as soon as anything arrives from them. A delta from a job the server gave up on
 * (it started before the client's current assignment, or the client holds no slot) is
 * discarded, so every applied delta was computed inside a slot.
 *
 * Parameters: the default staleness exponent a = 1/2 is [R]; K has no default; the timeout
 * factor 4 is [D].
 */
const machine = setup({
  types: {} as { context: FedBuffContext; events: FedBuffEvent; input: ServerMachineInput<FedBuffParams> },
  actors: { watchdog },
  actions: {
    start: ({ context }) => {
      for (let w = 0; w < context.io.workerCount; w++) {
        if (!context.io.presentAtStart(w)) continue;
        context.clients.known[w] = 1;
        context.clients.trusted.add(w);
      }
      refill(context);
    },
    bufferDelta: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      const weight = stalenessWeight(context.params.staleness, context.io.iteration - message.tag);
      const { buffer } = context;
      const delta = message.grad;
      for (let j = 0; j < buffer.length; j++) buffer[j] += weight * delta[j];
      context.buffered.push(message);
      context.weights.push(weight);
    },
    flush: ({ context }) => {
      const { io, buffer, buffered, weights } = context;
      const k = context.params.bufferSize;
      let i = 0;
      buffered.forEach((message) => io.apply(message, weights[i++] / k));
      // step(direction, size) moves x ← x − size·direction: a negative size adds η_g·buffer/K.
      io.step(buffer, -context.params.stepSize / k);
      buffer.fill(0);
      buffered.clear();
      context.weights = [];
    },
    freeSenderAndRefill: ({ context, event }) => {
      if (event.type !== 'grad.arrive') return;
      context.clients.release(event.worker, false);
      refill(context);
    },
    discardLate: ({ context, event }) => {
      assertEvent(event, 'grad.arrive');
      const message = event;
      context.io.discard(message);
      context.clients.heardFrom(message.worker);
      refill(context);
    },
    welcome: ({ context, event }) => {
      if (event.type !== 'worker.hello') return;
      // A hello means the client lost its job. It may have been sent before a job the server
      // gave it since arrived there: cancel that too (a no-op if it is gone), so that the client
      // does not train outside a slot.
      if (context.clients.busy[event.worker] === 1) context.io.cancel(event.worker);
      context.clients.known[event.worker] = 1;
      context.clients.release(event.worker, false);
      refill(context);
    },
    expireOverdue: ({ context, event }) => {
      assertEvent(event, 'watchdog.expired');
      const { clients, io } = context;
      const deadline = event.deadline;
      for (let w = 0; w < clients.size; w++) {
        if (clients.busy[w] === 0 || clients.deadline[w] > deadline) continue;
        io.cancel(w);
        clients.release(w, true);
      }
      refill(context);
    },
  },
  guards: {
    fromCurrentJob: ({ context, event }) => event.type === 'grad.arrive' && isFromCurrentJob(context, event),
    completesBuffer: ({ context, event }) =>
      event.type === 'grad.arrive' && isFromCurrentJob(context, event) && context.buffered.length + 1 >= context.params.bufferSize,
  },
}).createMachine({
  id: 'fedbuff',
  context: ({ input }) => {
    const { io, params } = input;
    const n = io.workerCount;
    const timeoutSeconds = new Float64Array(n);
    for (let w = 0; w < n; w++) {
      const uplink = io.uplinkOf(w);
      timeoutSeconds[w] = params.timeoutFactor * (params.localSteps * io.nominalTau(w) + uplink.latency + io.dimension * uplink.perFloat);
    }
    return {
      io,
      params,
      task: { kind: 'local-steps', steps: params.localSteps, stepSize: params.localStepSize },
      clients: new ClientTable(n),
      timeoutSeconds,
      buffer: new Float64Array(io.dimension),
      buffered: new MessageLog(),
      weights: [],
    };
  },
  initial: 'running',
  states: {
    running: {
      entry: 'start',
      invoke: { id: 'watchdog', src: 'watchdog', input: ({ context }) => ({ clients: context.clients, io: context.io }) },
      on: {
        'grad.arrive': [
          { guard: 'completesBuffer', actions: ['bufferDelta', 'flush', 'freeSenderAndRefill'] },
          { guard: 'fromCurrentJob', actions: ['bufferDelta', 'freeSenderAndRefill'] },
          { actions: 'discardLate' },
        ],
        // Both go through the interpreter (a built-in action); they are rare.
        'worker.hello': { actions: ['welcome', sendTo('watchdog', { type: 'watchdog.rearm' })] },
        'watchdog.expired': { actions: ['expireOverdue', sendTo('watchdog', { type: 'watchdog.rearm' })] },
      },
    },
  },
});

/**
 * The delta completes the sender's current job: it holds a slot, and the job started no earlier
 * than that slot's assignment (a job starts when its assignment arrives or later).
 */
function isFromCurrentJob(context: FedBuffContext, message: GradientMessage): boolean {
  const { clients } = context;
  return clients.busy[message.worker] === 1 && message.startedAt >= clients.assignedAt[message.worker];
}

/** Fills free slots with idle clients, sampled one at a time. */
function refill(context: FedBuffContext): void {
  const { clients, io } = context;
  while (clients.busyCount < context.params.concurrency) {
    const w = clients.sampleIdle(io.rng);
    if (w < 0) return;
    clients.occupy(w, io.now(), context.timeoutSeconds[w]);
    io.assign(w, context.task);
  }
}

function readStaleness(value: unknown, path: string): StalenessWeight {
  const kinds = ['constant', 'threshold', 'polynomial'] as const;
  const kind = readOneOf(readObject(value, path, ['kind', 'cutoff', 'value', 'exponent']).kind, `${path}.kind`, kinds);
  switch (kind) {
    case 'constant':
      readObject(value, path, ['kind']);
      return { kind };
    case 'threshold': {
      const raw = readObject(value, path, ['kind', 'cutoff', 'value']);
      return { kind, cutoff: readInteger(raw.cutoff, `${path}.cutoff`, 0), value: readInRange(raw.value, `${path}.value`, 0, 1) };
    }
    case 'polynomial': {
      const raw = readObject(value, path, ['kind', 'exponent']);
      return { kind, exponent: optional(raw.exponent, `${path}.exponent`, (v, p) => readInRange(v, p, 0, 1), 0.5) };
    }
  }
}

/**
 * FedBuff (`fedbuff`): C clients run local SGD; the server steps on a buffer of K staleness-weighted deltas. Parameters: {@link FedBuffParams}; the rule, defaults and bound are in the definition
 * (and in docs/methods.md, written from it).
 */
export const fedbuff = defineMethod<FedBuffParams, FedBuffContext>({
  id: 'fedbuff',
  title: 'FedBuff',
  summary: 'C clients run local SGD; the server steps on a buffer of K staleness-weighted deltas',
  source: 'Nguyen et al., AISTATS 2022; FLSim staleness weights (ALGORITHMS §5.7)',
  rule: "Buffered asynchronous aggregation (Nguyen et al. 2022, FLSim’s staleness weights): C clients at a time run local SGD from the model they were sent and upload the change Δ; the server adds s(τ)·Δ to a buffer and, at K deltas, moves x ← x + η_g·buffer/K. A client silent for timeoutFactor times its job time is presumed dead and its slot given to another.",
  parameters: [
    { name: 'stepSize', meaning: 'η_g, the server step: x ← x + η_g·buffer/K (dimensionless)', default: 'none: the best value depends on L and the noise, which a scenario does not state; tune it' },
    { name: "localStepSize", meaning: "the clients’ local SGD step size (dimensionless)", default: "none: the best value depends on L and the noise, which a scenario does not state; tune it" },
    { name: "localSteps", meaning: "local SGD steps per client job", default: "1" },
    { name: "bufferSize", meaning: "K, deltas per server update", default: "none: K is the method’s defining choice" },
    { name: "concurrency", meaning: "C ≤ n, clients training at once", default: "n" },
    { name: "staleness", meaning: "s(τ) of the staleness τ in updates: constant, threshold (cutoff, value) or polynomial (exponent)", default: "polynomial with exponent 1/2 [R]" },
    { name: "timeoutFactor", meaning: "a client silent for this many times its nominal job time is presumed dead", default: "4 [D]" }
  ],
  kit: "federated",
  parseParams: (raw, path, context) => {
    if (raw.bufferSize === undefined) {
      throw new ScenarioError(`${path}.bufferSize`, undefined, 'a positive integer (K, the deltas per update; FedBuff has no default)');
    }
    return {
      stepSize: readStepSize(raw, path),
      localStepSize: readPositive(raw.localStepSize, `${path}.localStepSize`),
      localSteps: optional(raw.localSteps, `${path}.localSteps`, (v, p) => readInteger(v, p, 1), 1),
      bufferSize: readInteger(raw.bufferSize, `${path}.bufferSize`, 1),
      concurrency: optional(raw.concurrency, `${path}.concurrency`, (v, p) => readInteger(v, p, 1, context.workerCount), context.workerCount),
      staleness: optional(raw.staleness, `${path}.staleness`, readStaleness, { kind: 'polynomial', exponent: 0.5 }),
      timeoutFactor: optional(raw.timeoutFactor, `${path}.timeoutFactor`, (v, p) => readInRange(v, p, 1, Infinity, true), 4),
    };
  },
  machine,
  waitingFor: (context) => {
    const { clients } = context;
    const missing = context.params.bufferSize - context.buffered.length;
    const what = `${missing} more ${missing === 1 ? "delta" : "deltas"} for update ${context.io.iteration + 1}`;
    const busy = clients.busyWorkers();
    // While a client is busy the watchdog is armed: at its deadline the slot goes to an idle
    // client (trusted first, else a suspect), so the server also waits on any idle one it knows.
    const idle: number[] = [];
    if (busy.length > 0) for (let w = 0; w < clients.size; w++) if (clients.known[w] === 1 && clients.busy[w] === 0) idle.push(w);
    return { workers: busy, what: idle.length > 0 ? `${what} (or a timeout to hand a slot on)` : what, orAssign: idle };
  },
});
