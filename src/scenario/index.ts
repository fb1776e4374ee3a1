export { defineScenario } from './define-scenario.ts';
export { parseScenario } from './parse-scenario.ts';
export { loadScenarioFile } from './load-scenario.ts';
export { ScenarioError, describeValue } from '../input/scenario-error.ts';
export { createComputeModel } from './compute-model.ts';
export { parseDistribution } from './parse-distribution.ts';
export { parseFaults } from './parse-faults.ts';
export { buildSpeedProfile, readSpeedProfileSpec, parseSpeedProfile } from './speed/index.ts';
export type { SpeedProfile, SpeedProfileSpec } from './speed/index.ts';
export type { FaultInput, FaultSpec, FaultKind, LinkDirection } from './fault-types.ts';
export type { ComputeModel } from './compute-model.ts';
export type { MethodCatalog, MethodParseContext } from './method-catalog.ts';
export type {
  ComputeInput,
  ComputeSpec,
  LinkInput,
  SpeedProfileInput,
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
