/**
 * Conformance vectors against @fetch-cors/hono: `app.use(cors(options))` in front of a
 * catch-all route, requests sent with `app.request`. Env vectors pass their CORS_*
 * settings as the app's bindings (`c.env`), the way Hono on Workers receives them.
 */
import { cors, type HonoCorsOptions } from '@fetch-cors/hono';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';

const file = vectors as unknown as VectorFile;

const hono: Target = {
  name: 'hono',
  build({ options, env, handler }) {
    const app = new Hono();
    app.use(cors(options as HonoCorsOptions));
    app.all('*', (c) => handler(c.req.raw));
    // Hono hands a handler's Error to app.onError, the app's own error handler: it reports to
    // the vector's onError as an app reports to its logger, and answers Hono's 500. A
    // configuration error is surfaced to the caller (with env bindings the policy can only be
    // compiled on the first request).
    app.onError((error, c) => {
      if (error instanceof Error && error.name === 'CorsConfigError') throw error;
      (options.onError as (error: unknown, request: Request) => void)(error, c.req.raw);
      return c.text('Internal Server Error', 500);
    });
    return { fetch: (request) => app.request(request, undefined, env ?? {}) };
  },
};

describe('hono app.request', () => {
  for (const [rule, list] of byGroup(file)) {
    describe(rule, () => {
      for (const c of list) {
        it(c.name, async () => {
          const problems = await c.run(hono);
          expect(problems, formatProblems(c.id, problems)).toEqual([]);
        });
      }
    });
  }
});
