/**
 * Actual responses (Fetch "CORS check"): Allow-Origin, Allow-Credentials and Expose-Headers
 * when the origin is allowed, none of them when it is not, and `Vary` when the answer
 * depends on the Origin. A refused origin or a request without Origin creates no object of
 * the library's own; the `Headers` calls themselves allocate in Node and Deno (see
 * docs/decisions/0004).
 */
import type { Compiled } from './config.js';
import { isUpgrade, mutate } from './mutate.js';
import { ACAC, ACAO, ACEH, ORIGIN } from './names.js';
import { report } from './reject.js';
import { mergeVary } from './vary.js';

const PREFIX = 'access-control-';

/**
 * Removes every `Access-Control-*` header the handler (or an upstream, or an inner wrapper) set:
 * the policy owns them all, known names or not (`Max-Age`, `Allow-Private-Network`, …). One
 * pass over the names replaces the fixed deletes; an array is made only when there is
 * something to remove (see docs/decisions/0004).
 */
function stripForeign(h: Headers): void {
  let found: string[] | null = null;
  for (const name of h.keys()) {
    if (name.length > PREFIX.length && name.charCodeAt(0) === 97 && name.startsWith(PREFIX)) (found ??= []).push(name);
  }
  if (found !== null) for (const name of found) h.delete(name);
}

/** The policy owns these: a handler's copies are replaced, or removed when not sent. */
function writeActual(h: Headers, p: Compiled, allowOrigin: string | null): void {
  stripForeign(h);
  if (allowOrigin !== null) {
    h.set(ACAO, allowOrigin);
    if (p.credentials) h.set(ACAC, 'true');
    if (p.expose !== null) h.set(ACEH, p.expose);
  }
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
