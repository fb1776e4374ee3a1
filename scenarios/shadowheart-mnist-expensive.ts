import { shadowheartMnistRegime } from './lib/shadowheart-mnist-regime.ts';

/** Shadowheart on MNIST logistic regression, expensive communication (β = 0.5). See lib/shadowheart-mnist-regime.ts. */
export default shadowheartMnistRegime(0.5, 'expensive', { minibatch: 2, qsgd: 0.1, asgd: 0.05, shadowheart: 0.3 });
