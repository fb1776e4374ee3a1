import { torusRegime } from './lib/torus-regime.ts';

/** The torus experiment with edges ten times slower: 10 s per vector. See lib/torus-regime.ts. */
export default torusRegime(10, 'torus-fragile-amelie-slow-edges');
