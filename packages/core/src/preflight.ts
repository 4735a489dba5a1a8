/**
 * Preflights (Fetch "CORS-preflight fetch"): an OPTIONS request with Origin and
 * Access-Control-Request-Method. Checks run in the order origin, method, headers, private
 * network; the first failure is the reason given to `onReject`.
 *
 * The headers come from the policy's response-header rules (answer-headers.ts): those that do
 * not depend on the request are on a template answer built once; an answer is a clone of it
 * with the varying rules' headers set on it, which costs less than building the response
 * header by header (docs/decisions/0004).
 */
import { debugRefusal, listHasStar } from './answer-headers.js';
import { STEP_HEADERS, STEP_METHOD, STEP_PRIVATE_NETWORK, type Compiled } from './compiled.js';
import { checkRequestHeaders } from './headers.js';
import { ACRH, ACRPN } from './names.js';
import type { RejectReason } from './options.js';
import { report } from './reject.js';

/**
 * A refused preflight, reported to `onReject`: `403 Forbidden` with only `Vary`; with `debug`,
 * the answer `debugRefusal` builds from the rules of the checks up to the failed one.
 */
function refusal(
  p: Compiled,
  request: Request,
  reason: RejectReason,
  value: string,
  upTo: number,
  origin: string,
  method: string,
  requestHeaders: string | null,
): Response {
  report(p, request, reason, value);
  if (!p.debug) return p.answers.refused.clone();
  return debugRefusal(p, upTo, origin, method, requestHeaders);
}

function afterOrigin(p: Compiled, request: Request, allowOrigin: string, method: string): Response {
  // A method literally named `*` would put `*` next to Allow-Credentials.
  if (!p.methods.allows(method) || (p.credentials && method === '*')) {
    return refusal(p, request, 'method', method, STEP_METHOD, allowOrigin, method, null);
  }
  const check = checkRequestHeaders(request.headers.get(ACRH), p.headers);
  if (check.refused !== null) return refusal(p, request, 'header', check.refused, STEP_HEADERS, allowOrigin, method, null);
  // With '*' the names asked for are echoed: a literal `*` would not cover Authorization.
  if (p.credentials && p.headers.any && listHasStar(check.echo)) {
    return refusal(p, request, 'header', '*', STEP_HEADERS, allowOrigin, method, null);
  }
  const privateNetwork = request.headers.get(ACRPN) === 'true';
  if (privateNetwork && !p.privateNetwork) {
    return refusal(p, request, 'private-network', 'true', STEP_PRIVATE_NETWORK, allowOrigin, method, check.echo);
  }
  const answers = p.answers;
  const response = answers.preflight.clone();
  const varying = answers.preflightVarying;
  if (varying.length === 0) return response;
  const h = response.headers;
  for (let i = 0; i < varying.length; i++) {
    const rule = varying[i] as (typeof varying)[number];
    const value = rule.value(allowOrigin, method, check.echo, privateNetwork);
    if (value !== null) h.set(rule.name, value);
  }
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
  if (match === false) return refusal(p, request, 'origin', origin, 0, origin, method, null);
  return match.then((ok) => (ok ? afterOrigin(p, request, origin, method) : refusal(p, request, 'origin', origin, 0, origin, method, null)));
}
