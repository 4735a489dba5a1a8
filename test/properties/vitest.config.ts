import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // One file at a time: the suites are CPU-bound and the machine is small.
    fileParallelism: false,
    testTimeout: 60_000,
  },
});
