#!/usr/bin/env node
// The `roundtable` command. roundtable is written in TypeScript and runs from source through
// tsx's loader, which also lets users' `.ts` scenario files load with no build step.
import { register } from 'tsx/esm/api';

register();
// A reader that stops early (`roundtable run ... | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
