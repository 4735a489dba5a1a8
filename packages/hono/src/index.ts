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
import { createCors, CorsConfigError, mergeOptions, optionsFromEnv, type CorsOptions, type CorsPolicy } from '@fetch-cors/core';

export * from '@fetch-cors/core';

/** Options of {@link cors}: exactly the core's {@link CorsOptions}. */
export type HonoCorsOptions = CorsOptions;

const ENV_PREFIX = 'CORS_';

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
  const codePolicy = createCors(options);
  // A bad CORS_* value is remembered too: compiled (and reported) once per env, not per request.
  const envPolicies = new WeakMap<object, CorsPolicy | CorsConfigError>();

  const policyFor = (env: unknown): CorsPolicy => {
    if (typeof env !== 'object' || env === null) return codePolicy;
    let policy = envPolicies.get(env);
    if (policy === undefined) {
      if (!hasCorsKey(env)) return codePolicy;
      try {
        policy = createCors(mergeOptions(optionsFromEnv(env as Record<string, string | undefined>), options));
      } catch (error) {
        if (!(error instanceof CorsConfigError)) throw error;
        policy = error;
      }
      envPolicies.set(env, policy);
    }
    if (policy instanceof CorsConfigError) throw policy;
    return policy;
  };

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

/**
 * Whether `env` carries any `CORS_*` key. `@hono/node-server` passes a fresh
 * `{ incoming, outgoing }` per request: those skip the per-env cache entirely.
 */
function hasCorsKey(env: object): boolean {
  for (const key in env) {
    if (key.startsWith(ENV_PREFIX)) return true;
  }
  return false;
}
