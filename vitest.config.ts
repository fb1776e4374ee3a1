import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/fast-check-seed.ts'],
    // Property tests run many simulations; keep the suite quick on 2 cores.
    testTimeout: 60_000,
    pool: 'forks',
    // Every run in the suite checks buffer ownership: a double release or a read of a released
    // model snapshot fails the test that caused it (see SimulateOptions.checkOwnership).
    env: { ROUNDTABLE_CHECK_OWNERSHIP: '1' },
  },
});
