import { Float64Pool } from '../../linalg/float64-pool.ts';
import type { MethodSpec, Scenario } from '../../scenario/scenario-types.ts';
import { runToStopAsync, type Stop } from '../kernel-loop.ts';
import type { Simulation } from '../simulate-method.ts';
import type { SimulateOptions } from '../simulate-options.ts';
import { buildWorld } from '../build-world.ts';
import type { World } from '../world.ts';
import type { InjectedFailure } from './protocol.ts';
import type { ShardPool } from './shard-pool.ts';
import { ReturningPool } from './returning-pool.ts';
import { ShardSupervisor } from './shard-supervisor.ts';
import { ThreadsRunner } from './threads-runner.ts';

export interface ThreadsOptions extends SimulateOptions {
  /** The pool whose threads host the shards (one shard per thread). */
  readonly pool: ShardPool;
  /** Test hook: make one shard's thread fail mid-run. */
  readonly injectFailure?: InjectedFailure;
}

/** A threaded run also says how many shard restarts it took. */
export interface ThreadedSimulation extends Simulation {
  readonly restarts: number;
}

/** Released arrays the main thread keeps for its own scratch use; the rest go back to the shards. */
const SCRATCH_KEPT = 8;

/**
 * Splits the workers into at most `threads` shards of about equal load, where a worker's load is
 * its nominal rate 1/τ (gradients per unit of virtual time): the slowest thread bounds the wall
 * time, so a shard of fast workers must not sit next to one of stragglers. Greedy, fastest
 * first, each to the least loaded shard (ties: lower ids), a function of the scenario only.
 */
export function shardWorkers(taus: readonly number[], threads: number): number[][] {
  const k = Math.max(1, Math.min(threads, taus.length));
  const shards: number[][] = Array.from({ length: k }, () => []);
  const load = new Float64Array(k);
  const rate = (w: number) => (taus[w] > 0 && Number.isFinite(taus[w]) ? 1 / taus[w] : 0);
  const order = taus.map((_, w) => w).sort((a, b) => rate(b) - rate(a) || a - b);
  for (const w of order) {
    let best = 0;
    for (let s = 1; s < k; s++) if (load[s] < load[best] || (load[s] === load[best] && shards[s].length < shards[best].length)) best = s;
    shards[best].push(w);
    load[best] += rate(w);
  }
  for (const shard of shards) shard.sort((a, b) => a - b);
  return shards;
}

/**
 * Runs one method of a scenario on the threads engine: the server, network and clock in this
 * thread, with a mirror of every worker; the worker actors hosted in the pool's threads, which
 * compute the gradients in parallel, ahead of their completion times. Events still run in
 * (time, seq) order here, so the trace is the inline engine's, bit for bit.
 */
export async function simulateThreaded(scenario: Scenario, methodSpec: MethodSpec, options: ThreadsOptions): Promise<ThreadedSimulation> {
  const wallStart = performance.now();
  const n = scenario.workers.length;
  let world: World | undefined;
  const runner = new ThreadsRunner(n, () => world?.clock.now() ?? 0);
  const supervision = { restart: scenario.supervision.onThreadFailure === 'restart', maxRestarts: scenario.supervision.maxRestarts };
  const shards = shardWorkers(scenario.workers.map((w) => w.compute.tau), options.pool.threads);
  const supervisor = new ShardSupervisor(options.pool, scenario, shards, runner, supervision, options.injectFailure, methodSpec.label);
  runner.sink = supervisor;
  let stop: Stop;
  try {
    world = buildWorld(scenario, methodSpec, options, {
      runner: (core) => {
        runner.arrivals = core.buffers;
        return runner;
      },
      // Model snapshots are posted to the shards with each job: shared memory, never copied.
      modelBuffers: (dimension, pool) => new Float64Pool(dimension, { ...pool, shared: true }),
      buffers: (dimension, pool) => new ReturningPool(dimension, SCRATCH_KEPT, supervisor, pool),
      onWorkerEvent: (event, time) => supervisor.forward(event, time),
      whereComputed: (worker) => `in shard ${supervisor.shardOf(worker)}`,
    });
    stop = await runToStopAsync(world, scenario, options);
  } catch (error) {
    // The run failed here or in a thread: end every shard (a stuck one by force), then report
    // the first cause.
    await supervisor.terminate();
    throw error;
  }
  if (stop.reason === 'wall' || stop.reason === 'interrupted') {
    // A shard may be stuck in a computation that never returns: its thread is terminated.
    const stuck = await supervisor.terminate();
    if (stuck.length > 0) stop = { reason: stop.reason, limit: `${stop.limit ?? stop.reason}; the thread of ${stuck.join(' and of ')} was terminated` };
  } else {
    await supervisor.stop();
  }
  const stall = stop.reason === 'stalled' ? world.describeStall() : null;
  const result = world.finish(stop, stall, (performance.now() - wallStart) / 1000);
  return { result, records: world.trace.records(), restarts: supervisor.restarts };
}
