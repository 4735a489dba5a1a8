import { defineConfig } from 'vitest/config';

// One random seed per run, shared by every test file (each runs in its own module scope):
// taken from FC_SEED when set, else drawn here and printed, so that a failing run can be
// replayed with FC_SEED=<seed> pnpm --filter @fetch-cors/properties test.
const fromEnv = process.env.FC_SEED?.trim();
const seed = fromEnv ? fromEnv : String((Math.random() * 0x7fffffff) | 0);
console.log(`fast-check seed: ${seed}`);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    env: { FC_SEED: seed },
    // One file at a time: the suites are CPU-bound and the machine is small.
    fileParallelism: false,
    testTimeout: 60_000,
    // Test names carry the whole attack, not its first 40 characters.
    chaiConfig: { truncateThreshold: 300 },
  },
});
