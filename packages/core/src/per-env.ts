/**
 * One policy per runtime `env` object, for hosts that hand the configuration to each request
 * (Workers' `env`, Hono's `c.env`): the code options are compiled at once, an env's `CORS_*`
 * settings once per env object, and a request never compiles anything.
 */
import { mergeOptions, optionsFromEnv } from './env.js';
import { CorsConfigError } from './errors.js';
import type { CorsOptions } from './options.js';
import { createCors, type CorsPolicy } from './policy.js';

/** Whether `env` has any `CORS_*` key; a per-request env without one (node-server's) costs no cache entry. */
function hasCorsKey(env: object): boolean {
  for (const key in env) if (key.startsWith('CORS_')) return true;
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
