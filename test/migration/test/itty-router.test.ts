/**
 * itty-router's own cors test cases (src/cors.spec.ts in kwhitley/itty-router), translated.
 *
 * Each row is one assertion of the peer's suite: the peer's options (`peer`), ours (`ours`, as
 * docs/migrating/from-itty-router.md maps them), what is sent, and the answer the peer's suite
 * expects (`expect`). A `router` row sends a request through a router with one route (`GET /`)
 * and `corsify` among its final steps (`finally` in itty-router 5, `after` in the peer's suite,
 * taken from its main branch); a `corsify` row hands a response (and maybe the request) to the peer's `corsify`, and to our
 * `policy.apply` (a missing request is a request without Origin). Every row runs against
 * itty-router's `cors`, to show the translated expectation is faithful, and against ours,
 * which must give `expect`, or `differs` with the guide section that says why.
 * Requests are sent as the peer's suite sends them: its preflights carry no
 * `Access-Control-Request-Method`; rows named "(as a browser sends it)" add it.
 */
import { Router, cors as ittyCors, text, type CorsOptions as IttyCorsOptions } from 'itty-router';
import { CorsConfigError, createCors, type CorsOptions, withCors } from '@fetch-cors/core';
import { describe, expect, it } from 'vitest';
import { ACAC, ACAH, ACAM, ACAO, ACEH, ACMA } from '../../conformance/src/test-names';
import { type Answer, type Difference, expectAnswer, guideSectionExists } from '../src/answer';

/** An answer, plus what only a `corsify` row can see. */
type IttyAnswer = Answer & {
  /** Whether the result is the response object that was handed in. */
  readonly sameObject?: boolean;
  /** How many `Set-Cookie` headers the result carries. */
  readonly setCookies?: number;
};

interface Row {
  readonly name: string;
  readonly kind: 'router' | 'corsify';
  readonly peer: IttyCorsOptions;
  readonly ours: () => CorsOptions;
  /** `router`: the request sent. `corsify`: the request handed over, `null` for none. */
  readonly request: (() => Request) | null;
  /** `corsify`: the response handed over. */
  readonly response?: () => Response;
  readonly expect: IttyAnswer;
  readonly differs?: IttyAnswer & Difference;
}

const TEST_STRING = 'Hello World';
const TEST_ORIGIN = 'https://foo.bar';
const HEADERS_AS_ARRAY = ['x-foo', 'x-bar'];
const HEADERS_AS_STRING = HEADERS_AS_ARRAY.join(',');
const PREFLIGHT_VARY = ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'];

const basicOptions = () => new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: TEST_ORIGIN } });
const browserPreflight = () =>
  new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'GET' } });
const requestHeadersRequest = () => new Request('http://localhost/', { method: 'OPTIONS', headers: { 'access-control-request-headers': 'x-foo' } });
const basicRequest = () => new Request('http://localhost/', { headers: { origin: TEST_ORIGIN } });

const preflightDetection = 'from-itty-router.md#preflight-detection';
/** Our answer to the peer's bare OPTIONS: an actual request that reaches the router (404 for a GET-only route). */
const reachesRouter = (headers: NonNullable<Answer['headers']>): IttyAnswer & Difference => ({
  status: 404,
  handlerCalled: true,
  headers,
  guide: preflightDetection,
});

const router = (
  name: string,
  peer: IttyCorsOptions,
  ours: () => CorsOptions,
  request: () => Request,
  want: IttyAnswer,
  differs?: IttyAnswer & Difference,
): Row => ({
  name,
  kind: 'router',
  peer,
  ours,
  request,
  expect: want,
  ...(differs ? { differs } : {}),
});
const corsify = (
  name: string,
  peer: IttyCorsOptions,
  ours: () => CorsOptions,
  request: (() => Request) | null,
  want: IttyAnswer,
  differs?: IttyAnswer & Difference,
  response = () => new Response(null),
): Row => ({
  name,
  kind: 'corsify',
  peer,
  ours,
  request,
  response,
  expect: want,
  ...(differs ? { differs } : {}),
});

const rows: Row[] = [
  router('origin: defaults to *', {}, () => ({}), basicOptions, { headers: { [ACAO]: '*' } }),
  router('origin: can accept a string', { origin: TEST_ORIGIN }, () => ({ origins: [TEST_ORIGIN] }), basicOptions, { headers: { [ACAO]: TEST_ORIGIN } }),
  router(
    'origin: can accept a RegExp object (if test passes, reflect origin)',
    { origin: /oo.bar$/ },
    () => ({ origins: /oo.bar$/ }),
    basicOptions,
    { headers: { [ACAO]: TEST_ORIGIN } },
    { headers: { [ACAO]: null }, guide: 'from-itty-router.md#regexp' },
  ),
  router(
    'origin: can accept a RegExp object written for the whole origin',
    { origin: /^https:\/\/(.+\.)?foo\.bar$/ },
    () => ({ origins: /^https:\/\/(.+\.)?foo\.bar$/ }),
    basicOptions,
    { headers: { [ACAO]: TEST_ORIGIN } },
  ),
  router(
    'origin: an unlisted origin is refused (as a browser sends it)',
    { origin: [TEST_ORIGIN] },
    () => ({ origins: [TEST_ORIGIN] }),
    () => new Request('http://localhost/', { method: 'OPTIONS', headers: { origin: 'https://other.example', 'access-control-request-method': 'GET' } }),
    { status: 204, handlerCalled: false, headers: { [ACAO]: null } },
    { status: 403, handlerCalled: false, headers: { [ACAO]: null, vary: PREFLIGHT_VARY }, guide: 'from-itty-router.md#refused-preflight' },
  ),
  router(
    'origin: can accept a RegExp object (undefined if fails)',
    { origin: /^https:\/\/google.com$/ },
    () => ({ origins: /^https:\/\/google.com$/ }),
    basicOptions,
    { headers: { [ACAO]: null } },
  ),
  router('origin: can accept true (reflect origin)', { origin: true }, () => ({ origins: '*', sendWildcard: false }), basicOptions, {
    headers: { [ACAO]: TEST_ORIGIN },
  }),
  router(
    'origin: can accept a function (reflect origin if passes)',
    { origin: () => TEST_ORIGIN.toUpperCase() },
    () => ({ origins: () => true }),
    basicOptions,
    { headers: { [ACAO]: TEST_ORIGIN.toUpperCase() } },
    { headers: { [ACAO]: TEST_ORIGIN }, guide: 'from-itty-router.md#origin-function' },
  ),
  router('origin: can accept a function (undefined if fails)', { origin: () => undefined }, () => ({ origins: () => false }), basicOptions, {
    headers: { [ACAO]: null },
  }),
  router('origin: can accept an array of strings (reflect origin if passes)', { origin: [TEST_ORIGIN] }, () => ({ origins: [TEST_ORIGIN] }), basicOptions, {
    headers: { [ACAO]: TEST_ORIGIN },
  }),
  router(
    'origin: can accept an array of strings (undefined if fails)',
    { origin: [] },
    () => ({ origins: [] }),
    basicOptions,
    { headers: { [ACAO]: null } },
    { configError: /origins.*empty list/, guide: 'from-itty-router.md#empty-origins' },
  ),
  router('allowMethods: defaults to *', {}, () => ({}), basicOptions, { headers: { [ACAM]: '*' } }, reachesRouter({ [ACAM]: null })),
  router(
    'allowMethods: defaults to * (as a browser sends it)',
    {},
    () => ({}),
    browserPreflight,
    { status: 204, headers: { [ACAM]: '*' } },
    { status: 204, headers: { [ACAM]: 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE' }, guide: 'from-itty-router.md#methods' },
  ),
  router(
    'allowMethods: can accept a string',
    { allowMethods: 'GET,POST' },
    () => ({ methods: 'GET,POST' }),
    basicOptions,
    { headers: { [ACAM]: 'GET,POST' } },
    reachesRouter({ [ACAM]: null }),
  ),
  router(
    'allowMethods: can accept an array of strings',
    { allowMethods: ['GET', 'POST'] },
    () => ({ methods: ['GET', 'POST'] }),
    basicOptions,
    { headers: { [ACAM]: 'GET,POST' } },
    reachesRouter({ [ACAM]: null }),
  ),
  router(
    'allowMethods: can accept an array of strings (as a browser sends it)',
    { allowMethods: ['GET', 'POST'] },
    () => ({ methods: ['GET', 'POST'] }),
    browserPreflight,
    { headers: { [ACAM]: 'GET,POST' } },
    { status: 204, headers: { [ACAM]: 'GET, POST' }, guide: 'from-itty-router.md#list-format' },
  ),
  router('allowHeaders: defaults to undefined/null', {}, () => ({}), basicOptions, { headers: { [ACAH]: null } }),
  router(
    'allowHeaders: can accept a string',
    { allowHeaders: HEADERS_AS_STRING },
    () => ({ allowHeaders: HEADERS_AS_STRING }),
    basicOptions,
    { headers: { [ACAH]: HEADERS_AS_STRING } },
    reachesRouter({ [ACAH]: null }),
  ),
  router(
    'allowHeaders: can accept an array of strings',
    { allowHeaders: HEADERS_AS_ARRAY },
    () => ({ allowHeaders: HEADERS_AS_ARRAY }),
    basicOptions,
    { headers: { [ACAH]: HEADERS_AS_STRING } },
    reachesRouter({ [ACAH]: null }),
  ),
  router(
    'allowHeaders: can accept an array of strings (as a browser sends it)',
    { allowHeaders: HEADERS_AS_ARRAY },
    () => ({ allowHeaders: HEADERS_AS_ARRAY }),
    browserPreflight,
    { headers: { [ACAH]: HEADERS_AS_STRING } },
    { status: 204, headers: { [ACAH]: 'x-foo, x-bar' }, guide: 'from-itty-router.md#list-format' },
  ),
  router('exposeHeaders: defaults to undefined/null', {}, () => ({}), basicOptions, { headers: { [ACEH]: null } }),
  router(
    'exposeHeaders: can accept a string',
    { exposeHeaders: HEADERS_AS_STRING },
    () => ({ exposeHeaders: HEADERS_AS_STRING }),
    basicOptions,
    { headers: { [ACEH]: HEADERS_AS_STRING } },
    reachesRouter({ [ACEH]: 'x-foo, x-bar' }),
  ),
  router(
    'exposeHeaders: can accept an array of strings',
    { exposeHeaders: HEADERS_AS_ARRAY },
    () => ({ exposeHeaders: HEADERS_AS_ARRAY }),
    basicOptions,
    { headers: { [ACEH]: HEADERS_AS_STRING } },
    reachesRouter({ [ACEH]: 'x-foo, x-bar' }),
  ),
  router(
    'exposeHeaders: can accept an array of strings (as a browser sends it)',
    { exposeHeaders: HEADERS_AS_ARRAY },
    () => ({ exposeHeaders: HEADERS_AS_ARRAY }),
    browserPreflight,
    { headers: { [ACEH]: HEADERS_AS_STRING } },
    { status: 204, headers: { [ACEH]: null }, guide: 'from-itty-router.md#expose-headers' },
  ),
  router('credentials: defaults to undefined/null', {}, () => ({}), basicOptions, { headers: { [ACAC]: null } }),
  router(
    'credentials: can accept true',
    { credentials: true },
    () => ({ supportsCredentials: true }),
    basicOptions,
    { headers: { [ACAC]: 'true' } },
    { configError: /supportsCredentials/, guide: 'from-itty-router.md#credentials' },
  ),
  router(
    'credentials: reflect domain if origin is *',
    { credentials: true },
    () => ({ supportsCredentials: true }),
    basicOptions,
    { headers: { [ACAO]: TEST_ORIGIN } },
    { configError: /supportsCredentials/, guide: 'from-itty-router.md#credentials' },
  ),
  router(
    'credentials: can accept true (with the allowed origins listed)',
    { credentials: true, origin: [TEST_ORIGIN] },
    () => ({ supportsCredentials: true, origins: [TEST_ORIGIN] }),
    browserPreflight,
    { headers: { [ACAO]: TEST_ORIGIN, [ACAC]: 'true' } },
  ),
  router(
    'preflight: responds to OPTIONS requests',
    {},
    () => ({}),
    basicOptions,
    { handlerCalled: false, headers: { [ACAO]: '*' } },
    reachesRouter({ [ACAO]: '*' }),
  ),
  router('preflight: ignores non-OPTIONS requests (does not return)', {}, () => ({}), basicRequest, { status: 200, handlerCalled: true }),
  router('preflight: responds with status 204', {}, () => ({}), basicOptions, { status: 204 }, reachesRouter({})),
  router(
    'preflight: responds with status 204, without Vary (as a browser sends it)',
    {},
    () => ({}),
    browserPreflight,
    { status: 204, handlerCalled: false, headers: { vary: null } },
    { status: 204, handlerCalled: false, headers: { vary: PREFLIGHT_VARY }, guide: 'from-itty-router.md#vary' },
  ),
  router(
    'preflight: reflects requested headers by default',
    {},
    () => ({}),
    requestHeadersRequest,
    { status: 204, headers: { [ACAH]: 'x-foo' } },
    reachesRouter({ [ACAH]: null }),
  ),
  router(
    'preflight: reflects requested headers by default (as a browser sends it)',
    {},
    () => ({}),
    () =>
      new Request('http://localhost/', {
        method: 'OPTIONS',
        headers: { origin: TEST_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-foo' },
      }),
    { status: 204, headers: { [ACAH]: 'x-foo' } },
  ),
  corsify('corsify: adds cors headers to Response (no request)', {}, () => ({}), null, { headers: { [ACAO]: '*' } }),
  corsify('corsify: adds cors headers to Response (with the request)', {}, () => ({}), basicRequest, { headers: { [ACAO]: '*' } }),
  corsify('corsify: will reflect origin if origin: true (no request)', { origin: true }, () => ({ origins: '*', sendWildcard: false }), null, {
    headers: { [ACAO]: null },
  }),
  corsify('corsify: will reflect origin if origin: true (with the request)', { origin: true }, () => ({ origins: '*', sendWildcard: false }), basicRequest, {
    headers: { [ACAO]: TEST_ORIGIN },
  }),
  corsify('corsify: will reflect origin if origin is in array of origins (no request)', { origin: [TEST_ORIGIN] }, () => ({ origins: [TEST_ORIGIN] }), null, {
    headers: { [ACAO]: null },
  }),
  corsify(
    'corsify: will reflect origin if origin is in array of origins (with the request)',
    { origin: [TEST_ORIGIN] },
    () => ({ origins: [TEST_ORIGIN] }),
    basicRequest,
    { headers: { [ACAO]: TEST_ORIGIN } },
  ),
  corsify('corsify: will reflect origin if origin passes RegExp origin test (no request)', { origin: /oo.bar$/ }, () => ({ origins: /oo.bar$/ }), null, {
    headers: { [ACAO]: null },
  }),
  corsify(
    'corsify: will reflect origin if origin passes RegExp origin test (with the request)',
    { origin: /oo.bar$/ },
    () => ({ origins: /oo.bar$/ }),
    basicRequest,
    { headers: { [ACAO]: TEST_ORIGIN } },
    { headers: { [ACAO]: null, vary: 'Origin' }, guide: 'from-itty-router.md#regexp' },
  ),
  corsify(
    'corsify: will pass origin as string if given (no request)',
    { origin: TEST_ORIGIN },
    () => ({ origins: [TEST_ORIGIN] }),
    null,
    { headers: { [ACAO]: TEST_ORIGIN } },
    { headers: { [ACAO]: null, vary: 'Origin' }, guide: 'from-itty-router.md#fixed-origin' },
  ),
  corsify('corsify: will pass origin as string if given (with the request)', { origin: TEST_ORIGIN }, () => ({ origins: [TEST_ORIGIN] }), basicRequest, {
    headers: { [ACAO]: TEST_ORIGIN },
  }),
  corsify(
    'corsify: will not include preflight headers',
    { allowHeaders: 'foo', allowMethods: 'GET', exposeHeaders: 'foo', maxAge: 3600 },
    () => ({ allowHeaders: 'foo', methods: 'GET', exposeHeaders: 'foo', maxAge: 3600 }),
    null,
    { headers: { [ACAM]: null, [ACAH]: null, [ACEH]: null, [ACMA]: null } },
    { headers: { [ACAM]: null, [ACAH]: null, [ACEH]: 'foo', [ACMA]: null }, guide: 'from-itty-router.md#expose-headers' },
  ),
  corsify(
    'corsify: will safely preserve multiple cookies (or other identical header names)',
    {},
    () => ({}),
    null,
    { setCookies: 2 },
    undefined,
    () => {
      const response = new Response(null);
      response.headers.append('Set-Cookie', 'cookie1=value1; Path=/; HttpOnly');
      response.headers.append('Set-Cookie', 'cookie2=value2; Path=/; Secure');
      return response;
    },
  ),
  corsify(
    'corsify: will preserve existing status codes',
    {},
    () => ({}),
    null,
    { status: 403 },
    undefined,
    () => new Response(null, { status: 403 }),
  ),
  corsify(
    'corsify: will not modify a websocket request',
    {},
    () => ({}),
    null,
    { status: 101, headers: { [ACAO]: null }, sameObject: true },
    undefined,
    () => {
      // A 101 cannot be built with `new Response` outside a runtime that upgrades; the peer's suite fakes one too.
      return { status: 101, statusText: 'Switching Protocols', headers: new Headers(), body: null } as unknown as Response;
    },
  ),
  corsify(
    'corsify: clones the response',
    {},
    () => ({}),
    null,
    { sameObject: false },
    { sameObject: true, headers: { [ACAO]: '*' }, guide: 'from-itty-router.md#existing-headers' },
  ),
];

function check(result: Response, handedIn: Response | undefined, want: IttyAnswer, called?: boolean): void {
  expectAnswer(result, want, called);
  if (want.sameObject !== undefined) expect(result === handedIn, 'same object').toBe(want.sameObject);
  if (want.setCookies !== undefined) expect(result.headers.getSetCookie().length, 'Set-Cookie headers').toBe(want.setCookies);
}

async function runPeer(row: Row): Promise<void> {
  const { preflight, corsify: ittyCorsify } = ittyCors(row.peer);
  if (row.kind === 'corsify') {
    const handedIn = row.response!();
    const result = ittyCorsify(handedIn, row.request ? row.request() : undefined);
    check(result, handedIn, row.expect);
    return;
  }
  let called = false;
  const app = Router({ before: [preflight], finally: [text, ittyCorsify] }).get('/', () => {
    called = true;
    return TEST_STRING;
  });
  const result = (await app.fetch(row.request!())) as Response;
  check(result, undefined, row.expect, called);
}

async function runOurs(row: Row, want: IttyAnswer): Promise<void> {
  if (row.kind === 'corsify') {
    const policy = createCors(row.ours());
    const handedIn = row.response!();
    const result = await policy.apply(row.request ? row.request() : new Request('http://localhost/'), handedIn);
    check(result, handedIn, want);
    return;
  }
  let called = false;
  const app = Router({ finally: [text] }).get('/', () => TEST_STRING);
  const handler = async (request: Request) => {
    called = true;
    return ((await app.fetch(request)) as Response | undefined) ?? new Response('Not Found', { status: 404 });
  };
  const result = await withCors(handler, row.ours())(row.request!());
  check(result!, undefined, want, called);
}

describe('itty-router cors suite, translated', () => {
  it('returns a { preflight, corsify } handler set: ours is one policy with preflight and apply', () => {
    const peer = ittyCors();
    const ours = createCors();
    expect([typeof peer.preflight, typeof peer.corsify]).toEqual(['function', 'function']);
    expect([typeof ours.preflight, typeof ours.apply]).toEqual(['function', 'function']);
  });

  describe('the peer gives what its suite expects (translation check)', () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      await runPeer(row);
    });
  });

  describe("fetch-cors gives the peer's answer, or the documented difference", () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const want = row.differs ?? row.expect;
      if (want.configError) {
        expect(() => createCors(row.ours())).toThrow(CorsConfigError);
        expect(() => createCors(row.ours())).toThrow(want.configError);
        return;
      }
      await runOurs(row, want);
    });
  });

  describe('every difference is written in the guide', () => {
    const differing = rows.filter((r) => r.differs !== undefined).map((row) => [row.differs!.guide, row.name, row] as const);
    it.each(differing)('%s documents: %s', (_guide, _name, row) => {
      expect(guideSectionExists(row.differs!.guide), row.differs!.guide).toBe(true);
    });
  });
});
