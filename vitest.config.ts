import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // A private TMPDIR per run; the run fails if a test leaves anything in it.
          globalSetup: ['tests/unit/support/privateTmpdir.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Real servers, real SQLite files, one shared Secret Service: keep files apart on 2 cores.
          fileParallelism: false,
        },
      },
      {
        test: {
          // `npm run bench`: measurements printed as figures, never asserted as timings.
          name: 'bench',
          include: ['tests/bench/**/*.bench.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
