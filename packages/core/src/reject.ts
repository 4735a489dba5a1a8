/** Refusals: the `onReject` report, with one sentence naming the value and the option. */
import type { Compiled } from './compiled.js';
import { lookupDetail } from './lookup.js';
import type { RejectReason } from './options.js';
import { isThenable } from './promise.js';

function detailOf(reason: RejectReason, value: string): string {
  switch (reason) {
    case 'origin':
      return `Origin ${JSON.stringify(value)} is not allowed; add it to origins to allow it.`;
    case 'method':
      return `Method ${JSON.stringify(value)} is not allowed; add it to methods to allow it.`;
    case 'header':
      return value.startsWith('Access-Control-Request-Headers')
        ? `${value}.`
        : `Request header ${JSON.stringify(value)} is not allowed; add it to allowHeaders to allow it.`;
    default:
      return 'Private network access was requested; set allowPrivateNetwork: true to allow it.';
  }
}

/**
 * Calls a user hook so that neither a throw nor a rejected promise (an async logger that
 * fails) can reach the request: both are reported with `console.error`.
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

/** Tells `onReject`, if any, that `request` was refused. Never throws. */
export function report(p: Compiled, request: Request, reason: RejectReason, value: string): void {
  if (p.onReject === null) return;
  const detail = (reason === 'origin' ? lookupDetail(request, value) : undefined) ?? detailOf(reason, value);
  callHook('onReject', p.onReject, { request, reason, detail });
}
