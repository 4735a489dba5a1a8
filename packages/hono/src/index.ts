/**
 * CORS middleware for Hono, built on `@fetch-cors/core`.
 *
 * All CORS decisions live in the core policy; this file only connects it to
 * Hono's context: where the request is, where the response is, and where the
 * Workers environment is.
 *
 * @module
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import { applyWithOrigin, policyPerEnv, type CorsOptions } from '@fetch-cors/core';

export * from '@fetch-cors/core';

/** Options of {@link cors}: exactly the core's {@link CorsOptions}. */
export type HonoCorsOptions = CorsOptions;

/**
 * Hono middleware that answers CORS preflights and adds CORS headers to every
 * other response, including those made by `app.notFound` and `app.onError`.
 *
 * - Preflights are answered before routing: a path with no `OPTIONS` handler,
 *   or no route at all, still gets the policy's answer (`204`, or `403` when refused).
 * - Options are validated once, when `cors()` is called; invalid options throw
 *   `CorsConfigError` there, never per request.
 * - On Cloudflare Workers, `CORS_*` bindings in `c.env` are read as the
 *   application-wide settings (see `optionsFromEnv`); options given here win.
 *   The merged policy is compiled once per `env` object.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { cors } from '@fetch-cors/hono';
 *
 * const app = new Hono();
 * app.use(cors({ origins: ['https://app.example.com'], supportsCredentials: true }));
 * app.get('/hello', (c) => c.text('hello'));
 * export default app;
 * ```
 */
export function cors<E extends Env = Env>(options: HonoCorsOptions = {}): MiddlewareHandler<E> {
  const policyFor = policyPerEnv(options);

  return async function corsMiddleware(c: Context<E>, next) {
    const policy = policyFor(c.env);
    const request = c.req.raw;
    const preflight = policy.preflight(request);
    if (preflight !== undefined) {
      replaceResponse(c, await preflight);
      return;
    }
    try {
      await next();
    } catch (error) {
      // Hono rethrows what is not an Error; the policy still answers with its 500.
      replaceResponse(c, await policy.error(request, error));
      return;
    }
    const downstream = c.res;
    let answer: Response;
    try {
      const origin = nodeOrigin(c.env);
      const applied = origin === undefined ? policy.apply(request, downstream) : applyWithOrigin(policy, request, origin, downstream);
      answer = applied instanceof Promise ? await applied : applied;
    } catch (error) {
      answer = await policy.error(request, error);
    }
    if (answer !== downstream) replaceResponse(c, answer);
  };
}

/** What @hono/node-server passes as `c.env`: the Node request it made `c.req.raw` from. */
interface NodeBindings {
  incoming?: { headers?: Record<string, string | string[] | undefined>; rawHeaders?: unknown };
}

/**
 * The request's `Origin` read from @hono/node-server's `c.env.incoming` (Node's parsed
 * headers: duplicates joined with ", " as `Headers#get` joins them), or `undefined` on any
 * other host. Reading `c.req.raw.headers` there would build a `Headers` object of every
 * request header just to read this one.
 */
function nodeOrigin(env: unknown): string | null | undefined {
  const incoming = (env as NodeBindings | undefined)?.incoming;
  if (typeof incoming !== 'object' || incoming === null || !Array.isArray(incoming.rawHeaders)) return undefined;
  const value = incoming.headers?.origin;
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * Hono's `c.res` setter copies the previous response's headers onto the new one, which
 * would bring back CORS headers the policy removed; clear it first.
 */
function replaceResponse(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}
