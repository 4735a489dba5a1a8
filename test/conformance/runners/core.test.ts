/**
 * Conformance vectors against @fetch-cors/core directly: createCors + policy.handle,
 * with env vectors read through optionsFromEnv (code options laid over them).
 */
import { createCors, optionsFromEnv, type CorsOptions } from '@fetch-cors/core';
import { describe, expect, it } from 'vitest';
import vectors from '../vectors.json' with { type: 'json' };
import { cases, formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';

const file = vectors as unknown as VectorFile;

const core: Target = {
  name: 'core',
  build({ options, env, handler }) {
    const merged = env === undefined ? options : { ...optionsFromEnv(env), ...options };
    const policy = createCors(merged as CorsOptions);
    return { fetch: (request) => policy.handle(request, () => handler(request)) };
  },
};

describe('vector file', () => {
  it('holds at least 200 vectors with unique names per group', () => {
    const all = cases(file);
    expect(all.length).toBeGreaterThanOrEqual(200);
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
  });
});

for (const [rule, list] of byGroup(file)) {
  describe(rule, () => {
    for (const c of list) {
      it(c.name, async () => {
        const problems = await c.run(core);
        expect(problems, formatProblems(c.id, problems)).toEqual([]);
      });
    }
  });
}
