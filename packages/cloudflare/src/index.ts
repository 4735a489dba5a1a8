/**
 * `@fetch-cors/cloudflare`: CORS for Cloudflare Workers.
 *
 * Wraps a module Worker's `fetch(request, env, ctx)` or a whole `ExportedHandler` object.
 * The Worker's `CORS_*` vars are the application-wide configuration (read with the core's
 * `optionsFromEnv`); options given in code win over them. Everything CORS itself does lives
 * in `@fetch-cors/core`; this file only finds the policy for an `env` and forwards the call.
 */
import { envPolicy, withCorsPerEnv, type CorsPolicy, type EnvCorsOptions } from '@fetch-cors/core';

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
 * Options of {@link withCors}: every core option, plus `env`, which says where the
 * application-wide `CORS_*` settings come from. Options given in code win over them.
 *
 * - `true` (default): the Worker's `env` argument (`this.env` in a class Worker): its
 *   `CORS_*` vars, compiled once per `env` object.
 * - `false`: the options in code are the whole configuration; `env` is never read.
 * - a record: `CORS_*` read from it once, when `withCors` is called.
 */
export type CloudflareCorsOptions = EnvCorsOptions;

/**
 * A module Worker's fetch handler: `(request, env, ctx)`.
 *
 * Written as a method so that handlers typed with `@cloudflare/workers-types`
 * (whose `request` carries `IncomingRequestCfProperties`) are accepted as they are.
 */
export type WorkerFetchHandler<Env = any, Ctx = any> = {
  bivariant(request: Request, env: Env, ctx: Ctx): Response | Promise<Response>;
}['bivariant'];

/**
 * The shape of a Worker's default export (`ExportedHandler`) that `withCors` cares about:
 * a `fetch` method. Every other member (`scheduled`, `queue`, `email`, `tail`, helpers)
 * is kept as it is.
 */
export interface WorkerHandlerObject<Env = any, Ctx = any> {
  fetch?(request: Request, env: Env, ctx: Ctx): Response | Promise<Response>;
}

/**
 * A class Worker: `class extends WorkerEntrypoint { fetch(request) { … } }` (`this.env`,
 * `this.ctx` set by workerd).
 */
export type WorkerEntrypointClass = abstract new (
  ...args: any[]
) => {
  fetch(request: Request): Response | Promise<Response>;
};

function isEntrypointClass(handler: unknown): handler is new (
  ...args: any[]
) => {
  fetch(request: Request): Response | Promise<Response>;
} {
  return typeof handler === 'function' && typeof (handler.prototype as { fetch?: unknown } | undefined)?.fetch === 'function';
}

/**
 * Adds CORS to a Cloudflare Worker.
 *
 * - Given a fetch function `(request, env, ctx)`, returns a function with the same signature.
 * - Given an `ExportedHandler` object, returns an object whose `fetch` is wrapped; every other
 *   handler (`scheduled`, `queue`, …) and member is inherited untouched, and `this` inside
 *   them (and inside `fetch`) still reaches the object's own members.
 * - Given a class Worker (`extends WorkerEntrypoint`), returns a subclass whose `fetch` is
 *   wrapped; the policy is read from `this.env`, and RPC methods are inherited untouched.
 *
 * The policy for a request is the `CORS_*` vars of its `env` (see `optionsFromEnv`) with
 * `options` laid over them, compiled once per `env` object; `env: false` or a record in the
 * options changes where they come from (see {@link CloudflareCorsOptions}). Vars written as JSON in
 * wrangler.toml are read too (`CORS_MAX_AGE = 600`, `CORS_ORIGINS = ["https://a.example"]`).
 * Given a policy from `createCors` instead of options, that policy is used and `env` is not read.
 * With `websocket: 'guard'`, an upgrade from an origin the policy refuses gets `403` before
 * the handler (and its `new WebSocketPair()`) runs. `options` are checked at once:
 * an invalid one throws `CorsConfigError` here, not on a request. `env` and `ctx` reach the
 * handler unchanged. Immutable responses (`fetch()`, `caches.default.match()`,
 * `Response.redirect()`) get the headers on a copy that keeps the body stream; a WebSocket
 * response (`101` with `webSocket`) is returned as it is.
 *
 * @example
 * import { withCors } from '@fetch-cors/cloudflare';
 *
 * export default withCors(
 *   {
 *     async fetch(request, env, ctx) {
 *       return new Response('hello');
 *     },
 *     async scheduled(controller, env, ctx) {
 *       // untouched
 *     },
 *   },
 *   { exposeHeaders: ['X-Request-Id'] }, // wins over CORS_EXPOSE_HEADERS
 * );
 *
 * @example
 * // wrangler.toml: [vars] CORS_ORIGINS = "https://app.example.com"
 * export default { fetch: withCors((request, env, ctx) => fetch(request)) };
 *
 * @example
 * import { WorkerEntrypoint } from 'cloudflare:workers';
 * export default withCors(class extends WorkerEntrypoint<Env> {
 *   fetch(request: Request) { return new Response('hello'); }
 * });
 */
export function withCors<Env = any, Ctx = any>(
  handler: WorkerFetchHandler<Env, Ctx>,
  options?: CloudflareCorsOptions | CorsPolicy,
): (request: Request, env: Env, ctx: Ctx) => Response | Promise<Response>;
export function withCors<C extends WorkerEntrypointClass>(handler: C, options?: CloudflareCorsOptions | CorsPolicy): C;
export function withCors<H extends WorkerHandlerObject>(handler: H, options?: CloudflareCorsOptions | CorsPolicy): H;
export function withCors(
  handler: WorkerFetchHandler | WorkerHandlerObject | WorkerEntrypointClass,
  options: CloudflareCorsOptions | CorsPolicy = {},
): WorkerFetchHandler | WorkerHandlerObject | WorkerEntrypointClass {
  if (isEntrypointClass(handler)) {
    const policyFor = envPolicy(options);
    // A class Worker (`extends WorkerEntrypoint`): workerd makes one instance per request
    // and gives it `this.env`; the subclass only wraps `fetch`.
    return class WithCors extends handler {
      override fetch(request: Request): Response | Promise<Response> {
        const env = (this as { env?: unknown }).env;
        return policyFor(env).handle(request, () => super.fetch(request)) as Response | Promise<Response>;
      }
    };
  }

  if (typeof handler === 'function') return withCorsPerEnv(handler as WorkerFetchHandler, options) as WorkerFetchHandler;

  const inner = handler.fetch;
  if (typeof inner !== 'function') return handler;
  const fetch = withCorsPerEnv(inner as WorkerFetchHandler, options);
  // The wrapper inherits from the handler: `scheduled`, `queue` and friends are the very
  // same functions, and `this.helper()` inside any of them still resolves.
  return Object.create(handler, {
    fetch: { value: fetch, enumerable: true, writable: true, configurable: true },
  }) as WorkerHandlerObject;
}
