// A bare thread for the parallel-ceiling measurement: registers tsx (Node 20 cannot load
// TypeScript in a worker thread) and runs the oracle kernel with no engine around it.
import { register } from 'tsx/esm/api';

register();
await import('./oracle-kernel.ts');
