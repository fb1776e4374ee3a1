import { expect } from 'vitest';
import type { RunResult } from '../../src/engine/result.ts';
import { simulateMethod } from '../../src/engine/simulate-method.ts';
import type { ShardPool } from '../../src/engine/threads/shard-pool.ts';
import { simulateThreaded } from '../../src/engine/threads/simulate-threaded.ts';
import type { MethodSpec, Scenario } from '../../src/scenario/scenario-types.ts';

/** Everything a run reports except how long it took on the wall clock. */
export function withoutWallTime(result: RunResult): Omit<RunResult, 'wallSeconds'> {
  const { wallSeconds: _, ...rest } = result;
  return rest;
}

/** The bits of a float array: equal iff the arrays are equal bit for bit (-0, NaN included). */
export function bitsOf(values: readonly number[] | undefined): string[] | undefined {
  if (values === undefined) return undefined;
  const bits = new BigUint64Array(new Float64Array(values).buffer);
  return Array.from(bits, (b) => b.toString(16));
}

/** Runs one method on both engines and expects the same result, bit for bit. */
export async function expectSameOnBothEngines(scenario: Scenario, spec: MethodSpec, pool: ShardPool, maxEvents = 1_000_000): Promise<RunResult> {
  const inline = simulateMethod(scenario, spec, { maxEvents }).result;
  const threaded = (await simulateThreaded(scenario, spec, { pool, maxEvents })).result;
  expect(threaded.traceHash).toBe(inline.traceHash);
  expect(bitsOf(threaded.final.x)).toEqual(bitsOf(inline.final.x));
  expect(withoutWallTime(threaded)).toEqual(withoutWallTime(inline));
  return inline;
}
