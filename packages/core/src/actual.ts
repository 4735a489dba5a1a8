/**
 * Actual responses (Fetch "CORS check"): Allow-Origin, Allow-Credentials and Expose-Headers
 * when the origin is allowed, none of them when it is not, and `Vary` when the answer
 * depends on the Origin. A refused origin or a request without Origin creates no object of
 * the library's own; the `Headers` calls themselves allocate in Node and Deno (see
 * docs/decisions/0004).
 */
import type { Compiled } from './config.js';
import { isUpgrade, mutate } from './mutate.js';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ORIGIN } from './names.js';
import { report } from './reject.js';
import { mergeVary } from './vary.js';

/** The policy owns these: a handler's copies are replaced, or removed when not sent. */
function writeActual(h: Headers, p: Compiled, allowOrigin: string | null): void {
  if (allowOrigin === null) {
    h.delete(ACAO);
    h.delete(ACAC);
    h.delete(ACEH);
  } else {
    h.set(ACAO, allowOrigin);
    if (p.credentials) h.set(ACAC, 'true');
    else h.delete(ACAC);
    if (p.expose !== null) h.set(ACEH, p.expose);
    else h.delete(ACEH);
  }
  h.delete(ACAM);
  h.delete(ACAH);
  h.delete(ACAPN);
  if (p.varyActual !== null) mergeVary(h, p.varyActual);
}

function write(response: Response, p: Compiled, allowOrigin: string | null, scan = false): Response {
  return mutate(response, scan ? writeActualScanned : writeActual, p, allowOrigin);
}

/**
 * `writeActual`, after one pass over the header names: when the response carries no
 * `Access-Control-*` header (the usual case) there is nothing to remove, and the deletes are
 * skipped (and without a `Vary` there is nothing to merge). Cheaper where iterating `Headers` costs less than five deletes (Node's undici:
 * about 230 ns against 700 ns), dearer where it does not (Deno), so only adapters that know
 * their host ask for it.
 */
function writeActualScanned(h: Headers, p: Compiled, allowOrigin: string | null): void {
  let vary = false;
  for (const name of h.keys()) {
    if (name.length > 15 && name.charCodeAt(0) === 97 && name.startsWith('access-control-')) {
      writeActual(h, p, allowOrigin);
      return;
    }
    if (name === 'vary') vary = true;
  }
  if (allowOrigin !== null) {
    h.set(ACAO, allowOrigin);
    if (p.credentials) h.set(ACAC, 'true');
    if (p.expose !== null) h.set(ACEH, p.expose);
  }
  if (p.varyActual === null) return;
  if (vary) mergeVary(h, p.varyActual);
  else h.set('vary', p.varyActual);
}

/**
 * Adds the CORS headers of an actual response.
 *
 * @example
 * applyActual(policy, request, new Response('hi')); // Access-Control-Allow-Origin set when allowed
 */
export function applyActual(p: Compiled, request: Request, response: Response): Response | Promise<Response> {
  // First: after a Deno WebSocket upgrade the request's headers can no longer be read.
  if (isUpgrade(response)) return response;
  return applyActualFrom(p, request, request.headers.get(ORIGIN), response);
}

/**
 * `applyActual` for a request whose `Origin` the caller has read already (an adapter that
 * can read it more cheaply than through `request.headers`).
 *
 * @example
 * applyActualFrom(policy, request, 'https://app.example.com', new Response('hi'));
 */
export function applyActualFrom(
  p: Compiled,
  request: Request,
  origin: string | null,
  response: Response,
  scan = false,
): Response | Promise<Response> {
  if (isUpgrade(response)) return response;
  if (origin === null) return write(response, p, p.wildcard && p.alwaysSend ? '*' : null, scan);
  if (p.wildcard) return write(response, p, '*', scan);
  const match = p.origins.match(origin, request);
  if (match === true) return write(response, p, origin, scan);
  if (match === false) {
    report(p, request, 'origin', origin);
    return write(response, p, null, scan);
  }
  return match.then((ok) => {
    if (!ok) report(p, request, 'origin', origin);
    return write(response, p, ok ? origin : null, scan);
  });
}
