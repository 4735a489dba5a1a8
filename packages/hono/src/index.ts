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
import { policyPerEnv, type CorsOptions } from '@fetch-cors/core';

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
      const applied = policy.apply(request, downstream);
      answer = applied instanceof Promise ? await applied : applied;
    } catch (error) {
      answer = await policy.error(request, error);
    }
    if (answer !== downstream) replaceResponse(c, answer);
  };
}

/**
 * Hono's `c.res` setter copies the previous response's headers onto the new one, which
 * would bring back CORS headers the policy removed; clear it first.
 */
function replaceResponse(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}
