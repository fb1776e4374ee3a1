export { defineScenario } from './define-scenario.ts';
export { parseScenario } from './parse-scenario.ts';
export { loadScenarioFile } from './load-scenario.ts';
export { ScenarioError, describeValue } from './scenario-error.ts';
export { createComputeModel } from './compute-model.ts';
export type { ComputeModel } from './compute-model.ts';
export type { MethodCatalog, MethodParseContext } from './method-catalog.ts';
export type {
  ComputeSpec,
  LinkSpec,
  MethodInput,
  MethodSpec,
  ProblemInput,
  ProblemSpec,
  RecordInput,
  RecordSpec,
  Scenario,
  ScenarioInput,
  StopInput,
  StopSpec,
  TauLawInput,
  WorkerInput,
  WorkerPopulationInput,
  WorkerSpec,
} from './scenario-types.ts';
