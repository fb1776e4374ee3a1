export { workerMachine } from './worker-machine.ts';
export { METHODS, getMethod, methodCatalog } from './method-registry.ts';
export { defineMethod } from './method-definition.ts';
export type { WorkerMachineInput } from './worker-machine.ts';
export type { WorkerIO } from './worker-io.ts';
export type { ServerIO } from './server-io.ts';
export type { AnyMethodDefinition, MethodDefinition, ServerMachineInput, WaitReport } from './method-definition.ts';
export type { GradientMessage, HelloMessage, JobAssign, JobCancel, ServerEvent, WorkerEvent, WorkerFault } from './messages.ts';
