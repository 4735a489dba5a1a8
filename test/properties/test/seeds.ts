/**
 * Every property runs twice: with a fixed seed, so a run is comparable with the last one,
 * and with a random seed, so each run explores new inputs. The random seed comes from
 * `FC_SEED`, which vitest.config.ts sets once per run (drawn and printed there when unset),
 * so a failure can be replayed with `FC_SEED=<seed> pnpm --filter @fetch-cors/properties test`.
 */
import { test } from 'vitest';

export const FIXED_SEED = 42;

function randomSeed(): number {
  const fromEnv = process.env.FC_SEED;
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    const n = Number(fromEnv);
    if (!Number.isInteger(n)) throw new Error(`FC_SEED=${JSON.stringify(fromEnv)} is not an integer seed`);
    return n;
  }
  // Run without the config (another runner): draw one and say so.
  const drawn = (Math.random() * 0x7fffffff) | 0;
  console.log(`fast-check seed: ${drawn}`);
  return drawn;
}

export const RANDOM_SEED = randomSeed();

/** The seeds a property runs with, fixed first. */
export const SEEDS: readonly number[] = RANDOM_SEED === FIXED_SEED ? [FIXED_SEED] : [FIXED_SEED, RANDOM_SEED];

/**
 * Declares one test per seed, named `<rule> (<where>, seed N)`; `body` runs `fc.assert`
 * with the `seed` it is given.
 */
export function property(rule: string, where: string, body: (seed: number) => void | Promise<void>, timeout?: number): void {
  for (const seed of SEEDS) test(`${rule} (${where}, seed ${seed})`, () => body(seed), timeout);
}
