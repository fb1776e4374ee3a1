import { torusRegime } from './lib/torus-regime.ts';

/** Fragile vs Amelie vs Minibatch on a 10×10 torus, edges of 1 s per vector. See lib/torus-regime.ts. */
export default torusRegime(1, 'torus-fragile-amelie');
