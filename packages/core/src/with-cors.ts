/** `withCors`: a handler in, a handler with the same signature out. */
import type { CorsOptions } from './options.js';
import { createCors, runWithPolicy, type CorsPolicy } from './policy.js';

/**
 * Wraps a Fetch-API handler with a CORS policy compiled once, here. Extra arguments (`env`,
 * `ctx`, `server`, `info`) pass through untouched. Preflights are answered without calling
 * `handler`; a throwing handler gives a 500 that keeps the CORS headers.
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
  const policy = isPolicy(options) ? options : createCors(options);
  // `arguments`, not a rest array and a closure: nothing is allocated per request for them.
  const corsHandler = function (this: unknown, request: Request) {
    // eslint-disable-next-line prefer-rest-params
    return runWithPolicy(policy, request, handler as (...args: never[]) => unknown, this, arguments);
  };
  return corsHandler as unknown as (request: Request, ...rest: A) => Promise<Exclude<R, void> | Response> | Exclude<R, void> | Response;
}

/** Whether `value` is a policy made by `createCors` rather than options. */
export function isPolicy(value: unknown): value is CorsPolicy {
  return typeof value === 'object' && value !== null && typeof (value as CorsPolicy).handle === 'function' && typeof (value as CorsPolicy).apply === 'function';
}
