/** Calling the user's hooks (`onReject`, `onError`), and what is logged when there is none. */
import { isThenable } from './promise.js';

/**
 * Calls a user hook so that neither a throw nor a rejected promise (an async logger that
 * fails) can reach the request: both are reported with `console.error`.
 *
 * @example
 * callHook('onReject', onReject, { request, reason: 'origin', detail });
 */
export function callHook<A extends unknown[]>(name: string, hook: (...args: A) => unknown, ...args: A): void {
  const fail = (error: unknown) => console.error(`fetch-cors: ${name} failed.`, error);
  try {
    const result = hook(...args);
    if (isThenable(result)) result.then(undefined, fail);
  } catch (error) {
    fail(error);
  }
}

/** What a handler answered instead of a Response; `onError` receives it, and the default log names it. */
export class NotAResponse extends TypeError {
  constructor(answer: unknown) {
    super(`the handler returned ${answer === null ? 'null' : typeof answer === 'object' ? 'an object' : typeof answer}, not a Response`);
    this.name = 'NotAResponse';
  }
}

/**
 * The `onError` of a policy that sets none: logs what happened (a throw, or an answer that was
 * not a Response) and that the request was answered with 500.
 *
 * @example
 * logServerError(new Error('db down')); // "fetch-cors: the handler threw; answering 500." and the error
 */
export function logServerError(error: unknown): void {
  console.error(serverErrorLine(error), error);
}

/**
 * The line the default `onError` logs for `error`.
 *
 * @example
 * serverErrorLine(new NotAResponse(null)); // "fetch-cors: the handler returned null, not a Response; answering 500."
 */
export function serverErrorLine(error: unknown): string {
  return `fetch-cors: ${error instanceof NotAResponse ? error.message : 'the handler threw'}; answering 500.`;
}
