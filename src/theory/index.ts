export { ascending, asgdTime, batchCollectionTime, collectionTime, heroTime, ia2sgdTime, maleniaTime, minibatchTime, rennalaTime } from './fixed-model.ts';
export { minibatchWithCommunicationTime, qsgdWithCommunicationTime, rennalaWithCommunicationTime, shadowheartTime } from './communication.ts';
export { amelieTime, minibatchOnGraphTime } from './decentralized.ts';
export { freyaPageSeconds } from './finite-sum.ts';
export { equalWorkersEquilibriumTime, equilibriumTime, equilibriumTimeByPrefixes, shadowheartPlan } from './equilibrium-time.ts';
export { METHOD_BOUNDS, REFERENCE_BOUNDS } from './method-bounds.ts';
export type { BoundInputs, MethodBound } from './method-bounds.ts';
export type { ShadowheartPlan, ShadowheartPlanOptions, ShadowheartWorker } from './equilibrium-time.ts';
