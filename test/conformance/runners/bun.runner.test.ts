/**
 * Conformance vectors against @fetch-cors/bun inside a real `bun test` process.
 * Each vector wraps a fresh `fetch(req, server)` handler with `withCors(handler, options)`;
 * env vectors set their CORS_* settings in `Bun.env` for the adapter to read, and remove
 * them afterwards.
 */
import { describe, expect, test } from 'bun:test';
import { withCors, type BunCorsOptions } from '@fetch-cors/bun';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';

const file = vectors as unknown as VectorFile;

function clearCorsEnv(): void {
  for (const name of Object.keys(Bun.env)) if (name.startsWith('CORS_')) delete Bun.env[name];
}

const bun: Target = {
  name: 'bun',
  build({ options, env, handler }) {
    clearCorsEnv();
    for (const [name, value] of Object.entries(env ?? {})) Bun.env[name] = value;
    try {
      const wrapped = withCors((req: Request) => handler(req), options as BunCorsOptions);
      const server = {} as unknown;
      return { fetch: (req) => wrapped(req, server), dispose: clearCorsEnv };
    } catch (error) {
      clearCorsEnv();
      throw error;
    }
  },
};

describe('bun', () => {
  test('the vectors run in Bun', () => {
    expect(typeof Bun.version).toBe('string');
    expect(byGroup(file).flatMap(([, list]) => list).length).toBeGreaterThanOrEqual(200);
  });
});

for (const [rule, list] of byGroup(file)) {
  describe(rule, () => {
    for (const c of list) {
      test(c.name, async () => {
        const problems = await c.run(bun);
        if (problems.length > 0) throw new Error(formatProblems(c.id, problems));
      });
    }
  });
}
