#!/usr/bin/env node
// The `roundtable` command. It runs from the build (dist/, compiled by `npm run build`, which
// `npm ci` and `npm install` run) when there is one, and from the TypeScript sources through tsx
// otherwise, or when ROUNDTABLE_FROM_SOURCE=1 (the test suite, which tests the sources). tsx is
// loaded from the build only for what needs it: a user's .ts scenario or problem module.
import { existsSync } from 'node:fs';

// Ctrl-C while no run is going: nothing to stop or print. (A run puts its own handler in place.)
const exitOnInterrupt = () => process.exit(130);
process.on('SIGINT', exitOnInterrupt);

// A reader that stops early (`roundtable run ... | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const built = new URL('../dist/src/cli/main.js', import.meta.url);
let main;
if (process.env.ROUNDTABLE_FROM_SOURCE !== '1' && existsSync(built)) {
  ({ main } = await import(built.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
