import { describe, expect, it } from 'vitest';
import { run } from '../../src/engine/run-scenario.ts';
import type { FaultInput } from '../../src/scenario/fault-types.ts';
import type { MethodInput, ScenarioInput } from '../../src/scenario/scenario-types.ts';

/** Four workers at τ = 1 with their own centers, a long budget and the given faults. */
function world(methods: MethodInput[], faults: FaultInput[], time = 300_000): ScenarioInput {
  return {
    name: 'waits',
    seed: 1,
    problem: { kind: 'separable-quadratic', centers: [[1], [2], [3], [4]], curvature: [1], noise: { kind: 'gaussian', sigma: 0.1 } },
    workers: { count: 4, tau: { law: 'constant', value: 1 } },
    methods,
    faults,
    stop: { time },
  };
}

const fedbuff = (concurrency?: number): MethodInput => ({ method: 'fedbuff', stepSize: 0.1, bufferSize: 2, localStepSize: 0.1, ...(concurrency === undefined ? {} : { concurrency }) });

describe('a wait that can never end before the budget is a stall, reported at once (issue 22)', () => {
  it('a worker that joins after the budget stalls Ringleader and Malenia within the first stall check, naming when it joins', () => {
    const result = run(world([{ method: 'ringleader', stepSize: 0.1 }, { method: 'malenia', stepSize: 0.1, batchSize: 4 }], [{ kind: 'join', at: 1e12, workers: [3] }]));
    for (const r of result.runs) {
      expect(r.stopReason).toBe('stalled');
      // Detected at the first check (every 256 events), not after 900 000 gradients.
      expect(r.events).toBeLessThanOrEqual(256);
      expect(r.stall?.waitingFor).toContain('worker 3 (not joined yet, joins at t=1e+12, after the budget)');
    }
  });

  it('a partition that holds forever stalls Minibatch, naming the cut worker', () => {
    const [r] = run(world([{ method: 'minibatch', stepSize: 0.1 }], [{ kind: 'partition', from: 10, workers: [3], mode: 'hold' }])).runs;
    expect(r.stopReason).toBe('stalled');
    expect(r.virtualTime).toBeLessThan(20);
    expect(r.stall?.waitingFor).toMatch(/worker 3 \(idle; its gradient of job \d+ at t=10 was lost; its uplink is cut beyond the budget/);
    // Held for ever is never delivered: lost when sent, not kept (memory stays flat).
    expect(r.gradients.lost).toBe(1);
  });

  it('FedBuff goes on with the clients it can reach when one is cut for good', () => {
    const [r] = run(world([fedbuff()], [{ kind: 'partition', from: 10, workers: [3], mode: 'hold' }], 3000)).runs;
    expect(r.stopReason).toBe('time');
    expect(r.iterations).toBeGreaterThan(1000);
  });

  it('FedBuff stalls when every client is cut for good: its timeouts hand the slots to clients that cannot deliver either', () => {
    for (const concurrency of [undefined, 1]) {
      const [r] = run(world([fedbuff(concurrency)], [{ kind: 'partition', from: 10, fraction: 1, mode: 'hold' }])).runs;
      expect(r.stopReason).toBe('stalled');
      expect(r.virtualTime).toBeLessThan(2000);
      expect(r.stall?.waitingFor).toContain('its uplink is cut beyond the budget');
    }
  });

  it('is not a stall while a worker will still join or recover before the budget ends', () => {
    const faults: FaultInput[] = [
      { kind: 'crash', at: 5.5, workers: [0, 1, 2] },
      { kind: 'join', at: 1000, workers: [3] },
    ];
    const result = run(world([{ method: 'asgd', stepSize: 0.1 }, { method: 'rennala', stepSize: 0.1, batchSize: 2 }, fedbuff(1)], faults, 3000));
    for (const r of result.runs) {
      expect(r.stopReason, r.label).toBe('time');
      expect(r.iterations, r.label).toBeGreaterThan(900);
    }
  });

  it('is not a stall when only the budget cuts the last jobs short (they would arrive just after it)', () => {
    const [r] = run(world([fedbuff()], [], 100)).runs;
    expect(r.stopReason).toBe('time');
  });
});
