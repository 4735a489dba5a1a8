/** Refusals: the `onReject` report, with one sentence naming the value and the option. */
import type { Compiled } from './compiled.js';
import { callHook } from './hooks.js';
import { lookupDetail } from './lookup.js';
import type { RejectReason } from './options.js';

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

/** Tells `onReject`, if any, that `request` was refused. Never throws. */
export function report(p: Compiled, request: Request, reason: RejectReason, value: string): void {
  if (p.onReject === null) return;
  const detail = (reason === 'origin' ? lookupDetail(request, value) : undefined) ?? detailOf(reason, value);
  callHook('onReject', p.onReject, { request, reason, detail });
}
