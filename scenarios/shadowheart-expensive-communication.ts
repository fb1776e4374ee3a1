import { shadowheartRegime } from './lib/shadowheart-regime.ts';

/**
 * Shadowheart's "low speed" communication regime (β = 0.5; ALGORITHMS §4.1): compare SGDone
 * (Hero), Minibatch, QSGD (Minibatch with RandK), ASGD and Shadowheart when sending a full
 * gradient costs about 32× a computation.
 * The three regime files differ only in β: see scenarios/lib/shadowheart-regime.ts.
 */
export default shadowheartRegime(0.5, 'expensive');
