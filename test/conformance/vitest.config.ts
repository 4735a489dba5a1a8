import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['runners/core.test.ts', 'runners/exports.test.ts', 'runners/hono.test.ts', 'runners/hono-node.test.ts', 'runners/workerd.test.ts'],
    environment: 'node',
    testTimeout: 15_000,
    hookTimeout: 120_000,
  },
});
