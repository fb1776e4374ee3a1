import { shadowheartMnistRegime } from './lib/shadowheart-mnist-regime.ts';

/** Shadowheart on MNIST logistic regression, medium communication (β = 3/4). See lib/shadowheart-mnist-regime.ts. */
export default shadowheartMnistRegime(0.75, 'medium', { minibatch: 2, qsgd: 0.1, asgd: 0.02, shadowheart: 0.2 });
