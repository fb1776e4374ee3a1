import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests import the library as users do ('roundtable') but test its sources, not the build.
  resolve: { alias: { roundtable: new URL('./src/index.ts', import.meta.url).pathname } },
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
    // Property tests run many simulations; keep the suite quick on 2 cores.
    testTimeout: 60_000,
    pool: 'forks',
    // Every run in the suite checks buffer ownership: a double release or a read of a released
    // model snapshot fails the test that caused it (see SimulateOptions.checkOwnership).
    // ROUNDTABLE_FROM_SOURCE: the CLI the end-to-end tests start runs the sources too.
    env: { ROUNDTABLE_CHECK_OWNERSHIP: '1', ROUNDTABLE_FROM_SOURCE: '1' },
  },
});
