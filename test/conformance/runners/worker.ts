/**
 * The Worker that runs the conformance vectors inside workerd against
 * @fetch-cors/cloudflare. `GET /run` evaluates every vector and answers with the results
 * as JSON. Each vector wraps a fresh fetch handler with `withCors(handler, options)` and
 * calls it as workerd would, `(request, env, ctx)`; env vectors pass their CORS_* settings
 * as the `env` bindings.
 */
import { withCors } from '@fetch-cors/cloudflare';
import vectors from '../vectors.json' with { type: 'json' };
import { runAll, type Target, type VectorFile } from '../src/harness.ts';

const file = vectors as unknown as VectorFile;

export default {
  async fetch(request: Request, _env: unknown, ctx: unknown): Promise<Response> {
    if (new URL(request.url).pathname !== '/run') return new Response('not found', { status: 404 });
    const target: Target = {
      name: 'workerd',
      build({ options, env, handler }) {
        const wrapped = withCors((req: Request) => handler(req), options as Parameters<typeof withCors>[1]);
        return { fetch: (req) => wrapped(req, { ...(env ?? {}) }, ctx) };
      },
    };
    const results = await runAll(file, target);
    return Response.json({ runtime: typeof navigator === 'undefined' ? 'unknown' : navigator.userAgent, results });
  },
};
