/**
 * One policy per runtime `env` object, for hosts that hand the configuration to each request
 * (Workers' `env`, Hono's `c.env`): the code options are compiled at once, an env's `CORS_*`
 * settings once per env object, and a request never compiles anything.
 */
import { isCorsName, mergeOptions, optionsFromEnv, resolveEnvOptions, type EnvCorsOptions } from './env.js';
import { CorsConfigError } from './errors.js';
import type { CorsOptions } from './options.js';
import { createCors, runWithPolicy, type CorsPolicy } from './policy.js';
import { isPolicy } from './with-cors.js';

/** Whether `env` has any `CORS_*` key (in any case, or with `-`: those are errors to report); a per-request env without one (node-server's) costs no cache entry. */
function hasCorsKey(env: object): boolean {
  for (const key in env) if (isCorsName(key)) return true;
  return false;
}

/**
 * Returns `env → policy`: `options` laid over the env's `CORS_*` settings. An env whose
 * settings cannot be read keeps throwing the same `CorsConfigError`, without recompiling.
 *
 * @example
 * const policyFor = policyPerEnv({ exposeHeaders: ['X-Request-Id'] });
 * export default { fetch: (req, env) => policyFor(env).handle(req, () => handler(req, env)) };
 * @throws CorsConfigError at once when `options` are invalid.
 */
export function policyPerEnv(options: CorsOptions = {}): (env: unknown) => CorsPolicy {
  const base = createCors(options);
  const byEnv = new WeakMap<object, CorsPolicy | CorsConfigError>();
  return (env) => {
    if (typeof env !== 'object' || env === null) return base;
    let entry = byEnv.get(env);
    if (entry === undefined) {
      if (!hasCorsKey(env)) return base;
      try {
        entry = createCors(mergeOptions(optionsFromEnv(env as Record<string, unknown>), options));
      } catch (error) {
        if (!(error instanceof CorsConfigError)) throw error;
        entry = error;
      }
      byEnv.set(env, entry);
    }
    if (entry instanceof CorsConfigError) throw entry;
    return entry;
  };
}

/**
 * An adapter's `env` option for hosts that hand the environment to each request (a Worker's
 * `env`, Hono's `c.env`), as `env → policy`:
 * - `true` (default): `CORS_*` read from the request's env (see {@link policyPerEnv});
 * - `false`: the options in code are the whole configuration, the env is never read;
 * - a record: `CORS_*` read from that record, once, here.
 * Options given in code win over the environment. Given a policy, that policy is used as is.
 *
 * @example
 * const policyFor = envPolicy({ origins: ['https://app.example.com'], env: false });
 * policyFor(env).handle(request, () => handler(request, env, ctx));
 * @throws CorsConfigError at once when the options, or a given env record, are invalid.
 */
export function envPolicy(options: EnvCorsOptions | CorsPolicy = {}): (env: unknown) => CorsPolicy {
  if (isPolicy(options)) return () => options;
  const { env = true, ...code } = options;
  if (env === true) return policyPerEnv(code);
  const policy = createCors(resolveEnvOptions(options, () => ({})));
  return () => policy;
}

/**
 * Wraps a handler whose second argument is the environment, `(request, env, ...rest)` (a
 * Worker's `fetch`, Hono's `app.fetch`), with the policy {@link envPolicy} chooses for that env.
 * Extra arguments and `this` pass through untouched.
 *
 * @example
 * export default { fetch: withCorsPerEnv((request, env, ctx) => new Response('hi')) };
 * @throws CorsConfigError at once when the options are invalid.
 */
export function withCorsPerEnv<A extends unknown[], R extends Response | undefined | void>(
  handler: (request: Request, ...rest: A) => R | Promise<R>,
  options: EnvCorsOptions | CorsPolicy = {},
): (request: Request, ...rest: A) => Promise<Exclude<R, void> | Response> | Exclude<R, void> | Response {
  const policyFor = envPolicy(options);
  const corsHandler = function (this: unknown, request: Request, env?: unknown) {
    // `arguments`, not a rest array and a closure: nothing is allocated per request for them.
    // eslint-disable-next-line prefer-rest-params
    return runWithPolicy(policyFor(env), request, handler as (...args: never[]) => unknown, this, arguments);
  };
  return corsHandler as unknown as (request: Request, ...rest: A) => Promise<Exclude<R, void> | Response> | Exclude<R, void> | Response;
}
