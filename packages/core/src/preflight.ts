/**
 * Preflights (Fetch "CORS-preflight fetch"): an OPTIONS request with Origin and
 * Access-Control-Request-Method. Checks run in the order origin, method, headers, private
 * network; the first failure is the reason given to `onReject`.
 */
import type { Compiled } from './config.js';
import { checkRequestHeaders } from './headers.js';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACMA, ACRH, ACRPN } from './names.js';
import type { RejectReason } from './options.js';
import { report } from './reject.js';

/** The outcome of a preflight: the headers to answer with. */
export interface PreflightAnswer {
  readonly allowed: boolean;
  /** Lower-case names; `vary` included when the policy sends it. */
  readonly headers: Record<string, string>;
}

function refusal(p: Compiled, request: Request, reason: RejectReason, value: string, safe: Record<string, string>): PreflightAnswer {
  report(p, request, reason, value);
  // Debug answers keep what the policy would send anyway, so the browser names the failed check.
  const headers: Record<string, string> = p.debug ? safe : {};
  if (p.varyPreflight !== null) headers.vary = p.varyPreflight;
  return { allowed: false, headers };
}

/** Whether the ","-joined list `names` holds the name `*`. */
function hasStar(names: string): boolean {
  return names === '*' || names.startsWith('*,') || names.endsWith(',*') || names.includes(',*,');
}

function afterOrigin(p: Compiled, request: Request, allowOrigin: string, method: string): PreflightAnswer {
  const h: Record<string, string> = { [ACAO]: allowOrigin };
  if (p.credentials) h[ACAC] = 'true';
  // Fetch: `*` is no wildcard for a credentialed request, so echo the method then.
  const allowMethods = p.methods.any && p.credentials ? method : p.methods.header;
  if (allowMethods !== '') h[ACAM] = allowMethods;
  // A method or header literally named `*` would put `*` next to Allow-Credentials.
  if (!p.methods.allows(method) || (p.credentials && method === '*')) return refusal(p, request, 'method', method, h);
  const check = checkRequestHeaders(request.headers.get(ACRH), p.headers);
  if (check.refused !== null) {
    if (p.headers.header !== null) h[ACAH] = p.headers.header;
    return refusal(p, request, 'header', check.refused, h);
  }
  // With '*' the names asked for are echoed: a literal `*` would not cover Authorization.
  const allowHeaders = p.headers.any ? check.echo : p.headers.header;
  if (p.credentials && p.headers.any && hasStar(check.echo)) return refusal(p, request, 'header', '*', h);
  if (allowHeaders) h[ACAH] = allowHeaders;
  const privateNetwork = request.headers.get(ACRPN) === 'true';
  if (privateNetwork && !p.privateNetwork) return refusal(p, request, 'private-network', 'true', h);
  if (privateNetwork) h[ACAPN] = 'true';
  if (p.maxAge !== null) h[ACMA] = p.maxAge;
  if (p.varyPreflight !== null) h.vary = p.varyPreflight;
  return { allowed: true, headers: h };
}

/**
 * Decides a preflight for `origin` asking for `method`.
 *
 * @example
 * decidePreflight(policy, request, 'https://app.example.com', 'PUT'); // { allowed: true, headers: {...} }
 */
export function decidePreflight(p: Compiled, request: Request, origin: string, method: string): PreflightAnswer | Promise<PreflightAnswer> {
  if (p.wildcard) return afterOrigin(p, request, '*', method);
  const match = p.origins.match(origin, request);
  if (match === true) return afterOrigin(p, request, origin, method);
  if (match === false) return refusal(p, request, 'origin', origin, {});
  return match.then((ok) => (ok ? afterOrigin(p, request, origin, method) : refusal(p, request, 'origin', origin, {})));
}

/** The library's own answer to a preflight. */
export function preflightResponse(p: Compiled, answer: PreflightAnswer): Response {
  // Setting each header on an empty Response is cheaper in Node and Bun than a headers init.
  const response = new Response(null, { status: answer.allowed || p.debug ? p.preflightStatus : 403 });
  const headers = response.headers;
  const values = answer.headers;
  for (const name in values) headers.set(name, values[name] as string);
  return response;
}
