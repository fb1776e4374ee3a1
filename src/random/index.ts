export { RandomStream } from './random-stream.ts';
export { deriveSeed, combineSeeds, hashString, mix32, expandSeed } from './seed.ts';
