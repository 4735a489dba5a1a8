/**
 * Conformance vectors against @fetch-cors/bun inside a real `bun test` process, twice:
 * - fetch handler: `withCors(handler, options)` called with (request, server);
 * - Bun.serve routes: `corsRoutes({ '/*': handler }, options)` served on 127.0.0.1, each
 *   vector sent with fetch().
 * Env vectors set their CORS_* settings in `Bun.env` for the adapter to read, and remove
 * them afterwards.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { corsRoutes, withCors, type BunCorsOptions } from '@fetch-cors/bun';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';
import { sendOverHttp } from '../src/served.ts';

const file = vectors as unknown as VectorFile;

function clearCorsEnv(): void {
  for (const name of Object.keys(Bun.env)) if (/^cors[_-]/i.test(name)) delete Bun.env[name];
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

function withEnv<T>(env: Record<string, string> | undefined, make: () => T): T {
  clearCorsEnv();
  for (const [name, value] of Object.entries(env ?? {})) Bun.env[name] = value;
  try {
    return make();
  } catch (error) {
    clearCorsEnv();
    throw error;
  }
}

let server: ReturnType<typeof Bun.serve> | undefined;
let base = '';
const notFound = () => new Response('no route', { status: 500 });

const routes: Target = {
  name: 'bun-routes',
  build({ options, env, handler }) {
    const table = withEnv(env, () => corsRoutes({ '/*': (req: Request) => handler(req) }, options as BunCorsOptions));
    server?.reload({ routes: table, fetch: notFound });
    return { fetch: (req) => sendOverHttp(base, req), dispose: clearCorsEnv };
  },
};

describe('bun', () => {
  test('the vectors run in Bun', () => {
    expect(typeof Bun.version).toBe('string');
    expect(byGroup(file).flatMap(([, list]) => list).length).toBeGreaterThanOrEqual(200);
  });
});

describe('withCors fetch handler', () => {
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
});

describe('Bun.serve routes (corsRoutes)', () => {
  beforeAll(() => {
    server = Bun.serve({ hostname: '127.0.0.1', port: 0, routes: {}, fetch: notFound });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => {
    server?.stop(true);
  });
  for (const [rule, list] of byGroup(file)) {
    describe(rule, () => {
      for (const c of list) {
        test(c.name, async () => {
          const problems = await c.run(routes);
          if (problems.length > 0) throw new Error(formatProblems(c.id, problems));
        });
      }
    });
  }
});
