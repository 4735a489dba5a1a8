/**
 * Actual responses (Fetch "CORS check"): the headers the policy's rules give an allowed origin
 * (Allow-Origin, Allow-Credentials, Expose-Headers), none when it is refused, and `Vary` when
 * the answer depends on the Origin. A refused origin or a request without Origin creates no
 * object of the library's own; the `Headers` calls themselves allocate in Node and Deno (see
 * docs/decisions/0004).
 */
import type { Compiled } from './compiled.js';
import { isUpgrade, mutate } from './mutate.js';
import { ORIGIN } from './names.js';
import { report } from './reject.js';
import { mergeVary } from './vary.js';

export const PREFIX = 'access-control-';

/**
 * How this host removes the handler's CORS response headers, chosen once (docs/decisions/0007).
 * Deno: a `has` per owned name and a `delete` only for those present, because its header
 * iterator sorts and combines the whole list, which costs more than the look-ups. Elsewhere
 * (Node, Bun, workerd): one walk over the header names, and deletes only when an
 * `access-control-` name is there, since each `has` or `delete` validates its argument
 * (about 140 ns in Node's undici) and iterating is cheap.
 */
const WALK_NAMES = !String((globalThis as { navigator?: { userAgent?: unknown } }).navigator?.userAgent ?? '').startsWith('Deno/');

/**
 * Writes the policy's headers on an actual response: the CORS response headers it owns are
 * replaced or removed (whoever set them: the handler, an upstream, an inner wrapper), the
 * allowed answer's rules are applied, and `Vary` is merged.
 */
function writeActual(h: Headers, p: Compiled, allowOrigin: string | null): void {
  const a = p.answers;
  const strip = allowOrigin === null ? a.stripRefused : a.stripAllowed;
  let hasVary = true;
  if (WALK_NAMES) {
    let owned = false;
    hasVary = false;
    for (const name of h.keys()) {
      if (name.length > PREFIX.length && name.charCodeAt(0) === 97 && name.startsWith(PREFIX)) owned = true;
      else if (name === 'vary') hasVary = true;
    }
    if (owned) for (let i = 0; i < strip.length; i++) h.delete(strip[i] as string);
  } else {
    for (let i = 0; i < strip.length; i++) {
      const name = strip[i] as string;
      if (h.has(name)) h.delete(name);
    }
  }
  if (allowOrigin !== null) {
    const fixed = a.actualFixed;
    for (let i = 0; i < fixed.length; i += 2) h.set(fixed[i] as string, fixed[i + 1] as string);
    const varying = a.actualVarying;
    for (let i = 0; i < varying.length; i++) {
      const rule = varying[i] as (typeof varying)[number];
      const value = rule.value(allowOrigin, '', null, false);
      if (value !== null) h.set(rule.name, value);
    }
  }
  if (p.varyActual === null) return;
  if (hasVary) mergeVary(h, p.varyActual);
  else h.set('vary', p.varyActual);
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
  // Before any read of the request: after `Deno.upgradeWebSocket` its headers are closed.
  if (isUpgrade(response)) return response;
  return answer(p, request, request.headers.get(ORIGIN), response);
}

/**
 * `applyActual` for a request whose `Origin` the caller has read already (an adapter that
 * can read it more cheaply than through `request.headers`).
 *
 * @example
 * applyActualFrom(policy, request, 'https://app.example.com', new Response('hi'));
 */
export function applyActualFrom(p: Compiled, request: Request, origin: string | null, response: Response): Response | Promise<Response> {
  return isUpgrade(response) ? response : answer(p, request, origin, response);
}

function answer(p: Compiled, request: Request, origin: string | null, response: Response): Response | Promise<Response> {
  const allow = allowOrigin(p, request, origin);
  return typeof allow === 'object' && allow !== null ? allow.then((a) => write(response, p, a)) : write(response, p, allow);
}

/**
 * The answer's `Access-Control-Allow-Origin` for `origin` (`null`: refused, or no Origin
 * outside the wildcard policy); a refusal is reported.
 */
export function allowOrigin(p: Compiled, request: Request, origin: string | null): string | null | Promise<string | null> {
  if (origin === null) return p.wildcard && p.alwaysSend ? '*' : null;
  if (p.wildcard) return '*';
  const match = p.origins.match(origin, request);
  if (match === true) return origin;
  if (match === false) {
    report(p, request, 'origin', origin);
    return null;
  }
  return match.then((ok) => {
    if (!ok) report(p, request, 'origin', origin);
    return ok ? origin : null;
  });
}
