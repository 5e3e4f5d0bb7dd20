import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // integration suites share one PostgreSQL database and one Redis: run files one at a time
    fileParallelism: false,
  },
});
