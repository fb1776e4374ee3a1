import type { MethodInput } from '../../../src/scenario/scenario-types.ts';

/**
 * The test kits of the decentralized methods: how to write their parameters for a generated
 * graph run. Their laws (one gradient per node per step, 1/n weights, partitions, crashes) are
 * in test/actors/graph-methods.test.ts, on the runs of test/helpers/graph-arbitraries.ts.
 */
export interface GraphKit {
  readonly id: string;
  params(batchSize: number): MethodInput;
}

export const minibatchGraphKit: GraphKit = { id: 'minibatch-graph', params: () => ({ method: 'minibatch-graph', stepSize: 0.1 }) };
export const fragileKit: GraphKit = { id: 'fragile', params: (batchSize) => ({ method: 'fragile', stepSize: 0.1, batchSize }) };
export const amelieKit: GraphKit = { id: 'amelie', params: (batchSize) => ({ method: 'amelie', stepSize: 0.1, batchSize }) };
