import type { MethodParseContext } from '../../src/scenario/method-catalog.ts';
import { ScenarioError } from '../../src/input/scenario-error.ts';

/** A decentralized method runs on the scenario's graph: without one there is nothing to run. */
export function requireTopology(path: string, context: MethodParseContext, method: string): void {
  if (context.topology === undefined) {
    throw new ScenarioError(path.replace(/\.methods\[\d+\]$/, '.topology'), undefined, `a topology (ring, torus, complete, star or edges): method "${method}" is decentralized`);
  }
}
