/** Promise utilities shared by the core and the adapters. */

/**
 * A value, or a Promise of it: what a handler, a hook or an origin function may return.
 *
 * @example
 * const handler = (request: Request): MaybePromise<Response> => new Response('hi');
 */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Whether `value` is a thenable (a Promise from any realm, or a Promise-like), told apart by
 * shape because runtimes and wrappers bring their own Promise classes.
 *
 * @example
 * isThenable(Promise.resolve(1)); // true
 * isThenable(new Response('x'));  // false
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}
