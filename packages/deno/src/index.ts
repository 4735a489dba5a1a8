/**
 * CORS for `Deno.serve`. A thin layer over `@fetch-cors/core`: it reads the application-wide
 * `CORS_*` settings from `Deno.env` and wraps `(request, info)` handlers.
 *
 * @example
 * ```ts
 * import { withCors } from '@fetch-cors/deno';
 *
 * // deno run --allow-net --allow-env=CORS_* server.ts
 * Deno.serve(withCors((req) => new Response('hello'), { exposeHeaders: ['X-Request-Id'] }));
 * ```
 *
 * @module
 */
import {
  createCors,
  CorsConfigError,
  ENV_VARIABLES,
  PROBED_ENV_VARIABLES,
  isPolicy,
  resolveEnvOptions,
  withCors as coreWithCors,
  type CorsOptions,
  type CorsPolicy,
  type EnvCorsOptions,
  type EnvRecord,
} from '@fetch-cors/core';

// The same core names in every adapter package, each meaning what it means in the core.
export {
  createCors,
  CONFIG_ISSUE_CODES,
  CorsConfigError,
  DEFAULT_METHODS,
  mergeOptions,
  optionsFromEnv,
  type ConfigIssueCode,
  type CorsConfigIssue,
  type CorsOptions,
  type CorsPolicy,
  type CorsRejection,
  type EnvCorsOptions,
  type EnvRecord,
  type MaybePromise,
  type OriginFunction,
  type OriginsOption,
  type RejectReason,
  type ResourceOptions,
  type WebSocketOption,
} from '@fetch-cors/core';

/**
 * Options of the Deno adapter: every core option, plus `env`, which says where the
 * application-wide `CORS_*` settings come from. Options given in code win over the
 * environment; the environment wins over the defaults.
 *
 * - `true` (default): read `CORS_*` from `Deno.env`. Needs env permission for those names
 *   (`--allow-env` or `--allow-env=CORS_*`); without it construction throws a
 *   `CorsConfigError` that says so. No permission prompt is ever shown.
 * - `false`: ignore the environment; the options in code are the whole configuration.
 * - a record: read `CORS_*` from it instead of `Deno.env` (tests, config files).
 */
export type DenoCorsOptions = EnvCorsOptions;

/** A `Deno.serve` handler, or any handler taking the request first: `(request, info) => Response`. */
export type DenoHandler<Rest extends unknown[] = unknown[]> = (request: Request, ...rest: Rest) => Response | Promise<Response>;

/** The parts of the `Deno` global this adapter uses (typed here so the package builds anywhere). */
interface DenoGlobal {
  env: { get(name: string): string | undefined; toObject(): Record<string, string> };
  permissions: { querySync(descriptor: { name: 'env'; variable?: string }): { state: string } };
}

const PERMISSION_HINT =
  'reading CORS_* settings from Deno.env needs env permission: run with --allow-env ' +
  '(or --allow-env=CORS_*), or pass { env: false } to configure CORS in code only';

function denoGlobal(): DenoGlobal | undefined {
  return (globalThis as { Deno?: DenoGlobal }).Deno;
}

/**
 * Reads `CORS_*` from `Deno.env` without ever prompting: with full env permission the whole
 * environment is read, otherwise each name the core reads, and a name that is not granted
 * makes construction fail with a message that names the missing permission.
 */
function denoEnv(): EnvRecord {
  const deno = denoGlobal();
  if (deno === undefined) {
    throw new CorsConfigError([
      { option: 'env', code: 'env-unreadable', message: 'Deno.env is not available in this runtime; pass { env: false } or an env record' },
    ]);
  }
  if (deno.permissions.querySync({ name: 'env' }).state === 'granted') return deno.env.toObject();
  const refused = ENV_VARIABLES.filter((name) => deno.permissions.querySync({ name: 'env', variable: name }).state !== 'granted');
  if (refused.length > 0) {
    throw new CorsConfigError([{ option: 'env', code: 'env-unreadable', message: `${PERMISSION_HINT} (not granted: ${refused.join(', ')})` }]);
  }
  const record: Record<string, string | undefined> = Object.fromEntries(ENV_VARIABLES.map((name) => [name, deno.env.get(name)]));
  // Other frameworks' names and the usual misspellings are errors when set: without the whole
  // environment (--allow-env=CORS_*) they cannot be listed, so read those the permissions allow.
  for (const name of PROBED_ENV_VARIABLES) {
    if (deno.permissions.querySync({ name: 'env', variable: name }).state !== 'granted') continue;
    const value = deno.env.get(name);
    if (value !== undefined) record[name] = value;
  }
  return record;
}

/** The options handed to the core: `CORS_*` from the source `env` names, code options on top. */
export function resolveDenoOptions(options: DenoCorsOptions = {}): CorsOptions {
  return resolveEnvOptions(options, denoEnv);
}

/**
 * Compiles a policy for Deno once: core options plus `CORS_*` from `Deno.env` (see
 * {@link DenoCorsOptions}). Throws `CorsConfigError` for an invalid configuration. The policy
 * can be handed to several `withCors` calls, or used directly in a router of your own.
 *
 * @example
 * ```ts
 * const cors = createDenoCors({ origins: 'https://app.example.com' });
 * Deno.serve(withCors(api, cors));
 * ```
 */
export function createDenoCors(options: DenoCorsOptions = {}): CorsPolicy {
  return createCors(resolveDenoOptions(options));
}

/**
 * Wraps a `Deno.serve` handler. Preflights are answered without calling it; its responses get
 * the CORS headers (immutable ones, from `fetch()` or `Response.redirect()`, on a copy that
 * keeps the body stream); `Deno.upgradeWebSocket` responses (101) pass untouched; a throw
 * becomes a 500 that keeps the CORS headers. `info` and any further arguments pass through.
 * With `websocket: 'guard'`, an upgrade from an origin the policy refuses gets `403` before
 * the handler (and its `Deno.upgradeWebSocket`) runs.
 *
 * `options` are compiled once, here (or pass a policy from {@link createDenoCors}): an invalid
 * configuration throws `CorsConfigError` now, never per request.
 *
 * @example
 * ```ts
 * import { withCors } from '@fetch-cors/deno';
 *
 * // CORS_ORIGINS=https://app.example.com deno run --allow-net --allow-env=CORS_* main.ts
 * Deno.serve({ port: 8000 }, withCors((req, info) => Response.json({ from: info.remoteAddr.hostname })));
 *
 * // configuration in code only, no env permission needed:
 * Deno.serve(withCors(handler, { origins: ['https://app.example.com'], env: false }));
 * ```
 */
export function withCors<Rest extends unknown[]>(
  handler: DenoHandler<Rest>,
  options: DenoCorsOptions | CorsPolicy = {},
): (request: Request, ...rest: Rest) => Response | Promise<Response> {
  const policy = isPolicy(options) ? options : resolveDenoOptions(options);
  return coreWithCors(handler, policy) as (request: Request, ...rest: Rest) => Response | Promise<Response>;
}
