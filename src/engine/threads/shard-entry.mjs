// The file a pool thread loads. Node 20 cannot load TypeScript in a worker thread, and the main
// thread's loader hooks do not reach it, so the thread registers tsx itself (resolved from this
// file's location, whatever the working directory) before importing the shard host.
import { register } from 'tsx/esm/api';

register();
const { default: hostShard } = await import('./shard-host.ts');

export default hostShard;
