export { RandomStream } from './random-stream.ts';
export { deriveSeed, combineSeeds, hashString, mix32, expandSeed } from './seed.ts';
export { sample, meanOf, DISTRIBUTION_KINDS } from './distributions.ts';
export type { DistributionSpec, DistributionKind } from './distributions.ts';
