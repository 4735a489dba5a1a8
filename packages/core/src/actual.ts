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

function write(response: Response, p: Compiled, allowOrigin: string | null): Response {
  return mutate(response, writeActual, p, allowOrigin);
}

/**
 * Adds the CORS headers of an actual response.
 *
 * @example
 * applyActual(policy, request, new Response('hi')); // Access-Control-Allow-Origin set when allowed
 */
export function applyActual(p: Compiled, request: Request, response: Response): Response | Promise<Response> {
  if (isUpgrade(response)) return response;
  const origin = request.headers.get(ORIGIN);
  if (origin === null) return write(response, p, p.wildcard && p.alwaysSend ? '*' : null);
  if (p.wildcard) return write(response, p, '*');
  const match = p.origins.match(origin, request);
  if (match === true) return write(response, p, origin);
  if (match === false) {
    report(p, request, 'origin', origin);
    return write(response, p, null);
  }
  return match.then((ok) => {
    if (!ok) report(p, request, 'origin', origin);
    return write(response, p, ok ? origin : null);
  });
}
