#!/usr/bin/env node
// The `roundtable` command. roundtable is written in TypeScript and runs from source through
// tsx's loader, which also lets users' `.ts` scenario files load with no build step.
import { register } from 'tsx/esm/api';

// Ctrl-C while no run is going: nothing to stop or print. (A run puts its own handler in place.)
const exitOnInterrupt = () => process.exit(130);
process.on('SIGINT', exitOnInterrupt);

register();
// A reader that stops early (`roundtable run ... | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
