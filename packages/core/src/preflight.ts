/**
 * Preflights (Fetch "CORS-preflight fetch"): an OPTIONS request with Origin and
 * Access-Control-Request-Method. Checks run in the order origin, method, headers, private
 * network; the first failure is the reason given to `onReject`.
 *
 * The headers that do not depend on the request are put on two template responses when the
 * policy is compiled; an answer is a clone of one with at most four headers set on it, which
 * costs less than building the response header by header.
 */
import type { Compiled } from './compiled.js';
import { checkRequestHeaders } from './headers.js';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACMA, ACRH, ACRPN } from './names.js';
import type { RejectReason } from './options.js';
import { report } from './reject.js';

/** The request-independent part of every preflight answer: cloned, never handed out. */
export interface PreflightTemplates {
  readonly allowed: Response;
  readonly refused: Response;
}

/** Fetch: `*` is no wildcard for a credentialed request, so `methods: '*'` echoes the method then. */
function echoesMethod(p: Pick<Compiled, 'methods' | 'credentials'>): boolean {
  return p.methods.any && p.credentials;
}

/** What of the policy the templates are made from. */
type TemplateParts = Pick<Compiled, 'wildcard' | 'credentials' | 'methods' | 'headers' | 'maxAge' | 'varyPreflight' | 'preflightStatus'>;

/**
 * Builds the template answers of a policy, once, when it is compiled.
 *
 * @example
 * preflightTemplates(parts).allowed.clone(); // 204 with Allow-Methods, Max-Age, Vary
 */
export function preflightTemplates(p: TemplateParts): PreflightTemplates {
  const allowed = new Response(null, { status: p.preflightStatus });
  const h = allowed.headers;
  if (p.wildcard) h.set(ACAO, '*');
  if (p.credentials) h.set(ACAC, 'true');
  if (!echoesMethod(p) && p.methods.header !== '') h.set(ACAM, p.methods.header);
  if (!p.headers.any && p.headers.header !== null) h.set(ACAH, p.headers.header);
  if (p.maxAge !== null) h.set(ACMA, p.maxAge);
  if (p.varyPreflight !== null) h.set('vary', p.varyPreflight);
  const refused = new Response(null, { status: 403 });
  if (p.varyPreflight !== null) refused.headers.set('vary', p.varyPreflight);
  return Object.freeze({ allowed, refused });
}

/**
 * A refused preflight: `403` with only `Vary`; with `debug`, the success status and the
 * headers the policy would send anyway up to the failed check, so the browser names it.
 */
function refusal(
  p: Compiled,
  request: Request,
  reason: RejectReason,
  value: string,
  allowOrigin: string | null,
  allowMethods = '',
  allowHeaders: string | null = null,
): Response {
  report(p, request, reason, value);
  if (!p.debug) return p.templates.refused.clone();
  const response = new Response(null, { status: p.preflightStatus });
  const h = response.headers;
  if (allowOrigin !== null) {
    h.set(ACAO, allowOrigin);
    if (p.credentials) h.set(ACAC, 'true');
    // Fetch "CORS-preflight fetch": with credentials `*` is a name, not a wildcard; never send it there.
    if (allowMethods !== '' && !(p.credentials && listHasStar(allowMethods))) h.set(ACAM, allowMethods);
    if (allowHeaders && !(p.credentials && listHasStar(allowHeaders))) h.set(ACAH, allowHeaders);
  }
  if (p.varyPreflight !== null) h.set('vary', p.varyPreflight);
  return response;
}

/** Whether the comma-separated list `names` holds the entry `*` (spaces around entries allowed); one pass. */
export function listHasStar(names: string): boolean {
  const n = names.length;
  let i = 0;
  while (i < n) {
    while (i < n && (names.charCodeAt(i) === 32 || names.charCodeAt(i) === 9)) i++;
    const start = i;
    while (i < n && names.charCodeAt(i) !== 44) i++;
    let end = i;
    while (end > start && (names.charCodeAt(end - 1) === 32 || names.charCodeAt(end - 1) === 9)) end--;
    if (end - start === 1 && names.charCodeAt(start) === 42) return true;
    i++;
  }
  return false;
}

function afterOrigin(p: Compiled, request: Request, allowOrigin: string, method: string): Response {
  const echoMethod = echoesMethod(p);
  const allowMethods = echoMethod ? method : p.methods.header;
  // A method or header literally named `*` would put `*` next to Allow-Credentials.
  if (!p.methods.allows(method) || (p.credentials && method === '*')) {
    return refusal(p, request, 'method', method, allowOrigin, allowMethods);
  }
  const check = checkRequestHeaders(request.headers.get(ACRH), p.headers);
  if (check.refused !== null) return refusal(p, request, 'header', check.refused, allowOrigin, allowMethods, p.headers.header);
  // With '*' the names asked for are echoed: a literal `*` would not cover Authorization.
  if (p.credentials && p.headers.any && listHasStar(check.echo)) return refusal(p, request, 'header', '*', allowOrigin, allowMethods);
  const allowHeaders = p.headers.any ? check.echo : p.headers.header;
  const privateNetwork = request.headers.get(ACRPN) === 'true';
  if (privateNetwork && !p.privateNetwork) {
    return refusal(p, request, 'private-network', 'true', allowOrigin, allowMethods, allowHeaders);
  }
  const response = p.templates.allowed.clone();
  const h = response.headers;
  if (!p.wildcard) h.set(ACAO, allowOrigin);
  if (echoMethod && method !== '') h.set(ACAM, method);
  if (p.headers.any && check.echo !== '') h.set(ACAH, check.echo);
  if (privateNetwork) h.set(ACAPN, 'true');
  return response;
}

/**
 * The policy's answer to a preflight from `origin` asking for `method`.
 *
 * @example
 * answerPreflight(policy, request, 'https://app.example.com', 'PUT'); // 204 with the CORS headers
 */
export function answerPreflight(p: Compiled, request: Request, origin: string, method: string): Response | Promise<Response> {
  if (p.wildcard) return afterOrigin(p, request, '*', method);
  const match = p.origins.match(origin, request);
  if (match === true) return afterOrigin(p, request, origin, method);
  if (match === false) return refusal(p, request, 'origin', origin, null);
  return match.then((ok) => (ok ? afterOrigin(p, request, origin, method) : refusal(p, request, 'origin', origin, null)));
}
