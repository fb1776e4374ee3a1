export { run, prepareScenario } from './run-scenario.ts';
export { simulateMethod, ActorFailure } from './simulate-method.ts';
export { Trace, TraceKind } from './trace.ts';
export type { RunOptions } from './run-scenario.ts';
export type { SimulateOptions, Simulation } from './simulate-method.ts';
export type { TraceRecord, TraceKindCode } from './trace.ts';
export type { CurvePoint, GradientAccount, RunResult, ScenarioResult, StallReport, StopReason, WorkerStats } from './result.ts';
