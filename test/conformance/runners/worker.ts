/**
 * The Worker that runs the conformance vectors inside workerd against
 * @fetch-cors/cloudflare. Each vector wraps a fresh fetch handler with
 * `withCors(handler, options)` and calls it as workerd would, `(request, env, ctx)`.
 *
 * - `GET /run`: every vector, env vectors getting their CORS_* settings as a plain `env`
 *   object; answers with all results as JSON.
 * - `GET /bindings?id=<case id>`: one env vector, given this Worker's real `env` (the test
 *   starts one Worker per env configuration, with those CORS_* settings as its vars).
 */
import { withCors } from '@fetch-cors/cloudflare';
import vectors from '../vectors.json' with { type: 'json' };
import { cases, runAll, type Target, type VectorFile } from '../src/harness.ts';

const file = vectors as unknown as VectorFile;

function target(ctx: unknown, realEnv?: unknown): Target {
  return {
    name: 'workerd',
    build({ options, env, handler }) {
      const wrapped = withCors((req: Request) => handler(req), options as Parameters<typeof withCors>[1]);
      const bindings = realEnv ?? { ...(env ?? {}) };
      return { fetch: (req) => wrapped(req, bindings, ctx) };
    },
  };
}

export default {
  async fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === '/run') {
      const results = await runAll(file, target(ctx));
      return Response.json({ runtime: navigator.userAgent, results });
    }
    if (url.pathname === '/bindings') {
      const id = url.searchParams.get('id');
      const c = cases(file).find((x) => x.id === id);
      if (!c) return Response.json({ problems: [`no case ${id}`] });
      let problems: string[];
      try {
        problems = await c.run(target(ctx, env));
      } catch (error) {
        problems = [`harness error: ${String(error)}`];
      }
      return Response.json({ problems });
    }
    return new Response('not found', { status: 404 });
  },
};
