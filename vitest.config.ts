import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // generous: on a busy 2-core machine a test that spawns CLIs, servers or a browser may take long;
    // a test that hangs still fails, just later
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // integration suites share one PostgreSQL database and one Redis: run files one at a time
    fileParallelism: false,
  },
});
