/** `withCors`: a handler in, a handler with the same signature out. */
import type { CorsOptions } from './options.js';
import { createRunner, runWithPolicy, type CorsPolicy } from './policy.js';

/**
 * Wraps a Fetch-API handler with a CORS policy compiled once, here. Extra arguments (`env`,
 * `ctx`, `server`, `info`) pass through untouched. Preflights are answered without calling
 * `handler`; a throwing handler, or one that answers anything but a Response (`null`,
 * `undefined`), gives a 500 that keeps the CORS headers.
 *
 * @example
 * export default {
 *   fetch: withCors((req: Request) => new Response('hello'), { origins: ['https://app.example.com'] }),
 * };
 * @throws CorsConfigError when `options` are invalid.
 */
export function withCors<A extends unknown[], R extends Response | undefined | void>(
  handler: (request: Request, ...rest: A) => R | Promise<R>,
  options?: CorsOptions | CorsPolicy,
): (request: Request, ...rest: A) => Promise<Exclude<R, void> | Response> | Exclude<R, void> | Response {
  return wrap(handler, isPolicy(options) ? options : createRunner(options), false) as unknown as (
    request: Request,
    ...rest: A
  ) => Promise<Exclude<R, void> | Response> | Exclude<R, void> | Response;
}

/**
 * `withCors` for a runtime whose handlers may answer `undefined` after upgrading the request to
 * a WebSocket themselves (Bun's `server.upgrade`): that `undefined` passes through; `null` or
 * any other non-Response is still a 500 with the CORS headers. Runtime adapters use it; an
 * application wants `withCors`.
 *
 * @example
 * Bun.serve({ fetch: withUpgradableCors((req, server) => (server.upgrade(req) ? undefined : new Response('hi')), policy) });
 */
export function withUpgradableCors<A extends unknown[], R extends Response | undefined | void>(
  handler: (request: Request, ...rest: A) => R | Promise<R>,
  options?: CorsOptions | CorsPolicy,
): (request: Request, ...rest: A) => Promise<R | Response> | R | Response {
  return wrap(handler, isPolicy(options) ? options : createRunner(options), true) as unknown as (
    request: Request,
    ...rest: A
  ) => Promise<R | Response> | R | Response;
}

function wrap(handler: unknown, policy: CorsPolicy, upgrade: boolean) {
  // `arguments`, not a rest array and a closure: nothing is allocated per request for them.
  return function (this: unknown, request: Request) {
    // eslint-disable-next-line prefer-rest-params
    return runWithPolicy(policy, request, handler as (...args: never[]) => unknown, this, arguments, upgrade);
  };
}

/** Whether `value` is a policy made by `createCors` rather than options. */
export function isPolicy(value: unknown): value is CorsPolicy {
  return typeof value === 'object' && value !== null && typeof (value as CorsPolicy).handle === 'function' && typeof (value as CorsPolicy).apply === 'function';
}
