import { shadowheartRegime } from './lib/shadowheart-regime.ts';

/**
 * Shadowheart's "medium speed" communication regime (β = 0.75; ALGORITHMS §4.1): compare SGDone
 * (Hero), Minibatch, QSGD (Minibatch with RandK), ASGD and Shadowheart when sending a full
 * gradient costs about 5.6× a computation.
 * The three regime files differ only in β: see scenarios/lib/shadowheart-regime.ts.
 */
export default shadowheartRegime(0.75, 'medium');
