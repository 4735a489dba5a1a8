/** `checkCors`: play the browser's part of CORS against any fetch function. */
import { isForbiddenMethod, isForbiddenRequestHeader, isSafelistedMethod, isToken, normalizeMethod, parseTokenList, unsafeHeaderNames } from './safelist.js';
import {
  CheckInputError,
  type CheckName,
  type CheckRequest,
  type CheckResult,
  type CheckWarning,
  type Exchange,
  type FetchFunction,
  type PreflightReason,
  type Stage,
} from './types.js';

/** Browsers give up after 20 redirects (Fetch §4.4 HTTP-redirect fetch step 8). */
const MAX_REDIRECTS = 20;
/** Chromium's cap on Access-Control-Max-Age, in seconds. */
const CHROMIUM_MAX_AGE = 7200;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Request-body headers dropped when a redirect turns the request into a GET (Fetch §4.4 step 12). */
const BODY_HEADERS = new Set(['content-encoding', 'content-language', 'content-location', 'content-type']);

interface Failure {
  check: CheckName;
  explanation: string;
  fix: string;
}

/** The origin as a browser serializes it (`https://app.example.com`, default port dropped), or `null`. */
function parseOrigin(origin: string): string {
  if (origin === 'null') return 'null';
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const onlyOrigin =
    url !== undefined &&
    url.origin !== 'null' &&
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '' &&
    !/[/?#]./.test(origin.slice(url.protocol.length + 2));
  if (!onlyOrigin) {
    throw new CheckInputError(`origin ${JSON.stringify(origin)} is not a serialized origin such as https://app.example.com (scheme, host and port only)`);
  }
  return url!.origin;
}

function headerPairs(headers: CheckRequest['headers']): Array<[string, string]> {
  if (headers === undefined) return [];
  const pairs: Array<[string, string]> = Array.isArray(headers)
    ? (headers as ReadonlyArray<readonly [string, string]>).map(([n, v]) => [n, v])
    : Object.entries(headers as Record<string, string>);
  return pairs.map(([name, value]) => {
    if (!isToken(name)) throw new CheckInputError(`header name ${JSON.stringify(name)} is not an HTTP token`);
    // Headers normalise a value by stripping leading and trailing HTTP whitespace (Fetch §2.2 "normalize").
    const normalized = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (/[\0\r\n]/.test(normalized)) throw new CheckInputError(`header ${name} has a NUL, CR or LF in its value`);
    return [name, normalized];
  });
}

/** The CORS-relevant headers of a response: access-control-*, vary, location. */
function corsHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('access-control-') || name === 'vary' || name === 'location') out[name] = value;
  });
  return out;
}

function varyHasOrigin(vary: string | null): boolean {
  if (vary === null) return false;
  return vary.split(',').some((v) => {
    const item = v.trim().toLowerCase();
    return item === 'origin' || item === '*';
  });
}

/** Whether a response carries any Access-Control-* header. */
function hasCorsHeader(headers: Headers): boolean {
  for (const name of headers.keys()) if (name.startsWith('access-control-')) return true;
  return false;
}

/** `a`, `a or b`, `a, b or c`. */
function listed(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** Fetch §3.2.3 CORS check: the failing check, or null on success. */
function corsCheck(headers: Headers, origin: string, credentials: boolean, stage: Stage): Failure | null {
  const where = stage === 'preflight' ? 'the preflight response' : 'the response';
  const allowOrigin = headers.get('access-control-allow-origin');
  if (allowOrigin === null) {
    return {
      check: 'allow-origin-missing',
      explanation: `No Access-Control-Allow-Origin header is present on ${where}.`,
      fix: `Send Access-Control-Allow-Origin: ${origin} on ${where} (the server's CORS policy must list ${origin}${stage === 'preflight' ? ' and answer OPTIONS before routing or auth' : ', and error responses need it too'}).`,
    };
  }
  if (allowOrigin.includes(',')) {
    return {
      check: 'allow-origin-multiple',
      explanation: `Access-Control-Allow-Origin on ${where} has more than one value (${allowOrigin}); only one is allowed.`,
      fix: `Send exactly one Access-Control-Allow-Origin value, the request's Origin (${origin}), once: a list or a second header added by a proxy or another middleware is refused.`,
    };
  }
  if (allowOrigin === '*' && !credentials) return null;
  if (allowOrigin === '*') {
    return {
      check: 'wildcard-with-credentials',
      explanation: `Access-Control-Allow-Origin on ${where} is * but the request includes credentials, and * cannot be used with credentials.`,
      fix: `Echo the Origin (Access-Control-Allow-Origin: ${origin}) with Access-Control-Allow-Credentials: true and Vary: Origin instead of *.`,
    };
  }
  if (allowOrigin !== origin) {
    return {
      check: 'allow-origin-mismatch',
      explanation: `Access-Control-Allow-Origin on ${where} is ${allowOrigin}, which is not the request's origin ${origin}.`,
      fix:
        origin === 'null'
          ? `The request's Origin is null (a sandboxed page, a file: URL, or a redirect across origins); answer it with Access-Control-Allow-Origin: * or, if you trust it, null.`
          : `Send Access-Control-Allow-Origin: ${origin} exactly as the browser sent it in Origin (scheme, host and port, no trailing slash), not ${allowOrigin}.`,
    };
  }
  if (!credentials) return null;
  const allowCredentials = headers.get('access-control-allow-credentials');
  if (allowCredentials !== 'true') {
    return {
      check: 'allow-credentials-missing',
      explanation:
        allowCredentials === null
          ? `The request includes credentials but ${where} has no Access-Control-Allow-Credentials header.`
          : `The request includes credentials but Access-Control-Allow-Credentials on ${where} is ${allowCredentials}, not true.`,
      fix: `Send Access-Control-Allow-Credentials: true on ${where} (turn on credentials in the CORS policy), or make the request without credentials.`,
    };
  }
  return null;
}

function preflightReason(method: string, unsafe: Map<string, string>): PreflightReason | null {
  const methodReason = isSafelistedMethod(method) ? null : method;
  if (methodReason === null && unsafe.size === 0) return null;
  const parts: string[] = [];
  if (methodReason !== null) parts.push(`${method} is not GET, HEAD or POST`);
  for (const [name, why] of unsafe) parts.push(`${name}: ${why}`);
  return { method: methodReason, headers: [...unsafe.keys()], explanation: `${parts.join('; ')}.` };
}

/**
 * Decide, as a browser does, whether a page on `request.origin` may read the response to
 * `fetch(request.url, { method, headers, credentials })`. Sends the preflight when the Fetch
 * standard needs one, applies the CORS check and the preflight checks, then sends the actual
 * request and follows redirects hop by hop, checking each one. It has no network of its own:
 * every request goes through `fetchFn`, built with `redirect: 'manual'`.
 *
 * Throws {@link CheckInputError} for a request no page could make, and rethrows what
 * `fetchFn` throws (a refused connection, for instance).
 *
 * @example
 * import { checkCors } from '@fetch-cors/cli/check';
 * const result = await checkCors(
 *   { url: 'http://api.test/items', origin: 'https://app.example.com', method: 'PUT' },
 *   (request) => app.fetch(request),
 * );
 * result.verdict; // 'allowed' or 'blocked'
 * result.fix;     // what to change on the server when blocked
 */
export async function checkCors(request: CheckRequest, fetchFn: FetchFunction): Promise<CheckResult> {
  const origin = parseOrigin(request.origin);
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    throw new CheckInputError(`${JSON.stringify(request.url)} is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CheckInputError(`${request.url} is not an http: or https: URL`);
  url.hash = '';
  const rawMethod = request.method ?? 'GET';
  if (!isToken(rawMethod)) throw new CheckInputError(`method ${JSON.stringify(rawMethod)} is not an HTTP token`);
  if (isForbiddenMethod(rawMethod)) throw new CheckInputError(`browsers refuse to send ${rawMethod.toUpperCase()} from a page`);
  let method = normalizeMethod(rawMethod);
  const credentials = request.credentials === true;
  const warnings: CheckWarning[] = [];
  const warn = (warning: CheckWarning) => {
    if (!warnings.some((w) => w.code === warning.code && w.message === warning.message)) warnings.push(warning);
  };

  let headers = headerPairs(request.headers).filter(([name, value]) => {
    if (!isForbiddenRequestHeader(name, value)) return true;
    warn({ code: 'forbidden-header', message: `${name} is a forbidden request header: a page cannot set it, so it was left out as a browser does.` });
    return false;
  });
  let body = request.body;
  if (body !== undefined && (method === 'GET' || method === 'HEAD')) throw new CheckInputError(`a ${method} request cannot have a body`);

  const exchanges: Exchange[] = [];
  let cors = url.origin !== origin; // response tainting "cors" once a hop is cross-origin
  let tainted = false;
  let preflightNeeded = false;
  let reason: PreflightReason | null = null;
  const preflighted = new Set<string>();

  if (!cors) {
    warn({ code: 'same-origin', message: `${url.href} has the page's origin ${origin}: no CORS check applies unless a redirect leaves it.` });
  }

  const blocked = (stage: Stage, failure: Failure): CheckResult => ({
    verdict: 'blocked',
    check: failure.check,
    stage,
    preflight: preflightNeeded,
    preflightReason: reason,
    explanation: failure.explanation,
    fix: failure.fix,
    exchanges,
    warnings,
    status: null,
  });

  for (let hop = 0; ; hop += 1) {
    const requestOrigin = tainted ? 'null' : origin;
    // Fetch §4.1 main fetch: a cross-origin hop in "cors" mode makes a preflight when the method or a header needs one.
    const unsafe = unsafeHeaderNames(headers);
    const hopReason = cors ? preflightReason(method, unsafe) : null;
    if (hopReason !== null && reason === null) {
      preflightNeeded = true;
      reason = hopReason;
    }
    if (hopReason !== null && !preflighted.has(`${requestOrigin} ${url.href}`)) {
      preflighted.add(`${requestOrigin} ${url.href}`);
      const failure = await preflight(url, requestOrigin, method, headers, unsafe, credentials, fetchFn, exchanges, warn);
      if (failure !== null) return blocked('preflight', failure);
    }

    // The actual request (or the next redirect hop).
    const sent = new Headers();
    for (const [name, value] of headers) sent.append(name, value);
    if (cors || (method !== 'GET' && method !== 'HEAD')) sent.set('origin', requestOrigin);
    const init: RequestInit = { method, headers: sent, redirect: 'manual' };
    if (body !== undefined) init.body = body;
    const response = await fetchFn(new Request(url.href, init));
    // Read the headers before the body: some Response polyfills (@hono/node-server's) rebuild
    // the object when its body is touched and drop headers set after it was made.
    const answerHeaders = new Headers(response.headers);
    const exchange: Exchange = {
      stage: 'actual',
      request: { method, url: url.href, headers: Object.fromEntries(sent) },
      response: { status: response.status, headers: corsHeaders(answerHeaders) },
    };
    exchanges.push(exchange);
    await response.body?.cancel().catch(() => undefined);

    if (cors) {
      // Fetch §4.3 HTTP fetch: the CORS check applies to every response, redirects included.
      const failure = corsCheck(answerHeaders, requestOrigin, credentials, 'actual');
      if (failure !== null) {
        if (tainted && origin !== 'null') {
          failure.explanation += ` After the redirect across origins the browser sent Origin: null, not ${origin}.`;
          failure.fix = `Have the page call ${url.href} directly, or answer Origin: null on it with Access-Control-Allow-Origin: * (without credentials): after a redirect across origins the browser no longer sends ${origin}.`;
        } else if (REDIRECT_STATUSES.has(response.status) && failure.check === 'allow-origin-missing') {
          failure.explanation = `The ${response.status} redirect to ${answerHeaders.get('location') ?? '(no Location)'} has no Access-Control-Allow-Origin header; browsers check every hop.`;
          failure.fix = `Send the CORS headers on the redirect response too (Access-Control-Allow-Origin: ${requestOrigin}), or have the page call the final URL directly.`;
        }
        return blocked('actual', failure);
      }
      const allowOrigin = answerHeaders.get('access-control-allow-origin');
      if (allowOrigin !== null && allowOrigin !== '*' && !varyHasOrigin(answerHeaders.get('vary'))) {
        warn({
          code: 'vary-origin-missing',
          message: `${url.href} echoes the Origin in Access-Control-Allow-Origin without Vary: Origin, so a shared cache can serve this answer to another origin (cache poisoning, or pages blocked at random).`,
        });
      }
    }

    const location = answerHeaders.get('location');
    if (!REDIRECT_STATUSES.has(response.status) || location === null) {
      return {
        verdict: 'allowed',
        check: null,
        stage: null,
        preflight: preflightNeeded,
        preflightReason: reason,
        explanation: cors
          ? `The ${preflightNeeded ? 'preflight and the ' : ''}response${preflightNeeded ? '' : ''} passed the CORS check: a page on ${origin} can read the ${response.status} response.`
          : `Same-origin request: a page on ${origin} can read the ${response.status} response without CORS.`,
        fix: null,
        exchanges,
        warnings,
        status: response.status,
      };
    }

    // Fetch §4.4 HTTP-redirect fetch.
    if (hop + 1 > MAX_REDIRECTS) {
      throw new CheckInputError(`more than ${MAX_REDIRECTS} redirects: browsers give up with a network error`);
    }
    const next = new URL(location, url);
    next.hash = '';
    if (next.protocol !== 'http:' && next.protocol !== 'https:') {
      throw new CheckInputError(`the redirect goes to ${next.href}, not an http: or https: URL: browsers refuse it`);
    }
    if (cors && (next.username !== '' || next.password !== '')) {
      throw new CheckInputError(`the redirect goes to a URL with credentials in it (${next.href}): browsers refuse it`);
    }
    if (response.status === 303 ? method !== 'GET' && method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = headers.filter(([name]) => !BODY_HEADERS.has(name.toLowerCase()));
    }
    if (next.origin !== url.origin) {
      // Step 13: a redirect to another origin drops Authorization.
      if (headers.some(([name]) => name.toLowerCase() === 'authorization')) {
        warn({ code: 'authorization-dropped', message: `The redirect to ${next.origin} is cross-origin, so the browser drops the Authorization header.` });
        headers = headers.filter(([name]) => name.toLowerCase() !== 'authorization');
      }
      // Step 14: a second change of origin (or a return) serializes the request's origin as null.
      if (url.origin !== origin) tainted = true;
    }
    if (next.origin !== origin) cors = true;
    url = next;
  }
}

/** Fetch §4.8 CORS-preflight fetch: send it, record it, and return the failure or null. */
async function preflight(
  url: URL,
  origin: string,
  method: string,
  headers: ReadonlyArray<readonly [string, string]>,
  unsafe: Map<string, string>,
  credentials: boolean,
  fetchFn: FetchFunction,
  exchanges: Exchange[],
  warn: (w: CheckWarning) => void,
): Promise<Failure | null> {
  const sent = new Headers({ accept: '*/*', origin, 'access-control-request-method': method });
  if (unsafe.size > 0) sent.set('access-control-request-headers', [...unsafe.keys()].join(','));
  const response = await fetchFn(new Request(url.href, { method: 'OPTIONS', headers: sent, redirect: 'manual' }));
  const h = new Headers(response.headers); // before the body: see the actual request above
  exchanges.push({
    stage: 'preflight',
    request: { method: 'OPTIONS', url: url.href, headers: Object.fromEntries(sent) },
    response: { status: response.status, headers: corsHeaders(h) },
  });
  await response.body?.cancel().catch(() => undefined);

  if (response.status >= 300 && response.status < 400) {
    return {
      check: 'preflight-redirect',
      explanation: `The preflight (OPTIONS ${url.pathname}) was answered with a ${response.status} redirect${h.get('location') ? ` to ${h.get('location')}` : ''}; a preflight may not redirect.`,
      fix: `Answer OPTIONS ${url.pathname} directly with a 2xx and the CORS headers: no redirect (trailing slash, http to https, login) before the CORS policy runs, or have the page call the final URL.`,
    };
  }
  const failure = corsCheck(h, origin, credentials, 'preflight');
  if (failure !== null && failure.check === 'allow-origin-missing' && (response.status < 200 || response.status > 299) && !hasCorsHeader(h)) {
    // A refusal, not a missing entry: the origin may be listed and the method or a header refused.
    const asked = [`the origin ${origin}`, `the method ${method}`];
    if (unsafe.size > 0) asked.push(`a requested header (${[...unsafe.keys()].join(', ')})`);
    return {
      check: 'allow-origin-missing',
      explanation: `The server refused the preflight (OPTIONS ${url.pathname} was answered ${response.status} with no Access-Control-* header), so the browser found no Access-Control-Allow-Origin. What it refused may be ${listed(asked)}.`,
      fix: `Find which one the server refused: turn on its CORS debug mode (debug: true in fetch-cors, which names the failed check) or read its logs (fetch-cors: onReject), then allow that origin, method or header in its CORS policy; if the ${response.status} comes from routing or auth, let the CORS policy answer OPTIONS before them.`,
    };
  }
  if (failure !== null) return failure;
  if (response.status < 200 || response.status > 299) {
    return {
      check: 'preflight-status',
      explanation: `The preflight (OPTIONS ${url.pathname}) was answered with ${response.status}, not a 2xx status.`,
      fix: `Answer OPTIONS ${url.pathname} with 204 (or another 2xx) before routing, auth or validation run: preflights carry no cookies or Authorization.`,
    };
  }

  const allowMethodsRaw = h.get('access-control-allow-methods');
  const allowHeadersRaw = h.get('access-control-allow-headers');
  const methods = allowMethodsRaw === null ? [] : parseTokenList(allowMethodsRaw);
  if (methods === null) {
    return {
      check: 'method-not-allowed',
      explanation: `Access-Control-Allow-Methods on the preflight response (${allowMethodsRaw}) is not a list of method names.`,
      fix: `Send Access-Control-Allow-Methods as comma-separated method names, e.g. ${method}.`,
    };
  }
  const allowed = allowHeadersRaw === null ? [] : parseTokenList(allowHeadersRaw);
  if (allowed === null) {
    return {
      check: 'header-not-allowed',
      explanation: `Access-Control-Allow-Headers on the preflight response (${allowHeadersRaw}) is not a list of header names.`,
      fix: `Send Access-Control-Allow-Headers as comma-separated header names, e.g. ${[...unsafe.keys()].join(', ')}.`,
    };
  }
  // Step 7.5: byte-for-byte method match, or * without credentials.
  if (!isSafelistedMethod(method) && !methods.includes(method) && (credentials || !methods.includes('*'))) {
    const caseTwin = methods.find((m) => m.toLowerCase() === method.toLowerCase());
    return {
      check: 'method-not-allowed',
      explanation:
        caseTwin !== undefined
          ? `Method ${method} is not allowed by Access-Control-Allow-Methods (${allowMethodsRaw}): methods compare byte for byte, and ${caseTwin} is not ${method}.`
          : methods.includes('*')
            ? `Method ${method} is not allowed: Access-Control-Allow-Methods is *, which does not count for a request with credentials.`
            : `Method ${method} is not allowed by Access-Control-Allow-Methods in the preflight response${allowMethodsRaw === null ? ' (the header is missing)' : ` (${allowMethodsRaw})`}.`,
      fix: `Add ${method}, spelled exactly so, to Access-Control-Allow-Methods (the methods option of the CORS policy).`,
    };
  }
  const allowedLower = new Set(allowed.map((n) => n.toLowerCase()));
  const star = allowedLower.has('*');
  const sentNames = new Set(headers.map(([n]) => n.toLowerCase()));
  // Step 7.7: Authorization is never covered by *; browsers do accept it (departure from the standard).
  if (sentNames.has('authorization') && !allowedLower.has('authorization') && star && !credentials) {
    warn({
      code: 'authorization-wildcard',
      message:
        'Authorization is allowed only through Access-Control-Allow-Headers: *, which the Fetch standard does not let cover Authorization; Chromium, Firefox and Safari accept it today, so list authorization explicitly.',
    });
  }
  for (const name of unsafe.keys()) {
    if (allowedLower.has(name)) continue;
    if (star && !credentials) continue;
    return {
      check: 'header-not-allowed',
      explanation: star
        ? `Request header ${name} is not allowed: Access-Control-Allow-Headers is *, which does not count for a request with credentials.`
        : `Request header ${name} is not allowed by Access-Control-Allow-Headers in the preflight response${allowHeadersRaw === null ? ' (the header is missing)' : ` (${allowHeadersRaw})`}.`,
      fix: `Add ${name} to Access-Control-Allow-Headers (the allowHeaders option of the CORS policy).`,
    };
  }
  const maxAge = h.get('access-control-max-age');
  if (maxAge !== null && /^[0-9]+$/.test(maxAge) && Number(maxAge) > CHROMIUM_MAX_AGE) {
    warn({
      code: 'max-age-capped',
      message: `Access-Control-Max-Age is ${maxAge} s; Chromium caches preflights for at most ${CHROMIUM_MAX_AGE} s (Firefox 86400 s).`,
    });
  }
  return null;
}
