/**
 * Source of vectors.json. Every expectation below is written out by hand from docs/behaviour.md
 * and the decisions in docs/decisions/; the helpers only fill in the list of absent headers
 * so that each vector states the complete set of CORS headers it allows.
 *
 * Regenerate with `pnpm --filter @fetch-cors/conformance vectors` (node 24 runs this file as is).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { ConfigIssueCode } from '@fetch-cors/core';
import type { Expectation, Group, HandlerSpec, InvalidGroup, PolicyData, RequestSpec, Vector, VectorFile, EnvPolicy } from '../src/harness.ts';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA, ALLOWED as APP, DEFAULT_METHODS, PARTNER, PREFLIGHT_VARY, VARY } from '../src/test-names.ts';

const CORS_HEADERS = [ACAO, ACAC, ACAM, ACAH, ACEH, ACMA, ACAPN];

const PREFLIGHT_VARY_PN = `${PREFLIGHT_VARY}, Access-Control-Request-Private-Network`;

const ADMIN = 'https://admin.example.com';
const EVIL = 'https://evil.example';

type Hdrs = Record<string, string>;

function get(path: string, origin?: string, extra: Hdrs = {}): RequestSpec {
  return { method: 'GET', path, headers: { ...(origin === undefined ? {} : { Origin: origin }), ...extra } };
}
function req(method: string, path: string, origin?: string, extra: Hdrs = {}): RequestSpec {
  return { method, path, headers: { ...(origin === undefined ? {} : { Origin: origin }), ...extra } };
}
function pre(origin: string, method: string, requestHeaders?: string, extra: Hdrs = {}, path = '/resource'): RequestSpec {
  const headers: Hdrs = { Origin: origin, 'Access-Control-Request-Method': method };
  if (requestHeaders !== undefined) headers['Access-Control-Request-Headers'] = requestHeaders;
  return { method: 'OPTIONS', path, headers: { ...headers, ...extra } };
}

interface ExpectInput {
  status?: number;
  headers?: Hdrs;
  handlerCalled?: boolean;
  body?: string;
  rejected?: string | null;
  errorReported?: boolean;
}
/** Completes an expectation: every CORS header (and Vary) not listed is expected absent. */
function expect(input: ExpectInput): Expectation {
  const headers = input.headers ?? {};
  const listed = new Set(Object.keys(headers));
  const absent = [...CORS_HEADERS, VARY].filter((h) => !listed.has(h));
  const out: Expectation = { status: input.status ?? 200, headers, absent, handlerCalled: input.handlerCalled ?? true };
  if (input.body !== undefined) out.body = input.body;
  if (input.rejected !== undefined) out.rejected = input.rejected;
  if (input.errorReported !== undefined) out.errorReported = input.errorReported;
  return out;
}

/** An actual response from an allowed origin. */
function allowedActual(origin: string, extra: Hdrs = {}, more: Omit<ExpectInput, 'headers'> = {}): Expectation {
  return expect({ ...more, headers: { [ACAO]: origin, [VARY]: 'Origin', ...extra } });
}
/** An actual response from a refused origin: handler ran, no CORS headers, Vary: Origin. */
function refusedActual(more: Omit<ExpectInput, 'headers'> = {}, extra: Hdrs = {}): Expectation {
  return expect({ ...more, headers: { [VARY]: 'Origin', ...extra } });
}
/** The wildcard answer of the default policy: `*`, no Vary. */
function wildcardActual(extra: Hdrs = {}, more: Omit<ExpectInput, 'headers'> = {}): Expectation {
  return expect({ ...more, headers: { [ACAO]: '*', ...extra } });
}
/** A refused preflight (not debug): 403, empty body, only Vary. */
function refusedPreflight(reason?: string, vary = PREFLIGHT_VARY): Expectation {
  return expect({ status: 403, headers: { [VARY]: vary }, handlerCalled: false, body: '', ...(reason ? { rejected: reason } : {}) });
}
function allowedPreflight(headers: Hdrs, status = 204, more: Omit<ExpectInput, 'headers' | 'status'> = {}): Expectation {
  return expect({ status, headers: { [VARY]: PREFLIGHT_VARY, ...headers }, handlerCalled: false, body: '', ...more });
}
/** A request the policy does not touch at all (resources: no matching key). */
function untouched(more: Omit<ExpectInput, 'headers'> = {}, extra: Hdrs = {}): Expectation {
  return expect({ ...more, headers: extra });
}

function v(name: string, policy: PolicyData | EnvPolicy, request: RequestSpec, exp: Expectation, handler?: HandlerSpec): Vector {
  const out: Vector = { name, policy, request, expect: exp };
  if (handler) out.handler = handler;
  return out;
}

const groups: Group[] = [];
function group(rule: string, vectors: Vector[]): void {
  groups.push({ rule, vectors });
}

// ---------------------------------------------------------------------------------------
const WILD = {};
group("origins '*' (default): every origin gets the wildcard answer", [
  v('simple GET with an Origin gets Access-Control-Allow-Origin: *', WILD, get('/hello', APP), wildcardActual({}, { body: 'ok', rejected: null })),
  v('POST with an Origin gets *', WILD, req('POST', '/echo', APP), wildcardActual()),
  v("explicit origins '*' behaves like the default", { origins: '*' }, get('/hello', ADMIN), wildcardActual()),
  v("Origin 'null' is matched by '*'", WILD, get('/hello', 'null'), wildcardActual()),
  v('a localhost origin with a port gets *', WILD, get('/hello', 'http://localhost:5173'), wildcardActual()),
  v('no Origin still gets * (alwaysSend default)', WILD, get('/hello'), wildcardActual({}, { rejected: null })),
  v('the handler status is kept', WILD, get('/missing', APP), wildcardActual({}, { status: 404, body: 'not found' }), { status: 404, body: 'not found' }),
  v(
    'the handler headers and body are kept',
    WILD,
    get('/hello', APP),
    wildcardActual({ 'x-custom': 'yes', 'content-type': 'text/plain' }, { status: 201, body: 'created' }),
    {
      status: 201,
      headers: { 'X-Custom': 'yes', 'Content-Type': 'text/plain' },
      body: 'created',
    },
  ),
  v('no Vary is added because every request gets the same answer', WILD, get('/hello', EVIL), wildcardActual()),
  v('allowed request does not call onReject', WILD, get('/hello', EVIL), wildcardActual({}, { rejected: null })),
]);

group('sendWildcard: false echoes the request Origin', [
  v("'*' with sendWildcard false echoes the origin and varies on it", { sendWildcard: false }, get('/hello', APP), allowedActual(APP)),
  v("'*' with sendWildcard false echoes 'null'", { sendWildcard: false }, get('/hello', 'null'), allowedActual('null')),
  v("'*' with sendWildcard false and no Origin sends no CORS headers, only Vary", { sendWildcard: false }, get('/hello'), refusedActual()),
  v(
    "'*' with sendWildcard false echoes on an allowed preflight",
    { sendWildcard: false },
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS }),
  ),
  v('a listed origin is echoed even with sendWildcard true', { origins: [APP], sendWildcard: true }, get('/hello', APP), allowedActual(APP)),
]);

// ---------------------------------------------------------------------------------------
const EXACT = { origins: APP };
group('origins: an exact origin string', [
  v('the listed origin is echoed with Vary: Origin', EXACT, get('/hello', APP), allowedActual(APP, {}, { rejected: null })),
  v('another origin gets no CORS headers but Vary: Origin', EXACT, get('/hello', EVIL), refusedActual({ rejected: 'origin' })),
  v('suffix trick https://app.example.com.evil.io is refused', EXACT, get('/hello', 'https://app.example.com.evil.io'), refusedActual()),
  v('prefix trick https://xapp.example.com is refused', EXACT, get('/hello', 'https://xapp.example.com'), refusedActual()),
  v('a subdomain of the listed origin is refused', EXACT, get('/hello', 'https://sub.app.example.com'), refusedActual()),
  v('truncated https://app.example.co is refused', EXACT, get('/hello', 'https://app.example.co'), refusedActual()),
  v('the http scheme does not match https', EXACT, get('/hello', 'http://app.example.com'), refusedActual()),
  v('a different port does not match', EXACT, get('/hello', 'https://app.example.com:8443'), refusedActual()),
  v(
    'upper-case scheme and host match and the Origin is echoed as sent',
    EXACT,
    get('/hello', 'HTTPS://APP.EXAMPLE.COM'),
    allowedActual('HTTPS://APP.EXAMPLE.COM'),
  ),
  v('mixed-case host matches', EXACT, get('/hello', 'https://App.Example.Com'), allowedActual('https://App.Example.Com')),
  v("Origin 'null' is refused unless listed", EXACT, get('/hello', 'null'), refusedActual({ rejected: 'origin' })),
  v('userinfo trick https://app.example.com@evil.example is refused', EXACT, get('/hello', 'https://app.example.com@evil.example'), refusedActual()),
  v('two origins in one header are refused', EXACT, get('/hello', `${APP}, ${EVIL}`), refusedActual()),
  v('no Origin: no CORS headers, only Vary, onReject not called', EXACT, get('/hello'), refusedActual({ rejected: null })),
  v('refused origin still gets the handler response and status', EXACT, get('/missing', EVIL), refusedActual({ status: 404, body: 'nope' }), {
    status: 404,
    body: 'nope',
  }),
  v('a POST from the listed origin is allowed', EXACT, req('POST', '/echo', APP), allowedActual(APP)),
  v('a DELETE from a refused origin still runs the handler', EXACT, req('DELETE', '/echo', EVIL), refusedActual({ rejected: 'origin' })),
]);

const LIST = { origins: [APP, ADMIN] };
group('origins: a list of exact origins', [
  v('first listed origin is echoed', LIST, get('/hello', APP), allowedActual(APP)),
  v('second listed origin is echoed', LIST, get('/hello', ADMIN), allowedActual(ADMIN)),
  v('an unlisted origin is refused', LIST, get('/hello', EVIL), refusedActual({ rejected: 'origin' })),
  v('the bare apex of listed subdomains is refused', LIST, get('/hello', 'https://example.com'), refusedActual()),
  v('both listed origins in one header are refused', LIST, get('/hello', `${APP}, ${ADMIN}`), refusedActual()),
  v(
    'an IPv4 origin with a port matches exactly',
    { origins: ['http://127.0.0.1:8080'] },
    get('/hello', 'http://127.0.0.1:8080'),
    allowedActual('http://127.0.0.1:8080'),
  ),
  v('an IPv4 origin with another port is refused', { origins: ['http://127.0.0.1:8080'] }, get('/hello', 'http://127.0.0.1:8081'), refusedActual()),
  v('another IPv4 address is refused', { origins: ['http://127.0.0.1:8080'] }, get('/hello', 'http://127.0.0.2:8080'), refusedActual()),
  v('an IPv6 literal origin matches', { origins: ['http://[::1]:3000'] }, get('/hello', 'http://[::1]:3000'), allowedActual('http://[::1]:3000')),
  v(
    'a punycode origin matches',
    { origins: ['https://xn--bcher-kva.example'] },
    get('/hello', 'https://xn--bcher-kva.example'),
    allowedActual('https://xn--bcher-kva.example'),
  ),
  v(
    'a configured default https port (:443) is normalised',
    { origins: ['https://secure.example:443'] },
    get('/hello', 'https://secure.example'),
    allowedActual('https://secure.example'),
  ),
  v(
    'a configured default http port (:80) is normalised',
    { origins: ['http://plain.example:80'] },
    get('/hello', 'http://plain.example'),
    allowedActual('http://plain.example'),
  ),
  v(
    'a configured non-default port does not match the default port',
    { origins: ['https://alt.example:8443'] },
    get('/hello', 'https://alt.example'),
    refusedActual(),
  ),
  v(
    'a configured non-default port matches that port',
    { origins: ['https://alt.example:8443'] },
    get('/hello', 'https://alt.example:8443'),
    allowedActual('https://alt.example:8443'),
  ),
  v(
    'an upper-case configured origin matches the browser lower-case form',
    { origins: ['HTTPS://UPPER.EXAMPLE'] },
    get('/hello', 'https://upper.example'),
    allowedActual('https://upper.example'),
  ),
  v('a mixed-case configured host matches', { origins: ['https://App.Example.com'] }, get('/hello', APP), allowedActual(APP)),
  v(
    'a requested default port (:443) matches and the Origin is echoed as sent',
    LIST,
    get('/hello', 'https://app.example.com:443'),
    allowedActual('https://app.example.com:443'),
  ),
]);

const SUB = { origins: 'https://*.example.com' };
group('origins: subdomain pattern https://*.example.com', [
  v('one subdomain label matches', SUB, get('/hello', 'https://app.example.com'), allowedActual('https://app.example.com')),
  v('several subdomain labels match', SUB, get('/hello', 'https://a.b.example.com'), allowedActual('https://a.b.example.com')),
  v('the bare apex never matches', SUB, get('/hello', 'https://example.com'), refusedActual({ rejected: 'origin' })),
  v('https://evilexample.com does not match (label boundary)', SUB, get('/hello', 'https://evilexample.com'), refusedActual()),
  v('https://app-example.com does not match', SUB, get('/hello', 'https://app-example.com'), refusedActual()),
  v('https://example.com.evil.io does not match (suffix trick)', SUB, get('/hello', 'https://example.com.evil.io'), refusedActual()),
  v('https://app.example.com.evil.io does not match', SUB, get('/hello', 'https://app.example.com.evil.io'), refusedActual()),
  v('the http scheme does not match', SUB, get('/hello', 'http://app.example.com'), refusedActual()),
  v('a non-default port does not match a pattern without port', SUB, get('/hello', 'https://app.example.com:8443'), refusedActual()),
  v('an empty subdomain label does not match', SUB, get('/hello', 'https://.example.com'), refusedActual()),
  v('a trailing dot is not a valid origin', SUB, get('/hello', 'https://app.example.com.'), refusedActual()),
  v('upper case matches and is echoed as sent', SUB, get('/hello', 'HTTPS://APP.EXAMPLE.COM'), allowedActual('HTTPS://APP.EXAMPLE.COM')),
  v("'null' does not match a pattern", SUB, get('/hello', 'null'), refusedActual()),
  v(
    'a preflight from a subdomain is allowed',
    SUB,
    pre('https://app.example.com', 'PUT'),
    allowedPreflight({ [ACAO]: 'https://app.example.com', [ACAM]: DEFAULT_METHODS }),
  ),
  v('a preflight from the apex is refused', SUB, pre('https://example.com', 'PUT'), refusedPreflight('origin')),
  v(
    'a pattern inside a list matches',
    { origins: [APP, 'https://*.example.org'] },
    get('/hello', 'https://x.example.org'),
    allowedActual('https://x.example.org'),
  ),
  v(
    'a pattern inside a list does not widen the exact entry',
    { origins: [APP, 'https://*.example.org'] },
    get('/hello', 'https://x.app.example.com'),
    refusedActual(),
  ),
  v(
    'a pattern with a port matches that port',
    { origins: 'https://*.example.com:8443' },
    get('/hello', 'https://a.example.com:8443'),
    allowedActual('https://a.example.com:8443'),
  ),
  v(
    'a pattern with a port does not match the default port',
    { origins: 'https://*.example.com:8443' },
    get('/hello', 'https://a.example.com'),
    refusedActual(),
  ),
  v('a pattern with a bad request port is refused', SUB, get('/hello', 'https://a.example.com:99999'), refusedActual()),
  v('a double dot is refused', SUB, get('/hello', 'https://a..example.com'), refusedActual()),
  v(
    'a mixed-case configured pattern matches any case',
    { origins: 'https://*.Example.com' },
    get('/hello', 'https://A.EXAMPLE.COM'),
    allowedActual('https://A.EXAMPLE.COM'),
  ),
  v('a mixed-case subdomain matches', SUB, get('/hello', 'https://App.example.com'), allowedActual('https://App.example.com')),
  v('a mixed-case scheme matches', SUB, get('/hello', 'HTTPS://app.example.com'), allowedActual('HTTPS://app.example.com')),
  v('an underscore in a subdomain label matches', SUB, get('/hello', 'https://a_b.example.com'), allowedActual('https://a_b.example.com')),
  v('a slash before the suffix is refused', SUB, get('/hello', 'https://a/.example.com'), refusedActual()),
  v('a path inside the host is refused', SUB, get('/hello', 'https://x/y.example.com'), refusedActual()),
  v('a label with a character outside the host alphabet is refused', SUB, get('/hello', 'https://a!.example.com'), refusedActual()),
  v('a port inside the labels is refused', SUB, get('/hello', 'https://a:1.example.com'), refusedActual()),
  v('a space inside a label is refused', SUB, get('/hello', 'https://a b.example.com'), refusedActual()),
  v('userinfo in front of a subdomain is refused', SUB, get('/hello', 'https://user@a.example.com'), refusedActual()),
  v('an Origin over 1024 characters is refused', SUB, get('/hello', `https://${'a.'.repeat(600)}example.com`), refusedActual()),
]);

const LOCAL = { origins: 'http://localhost:*' };
group('origins: port pattern http://localhost:*', [
  v('port 3000 matches', LOCAL, get('/hello', 'http://localhost:3000'), allowedActual('http://localhost:3000')),
  v('port 65535 matches', LOCAL, get('/hello', 'http://localhost:65535'), allowedActual('http://localhost:65535')),
  v('the default port (no port) matches', LOCAL, get('/hello', 'http://localhost'), allowedActual('http://localhost')),
  v('the https scheme does not match', LOCAL, get('/hello', 'https://localhost:3000'), refusedActual()),
  v('http://localhost.evil.io:3000 does not match', LOCAL, get('/hello', 'http://localhost.evil.io:3000'), refusedActual()),
  v('http://evil-localhost:3000 does not match', LOCAL, get('/hello', 'http://evil-localhost:3000'), refusedActual()),
  v('a subdomain of localhost does not match', LOCAL, get('/hello', 'http://sub.localhost:3000'), refusedActual()),
  v('127.0.0.1 is another host', LOCAL, get('/hello', 'http://127.0.0.1:3000'), refusedActual()),
  v('port 0 is not a valid origin', LOCAL, get('/hello', 'http://localhost:0'), refusedActual()),
  v('port 65536 is not a valid origin', LOCAL, get('/hello', 'http://localhost:65536'), refusedActual()),
  v('a non-numeric port is not a valid origin', LOCAL, get('/hello', 'http://localhost:3000abc'), refusedActual()),
  v('upper-case host matches', LOCAL, get('/hello', 'http://LOCALHOST:3000'), allowedActual('http://LOCALHOST:3000')),
  v(
    'a preflight from any port is allowed',
    LOCAL,
    pre('http://localhost:8080', 'DELETE'),
    allowedPreflight({ [ACAO]: 'http://localhost:8080', [ACAM]: DEFAULT_METHODS }),
  ),
]);

const RE = { origins: { regexp: 'https://(app|admin)\\.example\\.com' } };
group('origins: a RegExp must match the whole origin', [
  v('a matching origin is echoed', RE, get('/hello', APP), allowedActual(APP)),
  v('the other alternative matches', RE, get('/hello', ADMIN), allowedActual(ADMIN)),
  v('a suffix after the match is refused (end anchored)', RE, get('/hello', 'https://app.example.com.evil.io'), refusedActual({ rejected: 'origin' })),
  v(
    'a RegExp without scheme does not match a full origin (start anchored)',
    { origins: { regexp: 'app\\.example\\.com' } },
    get('/hello', APP),
    refusedActual(),
  ),
  v(
    'a top-level alternation is anchored as a whole',
    { origins: { regexp: 'https://a\\.example|https://b\\.example' } },
    get('/hello', 'https://a.example.evil.io'),
    refusedActual(),
  ),
  v(
    'the second branch of a top-level alternation matches',
    { origins: { regexp: 'https://a\\.example|https://b\\.example' } },
    get('/hello', 'https://b.example'),
    allowedActual('https://b.example'),
  ),
  v('an explicitly anchored RegExp matches', { origins: { regexp: '^https://app\\.example\\.com$' } }, get('/hello', APP), allowedActual(APP)),
  v("a RegExp is asked about 'null' and may refuse it", RE, get('/hello', 'null'), refusedActual()),
  v("a RegExp is asked about 'null' and may allow it", { origins: { regexp: 'null' } }, get('/hello', 'null'), allowedActual('null')),
  v(
    'the i flag makes the match case-insensitive',
    { origins: { regexp: 'https://app\\.example\\.com', flags: 'i' } },
    get('/hello', 'HTTPS://APP.EXAMPLE.COM'),
    allowedActual('HTTPS://APP.EXAMPLE.COM'),
  ),
  v(
    'an invalid origin with a path is refused even if the RegExp would match',
    { origins: { regexp: 'https://app\\.example\\.com.*' } },
    get('/hello', 'https://app.example.com/path'),
    refusedActual(),
  ),
  v(
    'an invalid port is refused even if the RegExp would match',
    { origins: { regexp: 'https://app\\.example\\.com.*' } },
    get('/hello', 'https://app.example.com:99999'),
    refusedActual(),
  ),
  v(
    'a broad RegExp is the policy author\u2019s choice',
    { origins: { regexp: 'https://app\\.example\\.com.*' } },
    get('/hello', 'https://app.example.com.evil.io'),
    allowedActual('https://app.example.com.evil.io'),
  ),
  v(
    'a RegExp in a list with strings: the RegExp entry matches',
    { origins: [ADMIN, { regexp: 'https://[a-z]+\\.example\\.net' }] },
    get('/hello', 'https://x.example.net'),
    allowedActual('https://x.example.net'),
  ),
  v(
    'a RegExp in a list with strings: the string entry matches',
    { origins: [ADMIN, { regexp: 'https://[a-z]+\\.example\\.net' }] },
    get('/hello', ADMIN),
    allowedActual(ADMIN),
  ),
  v(
    'a RegExp in a list with strings: neither matches',
    { origins: [ADMIN, { regexp: 'https://[a-z]+\\.example\\.net' }] },
    get('/hello', 'https://x.example.org'),
    refusedActual(),
  ),
  v(
    'a preflight from a RegExp-matched origin is allowed',
    RE,
    pre(ADMIN, 'PATCH', 'Content-Type'),
    allowedPreflight({ [ACAO]: ADMIN, [ACAM]: DEFAULT_METHODS, [ACAH]: 'content-type' }),
  ),
]);

const FN = { origins: { function: { allow: [APP] } } };
group('origins: a function (origin, request) => boolean | Promise<boolean>', [
  v('the function allows an origin: echoed', FN, get('/hello', APP), allowedActual(APP)),
  v('the function refuses an origin (a refusal is not an error)', FN, get('/hello', EVIL), refusedActual({ rejected: 'origin', errorReported: false })),
  v("the function is asked about 'null' and may allow it", { origins: { function: { allow: ['null'] } } }, get('/hello', 'null'), allowedActual('null')),
  v("the function is asked about 'null' and may refuse it", FN, get('/hello', 'null'), refusedActual()),
  v('an async function that resolves true allows', { origins: { function: { allow: [APP], async: true } } }, get('/hello', APP), allowedActual(APP)),
  v('an async function that resolves false refuses', { origins: { function: { allow: [APP], async: true } } }, get('/hello', EVIL), refusedActual()),
  v('an async function may refuse a preflight', { origins: { function: { allow: [], async: true } } }, pre(APP, 'PUT'), refusedPreflight('origin')),
  v(
    'a function that throws refuses the origin and reports the error to onError',
    { origins: { function: { throws: true } } },
    get('/hello', APP),
    refusedActual({ rejected: 'origin', errorReported: true }),
  ),
  v(
    'an async function that rejects refuses the origin and reports the error to onError',
    { origins: { function: { throws: true, async: true } } },
    get('/hello', APP),
    refusedActual({ rejected: 'origin', errorReported: true }),
  ),
  v(
    'a function that throws behind originTimeout is reported to onError once',
    { origins: { function: { throws: true } }, originTimeout: 1000 },
    get('/hello', APP),
    refusedActual({ rejected: 'origin', errorReported: true }),
  ),
  v(
    'an async function that rejects behind originCache is reported to onError once',
    { origins: { function: { throws: true, async: true } }, originCache: { ttl: 1000 } },
    get('/hello', APP),
    refusedActual({ rejected: 'origin', errorReported: true }),
  ),
  v('the function receives the request (allowed on its path)', { origins: { function: { allow: [APP], path: '/fn' } } }, get('/fn', APP), allowedActual(APP)),
  v(
    'the function receives the request (refused on another path)',
    { origins: { function: { allow: [APP], path: '/fn' } } },
    get('/other', APP),
    refusedActual(),
  ),
  v(
    'a function works with credentials',
    { origins: { function: { allow: [APP] } }, supportsCredentials: true },
    get('/hello', APP),
    allowedActual(APP, { [ACAC]: 'true' }),
  ),
  v(
    'a preflight from a function-allowed origin is allowed',
    FN,
    pre(APP, 'PUT', 'X-Token'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-token' }),
  ),
  v(
    'a function that throws on a preflight refuses it and reports the error',
    { origins: { function: { throws: true } } },
    pre(APP, 'PUT'),
    expect({ status: 403, headers: { [VARY]: PREFLIGHT_VARY }, handlerCalled: false, body: '', rejected: 'origin', errorReported: true }),
  ),
]);

group("origins: 'null' only when listed", [
  v("'null' listed allows Origin: null", { origins: ['null'] }, get('/hello', 'null'), allowedActual('null')),
  v("'null' listed next to an origin: that origin still matches", { origins: ['null', APP] }, get('/hello', APP), allowedActual(APP)),
  v("an unlisted 'null' is refused", { origins: [APP] }, get('/hello', 'null'), refusedActual({ rejected: 'origin' })),
  v("'null' listed does not allow other origins", { origins: ['null'] }, get('/hello', EVIL), refusedActual()),
  v("a preflight from 'null' listed is allowed", { origins: ['null'] }, pre('null', 'PUT'), allowedPreflight({ [ACAO]: 'null', [ACAM]: DEFAULT_METHODS })),
  v("a preflight from an unlisted 'null' is refused", { origins: [APP] }, pre('null', 'PUT'), refusedPreflight('origin')),
]);

const ONE = { origins: [APP] };
group('request Origin that is not a valid serialized origin is refused', [
  v('an origin with a path', ONE, get('/hello', 'https://app.example.com/path'), refusedActual({ rejected: 'origin' })),
  v('an origin with a trailing slash', ONE, get('/hello', 'https://app.example.com/'), refusedActual()),
  v('an origin with a space in the host', ONE, get('/hello', 'https://app .example.com'), refusedActual()),
  v('an origin with a non-numeric port', ONE, get('/hello', 'https://app.example.com:abc'), refusedActual()),
  v('an origin with a port above 65535', ONE, get('/hello', 'https://app.example.com:99999'), refusedActual()),
  v('an origin without scheme', ONE, get('/hello', 'app.example.com'), refusedActual()),
  v('a scheme without host', ONE, get('/hello', 'https://'), refusedActual()),
  v('an origin with a query', ONE, get('/hello', 'https://app.example.com?x=1'), refusedActual()),
  v('an origin with a fragment', ONE, get('/hello', 'https://app.example.com#x'), refusedActual()),
  v('an origin with userinfo', ONE, get('/hello', 'https://user@app.example.com'), refusedActual()),
  v('a port pattern does not accept a negative port', LOCAL, get('/hello', 'http://localhost:-1'), refusedActual()),
  v('a port pattern does not accept port 99999', LOCAL, get('/hello', 'http://localhost:99999'), refusedActual()),
  v('an invalid origin on a preflight is refused', ONE, pre('https://app.example.com/path', 'PUT'), refusedPreflight('origin')),
]);

// ---------------------------------------------------------------------------------------
group('preflight: default policy', [
  v(
    'a PUT preflight is answered 204 without calling the handler',
    WILD,
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }, 204, { rejected: null }),
  ),
  v(
    'requested headers are echoed lower-case, comma-joined',
    WILD,
    pre(APP, 'DELETE', 'X-Foo, Content-Type'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-foo,content-type' }),
  ),
  v(
    'Authorization is echoed with the default allowHeaders',
    WILD,
    pre(APP, 'GET', 'Authorization'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'authorization' }),
  ),
  v(
    'echo trims names and drops empty entries',
    WILD,
    pre(APP, 'PUT', ' X-Foo ,  ,Content-Type,'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-foo,content-type' }),
  ),
  v(
    'echo lower-cases mixed case names',
    WILD,
    pre(APP, 'PUT', 'X-CUSTOM-A,X-Custom-B'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-custom-a,x-custom-b' }),
  ),
  v('a method outside the default list is refused', WILD, pre(APP, 'PROPFIND'), refusedPreflight('method')),
  v('a GET preflight is allowed', WILD, pre(APP, 'GET'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v(
    'a POST preflight for a JSON body is allowed',
    WILD,
    pre(APP, 'POST', 'content-type'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'content-type' }),
  ),
  v('a PATCH preflight is allowed', WILD, pre(APP, 'PATCH'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v("a preflight from 'null' is allowed by '*'", WILD, pre('null', 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v(
    'OPTIONS with Origin but without Access-Control-Request-Method is not a preflight',
    WILD,
    req('OPTIONS', '/resource', APP),
    wildcardActual({}, { body: 'ok' }),
  ),
  v(
    'OPTIONS with Access-Control-Request-Method but without Origin is not a preflight',
    WILD,
    req('OPTIONS', '/resource', undefined, { 'Access-Control-Request-Method': 'PUT' }),
    wildcardActual({}, { body: 'ok' }),
  ),
  v('the handler headers do not appear on an automatic preflight answer', WILD, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }), {
    headers: { 'X-From-Handler': 'yes' },
  }),
  v('a refused origin on a list policy preflight gets 403 with Vary only', ONE, pre(EVIL, 'PUT'), refusedPreflight('origin')),
  v(
    'an allowed list-origin preflight echoes the origin',
    ONE,
    pre(APP, 'PUT', 'X-Foo'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-foo' }),
  ),
]);

const GP = { methods: ['GET', 'PUT'] };
group('preflight: methods', [
  v('a listed method is allowed; the configured list is sent', GP, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'GET, PUT' })),
  v('an unlisted method is refused', GP, pre(APP, 'DELETE'), refusedPreflight('method')),
  v('POST is never refused for its method', { methods: ['GET'] }, pre(APP, 'POST'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'GET' })),
  v('HEAD is never refused for its method', { methods: ['PUT'] }, pre(APP, 'HEAD'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'PUT' })),
  v('GET is never refused for its method', { methods: ['PUT'] }, pre(APP, 'GET'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'PUT' })),
  v(
    'a comma-separated string is split and normalised to upper case',
    { methods: 'get, put' },
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: 'GET, PUT' }),
  ),
  v('lower-case delete is normalised to DELETE', { methods: ['delete'] }, pre(APP, 'DELETE'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'DELETE' })),
  v('lower-case patch keeps its case and does not allow PATCH', { methods: ['patch'] }, pre(APP, 'PATCH'), refusedPreflight('method')),
  v('lower-case patch allows the exact method patch', { methods: ['patch'] }, pre(APP, 'patch'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'patch' })),
  v('an extension method is allowed when listed', { methods: ['PROPFIND'] }, pre(APP, 'PROPFIND'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'PROPFIND' })),
  v('an extension method compares case-sensitively', { methods: ['PROPFIND'] }, pre(APP, 'propfind'), refusedPreflight('method')),
  v("methods '*' allows any method and sends *", { methods: '*' }, pre(APP, 'PROPFIND'), allowedPreflight({ [ACAO]: '*', [ACAM]: '*' })),
  v(
    "methods '*' with credentials echoes the requested method",
    { methods: '*', origins: [APP], supportsCredentials: true },
    pre(APP, 'PROPFIND'),
    allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PROPFIND' }),
  ),
  v(
    'standard methods are upper-cased, an extension method keeps its case',
    { methods: ['get', 'put', 'Purge'] },
    pre(APP, 'Purge'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: 'GET, PUT, Purge' }),
  ),
  v(
    'a lower-case standard method requested matches its upper-case form',
    { methods: ['PUT'] },
    pre(APP, 'put'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: 'PUT' }),
  ),
  v('a requested method that is not a token is refused', WILD, pre(APP, 'PU T'), refusedPreflight('method')),
  v('an empty methods list sends no Allow-Methods', { methods: [] }, pre(APP, 'GET'), allowedPreflight({ [ACAO]: '*' })),
  v('actual responses never carry Allow-Methods', GP, get('/hello', APP), wildcardActual()),
  v('an actual request is not refused for its method', { methods: ['GET'] }, req('DELETE', '/echo', APP), wildcardActual()),
]);

const LH = { allowHeaders: ['X-Foo', 'Content-Type'] };
const LONG_NAME = `x-${'a'.repeat(4094)}`; // exactly 4096 characters
const LONG_LIST = Array.from({ length: 460 }, (_, i) => `x-h${String(i).padStart(5, '0')}`).join(','); // 460*9-1 = 4139 characters
group('preflight: allowHeaders', [
  v(
    'a listed header is allowed; the configured list is sent',
    LH,
    pre(APP, 'PUT', 'x-foo'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v(
    'listed headers compare case-insensitively',
    LH,
    pre(APP, 'PUT', 'X-FOO, content-type'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v('an unlisted header is refused', LH, pre(APP, 'PUT', 'x-bar'), refusedPreflight('header')),
  v('one unlisted header among listed ones is refused', LH, pre(APP, 'PUT', 'x-foo, x-bar'), refusedPreflight('header')),
  v('Authorization is refused when not on a configured list', LH, pre(APP, 'GET', 'authorization'), refusedPreflight('header')),
  v(
    'a configured list is sent even when no header is requested',
    LH,
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v(
    'a comma-separated string is a list',
    { allowHeaders: 'X-Foo, Content-Type' },
    pre(APP, 'PUT', 'content-type'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v(
    'empty entries in the requested list are ignored',
    LH,
    pre(APP, 'PUT', 'x-foo,,'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v(
    "explicit '*' echoes the requested names",
    { allowHeaders: '*' },
    pre(APP, 'PUT', 'X-Trace-Id'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-trace-id' }),
  ),
  v("'*' with no requested headers sends no Allow-Headers", { allowHeaders: '*' }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v('a requested header name that is not a token is refused', WILD, pre(APP, 'PUT', 'x-a,x(b)'), refusedPreflight('header')),
  v(
    'a browser-formatted list is echoed as sent',
    WILD,
    pre(APP, 'PUT', 'authorization,x-a'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'authorization,x-a' }),
  ),
  v(
    'a requested header list of exactly 4096 characters is echoed',
    WILD,
    pre(APP, 'PUT', LONG_NAME),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: LONG_NAME }),
  ),
  v('a requested header list longer than 4096 characters is refused', WILD, pre(APP, 'PUT', LONG_LIST), refusedPreflight('header')),
  v('an oversized requested header list is refused by a list policy too', LH, pre(APP, 'PUT', LONG_LIST), refusedPreflight('header')),
]);

const PN = { allowPrivateNetwork: true };
const ASK_PN = { 'Access-Control-Request-Private-Network': 'true' };
group('preflight: private network access', [
  v('private network refused by default', WILD, pre(APP, 'GET', undefined, ASK_PN), refusedPreflight('private-network')),
  v(
    'private network allowed when enabled',
    PN,
    pre(APP, 'GET', undefined, ASK_PN),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAPN]: 'true', [VARY]: PREFLIGHT_VARY_PN }),
  ),
  v(
    'no Allow-Private-Network unless the preflight asked for it',
    PN,
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [VARY]: PREFLIGHT_VARY_PN }),
  ),
  v('a preflight that does not ask is fine when disabled', WILD, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v(
    'Access-Control-Request-Private-Network: false is not a request for access',
    WILD,
    pre(APP, 'PUT', undefined, { 'Access-Control-Request-Private-Network': 'false' }),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }),
  ),
  v(
    'a refused origin is refused before private network',
    { allowPrivateNetwork: true, origins: [APP] },
    pre(EVIL, 'GET', undefined, ASK_PN),
    refusedPreflight('origin', PREFLIGHT_VARY_PN),
  ),
  v(
    'an allowed preflight with credentials and private network',
    { allowPrivateNetwork: true, origins: [APP], supportsCredentials: true },
    pre(APP, 'PUT', 'x-foo', ASK_PN),
    allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-foo', [ACAPN]: 'true', [VARY]: PREFLIGHT_VARY_PN }),
  ),
  v('an actual request never gets Allow-Private-Network', PN, get('/hello', APP, ASK_PN), wildcardActual()),
  v('checks run in order: method before private network', WILD, pre(APP, 'PROPFIND', undefined, ASK_PN), refusedPreflight('method')),
  v('checks run in order: header before private network', LH, pre(APP, 'PUT', 'x-bar', ASK_PN), refusedPreflight('header')),
  v('checks run in order: origin before method', ONE, pre(EVIL, 'PROPFIND'), refusedPreflight('origin')),
  v('checks run in order: method before header', { methods: ['GET'], allowHeaders: ['X-Foo'] }, pre(APP, 'PUT', 'x-bar'), refusedPreflight('method')),
]);

// ---------------------------------------------------------------------------------------
const CRED = { origins: [APP], supportsCredentials: true };
group('supportsCredentials', [
  v('an allowed origin gets Allow-Credentials: true and the echoed origin', CRED, get('/hello', APP), allowedActual(APP, { [ACAC]: 'true' })),
  v('a refused origin gets neither', CRED, get('/hello', EVIL), refusedActual({ rejected: 'origin' })),
  v('no Origin: no CORS headers even with credentials', CRED, get('/hello'), refusedActual({ rejected: null })),
  v(
    'an allowed preflight carries Allow-Credentials',
    CRED,
    pre(APP, 'PUT', 'X-Foo'),
    allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS, [ACAH]: 'x-foo' }),
  ),
  v('a refused preflight carries no Allow-Credentials', CRED, pre(EVIL, 'PUT'), refusedPreflight('origin')),
  v(
    'credentials with a subdomain pattern echo the origin',
    { origins: 'https://*.example.com', supportsCredentials: true },
    get('/hello', ADMIN),
    allowedActual(ADMIN, { [ACAC]: 'true' }),
  ),
  v(
    'credentials with exposeHeaders',
    { ...CRED, exposeHeaders: ['X-Request-Id'] },
    get('/expose', APP),
    allowedActual(APP, { [ACAC]: 'true', [ACEH]: 'X-Request-Id' }),
  ),
  v('supportsCredentials false sends no Allow-Credentials', { origins: [APP], supportsCredentials: false }, get('/hello', APP), allowedActual(APP)),
  v(
    "credentials with 'null' listed echo 'null'",
    { origins: ['null'], supportsCredentials: true },
    get('/hello', 'null'),
    allowedActual('null', { [ACAC]: 'true' }),
  ),
  v(
    'credentials with sendWildcard true still echo (never * with credentials)',
    { ...CRED, sendWildcard: true },
    get('/hello', APP),
    allowedActual(APP, { [ACAC]: 'true' }),
  ),
  v('a handler Allow-Credentials: false is replaced by the policy value', CRED, get('/hello', APP), allowedActual(APP, { [ACAC]: 'true' }), {
    headers: { 'Access-Control-Allow-Credentials': 'false' },
  }),
  v('credentials on a PUT actual request', CRED, req('PUT', '/echo', APP), allowedActual(APP, { [ACAC]: 'true' })),
]);

group('exposeHeaders', [
  v('a listed header is exposed on an actual response', { exposeHeaders: ['X-Request-Id'] }, get('/expose', APP), wildcardActual({ [ACEH]: 'X-Request-Id' })),
  v('a comma-separated string is sent as a list', { exposeHeaders: 'X-A, X-B' }, get('/expose', APP), wildcardActual({ [ACEH]: 'X-A, X-B' })),
  v(
    'a comma-separated string with extra spaces is sent as a clean list',
    { exposeHeaders: 'X-Request-Id,  X-Trace' },
    get('/expose', APP),
    wildcardActual({ [ACEH]: 'X-Request-Id, X-Trace' }),
  ),
  v('an array is joined with comma-space', { exposeHeaders: ['X-A', 'X-B'] }, get('/expose', APP), wildcardActual({ [ACEH]: 'X-A, X-B' })),
  v('no Expose-Headers on a preflight', { exposeHeaders: ['X-Request-Id'] }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
  v('no Expose-Headers for a refused origin', { origins: [APP], exposeHeaders: ['X-Request-Id'] }, get('/expose', EVIL), refusedActual()),
  v("exposeHeaders '*' without credentials is sent as *", { exposeHeaders: '*' }, get('/expose', APP), wildcardActual({ [ACEH]: '*' })),
  v('the handler Expose-Headers is replaced by the configured list', { exposeHeaders: ['X-A'] }, get('/expose', APP), wildcardActual({ [ACEH]: 'X-A' }), {
    headers: { 'Access-Control-Expose-Headers': 'X-Secret' },
  }),
  v(
    'exposeHeaders with an echoed origin',
    { origins: [APP], exposeHeaders: ['X-Request-Id'] },
    get('/expose', APP),
    allowedActual(APP, { [ACEH]: 'X-Request-Id' }),
  ),
]);

group('maxAge', [
  v(
    'a number is sent as Access-Control-Max-Age on preflights',
    { maxAge: 600 },
    pre(APP, 'PUT'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACMA]: '600' }),
  ),
  v('a string of digits is accepted', { maxAge: '600' }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACMA]: '600' })),
  v('0 is sent as 0', { maxAge: 0 }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACMA]: '0' })),
  v('86400 is the upper bound and accepted', { maxAge: 86400 }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACMA]: '86400' })),
  v('no Max-Age on actual responses', { maxAge: 600 }, get('/hello', APP), wildcardActual()),
  v('no Max-Age on refused preflights', { maxAge: 600, origins: [APP] }, pre(EVIL, 'PUT'), refusedPreflight('origin')),
  v('no Max-Age by default', WILD, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS })),
]);

group('preflightStatus', [
  v('preflightStatus 200', { preflightStatus: 200 }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }, 200)),
  v('preflightStatus 299', { preflightStatus: 299 }, pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }, 299)),
  v('default preflight status is 204', WILD, pre(APP, 'DELETE'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS }, 204)),
  v('a refused preflight is 403 whatever preflightStatus is', { preflightStatus: 200, origins: [APP] }, pre(EVIL, 'PUT'), refusedPreflight('origin')),
  v('preflightStatus does not change actual responses', { preflightStatus: 200 }, get('/hello', APP), wildcardActual()),
]);

const MANUAL = { origins: [APP], automaticOptions: false };
group('automaticOptions: false passes preflights to the handler', [
  v('an allowed preflight runs the handler and gets actual-response headers', MANUAL, pre(APP, 'PUT', 'X-Foo'), allowedActual(APP, {}, { body: 'ok' })),
  v('a refused origin preflight runs the handler without CORS headers', MANUAL, pre(EVIL, 'PUT'), refusedActual({ body: 'ok' })),
  v('the handler status is kept', MANUAL, pre(APP, 'PUT'), allowedActual(APP, {}, { status: 204 }), { status: 204 }),
  v('no Max-Age since the handler answered', { ...MANUAL, maxAge: 600 }, pre(APP, 'PUT'), allowedActual(APP)),
  v('credentials are sent on the handler answer', { ...MANUAL, supportsCredentials: true }, pre(APP, 'PUT'), allowedActual(APP, { [ACAC]: 'true' })),
  v(
    'exposeHeaders are sent on the handler answer',
    { ...MANUAL, exposeHeaders: ['X-Request-Id'] },
    pre(APP, 'PUT'),
    allowedActual(APP, { [ACEH]: 'X-Request-Id' }),
  ),
  v('a method the policy would refuse still reaches the handler', { ...MANUAL, methods: ['GET'] }, pre(APP, 'PROPFIND'), allowedActual(APP)),
  v(
    'the handler Allow-Methods is removed and maxAge not sent',
    { ...MANUAL, exposeHeaders: ['X-Id'], maxAge: 60 },
    pre(APP, 'PUT'),
    allowedActual(APP, { [ACEH]: 'X-Id' }, { body: 'mine' }),
    { body: 'mine', headers: { 'Access-Control-Allow-Methods': 'BOGUS' } },
  ),
  v('a refused origin: the handler Allow-Origin is removed', MANUAL, pre(EVIL, 'PUT'), refusedActual({ status: 204 }), {
    status: 204,
    headers: { 'Access-Control-Allow-Origin': '*' },
  }),
]);

group('alwaysSend', [
  v('default: a request without Origin gets the wildcard', WILD, get('/hello'), wildcardActual()),
  v('alwaysSend false: no Origin, no CORS headers, Vary: Origin', { alwaysSend: false }, get('/hello'), refusedActual()),
  v('alwaysSend false: with an Origin, * and Vary: Origin', { alwaysSend: false }, get('/hello', APP), expect({ headers: { [ACAO]: '*', [VARY]: 'Origin' } })),
  v('alwaysSend true with sendWildcard false: no Origin, no CORS headers', { sendWildcard: false, alwaysSend: true }, get('/hello'), refusedActual()),
  v('alwaysSend true with a list policy: no Origin, no CORS headers', { origins: [APP], alwaysSend: true }, get('/hello'), refusedActual()),
  v('alwaysSend false with exposeHeaders: no Origin, no Expose-Headers', { alwaysSend: false, exposeHeaders: ['X-A'] }, get('/hello'), refusedActual()),
]);

group('Vary', [
  v('wildcard answer leaves the handler Vary alone', WILD, get('/hello', APP), wildcardActual({ [VARY]: 'Accept-Encoding' }), {
    headers: { Vary: 'Accept-Encoding' },
  }),
  v('Origin is merged into the handler Vary', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: 'Accept-Encoding, Origin' }), {
    headers: { Vary: 'Accept-Encoding' },
  }),
  v('an existing lower-case origin is not duplicated', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: 'origin' }), { headers: { Vary: 'origin' } }),
  v('an existing upper-case ORIGIN is not duplicated', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: 'ORIGIN, Accept' }), {
    headers: { Vary: 'ORIGIN, Accept' },
  }),
  v('Vary: * is left alone', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: '*' }), { headers: { Vary: '*' } }),
  v('Vary: * is left alone for a refused origin', ONE, get('/hello', EVIL), refusedActual({}, { [VARY]: '*' }), { headers: { Vary: '*' } }),
  v('Vary: * inside a list is left alone', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: 'Accept, *' }), { headers: { Vary: 'Accept, *' } }),
  v('a Vary that already lists Origin is kept as is', ONE, get('/hello', APP), allowedActual(APP, { [VARY]: 'Accept, Origin' }), {
    headers: { Vary: 'Accept, Origin' },
  }),
  v('a refused origin merges Origin into the handler Vary', ONE, get('/hello', EVIL), refusedActual({}, { [VARY]: 'Accept, Origin' }), {
    headers: { Vary: 'Accept' },
  }),
  v('varyHeader false: no Vary on an echoed origin', { origins: [APP], varyHeader: false }, get('/hello', APP), expect({ headers: { [ACAO]: APP } })),
  v(
    'varyHeader false: no Vary on a preflight',
    { origins: [APP], varyHeader: false },
    pre(APP, 'PUT'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAM]: DEFAULT_METHODS }, handlerCalled: false }),
  ),
  v(
    'varyHeader false: no Vary on a refused preflight',
    { origins: [APP], varyHeader: false },
    pre(EVIL, 'PUT'),
    expect({ status: 403, headers: {}, handlerCalled: false }),
  ),
  v(
    'varyHeader false: the handler Vary is untouched',
    { origins: [APP], varyHeader: false },
    get('/hello', APP),
    expect({ headers: { [ACAO]: APP, [VARY]: 'Accept' } }),
    { headers: { Vary: 'Accept' } },
  ),
  v('varyHeader false: no Vary for a request without Origin', { origins: [APP], varyHeader: false }, get('/hello'), expect({})),
  v('varyHeader false: no Vary for a refused origin', { origins: [APP], varyHeader: false }, get('/hello', EVIL), expect({})),
  v('a preflight answered by the handler gets the actual Vary, merged', MANUAL, pre(APP, 'PUT'), allowedActual(APP, { [VARY]: 'Accept, Origin' }), {
    headers: { Vary: 'Accept' },
  }),
  v('a refused preflight varies on the preflight request headers', ONE, pre(EVIL, 'PUT', 'x-foo'), refusedPreflight()),
  v('credentials imply Vary: Origin', CRED, get('/hello', APP), allowedActual(APP, { [ACAC]: 'true' })),
]);

group('the policy owns the CORS response headers', [
  v('a handler Allow-Origin is replaced by the echoed origin', ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Allow-Origin': EVIL },
  }),
  v('handler Allow-Origin and Allow-Credentials are removed for a refused origin', ONE, get('/proxy', EVIL), refusedActual(), {
    headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' },
  }),
  v('a handler Allow-Origin is replaced by * under the wildcard policy', WILD, get('/proxy', APP), wildcardActual(), {
    headers: { 'Access-Control-Allow-Origin': APP },
  }),
  v('a handler Allow-Credentials is removed under the wildcard policy', WILD, get('/proxy', APP), wildcardActual(), {
    headers: { 'Access-Control-Allow-Credentials': 'true' },
  }),
  v(
    'a handler Expose-Headers is replaced by the configured one',
    { origins: [APP], exposeHeaders: ['X-A'] },
    get('/proxy', APP),
    allowedActual(APP, { [ACEH]: 'X-A' }),
    { headers: { 'Access-Control-Expose-Headers': 'X-Secret' } },
  ),
  v('a handler Expose-Headers is removed when the policy exposes nothing', ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Expose-Headers': 'X-Secret' },
  }),
  v('duplicate handler Allow-Origin values collapse to the single policy value', ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Allow-Origin': ['https://x.example', 'https://y.example'] },
  }),
  v('a handler Allow-Methods is removed from an actual response', ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Allow-Methods': 'GET, DELETE' },
  }),
  v('a handler Allow-Headers is removed from an actual response', ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Allow-Headers': 'x-anything' },
  }),
  v('no Origin with a list policy: handler CORS headers removed, Vary: Origin', ONE, get('/proxy'), refusedActual(), {
    headers: { 'Access-Control-Allow-Origin': '*' },
  }),
  v('non-CORS handler headers are kept while CORS ones are replaced', ONE, get('/proxy', APP), allowedActual(APP, { 'x-upstream': 'kept' }), {
    headers: { 'Access-Control-Allow-Origin': '*', 'X-Upstream': 'kept' },
  }),
  v(
    'every handler CORS header is replaced or removed for an allowed origin',
    { origins: [APP], exposeHeaders: ['X-Mine'] },
    get('/proxy', APP),
    allowedActual(APP, { [ACEH]: 'X-Mine' }),
    {
      headers: {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Methods': 'GET',
        'Access-Control-Allow-Headers': 'x-up',
        'Access-Control-Expose-Headers': 'X-Up',
        'Access-Control-Allow-Private-Network': 'true',
      },
    },
  ),
  v("a stray Allow-Credentials and Expose-Headers never survive next to the policy's Allow-Origin", ONE, get('/proxy', APP), allowedActual(APP), {
    headers: { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'X-Secret' },
  }),
]);

group('handler errors become a 500 that keeps the CORS headers', [
  v(
    'wildcard: a throwing handler gives 500 with Allow-Origin *',
    WILD,
    get('/error', APP),
    wildcardActual({}, { status: 500, body: 'Internal Server Error', errorReported: true }),
    { throws: true },
  ),
  v(
    'allowed origin: 500 with the echoed origin',
    ONE,
    get('/error', APP),
    allowedActual(APP, {}, { status: 500, body: 'Internal Server Error', errorReported: true }),
    { throws: true },
  ),
  v(
    'refused origin: 500 without CORS headers, the error still reported',
    ONE,
    get('/error', EVIL),
    refusedActual({ status: 500, body: 'Internal Server Error', errorReported: true }),
    { throws: true },
  ),
  v(
    'credentials: 500 with Allow-Credentials',
    CRED,
    get('/error', APP),
    allowedActual(APP, { [ACAC]: 'true' }, { status: 500, body: 'Internal Server Error' }),
    { throws: true },
  ),
  v(
    'exposeHeaders: 500 with Expose-Headers',
    { origins: [APP], exposeHeaders: ['X-Request-Id'] },
    get('/error', APP),
    allowedActual(APP, { [ACEH]: 'X-Request-Id' }, { status: 500, body: 'Internal Server Error' }),
    { throws: true },
  ),
  v(
    'a rejected promise is handled like a throw',
    ONE,
    get('/error', APP),
    allowedActual(APP, {}, { status: 500, body: 'Internal Server Error', errorReported: true }),
    { rejects: true },
  ),
]);

const FETCHED: HandlerSpec = { fetch: 'data:text/plain,hello' };
group('immutable responses (Response.redirect, fetch()) get the headers on a copy', [
  v(
    'a fetch() response from an allowed origin keeps status and body',
    ONE,
    get('/proxy', APP),
    allowedActual(APP, {}, { status: 200, body: 'hello' }),
    FETCHED,
  ),
  v('a fetch() response under the wildcard policy gets *', WILD, get('/proxy', APP), wildcardActual({}, { status: 200, body: 'hello' }), FETCHED),
  v('a fetch() response for a refused origin gets Vary only', ONE, get('/proxy', EVIL), refusedActual({ status: 200, body: 'hello' }), FETCHED),
  v(
    'a fetch() response with credentials and exposeHeaders',
    { ...CRED, exposeHeaders: ['X-Request-Id'] },
    get('/proxy', APP),
    allowedActual(APP, { [ACAC]: 'true', [ACEH]: 'X-Request-Id' }, { body: 'hello' }),
    FETCHED,
  ),
  v(
    'a redirect from an allowed origin keeps status and Location',
    ONE,
    get('/redirect', APP),
    allowedActual(APP, { location: 'https://api.test/hello' }, { status: 302 }),
    { redirect: '/hello' },
  ),
  v('a redirect under the wildcard policy gets *', WILD, get('/redirect', APP), wildcardActual({ location: 'https://api.test/hello' }, { status: 302 }), {
    redirect: '/hello',
  }),
  v('a redirect for a refused origin gets Vary only', ONE, get('/redirect', EVIL), refusedActual({ status: 302 }, { location: 'https://api.test/hello' }), {
    redirect: '/hello',
  }),
  v(
    'a 307 redirect keeps its status',
    CRED,
    get('/redirect', APP),
    allowedActual(APP, { [ACAC]: 'true', location: 'https://api.test/hello' }, { status: 307 }),
    { redirect: '/hello', redirectStatus: 307 },
  ),
]);

// ---------------------------------------------------------------------------------------
const RES = { resources: { '/api/*': { origins: [APP] } } };
const RES_EXACT = { resources: { '/api/*': { origins: [APP] }, '/api/login': { origins: [ADMIN] } } };
const RES_LONG = { resources: { '/api/*': { origins: [APP] }, '/api/v2/*': { origins: [ADMIN] } } };
const RES_RE = { resources: { '^/v[0-9]+/users$': { origins: [APP] } } };
const RES_MERGE = { origins: [APP], exposeHeaders: ['X-Top'], resources: { '/api/*': { maxAge: 60 } } };
const RES_CRED = { origins: [APP], resources: { '/private/*': { supportsCredentials: true }, '/public/*': {} } };
const RES_LOGIN = { resources: { '/login': { origins: [APP] } } };
group('resources: per-path options', [
  v('a prefix pattern matches a path below it', RES, get('/api/users', APP), allowedActual(APP)),
  v('a prefix pattern applies its origins', RES, get('/api/users', EVIL), refusedActual({ rejected: 'origin' })),
  v('a prefix pattern matches the bare prefix', RES, get('/api', APP), allowedActual(APP)),
  v('a prefix pattern matches the prefix with a trailing slash', RES, get('/api/', APP), allowedActual(APP)),
  v('a prefix pattern never matches /apiary', RES, get('/apiary', APP), untouched({ rejected: null })),
  v('a path matching no key gets no CORS headers and no Vary', RES, get('/other', APP), untouched()),
  v('a preflight to a path matching no key goes to the handler', RES, pre(APP, 'PUT', undefined, {}, '/other'), untouched({ body: 'ok' })),
  v(
    'a preflight to a matching path is answered by the policy',
    RES,
    pre(APP, 'PUT', undefined, {}, '/api/users'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS }),
  ),
  v('a refused preflight to a matching path is 403', RES, pre(EVIL, 'PUT', undefined, {}, '/api/users'), refusedPreflight('origin')),
  v('an exact path beats a prefix pattern (exact entry allows)', RES_EXACT, get('/api/login', ADMIN), allowedActual(ADMIN)),
  v('an exact path beats a prefix pattern (pattern origins not used)', RES_EXACT, get('/api/login', APP), refusedActual()),
  v('the prefix pattern still applies to other paths', RES_EXACT, get('/api/logout', APP), allowedActual(APP)),
  v('the longest pattern wins (longer entry allows)', RES_LONG, get('/api/v2/items', ADMIN), allowedActual(ADMIN)),
  v('the longest pattern wins (shorter entry origins not used)', RES_LONG, get('/api/v2/items', APP), refusedActual()),
  v('the shorter pattern applies outside the longer one', RES_LONG, get('/api/v1/items', APP), allowedActual(APP)),
  v('a RegExp source key matches the whole pathname', RES_RE, get('/v1/users', APP), allowedActual(APP)),
  v('a RegExp source key matches multi-digit versions', RES_RE, get('/v12/users', APP), allowedActual(APP)),
  v('a RegExp source key anchored with $ does not match below', RES_RE, get('/v1/users/7', APP), untouched()),
  v('a RegExp source key anchored with ^ does not match a prefix', RES_RE, get('/xv1/users', APP), untouched()),
  v('keys are case-sensitive', RES, get('/API/users', APP), untouched()),
  v('the pathname is percent-decoded before matching, as routers do', RES, get('/%61pi/users', APP), allowedActual(APP)),
  v('an exact key ignores the query string', RES_LOGIN, get('/login?next=/home', APP), allowedActual(APP)),
  v('an exact key also matches its trailing-slash twin', RES_LOGIN, get('/login/', APP), allowedActual(APP)),
  v('an exact key does not match a longer path', RES_LOGIN, get('/login/x', APP), untouched()),
  v("an entry with origins '*' answers *", { resources: { '^/v[0-9]+/public$': { origins: '*' } } }, get('/v2/public', 'https://any.test'), wildcardActual()),
  v(
    'entry options merge over top-level options (preflight gets maxAge)',
    RES_MERGE,
    pre(APP, 'PUT', undefined, {}, '/api/items'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: DEFAULT_METHODS, [ACMA]: '60' }),
  ),
  v('entry options merge over top-level options (actual keeps exposeHeaders)', RES_MERGE, get('/api/items', APP), allowedActual(APP, { [ACEH]: 'X-Top' })),
  v('top-level options do not apply to a path matching no key', RES_MERGE, get('/items', APP), untouched()),
  v('an entry can turn credentials on', RES_CRED, get('/private/me', APP), allowedActual(APP, { [ACAC]: 'true' })),
  v('an empty entry uses the top-level options', RES_CRED, get('/public/x', APP), allowedActual(APP)),
  v('handler CORS headers on a path matching no key are left untouched', RES, get('/other', APP), untouched({}, { [ACAO]: 'https://handler.example' }), {
    headers: { 'Access-Control-Allow-Origin': 'https://handler.example' },
  }),
  v(
    'an entry inherits onError: its origins function that throws is reported',
    { resources: { '/api/*': { origins: { function: { throws: true } } } } },
    get('/api/x', APP),
    refusedActual({ rejected: 'origin', errorReported: true }),
  ),
  v(
    'a handler failure on a path matching no key is a 500 without CORS headers, reported',
    RES,
    get('/other', APP),
    untouched({ status: 500, body: 'Internal Server Error', errorReported: true }),
    { throws: true },
  ),
]);

const DEBUG = { origins: [APP], methods: ['GET', 'PUT'], allowHeaders: ['X-Foo'], debug: true };
group('debug: refused preflights show which check failed, leaking nothing', [
  v(
    'origin refused: preflightStatus and only Vary',
    DEBUG,
    pre(EVIL, 'PUT'),
    expect({ status: 204, headers: { [VARY]: PREFLIGHT_VARY }, handlerCalled: false, rejected: 'origin' }),
  ),
  v(
    'method refused: Allow-Origin and Allow-Methods',
    DEBUG,
    pre(APP, 'DELETE'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAM]: 'GET, PUT', [VARY]: PREFLIGHT_VARY }, handlerCalled: false, rejected: 'method' }),
  ),
  v(
    'header refused: Allow-Origin, Allow-Methods and the configured Allow-Headers',
    DEBUG,
    pre(APP, 'PUT', 'x-bar'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAM]: 'GET, PUT', [ACAH]: 'X-Foo', [VARY]: PREFLIGHT_VARY }, handlerCalled: false, rejected: 'header' }),
  ),
  v(
    'private network refused: all of those but no Allow-Private-Network',
    DEBUG,
    pre(APP, 'PUT', 'x-foo', ASK_PN),
    expect({
      status: 204,
      headers: { [ACAO]: APP, [ACAM]: 'GET, PUT', [ACAH]: 'X-Foo', [VARY]: PREFLIGHT_VARY },
      handlerCalled: false,
      rejected: 'private-network',
    }),
  ),
  v(
    'an allowed preflight is answered as without debug',
    DEBUG,
    pre(APP, 'PUT', 'x-foo'),
    allowedPreflight({ [ACAO]: APP, [ACAM]: 'GET, PUT', [ACAH]: 'X-Foo' }, 204, { rejected: null }),
  ),
  v(
    'method refused with credentials adds Allow-Credentials',
    { ...DEBUG, supportsCredentials: true },
    pre(APP, 'DELETE'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'GET, PUT', [VARY]: PREFLIGHT_VARY }, handlerCalled: false }),
  ),
  v(
    'debug refusals use preflightStatus',
    { ...DEBUG, preflightStatus: 200 },
    pre(EVIL, 'PUT'),
    expect({ status: 200, headers: { [VARY]: PREFLIGHT_VARY }, handlerCalled: false }),
  ),
  v('debug does not change refused actual requests', DEBUG, get('/hello', EVIL), refusedActual({ rejected: 'origin' })),
  v(
    'debug with the wildcard policy: method refused shows * and the methods',
    { methods: ['GET'], debug: true },
    pre(APP, 'PROPFIND'),
    expect({ status: 204, headers: { [ACAO]: '*', [ACAM]: 'GET', [VARY]: PREFLIGHT_VARY }, handlerCalled: false }),
  ),
]);

// ---------------------------------------------------------------------------------------
// Attacks from a security review: each vector names the attack it tries.
const SEC_RES = {
  supportsCredentials: true,
  resources: {
    '/api/*': { origins: [APP, PARTNER] },
    '/api/admin/*': { origins: [APP] },
    '/account': { origins: [APP] },
    '/service path': { origins: [PARTNER] },
  },
};
const credAllowed = (origin: string): Expectation => allowedActual(origin, { [ACAC]: 'true' });
const SEC_KEYS = {
  supportsCredentials: true,
  resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/files/a%2Fb': { origins: [APP] }, '/api/docs:export': { origins: [APP] } },
};
const SEC_FILES = {
  supportsCredentials: true,
  resources: { '/files/*': { origins: [APP, PARTNER] }, '/files/a%2Fb': { origins: [APP] }, '/files/admin@x': { origins: [APP] } },
};
group('security: resources keys are chosen from the path routers see', [
  v(
    'attack: one letter percent-encoded (/api/%61dmin) reaches the admin route through /api/*',
    SEC_RES,
    get('/api/%61dmin/users', PARTNER),
    refusedActual({ rejected: 'origin' }),
  ),
  v('attack: the whole admin segment percent-encoded', SEC_RES, get('/api/%61%64%6D%69%6E/users', PARTNER), refusedActual()),
  v('attack: a trailing slash on the admin route', SEC_RES, get('/api/admin/users/', PARTNER), refusedActual()),
  v('attack: the bare admin prefix', SEC_RES, get('/api/admin', PARTNER), refusedActual()),
  v('attack: a trailing slash on an exact key (/account/)', SEC_RES, get('/account/', PARTNER), refusedActual()),
  v('attack: an encoded letter in an exact key (/%61ccount)', SEC_RES, get('/%61ccount', PARTNER), refusedActual()),
  v('attack: a preflight to the encoded admin path', SEC_RES, pre(PARTNER, 'PUT', undefined, {}, '/api/%61dmin/users'), refusedPreflight('origin')),
  v(
    'attack: a preflight to the admin path with a trailing slash',
    SEC_RES,
    pre(PARTNER, 'DELETE', undefined, {}, '/api/admin/users/'),
    refusedPreflight('origin'),
  ),
  v('an encoded slash (%2F) stays encoded: /api%2Fadmin is not under /api/', SEC_RES, get('/api%2Fadmin/users', PARTNER), untouched()),
  v('case is significant: /api/Admin is governed by /api/*', SEC_RES, get('/api/Admin', PARTNER), credAllowed(PARTNER)),
  v('the admin route answers the origin it allows, encoded or not', SEC_RES, get('/api/%61dmin/users', APP), credAllowed(APP)),
  v('a key written with a space matches the encoded path', SEC_RES, get('/service%20path', PARTNER), credAllowed(PARTNER)),
  v('a malformed escape leaves the path as sent', SEC_RES, get('/api/%zz', PARTNER), credAllowed(PARTNER)),
  v(
    'attack: a malformed escape after an encoded letter (/api/%61dmin/x%zz): the valid escapes are still decoded',
    SEC_RES,
    get('/api/%61dmin/x%zz', PARTNER),
    refusedActual(),
  ),
  v('a RegExp key is matched against the decoded path', { resources: { '^/v[0-9]+/admin$': { origins: [APP] } } }, get('/v1/%61dmin', EVIL), refusedActual()),
  v(
    'attack: an exact key holding @ reached as %40 (route parameters decode it): allowed only where both readings allow',
    { supportsCredentials: true, resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/users/admin@example.com': { origins: [APP] } } },
    get('/api/users/admin%40example.com', PARTNER),
    refusedActual(),
  ),
  v(
    'the exact key holding @ still answers its own origin when reached as %40',
    { supportsCredentials: true, resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/users/admin@example.com': { origins: [APP] } } },
    get('/api/users/admin%40example.com', APP),
    credAllowed(APP),
  ),
  v(
    'attack: a RegExp key reached through its trailing-slash twin (/api/admin/)',
    { supportsCredentials: true, resources: { '/api/*': { origins: [APP, PARTNER] }, '^/api/admin$': { origins: [APP] } } },
    get('/api/admin/', PARTNER),
    refusedActual(),
  ),
  v(
    "attack: // is the root's twin for non-strict routers",
    { supportsCredentials: true, resources: { '/*': { origins: [APP, PARTNER] }, '/': { origins: [APP] } } },
    get('//', PARTNER),
    refusedActual(),
  ),
  v(
    'attack: /admin/ is the exact key /admin to non-strict routers and under /admin/* to strict ones: both must allow',
    { supportsCredentials: true, resources: { '/admin': { origins: [APP, PARTNER] }, '/admin/*': { origins: [APP] } } },
    get('/admin/', PARTNER),
    refusedActual(),
  ),
  v(
    'the exact key governs its twin where no pattern disagrees',
    { supportsCredentials: true, resources: { '/admin': { origins: [APP, PARTNER] }, '/admin/*': { origins: [APP] } } },
    get('/admin/', APP),
    credAllowed(APP),
  ),
  v('attack: lower-case hex escapes of the whole admin segment', SEC_RES, get('/api/%61%64%6d%69%6e', PARTNER), refusedActual()),
  v('attack: the admin prefix with a trailing slash', SEC_RES, get('/api/admin/', PARTNER), refusedActual()),
  v('the trailing-slash twin of an exact key answers with that key', SEC_RES, get('/account/', APP), credAllowed(APP)),
  v(
    'attack: double encoding (%2561dmin) is decoded once, as routers do, and reaches no admin route',
    SEC_RES,
    get('/api/%2561dmin/users', PARTNER),
    credAllowed(PARTNER),
  ),
  v(
    'attack: mixed-case escapes of a whole segment (%61%44%6d%49%6e is aDmIn, not admin)',
    SEC_RES,
    get('/api/%61%44%6d%49%6e/users', PARTNER),
    credAllowed(PARTNER),
  ),
  v(
    'attack: an encoded dot-dot segment (%2e%2e) is resolved by the URL parser before matching',
    SEC_RES,
    get('/api/x/%2e%2e/admin/users', PARTNER),
    refusedActual(),
  ),
  v('attack: a mixed-case encoded dot-dot segment (.%2E)', SEC_RES, get('/api/x/.%2E/admin/users', PARTNER), refusedActual()),
  v('attack: a backslash is a slash to the URL parser', SEC_RES, get('/api\\admin\\users', PARTNER), refusedActual()),
  v(
    'attack: a matrix parameter on the segment (;x=1) is part of the segment, for routers too',
    SEC_RES,
    get('/api/admin;x=1/users', PARTNER),
    credAllowed(PARTNER),
  ),
  v('attack: an overlong UTF-8 escape of a (%C1%A1) stays as sent', SEC_RES, get('/api/%C1%A1dmin/users', PARTNER), credAllowed(PARTNER)),
  v('attack: a NUL escape after the segment (admin%00) is another segment', SEC_RES, get('/api/admin%00/users', PARTNER), credAllowed(PARTNER)),
  v(
    'a key written encoded matches the decoded path',
    { sendWildcard: false, resources: { '/caf%C3%A9': { origins: [APP] } } },
    get('/caf%C3%A9', APP),
    allowedActual(APP),
  ),
  v("the key '/login/' also governs '/login'", { sendWildcard: false, resources: { '/login/': { origins: [APP] } } }, get('/login', APP), allowedActual(APP)),
  v(
    'an explicit twin key wins over the derived twin',
    { sendWildcard: false, resources: { '/login': { origins: [APP] }, '/login/': { origins: [PARTNER] } } },
    get('/login/', APP),
    refusedActual(),
  ),
  v('attack: an encoded slash in an exact key, in lower-case hex (%2f for %2F)', SEC_KEYS, get('/api/files/a%2fb', PARTNER), refusedActual()),
  v('attack: the : of an exact key percent-encoded (%3A)', SEC_KEYS, get('/api/docs%3Aexport', PARTNER), refusedActual()),
  v(
    "attack: a longer RegExp key matching /admin/ hides the twin's own RegExp key '^/admin$'",
    { supportsCredentials: true, resources: { '^/admin/.*$': { origins: [APP, PARTNER] }, '^/admin$': { origins: [APP] } } },
    get('/admin/', PARTNER),
    refusedActual(),
  ),
  v(
    "attack: two exact keys sharing a twin ('/admin', '/admin//'): the later one alone answers /admin/",
    { supportsCredentials: true, resources: { '/admin': { origins: [APP] }, '/admin//': { origins: [APP, PARTNER] } } },
    get('/admin/', PARTNER),
    refusedActual(),
  ),
  v(
    "attack: an id holding '?' and '@' sent as %3F%40 escapes the exact key '/p/a%3F@'",
    { supportsCredentials: true, resources: { '/p/*': { origins: [APP, PARTNER] }, '/p/a%3F@': { origins: [APP] } } },
    get('/p/a%3F%40', PARTNER),
    refusedActual(),
  ),
  v('attack: an encoded slash in lower case (%2f) reaches the key a%2Fb', SEC_FILES, get('/files/a%2fb', PARTNER), refusedActual()),
  v('attack: a double-encoded slash (%252F) is read as the key a%2Fb, never as broader', SEC_FILES, get('/files/a%252Fb', PARTNER), refusedActual()),
  v('attack: the @ of an exact key as %40 with a trailing slash', SEC_FILES, get('/files/admin%40x/', PARTNER), refusedActual()),
]);

group('security: resources entries that answer differently on one path refuse every origin there', [
  v(
    "attack: credentials of '/u/*' given at /u/@me to an origin '/u/@me' allows only without them",
    { origins: [APP, PARTNER], resources: { '/u/*': { supportsCredentials: true }, '/u/@me': {} } },
    get('/u/@me', PARTNER),
    allowedActual(PARTNER),
  ),
  v(
    "attack: credentials of '/u/*' given at /u/%40me (routers hand the parameter '@me')",
    { origins: [APP, PARTNER], resources: { '/u/*': { supportsCredentials: true }, '/u/@me': {} } },
    get('/u/%40me', PARTNER),
    refusedActual(),
  ),
  v(
    'attack: private-network access of /dev granted at /dev/, which strict routers serve with /dev/*',
    { origins: [APP], resources: { '/dev': { allowPrivateNetwork: true }, '/dev/*': {} } },
    pre(APP, 'GET', undefined, ASK_PN, '/dev/'),
    refusedPreflight('origin', PREFLIGHT_VARY_PN),
  ),
  v(
    'attack: a method /doc/* refuses (DELETE) asked at /doc/, which /doc allows',
    { origins: [APP], resources: { '/doc': { methods: ['GET', 'DELETE'] }, '/doc/*': { methods: ['GET'] } } },
    pre(APP, 'DELETE', undefined, {}, '/doc/'),
    refusedPreflight('origin'),
  ),
  v(
    'attack: a request header /doc/* refuses (X-Admin-Token) asked at /doc/, which /doc allows',
    { origins: [APP], resources: { '/doc': { allowHeaders: ['X-Admin-Token'] }, '/doc/*': { allowHeaders: ['Content-Type'] } } },
    pre(APP, 'POST', 'x-admin-token', {}, '/doc/'),
    refusedPreflight('origin'),
  ),
  v(
    "attack: '*' answered only with an Origin on one entry: no Origin at /a/ still says it varies",
    { resources: { '/a': { origins: '*' }, '/a/*': { origins: '*', alwaysSend: false } } },
    get('/a/'),
    refusedActual(),
  ),
  v(
    "attack: '*' answered only with an Origin on one entry: an Origin at /a/ is refused",
    { resources: { '/a': { origins: '*' }, '/a/*': { origins: '*', alwaysSend: false } } },
    get('/a/', EVIL),
    refusedActual(),
  ),
  v(
    "attack: '*' intersected with a credentialed list never sends * with credentials",
    { resources: { '/x': { origins: '*' }, '/x/*': { origins: [APP], supportsCredentials: true } } },
    get('/x/', APP),
    refusedActual(),
  ),
  v(
    "attack: a credentialed list intersected with '*' never sends * with credentials",
    { resources: { '/x': { origins: [APP], supportsCredentials: true }, '/x/*': { origins: '*' } } },
    get('/x/', APP),
    refusedActual(),
  ),
  v(
    "attack: '*' intersected with a credentialed list refuses another origin",
    { resources: { '/x': { origins: '*' }, '/x/*': { origins: [APP], supportsCredentials: true } } },
    get('/x/', EVIL),
    refusedActual(),
  ),
  v(
    "a request without Origin gets no * where one entry is '*' with alwaysSend and the other a list",
    { resources: { '/x': { origins: '*' }, '/x/*': { origins: [APP] } } },
    get('/x/'),
    refusedActual(),
  ),
  v(
    'attack: the other entry is an origins function that throws: refused and reported',
    { resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': { origins: { function: { throws: true } } } } },
    get('/u/%40me', PARTNER),
    refusedActual({ errorReported: true }),
  ),
  v(
    'attack: the other entry is an origins function that rejects: refused and reported',
    { resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': { origins: { function: { throws: true, async: true } } } } },
    get('/u/%40me', PARTNER),
    refusedActual({ errorReported: true }),
  ),
  v(
    'debug on: a preflight refused by the other entry shows no CORS header',
    { debug: true, resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': { origins: [APP] } } },
    pre(PARTNER, 'GET', undefined, {}, '/u/%40me'),
    expect({ status: 204, headers: { [VARY]: PREFLIGHT_VARY }, handlerCalled: false, body: '' }),
  ),
]);

group('security: never * in Allow-Methods or Allow-Headers next to credentials', [
  v(
    'attack: debug, methods *, credentials, a preflight asking for the method *',
    { origins: [APP], methods: '*', supportsCredentials: true, debug: true },
    pre(APP, '*'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAC]: 'true', [VARY]: PREFLIGHT_VARY }, handlerCalled: false, rejected: 'method' }),
  ),
  v(
    'attack: methods *, credentials, a preflight asking for the method *',
    { origins: [APP], methods: '*', supportsCredentials: true },
    pre(APP, '*'),
    refusedPreflight('method'),
  ),
  v(
    'attack: debug, allowHeaders *, credentials, a preflight asking for the header *',
    { origins: [APP], supportsCredentials: true, debug: true },
    pre(APP, 'PUT', 'x-a,*'),
    expect({
      status: 204,
      headers: { [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS, [VARY]: PREFLIGHT_VARY },
      handlerCalled: false,
      rejected: 'header',
    }),
  ),
  v(
    'methods * with credentials echoes an ordinary method',
    { origins: [APP], methods: '*', supportsCredentials: true },
    pre(APP, 'PURGE'),
    allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: 'PURGE' }),
  ),
  v(
    'attack: debug, allowHeaders *, credentials, the header * among others',
    { origins: [APP], allowHeaders: '*', supportsCredentials: true, debug: true },
    pre(APP, 'PUT', 'x-a,*,x-b'),
    expect({
      status: 204,
      headers: { [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS, [VARY]: PREFLIGHT_VARY },
      handlerCalled: false,
      rejected: 'header',
    }),
  ),
  v(
    'attack: debug, methods *, credentials, the method * and a refused header',
    { origins: [APP], methods: '*', allowHeaders: ['X-A'], supportsCredentials: true, debug: true },
    pre(APP, '*', 'x-b'),
    expect({ status: 204, headers: { [ACAO]: APP, [ACAC]: 'true', [VARY]: PREFLIGHT_VARY }, handlerCalled: false, rejected: 'method' }),
  ),
]);

const FOREIGN_CORS = { 'Access-Control-Max-Age': '86400', 'Access-Control-Allow-Private-Network': 'true', 'Access-Control-Allow-Methods': '*' };
const NOT_CORS = { 'Access-Control-Allow-Anything': 'yes', 'Access-Control-Request-Method': 'PUT' };
group('security: the policy owns the CORS response headers', [
  v('attack: a handler Max-Age survives on a refused answer', ONE, get('/proxy', EVIL), refusedActual(), { headers: { 'Access-Control-Max-Age': '86400' } }),
  v('attack: a handler Max-Age survives on an allowed answer', ONE, get('/proxy', APP), allowedActual(APP), { headers: { 'Access-Control-Max-Age': '86400' } }),
  v('attack: a handler Allow-Private-Network survives on a refused answer', ONE, get('/proxy', EVIL), refusedActual(), {
    headers: { 'Access-Control-Allow-Private-Network': 'true' },
  }),
  v(
    "other access-control-* names are not CORS headers and stay the handler's",
    ONE,
    get('/proxy', EVIL),
    refusedActual({}, { 'access-control-allow-anything': 'yes', 'access-control-request-method': 'PUT' }),
    { headers: { ...FOREIGN_CORS, ...NOT_CORS } },
  ),
  v('attack: foreign CORS headers under the wildcard policy', WILD, get('/proxy', APP), wildcardActual(), { headers: FOREIGN_CORS }),
  v('attack: foreign CORS headers on a request without Origin', ONE, get('/proxy'), refusedActual(), { headers: FOREIGN_CORS }),
  v('attack: foreign CORS headers on a handler-answered preflight', { origins: [APP], automaticOptions: false }, pre(EVIL, 'PUT'), refusedActual(), {
    headers: FOREIGN_CORS,
  }),
  v('attack: all seven handler CORS headers next to the policy credentials', CRED, get('/proxy', APP), allowedActual(APP, { [ACAC]: 'true' }), {
    headers: {
      ...FOREIGN_CORS,
      'Access-Control-Allow-Headers': '*',
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': '*',
    },
  }),
  v(
    'attack: Allow-Origin appended twice, once * and once the attacker, to a refused origin',
    { ...CRED, exposeHeaders: ['X-Id'] },
    get('/proxy', EVIL),
    refusedActual(),
    { headers: { 'Access-Control-Allow-Origin': ['*', EVIL] } },
  ),
  v('attack: upper-case CORS header names from the handler', { ...CRED, exposeHeaders: ['X-Id'] }, get('/proxy', EVIL), refusedActual(), {
    headers: { 'ACCESS-CONTROL-ALLOW-ORIGIN': EVIL, 'ACCESS-CONTROL-ALLOW-CREDENTIALS': 'true' },
  }),
  v('attack: Vary: * next to a handler Allow-Origin', { ...CRED, exposeHeaders: ['X-Id'] }, get('/proxy', EVIL), refusedActual({}, { [VARY]: '*' }), {
    headers: { Vary: '*', 'Access-Control-Allow-Origin': EVIL },
  }),
  v(
    'attack: automaticOptions off and debug: a handler-answered preflight to a refused origin',
    { origins: [APP], automaticOptions: false, debug: true },
    pre(EVIL, 'PUT'),
    refusedActual({ status: 204 }),
    { status: 204, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '86400' } },
  ),
]);

group('security: request Origins a browser could not have serialized are refused', [
  v(
    'attack: an IPv4 part above 255 (http://256.256.256.256), echoing policy',
    { sendWildcard: false },
    get('/hello', 'http://256.256.256.256'),
    refusedActual(),
  ),
  v('attack: a last IPv4 part above 255 (http://1.2.3.999)', { sendWildcard: false }, get('/hello', 'http://1.2.3.999'), refusedActual()),
  v('attack: two :: in an IPv6 literal (http://[1::2::3])', { sendWildcard: false }, get('/hello', 'http://[1::2::3]'), refusedActual()),
  v('attack: a hex IPv4 part (http://0x100.1.1.1)', { sendWildcard: false }, get('/hello', 'http://0x100.1.1.1'), refusedActual()),
  v('attack: a three-part IPv4 (http://1.2.3)', { sendWildcard: false }, get('/hello', 'http://1.2.3'), refusedActual()),
  v('attack: a leading zero in an IPv4 part (http://1.2.3.09)', { sendWildcard: false }, get('/hello', 'http://1.2.3.09'), refusedActual()),
  v('attack: an uncompressed IPv6 literal (http://[1:0:0:0:0:0:0:2])', { sendWildcard: false }, get('/hello', 'http://[1:0:0:0:0:0:0:2]'), refusedActual()),
  v('attack: a last label that is a number (http://example.123)', { sendWildcard: false }, get('/hello', 'http://example.123'), refusedActual()),
  v(
    'a fully qualified name keeps its trailing dot and is echoed as sent (http://app.example.com.)',
    { sendWildcard: false },
    get('/hello', 'https://app.example.com.'),
    allowedActual('https://app.example.com.'),
  ),
  v('a trailing dot is another origin than the listed name', { origins: [APP] }, get('/hello', 'https://app.example.com.'), refusedActual()),
  v('attack: a trailing dot on an IPv4 address (browsers write none)', { sendWildcard: false }, get('/hello', 'http://1.2.3.4.'), refusedActual()),
  v(
    'attack: an invalid IPv4 handed to an origin function',
    { origins: { function: { allow: ['http://256.256.256.256'] } } },
    get('/hello', 'http://256.256.256.256'),
    refusedActual(),
  ),
  v('attack: an invalid IPv4 matched by a catch-all RegExp', { origins: { regexp: '.*' } }, get('/hello', 'http://1.2.3.999'), refusedActual()),
  v('attack: an invalid IPv4 on a preflight', { sendWildcard: false }, pre('http://0x100.1.1.1', 'PUT'), refusedPreflight('origin')),
  v('a dotted-decimal IPv4 is valid', { sendWildcard: false }, get('/hello', 'http://1.2.3.4'), allowedActual('http://1.2.3.4')),
  v('a compressed IPv6 literal is valid', { sendWildcard: false }, get('/hello', 'http://[::1]'), allowedActual('http://[::1]')),
  v('an underscore in a name is valid', { sendWildcard: false }, get('/hello', 'https://my_app.example.com'), allowedActual('https://my_app.example.com')),
  v('attack: a one-number host (browsers write it as an IPv4)', { sendWildcard: false }, get('/hello', 'http://2130706433'), refusedActual()),
  v('attack: a name whose last label is hex (http://example.0x1)', { sendWildcard: false }, get('/hello', 'http://example.0x1'), refusedActual()),
  v('attack: an IPv6 literal with the zeros spelled out (http://[0:0::1])', { sendWildcard: false }, get('/hello', 'http://[0:0::1]'), refusedActual()),
  v('attack: an IPv6 literal with an embedded dotted IPv4', { sendWildcard: false }, get('/hello', 'http://[::ffff:1.2.3.4]'), refusedActual()),
  v('attack: an IPv6 literal compressing a shorter run than it could', { sendWildcard: false }, get('/hello', 'http://[1::2:0:0:0:3]'), refusedActual()),
  v('attack: an IPv6 literal with leading zeros', { sendWildcard: false }, get('/hello', 'http://[::01]'), refusedActual()),
  v('attack: an IPv6 literal with nine pieces', { sendWildcard: false }, get('/hello', 'http://[1:2:3:4:5:6:7:8:9]'), refusedActual()),
  v('attack: an empty IPv6 literal', { sendWildcard: false }, get('/hello', 'http://[]'), refusedActual()),
  v('attack: an invalid IPv6 literal under a port pattern', { origins: ['http://localhost:*'] }, get('/hello', 'http://[1::2::3]'), refusedActual()),
  v('IPv4 0.0.0.0 is valid', { sendWildcard: false }, get('/hello', 'http://0.0.0.0'), allowedActual('http://0.0.0.0')),
  v(
    'a compressed IPv6 with the first longest run compressed is valid',
    { sendWildcard: false },
    get('/hello', 'http://[1::2:0:0:3]'),
    allowedActual('http://[1::2:0:0:3]'),
  ),
  v(
    'an IPv4-mapped IPv6 as browsers write it is valid',
    { sendWildcard: false },
    get('/hello', 'http://[::ffff:102:304]'),
    allowedActual('http://[::ffff:102:304]'),
  ),
  v('a hex-looking first label in a name is valid', { sendWildcard: false }, get('/hello', 'http://0x7f.example'), allowedActual('http://0x7f.example')),
  v('a numeric label before a name is valid', { sendWildcard: false }, get('/hello', 'http://1.2.3.example'), allowedActual('http://1.2.3.example')),
  v('attack: a trailing dot against a subdomain pattern', SUB, get('/hello', 'https://evil.example.com.'), refusedActual()),
  v('attack: a trailing dot against a port pattern', LOCAL, get('/hello', 'http://localhost.:3000'), refusedActual()),
  v(
    'attack: a trailing dot against a RegExp',
    { origins: { regexp: 'https://[a-z]+\\.example\\.com' } },
    get('/hello', 'https://app.example.com.'),
    refusedActual(),
  ),
  v("attack: a trailing dot against 'null'", { origins: ['null'] }, get('/hello', 'null.'), refusedActual()),
  v('attack: a trailing dot on a listed IPv4 address', { origins: ['http://1.2.3.4'] }, get('/hello', 'http://1.2.3.4.'), refusedActual()),
]);

const NEAR = { supportsCredentials: true, origins: [APP, 'https://*.example.org', 'http://localhost:*', { regexp: 'https://[a-z]+\\.example\\.io' }] };
const NEAR_MISSES: ReadonlyArray<readonly [attack: string, origin: string]> = [
  ['userinfo in front of the allowed host', 'https://evil@app.example.com'],
  ['the allowed host as userinfo', 'https://app.example.com@evil.example'],
  ['the allowed origin as a label prefix', 'https://app.example.com.evil.example'],
  ['a suffix without the dot (evilexample.org)', 'https://evilexample.org'],
  ['the apex of a subdomain pattern', 'https://example.org'],
  ['the http: twin of an https pattern', 'http://a.example.org'],
  ['a subdomain pattern with a port', 'https://a.example.org:8443'],
  ['localhost as a label of another host', 'http://localhost.evil.example'],
  ['an anchored RegExp followed by another host', 'https://a.example.io.evil.example'],
  ['an anchored RegExp preceded by another host', 'https://evil.example/https://a.example.io'],
  ['two Origin headers joined by a comma', `${APP}, https://evil.example`],
  ['the allowed origin and null joined', `null, ${APP}`],
  ['NULL in capitals', 'NULL'],
  ['null not listed', 'null'],
  ['a zone id in an IPv6 literal', 'http://[fe80::1%25eth0]'],
  ['an IPv4-mapped IPv6 literal in dotted form', 'http://[::ffff:127.0.0.1]:3000'],
  ['port 0 on a port pattern', 'http://localhost:0'],
  ['port 65536 on a port pattern', 'http://localhost:65536'],
  ['a leading-zero port on a port pattern', 'http://localhost:08080'],
  ['a tab inside the origin', 'https://app.example.com\t.evil'],
];
group(
  'security: origin near-misses of listed entries, patterns and RegExps are refused',
  NEAR_MISSES.flatMap(([attack, origin]) => [
    v(`attack: ${attack}`, NEAR, get('/hello', origin), refusedActual({ rejected: 'origin' })),
    v(`attack: ${attack}, on a preflight`, NEAR, pre(origin, 'PUT'), refusedPreflight('origin')),
  ]),
);

group('security: subdomain wildcards over special-use names', [
  v(
    'https://*.localhost matches a name under it',
    { origins: ['https://*.localhost'] },
    get('/hello', 'https://app.localhost'),
    allowedActual('https://app.localhost'),
  ),
  v('https://*.test matches a name under it', { origins: ['https://*.test'] }, get('/hello', 'https://app.test'), allowedActual('https://app.test')),
  v(
    'https://*.internal matches a name under it',
    { origins: ['https://*.internal'] },
    get('/hello', 'https://svc.internal'),
    allowedActual('https://svc.internal'),
  ),
  v('http://*.local matches a name under it', { origins: ['http://*.local'] }, get('/hello', 'http://printer.local'), allowedActual('http://printer.local')),
  v(
    'https://*.example matches a name under it',
    { origins: ['https://*.example'] },
    get('/hello', 'https://a.b.example'),
    allowedActual('https://a.b.example'),
  ),
  v('https://*.invalid matches a name under it', { origins: ['https://*.invalid'] }, get('/hello', 'https://x.invalid'), allowedActual('https://x.invalid')),
  v(
    'https://*.home.arpa matches a name under it',
    { origins: ['https://*.home.arpa'] },
    get('/hello', 'https://nas.home.arpa'),
    allowedActual('https://nas.home.arpa'),
  ),
  v('https://*.internal never matches the bare name', { origins: ['https://*.internal'] }, get('/hello', 'https://internal'), refusedActual()),
  v('https://*.localhost never matches the bare name', { origins: ['https://*.localhost'] }, get('/hello', 'https://localhost'), refusedActual()),
  v('https://*.test never matches the bare name', { origins: ['https://*.test'] }, get('/hello', 'https://test'), refusedActual()),
  v('http://*.local never matches the bare name', { origins: ['http://*.local'] }, get('/hello', 'http://local'), refusedActual()),
  v('https://*.example never matches the bare name', { origins: ['https://*.example'] }, get('/hello', 'https://example'), refusedActual()),
  v('https://*.invalid never matches the bare name', { origins: ['https://*.invalid'] }, get('/hello', 'https://invalid'), refusedActual()),
  v('https://*.home.arpa never matches the bare name', { origins: ['https://*.home.arpa'] }, get('/hello', 'https://home.arpa'), refusedActual()),
]);

group('security: a handler answering null gets a 500 with the CORS headers', [
  v(
    'allowed origin: 500 with the echoed origin',
    ONE,
    get('/hello', APP),
    allowedActual(APP, {}, { status: 500, body: 'Internal Server Error', errorReported: true }),
    { returnsNull: true },
  ),
  v(
    'credentials: 500 with Allow-Credentials',
    CRED,
    get('/hello', APP),
    allowedActual(APP, { [ACAC]: 'true' }, { status: 500, body: 'Internal Server Error' }),
    { returnsNull: true },
  ),
  v('wildcard: 500 with *', WILD, get('/hello', APP), wildcardActual({}, { status: 500, body: 'Internal Server Error' }), { returnsNull: true }),
  v('refused origin: 500 without CORS headers', ONE, get('/hello', EVIL), refusedActual({ status: 500, body: 'Internal Server Error' }), { returnsNull: true }),
]);

// ---------------------------------------------------------------------------------------
const env = (vars: Record<string, string>, options?: PolicyData): EnvPolicy => (options ? { env: vars, options } : { env: vars });
group('environment configuration (optionsFromEnv)', [
  v('CORS_ORIGINS lists origins: a listed one is echoed', env({ CORS_ORIGINS: `${APP},${ADMIN}` }), get('/hello', ADMIN), allowedActual(ADMIN)),
  v('CORS_ORIGINS lists origins: an unlisted one is refused', env({ CORS_ORIGINS: `${APP},${ADMIN}` }), get('/hello', EVIL), refusedActual()),
  v('CORS_ORIGINS entries are trimmed and empty ones dropped', env({ CORS_ORIGINS: ` ${APP} , ,${ADMIN} ` }), get('/hello', APP), allowedActual(APP)),
  v("CORS_ORIGINS=* means '*'", env({ CORS_ORIGINS: '*' }), get('/hello', EVIL), wildcardActual()),
  v(
    'CORS_ORIGINS accepts a subdomain pattern',
    env({ CORS_ORIGINS: 'https://*.example.com' }),
    get('/hello', 'https://x.example.com'),
    allowedActual('https://x.example.com'),
  ),
  v('an empty CORS_ORIGINS counts as unset (default *)', env({ CORS_ORIGINS: '' }), get('/hello', EVIL), wildcardActual()),
  v('CORS_METHODS sets the allowed methods', env({ CORS_METHODS: 'GET, PUT' }), pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: 'GET, PUT' })),
  v('CORS_METHODS refuses an unlisted method', env({ CORS_METHODS: 'GET, PUT' }), pre(APP, 'DELETE'), refusedPreflight('method')),
  v(
    'CORS_ALLOW_HEADERS sets the allowed headers',
    env({ CORS_ALLOW_HEADERS: 'X-Foo, Content-Type' }),
    pre(APP, 'PUT', 'x-foo'),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAH]: 'X-Foo, Content-Type' }),
  ),
  v('CORS_ALLOW_HEADERS refuses an unlisted header', env({ CORS_ALLOW_HEADERS: 'X-Foo' }), pre(APP, 'PUT', 'x-bar'), refusedPreflight('header')),
  v(
    'CORS_EXPOSE_HEADERS is trimmed and sent as a list',
    env({ CORS_EXPOSE_HEADERS: ' X-A , ,X-B ' }),
    get('/expose', APP),
    wildcardActual({ [ACEH]: 'X-A, X-B' }),
  ),
  v(
    'CORS_SUPPORTS_CREDENTIALS=true',
    env({ CORS_ORIGINS: APP, CORS_SUPPORTS_CREDENTIALS: 'true' }),
    get('/hello', APP),
    allowedActual(APP, { [ACAC]: 'true' }),
  ),
  v(
    'CORS_SUPPORTS_CREDENTIALS=TRUE (any case)',
    env({ CORS_ORIGINS: APP, CORS_SUPPORTS_CREDENTIALS: 'TRUE' }),
    get('/hello', APP),
    allowedActual(APP, { [ACAC]: 'true' }),
  ),
  v('CORS_SUPPORTS_CREDENTIALS=1', env({ CORS_ORIGINS: APP, CORS_SUPPORTS_CREDENTIALS: '1' }), get('/hello', APP), allowedActual(APP, { [ACAC]: 'true' })),
  v('CORS_SUPPORTS_CREDENTIALS=0', env({ CORS_ORIGINS: APP, CORS_SUPPORTS_CREDENTIALS: '0' }), get('/hello', APP), allowedActual(APP)),
  v('CORS_SEND_WILDCARD=false echoes the origin', env({ CORS_SEND_WILDCARD: 'false' }), get('/hello', APP), allowedActual(APP)),
  v('CORS_ALWAYS_SEND=false: no Origin, no CORS headers', env({ CORS_ALWAYS_SEND: 'false' }), get('/hello'), refusedActual()),
  v(
    'CORS_AUTOMATIC_OPTIONS=false passes preflights to the handler',
    env({ CORS_ORIGINS: APP, CORS_AUTOMATIC_OPTIONS: 'false' }),
    pre(APP, 'PUT'),
    allowedActual(APP),
  ),
  v('CORS_VARY_HEADER=False turns Vary off', env({ CORS_ORIGINS: APP, CORS_VARY_HEADER: 'False' }), get('/hello', APP), expect({ headers: { [ACAO]: APP } })),
  v(
    'CORS_ALLOW_PRIVATE_NETWORK=true',
    env({ CORS_ALLOW_PRIVATE_NETWORK: 'true' }),
    pre(APP, 'GET', undefined, ASK_PN),
    allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACAPN]: 'true', [VARY]: PREFLIGHT_VARY_PN }),
  ),
  v('CORS_MAX_AGE in seconds', env({ CORS_MAX_AGE: '3600' }), pre(APP, 'PUT'), allowedPreflight({ [ACAO]: '*', [ACAM]: DEFAULT_METHODS, [ACMA]: '3600' })),
  v('unrelated CORS_* names are left alone', env({ CORS_PROXY_URL: 'https://proxy.example', CORS_ORIGINS: APP }), get('/hello', APP), allowedActual(APP)),
  v(
    'options in code win over the environment (code origin allowed)',
    env({ CORS_ORIGINS: APP }, { origins: [ADMIN] }),
    get('/hello', ADMIN),
    allowedActual(ADMIN),
  ),
  v(
    'options in code win over the environment (env origin no longer allowed)',
    env({ CORS_ORIGINS: APP }, { origins: [ADMIN] }),
    get('/hello', APP),
    refusedActual(),
  ),
  v(
    'the environment wins over the defaults and code options add to it',
    env({ CORS_ORIGINS: APP, CORS_SEND_WILDCARD: 'true' }, { exposeHeaders: ['X-Request-Id'] }),
    get('/expose', APP),
    allowedActual(APP, { [ACEH]: 'X-Request-Id' }),
  ),
  v('no CORS_* set: defaults apply', env({}), get('/hello', APP), wildcardActual()),
]);

// Rows the adapters' own suites used to check in each runtime, now stated once here.
group('environment: CORS_ORIGINS entries are origin entries', [
  v(
    'a subdomain pattern in CORS_ORIGINS allows a subdomain',
    env({ CORS_ORIGINS: `${APP}, https://*.app.example.com` }),
    get('/hello', 'https://eu.app.example.com'),
    allowedActual('https://eu.app.example.com'),
  ),
  v(
    'a subdomain pattern in CORS_ORIGINS never allows the bare apex',
    env({ CORS_ORIGINS: 'https://*.app.example.com' }),
    get('/hello', APP),
    refusedActual({ rejected: 'origin' }),
  ),
]);

group('security: resources keys answer preflights as they answer the requests that follow', [
  v(
    'attack: a preflight to the whole admin segment percent-encoded',
    SEC_RES,
    pre(PARTNER, 'DELETE', undefined, {}, '/api/%61%64%6D%69%6E/users'),
    refusedPreflight('origin'),
  ),
  v(
    'attack: a preflight to an exact key with a trailing slash (/account/)',
    SEC_RES,
    pre(PARTNER, 'PUT', undefined, {}, '/account/'),
    refusedPreflight('origin'),
  ),
  v(
    'attack: a preflight to an exact key with an encoded letter (/%61ccount)',
    SEC_RES,
    pre(PARTNER, 'PUT', undefined, {}, '/%61ccount'),
    refusedPreflight('origin'),
  ),
  v(
    'attack: an encoded letter and a trailing slash on an exact key (/%61ccount/)',
    SEC_RES,
    get('/%61ccount/', PARTNER),
    refusedActual({ rejected: 'origin' }),
  ),
  v(
    'a preflight to the encoded admin path from the origin it allows is answered',
    SEC_RES,
    pre(APP, 'DELETE', undefined, {}, '/api/%61dmin/users'),
    allowedPreflight({ [ACAO]: APP, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS }),
  ),
]);

// ---------------------------------------------------------------------------------------
const invalidConfig: InvalidGroup[] = [];
/** A configuration that must fail: the codes its problems carry, and, where the wording is the point, what the message must name. */
interface InvalidRow {
  name: string;
  policy: PolicyData | EnvPolicy;
  codes: ConfigIssueCode[];
  mentions?: string[];
}
function invalid(rule: string, vectors: InvalidRow[]): void {
  invalidConfig.push({ rule, vectors: vectors.map(({ name, policy, codes, mentions = [] }) => ({ name, policy, codes, mentions })) });
}

invalid('invalid configuration fails at construction with CorsConfigError', [
  { name: "credentials with origins '*'", policy: { origins: '*', supportsCredentials: true }, codes: ['credentials-with-wildcard'] },
  { name: "credentials with the default origins '*'", policy: { supportsCredentials: true }, codes: ['credentials-with-wildcard'] },
  {
    name: 'an origin with a path names the origin to write',
    policy: { origins: ['https://app.example.com/app'] },
    codes: ['origin-has-path'],
    mentions: ['write "https://app.example.com"'],
  },
  {
    name: 'an origin with a trailing slash names the origin to write',
    policy: { origins: ['https://app.example.com/'] },
    codes: ['origin-trailing-slash'],
    mentions: ['trailing slash; write "https://app.example.com"'],
  },
  {
    name: 'an origin without scheme names the origin to write',
    policy: { origins: ['app.example.com'] },
    codes: ['origin-no-scheme'],
    mentions: ['no scheme; write "https://app.example.com"'],
  },
  { name: 'an origin with a query', policy: { origins: ['https://app.example.com?x=1'] }, codes: ['origin-has-path'] },
  { name: 'several origins in one string', policy: { origins: 'https://a.test,https://b.test' }, codes: ['origin-several'] },
  { name: 'user info in an origin', policy: { origins: ['https://u@app.example.com'] }, codes: ['origin-has-userinfo'] },
  { name: 'origins: null is a wrong type, not "allow all"', policy: { origins: null }, codes: ['wrong-type'], mentions: ['origins: '] },
  { name: 'an IPv6 literal that does not parse', policy: { origins: ['http://[:::::]'] }, codes: ['origin-bad-host'] },
  { name: 'an IPv4 address in brackets', policy: { origins: ['http://[1.2.3.4]'] }, codes: ['origin-bad-host'] },
  {
    name: 'an IPv6 literal spelled longhand never matches: names the form browsers write',
    policy: { origins: ['http://[0:0:0:0:0:0:0:1]'] },
    codes: ['origin-not-canonical'],
    mentions: ['browsers write as "[::1]"'],
  },
  {
    name: 'an IPv4 address with leading zeros never matches: names the form browsers write',
    policy: { origins: ['http://127.000.000.001'] },
    codes: ['origin-not-canonical'],
    mentions: ['browsers write as "127.0.0.1"'],
  },
  { name: 'a label starting with a hyphen', policy: { origins: ['https://-a-.com'] }, codes: ['origin-bad-host'] },
  { name: 'a label over 63 characters', policy: { origins: [`https://${'a'.repeat(70)}.com`] }, codes: ['origin-bad-host'] },
  { name: "'*' inside a list", policy: { origins: ['*', APP] }, codes: ['wildcard-in-list'] },
  { name: 'an empty origins list', policy: { origins: [] }, codes: ['empty-list'] },
  { name: 'a pattern matching every https origin', policy: { origins: 'https://*' }, codes: ['pattern-too-broad'] },
  { name: 'a * in the middle of the host', policy: { origins: 'https://app.*.example.com' }, codes: ['pattern-bad-wildcard'] },
  { name: 'two * in one pattern', policy: { origins: 'https://*.*.example.com' }, codes: ['pattern-bad-wildcard'] },
  { name: 'a * that is not a whole label', policy: { origins: 'https://*example.com' }, codes: ['pattern-bad-wildcard'] },
  { name: 'a pattern without scheme', policy: { origins: '*.example.com' }, codes: ['origin-no-scheme'] },
  { name: 'a * in the scheme', policy: { origins: '*://app.example.com' }, codes: ['origin-bad-scheme'] },
  {
    name: 'a leading space names the origin to write',
    policy: { origins: [` ${APP}`] },
    codes: ['surrounding-space'],
    mentions: ['spaces; write "https://app.example.com"'],
  },
  { name: 'a trailing space', policy: { origins: [`${APP} `] }, codes: ['surrounding-space'] },
  { name: 'port 0', policy: { origins: ['https://app.example.com:0'] }, codes: ['origin-bad-port'] },
  { name: 'port 65536', policy: { origins: ['https://app.example.com:65536'] }, codes: ['origin-bad-port'] },
  { name: 'a non-numeric port', policy: { origins: ['https://app.example.com:abc'] }, codes: ['origin-bad-port'] },
  { name: 'a non-ASCII host (write punycode)', policy: { origins: ['https://b\u00fccher.example'] }, codes: ['origin-bad-host'], mentions: ['punycode'] },
  {
    name: "credentials with an explicit '*' and sendWildcard false",
    policy: { origins: '*', supportsCredentials: true, sendWildcard: false },
    codes: ['credentials-with-wildcard'],
  },
  { name: 'two * in one pattern (host and port)', policy: { origins: ['https://*.example.com:*'] }, codes: ['pattern-bad-wildcard'] },
  { name: 'a pattern on an IP address', policy: { origins: ['http://*.0.0.1'] }, codes: ['pattern-on-ip'] },
  { name: 'spaces around a method in a list', policy: { methods: [' GET'] }, codes: ['surrounding-space'] },
  { name: 'spaces around a comma-separated methods string', policy: { methods: ' GET, PUT ' }, codes: ['surrounding-space'] },
  { name: 'preflightStatus given as a string', policy: { preflightStatus: '204' }, codes: ['preflight-status-range'] },
  { name: 'preflightStatus: null is a wrong value', policy: { preflightStatus: null }, codes: ['preflight-status-range'] },
  { name: 'onReject that is not a function', policy: { onReject: 'log' }, codes: ['wrong-type'], mentions: ['onReject: '] },
  { name: "Flask-CORS's headers suggests allowHeaders", policy: { headers: ['x-a'] }, codes: ['unknown-option'], mentions: ['did you mean allowHeaders?'] },
  {
    name: 'snake_case supports_credentials suggests supportsCredentials',
    policy: { supports_credentials: true },
    codes: ['unknown-option'],
    mentions: ['did you mean supportsCredentials?'],
  },
  {
    name: 'a far-off name lists the options',
    policy: { zzzzzzzzzzzz: 1 },
    codes: ['unknown-option'],
    mentions: ['the options are origins, originTimeout, originCache, methods'],
  },
  { name: 'resources must be a record', policy: { resources: ['/api'] }, codes: ['wrong-type'], mentions: ['resources: '] },
  { name: 'a resources key that is no path', policy: { resources: { api: {} } }, codes: ['resource-key-invalid'], mentions: ['resources["api"]: '] },
  { name: "a resources key with '*' inside", policy: { resources: { '/a/*/b': {} } }, codes: ['resource-key-invalid'], mentions: ['resources["/a/*/b"]: '] },
  {
    name: 'a resources RegExp key that does not compile',
    policy: { resources: { '^/(': {} } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["^/("]: '],
  },
  {
    name: 'a resources entry with an unknown option',
    policy: { resources: { '/api/*': { origin: 'x' } } },
    codes: ['unknown-option'],
    mentions: ['resources["/api/*"].origin: ', 'did you mean origins'],
  },
  {
    name: 'nested resources',
    policy: { resources: { '/api/*': { resources: {} } } },
    codes: ['resources-nested'],
    mentions: ['resources["/api/*"].resources: '],
  },
  { name: 'an empty label', policy: { origins: ['https://app..example.com'] }, codes: ['origin-bad-host'] },
  { name: 'origins of the wrong type (number)', policy: { origins: 42 }, codes: ['wrong-type'] },
  { name: 'origins of the wrong type (boolean)', policy: { origins: true }, codes: ['wrong-type'] },
  { name: 'a number inside the origins list', policy: { origins: [APP, 42] }, codes: ['wrong-type'] },
  { name: 'a method that is not a token', policy: { methods: ['GET', 'BAD METHOD'] }, codes: ['not-a-token'] },
  { name: 'the CONNECT method', policy: { methods: ['GET', 'CONNECT'] }, codes: ['forbidden-method'] },
  { name: 'the TRACE method', policy: { methods: ['TRACE'] }, codes: ['forbidden-method'] },
  { name: 'the TRACK method in lower case', policy: { methods: ['track'] }, codes: ['forbidden-method'] },
  { name: "'*' inside a methods list", policy: { methods: ['*', 'GET'] }, codes: ['wildcard-in-list'] },
  { name: 'a forbidden request header Cookie in allowHeaders', policy: { allowHeaders: ['X-Foo', 'Cookie'] }, codes: ['forbidden-header'] },
  { name: 'a forbidden request header Host in allowHeaders', policy: { allowHeaders: ['Host'] }, codes: ['forbidden-header'] },
  { name: 'a forbidden request header Content-Length in allowHeaders', policy: { allowHeaders: 'Content-Length' }, codes: ['forbidden-header'] },
  { name: 'a forbidden Sec- prefixed header in allowHeaders', policy: { allowHeaders: ['Sec-Fetch-Mode'] }, codes: ['forbidden-header'] },
  { name: 'a forbidden Proxy- prefixed header in allowHeaders', policy: { allowHeaders: ['Proxy-Authorization'] }, codes: ['forbidden-header'] },
  { name: 'a header name that is not a token in allowHeaders', policy: { allowHeaders: ['X Foo'] }, codes: ['not-a-token'] },
  { name: "'*' inside an allowHeaders list", policy: { allowHeaders: ['*', 'X-Foo'] }, codes: ['wildcard-in-list'] },
  { name: "'*' inside an exposeHeaders list", policy: { exposeHeaders: ['*', 'X-A'] }, codes: ['wildcard-in-list'] },
  {
    name: "exposeHeaders '*' with credentials",
    policy: { origins: [APP], supportsCredentials: true, exposeHeaders: '*' },
    codes: ['expose-wildcard-with-credentials'],
  },
  { name: 'a header name that is not a token in exposeHeaders', policy: { exposeHeaders: ['X(A)'] }, codes: ['not-a-token'] },
  { name: 'maxAge below 0', policy: { maxAge: -1 }, codes: ['max-age-range'] },
  { name: 'maxAge above 86400', policy: { maxAge: 86401 }, codes: ['max-age-range'] },
  { name: 'maxAge not an integer', policy: { maxAge: 1.5 }, codes: ['max-age-range'] },
  { name: 'maxAge a non-numeric string', policy: { maxAge: 'ten' }, codes: ['max-age-range'] },
  { name: 'maxAge with a unit', policy: { maxAge: '10s' }, codes: ['max-age-range'] },
  { name: 'preflightStatus 199', policy: { preflightStatus: 199 }, codes: ['preflight-status-range'] },
  { name: 'preflightStatus 300', policy: { preflightStatus: 300 }, codes: ['preflight-status-range'] },
  { name: 'preflightStatus 404', policy: { preflightStatus: 404 }, codes: ['preflight-status-range'] },
  { name: 'a boolean option given a string', policy: { supportsCredentials: 'true', origins: [APP] }, codes: ['wrong-type'] },
  { name: 'debug given a string', policy: { debug: 'yes' }, codes: ['wrong-type'] },
  { name: 'varyHeader given a number', policy: { varyHeader: 0 }, codes: ['wrong-type'] },
  {
    name: 'an unknown option suggests the closest name (origin -> origins)',
    policy: { origin: APP },
    codes: ['unknown-option'],
    mentions: ['origin', 'origins'],
  },
  { name: 'an unknown option suggests the closest name (maxage -> maxAge)', policy: { maxage: 60 }, codes: ['unknown-option'], mentions: ['maxage', 'maxAge'] },
  {
    name: 'every problem is listed in one error',
    policy: { origins: ['https://app.example.com/'], maxAge: -1, preflightStatus: 500 },
    codes: ['origin-trailing-slash', 'max-age-range', 'preflight-status-range'],
  },
  {
    name: 'an invalid entry inside resources names the entry and the option',
    policy: { resources: { '/api/*': { origins: ['app.example.com'] } } },
    codes: ['origin-no-scheme'],
    mentions: ['resources["/api/*"].origins: '],
  },
]);

invalid('invalid environment values fail with CorsConfigError naming the variable', [
  { name: 'CORS_MAX_AGE=ten', policy: env({ CORS_MAX_AGE: 'ten' }), codes: ['max-age-range'] },
  { name: 'CORS_SUPPORTS_CREDENTIALS=yes', policy: env({ CORS_ORIGINS: APP, CORS_SUPPORTS_CREDENTIALS: 'yes' }), codes: ['wrong-type'] },
  { name: 'CORS_SEND_WILDCARD=maybe', policy: env({ CORS_SEND_WILDCARD: 'maybe' }), codes: ['wrong-type'] },
  { name: 'CORS_ALLOW_PRIVATE_NETWORK=on', policy: env({ CORS_ALLOW_PRIVATE_NETWORK: 'on' }), codes: ['wrong-type'] },
  { name: 'CORS_VARY_HEADER=2', policy: env({ CORS_VARY_HEADER: '2' }), codes: ['wrong-type'] },
  { name: 'a negative CORS_MAX_AGE', policy: env({ CORS_MAX_AGE: '-1' }), codes: ['max-age-range'], mentions: ['CORS_MAX_AGE: '] },
  { name: 'CORS_MAX_AGE over a day', policy: env({ CORS_MAX_AGE: '99999' }), codes: ['max-age-range'], mentions: ['CORS_MAX_AGE: '] },
  { name: 'CORS_VARY_HEADER=on', policy: env({ CORS_VARY_HEADER: 'on' }), codes: ['wrong-type'], mentions: ['CORS_VARY_HEADER: '] },
  { name: 'an origin with a trailing slash in CORS_ORIGINS', policy: env({ CORS_ORIGINS: 'https://a.test/' }), codes: ['origin-trailing-slash'] },
  {
    name: "CORS_SUPPORTS_CREDENTIALS=true with the default origins '*'",
    policy: env({ CORS_SUPPORTS_CREDENTIALS: 'true' }),
    codes: ['credentials-with-wildcard'],
  },
]);

invalid('security: resources keys that can never match are configuration errors', [
  {
    name: 'attack: a query string in a key (/api?x=1)',
    policy: { resources: { '/api?x=1': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/api?x=1"]'],
  },
  {
    name: 'attack: a fragment in a key (/a#frag)',
    policy: { resources: { '/a#frag': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a#frag"]'],
  },
  {
    name: 'attack: a ../ segment (/a/../b)',
    policy: { resources: { '/a/../b': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/../b"]'],
  },
  {
    name: 'attack: a ./ segment (/a/./b)',
    policy: { resources: { '/a/./b': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/./b"]'],
  },
  {
    name: 'attack: a trailing /.. (/a/..)',
    policy: { resources: { '/a/..': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/.."]'],
  },
  {
    name: 'attack: a trailing /. (/a/.)',
    policy: { resources: { '/a/.': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/."]'],
  },
  {
    name: 'attack: an encoded dot segment (/a/%2e%2e/b)',
    policy: { resources: { '/a/%2e%2e/b': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/%2e%2e/b"]'],
  },
  {
    name: 'attack: a dot segment before a prefix star (/a/../*)',
    policy: { resources: { '/a/../*': { origins: [APP] } } },
    codes: ['resource-key-invalid'],
    mentions: ['resources["/a/../*"]'],
  },
  {
    name: 'two keys that decode to one path',
    policy: { resources: { '/service path': {}, '/service%20path': {} } },
    codes: ['resource-key-duplicate'],
    mentions: ['resources["/service%20path"]'],
  },
  { name: 'a wildcard over a single public label (https://*.com) is still an error', policy: { origins: ['https://*.com'] }, codes: ['pattern-too-broad'] },
  { name: 'a wildcard over every .io name', policy: { origins: ['https://*.io'] }, codes: ['pattern-too-broad'] },
  { name: 'a wildcard over every .arpa name', policy: { origins: ['https://*.arpa'] }, codes: ['pattern-too-broad'] },
  { name: 'a wildcard under a numeric label', policy: { origins: ['https://*.1'] }, codes: ['pattern-on-ip'] },
  {
    name: 'a port with a leading zero (browsers send 8443)',
    policy: { origins: ['https://app.example.com:08443'] },
    codes: ['origin-not-canonical'],
    mentions: ['"8443"'],
  },
  {
    name: 'a leading-zero port inside a port pattern base',
    policy: { origins: ['http://127.0.0.1:0080'] },
    codes: ['origin-not-canonical'],
    mentions: ['"80"'],
  },
]);

invalid('security: environment settings that would widen the policy silently', [
  { name: 'attack: CORS_ORIGINS="," (no entries) never reads as *', policy: env({ CORS_ORIGINS: ',' }), codes: ['env-empty'] },
  { name: 'attack: CORS_ORIGINS=" , " (no entries) never reads as *', policy: env({ CORS_ORIGINS: ' , ' }), codes: ['env-empty'] },
  { name: 'attack: CORS_METHODS="," (no entries)', policy: env({ CORS_METHODS: ',' }), codes: ['env-empty'] },
  { name: 'attack: CORS_ORIGINS of white space only never reads as *', policy: env({ CORS_ORIGINS: '   ' }), codes: ['env-empty'] },
  { name: 'attack: CORS_ALLOW_HEADERS=",," (no entries) never reads as *', policy: env({ CORS_ALLOW_HEADERS: ',,' }), codes: ['env-empty'] },
  { name: 'attack: * among listed origins in CORS_ORIGINS', policy: env({ CORS_ORIGINS: `${APP},*` }), codes: ['wildcard-in-list'] },
  { name: 'a leading-zero port in CORS_ORIGINS', policy: env({ CORS_ORIGINS: 'http://app.com:08443' }), codes: ['origin-not-canonical'] },
  {
    name: 'attack: the right name in lower case (cors_origins) is not read',
    policy: env({ cors_origins: APP }),
    codes: ['env-misnamed'],
    mentions: ['cors_origins', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: the right name with hyphens (CORS-ORIGINS) is not read',
    policy: env({ 'CORS-ORIGINS': APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS-ORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: "attack: Spring's CORS_ALLOWEDORIGINS names CORS_ORIGINS",
    policy: env({ CORS_ALLOWEDORIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOWEDORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: "attack: Starlette's CORS_ALLOW_ORIGIN_REGEX names CORS_ORIGINS",
    policy: env({ CORS_ALLOW_ORIGIN_REGEX: '.*' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOW_ORIGIN_REGEX', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: a typo CORS_ORIGIN names CORS_ORIGINS',
    policy: env({ CORS_ORIGIN: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ORIGIN', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: a typo CORS_MAXAGE names CORS_MAX_AGE',
    policy: env({ CORS_MAXAGE: '60' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_MAXAGE', 'CORS_MAX_AGE'],
  },
  {
    name: 'attack: a transposition CORS_ORIGNIS names CORS_ORIGINS',
    policy: env({ CORS_ORIGNIS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ORIGNIS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: CORS_ALLOW_ORIGINS names CORS_ORIGINS',
    policy: env({ CORS_ALLOW_ORIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOW_ORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: CORS_ALLOWED_HEADERS names CORS_ALLOW_HEADERS',
    policy: env({ CORS_ALLOWED_HEADERS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOWED_HEADERS', 'CORS_ALLOW_HEADERS'],
  },
  {
    name: 'attack: CORS_ALLOW_METHODS names CORS_METHODS',
    policy: env({ CORS_ALLOW_METHODS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOW_METHODS', 'CORS_METHODS'],
  },
  {
    name: "attack: django's CORS_ORIGIN_WHITELIST names CORS_ORIGINS",
    policy: env({ CORS_ORIGIN_WHITELIST: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ORIGIN_WHITELIST', 'CORS_ORIGINS'],
  },
  {
    name: "attack: django's CORS_ALLOW_ALL_ORIGINS names CORS_ORIGINS",
    policy: env({ CORS_ALLOW_ALL_ORIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: lower-case letters in the name (CORS_Max_Age) names CORS_MAX_AGE',
    policy: env({ CORS_Max_Age: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_Max_Age', 'CORS_MAX_AGE'],
  },
  {
    name: "attack: Spring's and Laravel's CORS_ALLOWED_ORIGIN_PATTERNS names CORS_ORIGINS",
    policy: env({ CORS_ALLOWED_ORIGIN_PATTERNS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOWED_ORIGIN_PATTERNS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: CORS_ORIGIN_REGEX names CORS_ORIGINS',
    policy: env({ CORS_ORIGIN_REGEX: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ORIGIN_REGEX', 'CORS_ORIGINS'],
  },
  {
    name: "attack: another framework's name in mixed case (CORS_Allowed_Origins) names CORS_ORIGINS",
    policy: env({ CORS_Allowed_Origins: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_Allowed_Origins', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: a doubled underscore (CORS__ORIGINS) names CORS_ORIGINS',
    policy: env({ CORS__ORIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS__ORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: a zero for an O (CORS_0RIGINS) names CORS_ORIGINS',
    policy: env({ CORS_0RIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_0RIGINS', 'CORS_ORIGINS'],
  },
  {
    name: 'attack: a typo CORS_SUPPORT_CREDENTIALS names CORS_SUPPORTS_CREDENTIALS',
    policy: env({ CORS_ORIGINS: APP, CORS_SUPPORT_CREDENTIALS: 'true' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_SUPPORT_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS'],
  },
  {
    name: "attack: another framework's CORS_ALLOWED_ORIGINS names CORS_ORIGINS",
    policy: env({ CORS_ALLOWED_ORIGINS: APP }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGINS'],
  },
  {
    name: "attack: another framework's CORS_ALLOW_CREDENTIALS names CORS_SUPPORTS_CREDENTIALS",
    policy: env({ CORS_ORIGINS: APP, CORS_ALLOW_CREDENTIALS: 'true' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOW_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS'],
  },
  {
    name: "attack: another framework's CORS_ALLOWED_METHODS names CORS_METHODS",
    policy: env({ CORS_ALLOWED_METHODS: 'GET' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_ALLOWED_METHODS', 'CORS_METHODS'],
  },
  {
    name: "attack: another framework's CORS_EXPOSED_HEADERS names CORS_EXPOSE_HEADERS",
    policy: env({ CORS_EXPOSED_HEADERS: 'X-A' }),
    codes: ['env-misnamed'],
    mentions: ['CORS_EXPOSED_HEADERS', 'CORS_EXPOSE_HEADERS'],
  },
]);
// Each group cites the section of docs/behaviour.md that states its rule: the first prefix of
// the group's name that matches below. A new group whose name matches none stops the script.
const SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ['security: resources', 'resource-matching'],
  ['security: never *', 'credentials'],
  ['security: the policy owns', 'header-ownership'],
  ['security: request Origins', 'origin-validity'],
  ['security: origin near-misses', 'origin-patterns'],
  ['security: subdomain wildcards', 'origin-patterns'],
  ['security: a handler answering null', 'errors'],
  ['security: environment', 'environment'],
  ['request Origin', 'origin-validity'],
  ['origins: subdomain pattern', 'origin-patterns'],
  ['origins: port pattern', 'origin-patterns'],
  ['origins', 'origin-entries'],
  ['sendWildcard', 'origin-entries'],
  ['preflight: methods', 'methods'],
  ['preflight: allowHeaders', 'request-headers'],
  ['preflight: private network', 'private-network'],
  ['preflight', 'preflights'],
  ['maxAge', 'preflights'],
  ['preflightStatus', 'preflights'],
  ['automaticOptions', 'preflights'],
  ['supportsCredentials', 'credentials'],
  ['alwaysSend', 'no-origin'],
  ['exposeHeaders', 'actual-responses'],
  ['immutable responses', 'actual-responses'],
  ['the policy owns', 'header-ownership'],
  ['handler errors', 'errors'],
  ['Vary', 'vary'],
  ['resources', 'resources'],
  ['debug', 'debug'],
  ['environment', 'environment'],
  ['invalid environment', 'environment'],
  ['invalid configuration', 'config-errors'],
];
function cite<G extends Group | InvalidGroup>(g: G): G {
  const hit = SECTIONS.find(([prefix]) => g.rule.startsWith(prefix));
  if (!hit) throw new Error(`group "${g.rule}" cites no section of docs/behaviour.md; add its name's prefix to SECTIONS`);
  return { rule: g.rule, see: `docs/behaviour.md#${hit[1]}`, vectors: g.vectors } as G;
}

const file: VectorFile & { $comment: string[] } = {
  $comment: [
    'fetch-cors conformance vectors. Generated from scripts/vectors.ts; each expectation is written by hand from docs/behaviour.md.',
    'Each group names its rule (rule) and the section of docs/behaviour.md that states it (see, relative to the repository root).',
    'policy: createCors options as plain data, or {"env": {CORS_*: string}, "options"?: {...}} for optionsFromEnv (code options win over env).',
    'Encodings: {"regexp": source, "flags": f} is a RegExp; {"function": {"allow": [origins], "async"?: bool, "throws"?: bool, "path"?: pathname}} is an origin function',
    'that allows the listed origins (only on that pathname, when given), asynchronously, or throws/rejects.',
    'request: method, path (appended to https://api.test), headers. handler: what the handler answers (status, headers (array = appended), body, default 200 "ok";',
    'throws / rejects / returnsNull (the handler answers null); redirect = Response.redirect to that path with redirectStatus, default 302; fetch = the response of fetch() of that data: URL). Without a handler entry the handler answers 200 "ok".',
    'expect: status; headers present with exactly these values (vary compared as a set of comma-separated tokens, case-insensitive, no duplicates);',
    'absent: headers that must not be present; any other of the seven CORS response headers (Access-Control-Allow-Origin, -Allow-Credentials, -Allow-Methods, -Allow-Headers, -Expose-Headers, -Max-Age, -Allow-Private-Network) is a failure. handlerCalled; body (exact, when given);',
    'rejected: the onReject reason of the first call (null = never called; key absent = not checked); errorReported: onError was called once with an Error and the request (false = never called; key absent = not checked).',
    'invalidConfig: constructing the policy (or, where the runtime reads configuration per request, the first request) throws CorsConfigError',
    'whose issues carry every code in "codes" (CorsConfigIssue.code, see docs/behaviour.md#config-errors), each issue named "option: message" in the',
    'error message, and whose message contains every "mentions" string (case-sensitive).',
  ],
  version: 1,
  groups: groups.map(cite),
  invalidConfig: invalidConfig.map(cite),
};

// Sanity: unique names per group.
for (const g of [...groups, ...invalidConfig]) {
  const names = new Set<string>();
  for (const vec of g.vectors) {
    if (names.has(vec.name)) throw new Error(`duplicate vector name in ${g.rule}: ${vec.name}`);
    names.add(vec.name);
  }
}

const out = new URL('../vectors.json', import.meta.url);
const text = `${JSON.stringify(file, null, 2)}\n`;
// `--check` (the core runner's test): exit 1 when the committed vectors.json differs from this file.
if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== text) {
    console.error('vectors.json differs from scripts/vectors.ts: run pnpm --filter @fetch-cors/conformance vectors');
    process.exit(1);
  }
} else {
  writeFileSync(out, text);
  const counts = [...groups, ...invalidConfig].map((g) => `${String(g.vectors.length).padStart(4)}  ${g.rule}`);
  const total = [...groups, ...invalidConfig].reduce((n, g) => n + g.vectors.length, 0);
  console.log(`${counts.join('\n')}\n${String(total).padStart(4)}  total`);
}
