import { torusRegime } from './lib/torus-regime.ts';

/** The torus experiment with edges ten times faster: 0.1 s per vector. See lib/torus-regime.ts. */
export default torusRegime(0.1, 'torus-fragile-amelie-fast-edges');
