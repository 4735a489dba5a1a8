/**
 * Conformance vectors against @fetch-cors/core directly: createCors + policy.handle,
 * with env vectors read through optionsFromEnv (code options laid over them).
 */
import { CONFIG_ISSUE_CODES, CorsConfigError, createCors, optionsFromEnv, type CorsOptions } from '@fetch-cors/core';
import { describe, expect, it } from 'vitest';
import vectors from '../vectors.json' with { type: 'json' };
import { cases, decode, formatProblems, isEnvPolicy, type Target, type VectorFile } from '../src/harness.ts';
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
  it('every code an invalid configuration raises is from the documented vocabulary', () => {
    const raised = new Set<string>();
    for (const group of file.invalidConfig) {
      for (const { policy } of group.vectors) {
        try {
          const options = decode(isEnvPolicy(policy) ? (policy.options ?? {}) : policy) as CorsOptions;
          createCors(isEnvPolicy(policy) ? { ...optionsFromEnv(policy.env), ...options } : options);
        } catch (error) {
          if (error instanceof CorsConfigError) for (const issue of error.issues) raised.add(issue.code);
        }
      }
    }
    expect(raised.size).toBeGreaterThan(20);
    expect([...raised].filter((code) => !(CONFIG_ISSUE_CODES as readonly string[]).includes(code))).toEqual([]);
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
