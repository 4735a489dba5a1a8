/** Refusals: the `onReject` report, with one sentence naming the value and the option. */
import type { Compiled } from './config.js';
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
  try {
    p.onReject({ request, reason, detail: detailOf(reason, value) });
  } catch (error) {
    console.error('fetch-cors: onReject threw.', error);
  }
}
