import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Apps are real processes (pnpm + node/deno/bun/workerd): starting one takes seconds.
    hookTimeout: 120_000,
    testTimeout: 20_000,
    // One app at a time: the machine is small and every app needs its own port.
    fileParallelism: false,
  },
});
