import { shadowheartRegime } from './lib/shadowheart-regime.ts';

/**
 * Shadowheart's "high speed" communication regime (β = 1; ALGORITHMS §4.1): compare SGDone
 * (Hero), Minibatch, QSGD (Minibatch with RandK), ASGD and Shadowheart when sending a full
 * gradient costs about as much as computing one.
 * The three regime files differ only in β: see scenarios/lib/shadowheart-regime.ts.
 */
export default shadowheartRegime(1, 'cheap');
