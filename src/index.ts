/**
 * roundtable's library API, for scenario files and vitest users:
 * `import { defineScenario, run } from 'roundtable'`.
 */
export { defineScenario } from './scenario/define-scenario.ts';
export { parseScenario } from './scenario/parse-scenario.ts';
export { loadScenarioFile } from './scenario/load-scenario.ts';
export { ScenarioError } from './input/scenario-error.ts';
export { run, runAsync, prepareScenario, ENGINES } from './engine/run-scenario.ts';
export { ShardPool } from './engine/threads/shard-pool.ts';
export { ThreadFailure } from './engine/threads/shard-supervisor.ts';
export { simulateMethod, simulateMethodAsync, ActorFailure } from './engine/simulate-method.ts';
export { RunFailure } from './engine/run-failure.ts';
export { JobFailure } from './engine/job-failure.ts';
export { StopRequest, wallClockSignal } from './engine/stop-request.ts';
export { defineProblem, loadProblemModule } from './problems/module-problem.ts';
export { TraceKind } from './engine/trace.ts';
export { formatResults } from './report/results-table.ts';
export { METHODS, methodCatalog, createRegistry, defaultRegistry } from '../actors/method-registry.ts';
export { defineMethod } from '../actors/method-definition.ts';
export { CLAIMS as claims, CLAIMS, getClaim, checkClaim, robustnessMatrix, FAMILIES, FAMILY_IDS, holds, broken, observe, arbitraries } from './claims/index.ts';
export type { RunOptions, AsyncRunOptions, EngineName } from './engine/run-scenario.ts';
export type { SimulateOptions, Simulation } from './engine/simulate-method.ts';
export type { TraceRecord } from './engine/trace.ts';
export type { CurvePoint, GradientAccount, RunResult, ScenarioResult, StallReport, StopReason, WorkerStats } from './engine/result.ts';
export type { Claim, ClaimReport, CheckOptions, FamilyId, Verdict } from './claims/index.ts';
export type { MethodRegistry } from '../actors/method-registry.ts';
export type { ProblemContext, ProblemModule, UserProblem } from './problems/module-problem.ts';
export type { RandomStream } from './random/random-stream.ts';
export type { ScenarioDefinition, ScenarioOptions, ScenarioScale } from './scenario/define-scenario.ts';
export type { Scenario, ScenarioInput, MethodInput, ProblemInput, StopInput, SupervisionInput, WorkerInput, WorkerPopulationInput } from './scenario/scenario-types.ts';
