/**
 * Type-level checks (typecheck only, never bundled): handlers typed with
 * @cloudflare/workers-types are accepted as they are, and the result keeps their type.
 */
import { withCors, type CorsOptions } from '../../src/index';

interface Env {
  CORS_ORIGINS: string;
  KV: KVNamespace;
}

// ExportedHandler<Env> with `satisfies`: the wrapped object is still an ExportedHandler<Env>.
const handler = withCors({
  async fetch(request, env, ctx) {
    ctx.waitUntil(env.KV.get('k'));
    return new Response(request.cf?.colo ?? 'local');
  },
  async scheduled(controller, env) {
    await env.KV.put('last', controller.cron);
  },
} satisfies ExportedHandler<Env>);
export const asExported: ExportedHandler<Env> = handler;

// An explicit type argument types unannotated parameters.
export const explicit = withCors<ExportedHandler<Env>>({
  fetch: (request, env) => new Response(`${request.url} ${env.CORS_ORIGINS}`),
});

// The fetch-function form keeps (request, env, ctx).
const fetchOnly = withCors(async (request: Request, env: Env, ctx: ExecutionContext) => {
  ctx.passThroughOnException();
  return Response.json({ url: request.url, origins: env.CORS_ORIGINS });
});
export const asFetch: ExportedHandlerFetchHandler<Env> = fetchOnly;
export default { fetch: fetchOnly } satisfies ExportedHandler<Env>;

// Options are the core's CorsOptions.
const options: CorsOptions = { exposeHeaders: ['X-Request-Id'] };
export const withOptions = withCors({ fetch: () => new Response('ok') }, options);
