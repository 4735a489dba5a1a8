// The bundle budget: what `withCors` alone adds to an app, gzipped after esbuild --minify of
// the built dist (bench/src/size.mjs, the numbers bench/results/README.md reports). Run after
// `pnpm build` (turbo builds the core first). Raising a budget is a decision: record it in
// docs/decisions/0008-bundle-size.md with the reason.
import { describe, expect, it } from 'vitest';
import { BUDGETS, sizes } from '../src/size.mjs';

describe('bundle budget', async () => {
  const { rows } = await sizes();
  it.each(BUDGETS)('$row: at most $gzip bytes gzipped', ({ row, gzip }) => {
    expect(rows[row], `no size measured for ${row}: build the core first`).toBeDefined();
    expect(rows[row].gzip).toBeLessThanOrEqual(gzip);
  });
  it('the core has no dependencies', async () => {
    expect((await sizes()).coreDependencies).toEqual([]);
  });
});
