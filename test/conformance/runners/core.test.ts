/**
 * Conformance vectors against @fetch-cors/core directly: createCors + policy.handle,
 * with env vectors read through optionsFromEnv (code options laid over them).
 */
import { CONFIG_ISSUE_CODES, CorsConfigError, createCors, optionsFromEnv, type CorsOptions } from '@fetch-cors/core';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
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
  it('is what scripts/vectors.ts writes (pnpm --filter @fetch-cors/conformance vectors)', () => {
    const script = fileURLToPath(new URL('../scripts/vectors.ts', import.meta.url));
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
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
