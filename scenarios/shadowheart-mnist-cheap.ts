import { shadowheartMnistRegime } from './lib/shadowheart-mnist-regime.ts';

/** Shadowheart on MNIST logistic regression, cheap communication (β = 1). See lib/shadowheart-mnist-regime.ts. */
export default shadowheartMnistRegime(1, 'cheap', { minibatch: 2, qsgd: 0.1, asgd: 0.02, shadowheart: 0.2 });
