/**
 * CORS for `Bun.serve`. A thin layer over `@fetch-cors/core`: it reads the application-wide
 * `CORS_*` settings from `Bun.env`, wraps the `fetch(req, server)` handler and wraps the
 * `routes` table so that every route answers preflights.
 *
 * @example
 * ```ts
 * import { corsRoutes, withCors } from '@fetch-cors/bun';
 *
 * const cors = { origins: ['https://app.example.com'], exposeHeaders: ['X-Request-Id'] };
 * Bun.serve({
 *   routes: corsRoutes({
 *     '/hello': new Response('hello'),
 *     '/users/:id': { GET: (req) => Response.json({ id: req.params.id }), DELETE: () => new Response(null, { status: 204 }) },
 *   }, cors),
 *   fetch: withCors(() => new Response('Not Found', { status: 404 }), cors),
 * });
 * ```
 *
 * @module
 */
import {
  createCors,
  DEFAULT_METHODS,
  isPolicy,
  resolveEnvOptions,
  withCors as coreWithCors,
  withUpgradableCors,
  type CorsOptions,
  type CorsPolicy,
  type EnvCorsOptions,
  type EnvRecord,
  type MaybePromise,
} from '@fetch-cors/core';
import type { Serve } from 'bun';

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
 * Options of the Bun adapter: every core option, plus `env`, which says where the
 * application-wide `CORS_*` settings come from: `true` (default) `Bun.env`, `false` none (the
 * options in code are the whole configuration), or a record to read instead. Options given in
 * code win over the environment; the environment wins over the defaults.
 */
export type BunCorsOptions = EnvCorsOptions;

/**
 * A `Bun.serve` fetch handler or route handler: `(request, server) => Response`. It may return
 * `undefined` after a successful `server.upgrade(request)`.
 */
export type BunHandler<Req extends Request = Request, Rest extends unknown[] = unknown[]> = (
  request: Req,
  ...rest: Rest
) => MaybePromise<Response | undefined | void>;

/** The keys of a per-method route map that Bun serves. */
const METHODS = new Set(DEFAULT_METHODS);

function bunEnv(): EnvRecord {
  const g = globalThis as { Bun?: { env: EnvRecord }; process?: { env: EnvRecord } };
  return g.Bun?.env ?? g.process?.env ?? {};
}

/** The options handed to the core: `CORS_*` from the source `env` names, code options on top. */
export function resolveBunOptions(options: BunCorsOptions = {}): CorsOptions {
  return resolveEnvOptions(options, bunEnv);
}

/**
 * Compiles a policy for Bun once: core options plus `CORS_*` from `Bun.env` (see
 * {@link BunCorsOptions}). Throws `CorsConfigError` for an invalid configuration. Hand it to
 * both `corsRoutes` and `withCors` so that routes and the fetch fallback share one policy.
 *
 * @example
 * ```ts
 * const cors = createBunCors({ origins: ['https://app.example.com'] });
 * Bun.serve({ routes: corsRoutes({ '/api/hello': new Response('hello') }, cors), fetch: withCors(notFound, cors) });
 * ```
 */
export function createBunCors(options: BunCorsOptions = {}): CorsPolicy {
  return createCors(resolveBunOptions(options));
}

/**
 * Wraps `Bun.serve`'s `fetch(req, server)`. Preflights are answered without calling it; its
 * responses get the CORS headers; `undefined` after `server.upgrade(req)` passes through; a
 * throw, or `null` or any other non-Response answer, becomes a 500 that keeps the CORS headers.
 * `server` passes through untouched. With `websocket: 'guard'`, an upgrade from an origin the
 * policy refuses gets `403` before the handler (and its `server.upgrade`) runs.
 *
 * @example
 * ```ts
 * Bun.serve({
 *   fetch: withCors((req, server) => {
 *     if (new URL(req.url).pathname === '/ws' && server.upgrade(req)) return;
 *     return new Response('hello');
 *   }, { origins: 'https://app.example.com' }),
 *   websocket: { message: (ws, message) => ws.send(message) },
 * });
 * ```
 */
export function withCors<Req extends Request, Rest extends unknown[], R extends Response | undefined | void>(
  handler: (request: Req, ...rest: Rest) => MaybePromise<R>,
  options: BunCorsOptions | CorsPolicy = {},
): (request: Req, ...rest: Rest) => MaybePromise<R> {
  const policy = isPolicy(options) ? options : resolveBunOptions(options);
  return withUpgradableCors(handler as never, policy) as unknown as (request: Req, ...rest: Rest) => MaybePromise<R>;
}

/**
 * A route handler under the policy; core's wrapper makes no closure per request. Only here and
 * in `withCors` may a handler answer `undefined` (after `server.upgrade`); `null` is a 500.
 */
function wrapHandler(policy: CorsPolicy, handler: (...args: never[]) => unknown) {
  return withUpgradableCors(handler as (request: Request, ...rest: unknown[]) => MaybePromise<Response | undefined>, policy);
}

/** A static route answers every request with a copy, so the shared response is never changed. */
function wrapStatic(policy: CorsPolicy, response: Response) {
  return coreWithCors(() => response.clone(), policy);
}

function isMethodMap(value: object): value is Record<string, unknown> {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => METHODS.has(key)) && Object.values(value).every((v) => typeof v === 'function' || v instanceof Response);
}

function wrapRoute(policy: CorsPolicy, value: unknown): unknown {
  if (typeof value === 'function') return wrapHandler(policy, value as (...args: never[]) => unknown);
  if (value instanceof Response) return wrapStatic(policy, value);
  // A BunFile (a Blob) is served as a Response of that file.
  if (value instanceof Blob) {
    const file = value;
    return coreWithCors(() => new Response(file), policy);
  }
  if (value !== null && typeof value === 'object' && isMethodMap(value)) {
    const map: Record<string, unknown> = {};
    for (const [method, entry] of Object.entries(value)) map[method] = wrapRoute(policy, entry);
    if (!('OPTIONS' in map)) {
      // Preflights are answered by the policy; a plain OPTIONS request gets the methods served here.
      const allow = [...Object.keys(map), 'OPTIONS'].join(', ');
      map.OPTIONS = coreWithCors(() => new Response(null, { status: 204, headers: { Allow: allow } }), policy);
    }
    return map;
  }
  // `false` (fall through to fetch), HTML imports and `{ dir }` tables are served by Bun itself.
  return value;
}

/**
 * Wraps a `Bun.serve` `routes` table with one policy, compiled once (or pass a policy from
 * {@link createBunCors} to share it with `withCors`). Every route answers
 * preflights, also a per-method map without an `OPTIONS` entry. Handlers (`(req, server)`)
 * and per-method maps (`{ GET: fn, POST: fn }`) get the CORS headers on their responses;
 * static `Response` routes are answered with a copy carrying the headers; a `Bun.file()`
 * route is served as `new Response(file)`. `false`, HTML imports and `{ dir }` routes are
 * left to Bun and get no CORS headers.
 *
 * @example
 * ```ts
 * import { corsRoutes } from '@fetch-cors/bun';
 *
 * Bun.serve({
 *   routes: corsRoutes({
 *     '/health': new Response('ok'),
 *     '/api/items': { GET: () => Response.json([]), POST: async (req) => Response.json(await req.json(), { status: 201 }) },
 *     '/api/items/:id': (req) => Response.json({ id: req.params.id }),
 *   }, { origins: ['https://app.example.com'], supportsCredentials: true }),
 * });
 * ```
 */
export function corsRoutes<WebSocketData = any, R extends string = never>(
  routes: Serve.Routes<WebSocketData, R>,
  options?: BunCorsOptions | CorsPolicy,
): Serve.Routes<WebSocketData, R>;
export function corsRoutes<WebSocketData = any, R extends string = never>(
  routes: Serve.RoutesWithUpgrade<WebSocketData, R>,
  options?: BunCorsOptions | CorsPolicy,
): Serve.RoutesWithUpgrade<WebSocketData, R>;
export function corsRoutes(routes: Record<string, unknown>, options: BunCorsOptions | CorsPolicy = {}): Record<string, unknown> {
  const policy = isPolicy(options) ? options : createBunCors(options);
  const wrapped: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(routes)) wrapped[path] = wrapRoute(policy, value);
  return wrapped;
}
