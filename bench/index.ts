import { benchArrivals } from './arrivals.ts';
import { benchGraph } from './graph.ts';
import { benchKernels } from './kernels.ts';
import { benchMemory } from './memory.ts';
import { benchPeer } from './peer.ts';
import { benchStartup } from './startup.ts';
import { benchThreads } from './threads.ts';

/**
 * `npm run bench`: every benchmark, each printing rates and ratios measured in this one run.
 * Benchmarks are not tests: nothing here passes or fails.
 */
const benches: { name: string; run: (line: (text: string) => void) => void | Promise<void> }[] = [
  { name: 'peer', run: benchPeer },
  { name: 'arrivals', run: benchArrivals },
  { name: 'startup', run: benchStartup },
  { name: 'memory', run: benchMemory },
  { name: 'threads', run: benchThreads },
  { name: 'kernels', run: benchKernels },
  { name: 'graph', run: benchGraph },
];

const only = process.argv.slice(2);
console.log(`roundtable benchmarks — node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  console.log('');
  await bench.run((text) => console.log(text));
}
