/**
 * Express cors's own test cases (test/ of expressjs/cors: the unit suite, the example app,
 * the error-response app and the regression apps), translated.
 *
 * Each row is one case: the peer's options (`peer`), ours (`ours`, as
 * docs/migrating/from-express.md maps them), the request, and the answer the peer's suite
 * expects (`expect`). Every row runs twice: against the `cors` package itself, driven with a
 * fake request and response as its suite does, to show the translated expectation is
 * faithful; and against @fetch-cors/core's `withCors`, which must give `expect`, or `differs`
 * where our behaviour differs, with the guide section that says why.
 *
 * Two translations apply to the rows: the peer's Origin `request.com` is sent as
 * `http://request.com` (a browser's Origin always carries its scheme; the two rows whose
 * peer configuration is written for the bare name keep it), and the peer's
 * preflights, which its fake requests send without `Access-Control-Request-Method`, carry
 * `Access-Control-Request-Method: GET` as every browser preflight does; the rows named
 * "without Access-Control-Request-Method" keep the peer's request as it was.
 */
import expressCors, { type CorsOptions as ExpressCorsOptions, type CorsOptionsDelegate } from 'cors';
import { CorsConfigError, createCors, type CorsOptions, type CorsPolicy, withCors } from '@fetch-cors/core';
import { describe, expect, it } from 'vitest';
import { ACAC, ACAH, ACAM, ACAO, ACEH, ACMA, VARY } from '../../conformance/src/test-names';
import { type Answer, type Difference, expectAnswer, guideSectionExists } from '../src/answer';

/** What the application answers after the CORS middleware (Express: what runs after next()). */
interface Handler {
  readonly status?: number;
  readonly throws?: boolean;
  /** Headers the application set before CORS ran (Express: on `res` before the middleware). */
  readonly headers?: Record<string, string>;
}

interface Row {
  readonly name: string;
  /** The `cors` package's options as the peer's case gives them. */
  readonly peer: ExpressCorsOptions | CorsOptionsDelegate;
  /** Our options, or a policy chosen per request where the peer's options were per request. */
  readonly ours: () => CorsOptions | CorsPolicy;
  readonly method?: string;
  /** Request headers; default: the peer's fake request (Origin and two requested headers). */
  readonly headers?: Record<string, string>;
  readonly handler?: Handler;
  /** What the peer's suite expects. */
  readonly expect: Answer;
  /** Our answer where it is not the peer's, and the guide section that explains it. */
  readonly differs?: Difference;
}

const ORIGIN = 'http://request.com';
const FAKE_REQUEST = { origin: ORIGIN, 'access-control-request-headers': 'requestedHeader1,requestedHeader2' };
const PREFLIGHT = { ...FAKE_REQUEST, 'access-control-request-method': 'GET' };
const PREFLIGHT_VARY = ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'];
const NO_CORS = { [ACAO]: null, [ACAM]: null, [ACAH]: null, [ACAC]: null, [ACMA]: null };

const credentialsWildcard: Difference = { configError: /supportsCredentials/, guide: 'from-express.md#credentials-wildcard' };
const fixedOrigin = 'from-express.md#fixed-origin';

const rows: Row[] = [
  {
    name: 'does not alter `options` configuration object (frozen options are accepted)',
    peer: Object.freeze({ origin: 'custom-origin' }),
    ours: () => Object.freeze({ origins: ['http://custom-origin.example'] }),
    expect: { handlerCalled: true },
  },
  { name: 'passes control to next middleware', peer: {}, ours: () => ({}), expect: { handlerCalled: true } },
  {
    name: 'shortcircuits preflight requests',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 204, handlerCalled: false },
  },
  {
    name: 'shortcircuits preflight requests (without Access-Control-Request-Method)',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    expect: { status: 204, handlerCalled: false },
    differs: { status: 200, handlerCalled: true, headers: { [ACAO]: '*', [ACAM]: null }, guide: 'from-express.md#preflight-detection' },
  },
  {
    name: 'can configure preflight success response status code',
    peer: { optionsSuccessStatus: 200 },
    ours: () => ({ preflightStatus: 200 }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 200, handlerCalled: false },
  },
  {
    name: "doesn't shortcircuit preflight requests with preflightContinue option",
    peer: { preflightContinue: true },
    ours: () => ({ automaticOptions: false }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { handlerCalled: true },
  },
  {
    name: 'normalizes method names',
    peer: {},
    ours: () => ({}),
    method: 'options',
    headers: PREFLIGHT,
    expect: { status: 204, handlerCalled: false },
  },
  {
    name: 'includes Content-Length response header',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { 'content-length': '0' } },
    differs: { status: 204, headers: { 'content-length': null }, guide: 'from-express.md#content-length' },
  },
  {
    name: 'no options enables default CORS to all origins',
    peer: {},
    ours: () => ({}),
    expect: { headers: { [ACAO]: '*', [ACAM]: null } },
  },
  {
    name: 'OPTION call with no options enables default CORS to all origins and methods',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 204, headers: { [ACAO]: '*', [ACAM]: 'GET,HEAD,PUT,PATCH,POST,DELETE' } },
    differs: { status: 204, headers: { [ACAO]: '*', [ACAM]: 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE' }, guide: 'from-express.md#default-methods' },
  },
  {
    name: 'passing static options: overrides defaults',
    peer: { origin: 'example.com', methods: ['FOO', 'bar'], allowedHeaders: ['FIZZ', 'buzz'], credentials: true, maxAge: 123 },
    ours: () => ({ origins: ['http://example.com'], methods: ['FOO', 'bar'], allowHeaders: ['FIZZ', 'buzz'], supportsCredentials: true, maxAge: 123 }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 204, headers: { [ACAO]: 'example.com', [ACAM]: 'FOO,bar', [ACAH]: 'FIZZ,buzz', [ACAC]: 'true', [ACMA]: '123' } },
    differs: { status: 403, headers: { ...NO_CORS, [VARY]: PREFLIGHT_VARY }, guide: fixedOrigin },
  },
  {
    name: 'passing static options: overrides defaults (from the configured origin)',
    peer: { origin: 'http://example.com', methods: ['FOO', 'bar'], allowedHeaders: ['FIZZ', 'buzz'], credentials: true, maxAge: 123 },
    ours: () => ({ origins: ['http://example.com'], methods: ['FOO', 'bar'], allowHeaders: ['FIZZ', 'buzz'], supportsCredentials: true, maxAge: 123 }),
    method: 'OPTIONS',
    headers: { origin: 'http://example.com', 'access-control-request-method': 'FOO', 'access-control-request-headers': 'fizz' },
    expect: { status: 204, headers: { [ACAO]: 'http://example.com', [ACAM]: 'FOO,bar', [ACAH]: 'FIZZ,buzz', [ACAC]: 'true', [ACMA]: '123' } },
    differs: {
      status: 204,
      headers: { [ACAO]: 'http://example.com', [ACAM]: 'FOO, bar', [ACAH]: 'FIZZ, buzz', [ACAC]: 'true', [ACMA]: '123' },
      guide: 'from-express.md#list-format',
    },
  },
  {
    name: 'matches request origin against regexp',
    peer: { origin: /^(.+\.)?request.com$/ },
    ours: () => ({ origins: /^(.+\.)?request.com$/ }),
    headers: { ...FAKE_REQUEST, origin: 'request.com' },
    expect: { headers: { [ACAO]: 'request.com', [VARY]: 'Origin' } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-express.md#regexp' },
  },
  {
    name: 'matches request origin against regexp (written for the whole origin)',
    peer: { origin: /^https?:\/\/(.+\.)?request\.com$/ },
    ours: () => ({ origins: /^https?:\/\/(.+\.)?request\.com$/ }),
    expect: { headers: { [ACAO]: ORIGIN, [VARY]: 'Origin' } },
  },
  {
    name: 'matches request origin against array of origin checks',
    peer: { origin: [/foo\.com$/, 'request.com'] },
    ours: () => ({ origins: [/foo\.com$/, 'request.com'] }),
    headers: { ...FAKE_REQUEST, origin: 'request.com' },
    expect: { headers: { [ACAO]: 'request.com', [VARY]: 'Origin' } },
    differs: { configError: /request\.com.*has no scheme/, guide: 'from-express.md#origin-strings' },
  },
  {
    name: "doesn't match request origin against array of invalid origin checks",
    peer: { origin: [/foo\.com$/, 'bar.com'] },
    ours: () => ({ origins: [/foo\.com$/, 'bar.com'] }),
    expect: { headers: { [ACAO]: null, [VARY]: 'Origin' } },
    differs: { configError: /bar\.com.*has no scheme/, guide: 'from-express.md#origin-strings' },
  },
  {
    name: 'origin of false disables cors',
    peer: { origin: false, methods: ['FOO', 'bar'], allowedHeaders: ['FIZZ', 'buzz'], credentials: true, maxAge: 123 },
    ours: () => ({ origins: () => false, methods: ['FOO', 'bar'], allowHeaders: ['FIZZ', 'buzz'], supportsCredentials: true, maxAge: 123 }),
    expect: { headers: NO_CORS },
  },
  {
    name: 'can override origin',
    peer: { origin: 'example.com' },
    ours: () => ({ origins: ['http://example.com'] }),
    expect: { headers: { [ACAO]: 'example.com' } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: fixedOrigin },
  },
  {
    name: 'includes Vary header for specific origins',
    peer: { origin: 'example.com' },
    ours: () => ({ origins: ['http://example.com'] }),
    expect: { headers: { [VARY]: 'Origin' } },
  },
  {
    name: 'appends to an existing Vary header',
    peer: { origin: 'example.com' },
    ours: () => ({ origins: ['http://example.com'] }),
    handler: { headers: { Vary: 'Foo' } },
    expect: { headers: { [VARY]: 'Foo, Origin' } },
  },
  { name: 'origin defaults to *', peer: {}, ours: () => ({}), expect: { headers: { [ACAO]: '*' } } },
  {
    name: 'specifying true for origin reflects requesting origin',
    peer: { origin: true },
    ours: () => ({ origins: '*', sendWildcard: false }),
    expect: { headers: { [ACAO]: ORIGIN } },
  },
  {
    name: 'should allow origin when callback returns true',
    peer: { origin: (o, cb) => cb(null, o === ORIGIN) },
    ours: () => ({ origins: (o) => o === ORIGIN }),
    expect: { headers: { [ACAO]: ORIGIN } },
  },
  {
    name: 'should not allow origin when callback returns false',
    peer: { origin: (_o, cb) => cb(null, false) },
    ours: () => ({ origins: () => false }),
    expect: { headers: NO_CORS },
  },
  {
    name: 'should not override options.origin callback: the valid origin',
    peer: { origin: (o, cb) => cb(null, o === ORIGIN) },
    ours: () => ({ origins: (o) => o === ORIGIN }),
    expect: { headers: { [ACAO]: ORIGIN } },
  },
  {
    name: 'should not override options.origin callback: another origin',
    peer: { origin: (o, cb) => cb(null, o === ORIGIN) },
    ours: () => ({ origins: (o) => o === ORIGIN }),
    headers: { origin: 'http://invalid-request.com' },
    expect: { headers: NO_CORS },
  },
  {
    name: 'can override methods',
    peer: { methods: ['method1', 'method2'] },
    ours: () => ({ methods: ['method1', 'method2'] }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 204, headers: { [ACAM]: 'method1,method2' } },
    differs: { status: 204, headers: { [ACAM]: 'method1, method2' }, guide: 'from-express.md#list-format' },
  },
  {
    name: 'methods defaults to GET, HEAD, PUT, PATCH, POST, DELETE',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { status: 204, headers: { [ACAM]: 'GET,HEAD,PUT,PATCH,POST,DELETE' } },
    differs: { status: 204, headers: { [ACAM]: 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE' }, guide: 'from-express.md#default-methods' },
  },
  ...(
    [
      ['as array', ['header1', 'header2']],
      ['as string', 'header1,header2'],
    ] as const
  ).map(
    ([how, allowed]): Row => ({
      name: `can specify allowed headers ${how}`,
      peer: { allowedHeaders: allowed as string | string[] },
      ours: () => ({ allowHeaders: allowed as string | string[] }),
      method: 'OPTIONS',
      headers: PREFLIGHT,
      expect: { headers: { [ACAH]: 'header1,header2', [VARY]: null } },
      differs: { status: 403, headers: { [ACAH]: null, [ACAO]: null, [VARY]: PREFLIGHT_VARY }, guide: 'from-express.md#allowed-headers' },
    }),
  ),
  {
    name: 'can specify allowed headers (a preflight asking only for listed headers)',
    peer: { allowedHeaders: ['header1', 'header2'] },
    ours: () => ({ allowHeaders: ['header1', 'header2'] }),
    method: 'OPTIONS',
    headers: { ...PREFLIGHT, 'access-control-request-headers': 'header1' },
    expect: { headers: { [ACAH]: 'header1,header2', [VARY]: null } },
    differs: { status: 204, headers: { [ACAH]: 'header1, header2', [VARY]: PREFLIGHT_VARY }, guide: 'from-express.md#list-format' },
  },
  {
    name: 'specifying an empty list or string of allowed headers will result in no response header for allowed headers',
    peer: { allowedHeaders: [] },
    ours: () => ({ allowHeaders: [] }),
    expect: { headers: { [ACAH]: null, [VARY]: null } },
  },
  {
    name: 'if no allowed headers are specified, defaults to requested allowed headers',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACAH]: 'requestedHeader1,requestedHeader2', [VARY]: 'Access-Control-Request-Headers' } },
    differs: { status: 204, headers: { [ACAH]: 'requestedheader1,requestedheader2', [VARY]: PREFLIGHT_VARY }, guide: 'from-express.md#allowed-headers' },
  },
  ...(
    [
      ['as array', ['custom-header1', 'custom-header2']],
      ['as string', 'custom-header1,custom-header2'],
    ] as const
  ).map(
    ([how, exposed]): Row => ({
      name: `can specify exposed headers ${how}`,
      peer: { exposedHeaders: exposed as string | string[] },
      ours: () => ({ exposeHeaders: exposed as string | string[] }),
      expect: { headers: { [ACEH]: 'custom-header1,custom-header2' } },
      differs: { headers: { [ACEH]: 'custom-header1, custom-header2' }, guide: 'from-express.md#list-format' },
    }),
  ),
  {
    name: 'specifying an empty list or string of exposed headers will result in no response header for exposed headers',
    peer: { exposedHeaders: [] },
    ours: () => ({ exposeHeaders: [] }),
    expect: { headers: { [ACEH]: null } },
  },
  {
    name: 'includes credentials if explicitly enabled',
    peer: { credentials: true },
    ours: () => ({ supportsCredentials: true }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACAC]: 'true' } },
    differs: credentialsWildcard,
  },
  {
    name: 'includes credentials if explicitly enabled (with the allowed origins listed)',
    peer: { origin: [ORIGIN], credentials: true },
    ours: () => ({ origins: [ORIGIN], supportsCredentials: true }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACAO]: ORIGIN, [ACAC]: 'true' } },
  },
  {
    name: 'does not includes credentials unless explicitly enabled',
    peer: {},
    ours: () => ({}),
    expect: { headers: { [ACAC]: null } },
  },
  {
    name: 'includes maxAge when specified',
    peer: { maxAge: 456 },
    ours: () => ({ maxAge: 456 }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACMA]: '456' } },
  },
  {
    name: 'includes maxAge when specified and equals to zero',
    peer: { maxAge: 0 },
    ours: () => ({ maxAge: 0 }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACMA]: '0' } },
  },
  { name: 'does not includes maxAge unless specified', peer: {}, ours: () => ({}), expect: { headers: { [ACMA]: null } } },
  {
    name: 'passing a function to build options: handles options specified via callback',
    peer: (_req, cb) => cb(null, { origin: 'delegate.com' }),
    ours: () => createCors({ origins: ['http://delegate.com'] }),
    expect: { headers: { [ACAO]: 'delegate.com' } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-express.md#options-per-request' },
  },
  {
    name: 'passing a function to build options: handles options specified via callback for preflight',
    peer: (_req, cb) => cb(null, { origin: 'delegate.com', maxAge: 1000 }),
    ours: () => createCors({ origins: ['http://delegate.com'], maxAge: 1000 }),
    method: 'OPTIONS',
    headers: PREFLIGHT,
    expect: { headers: { [ACAO]: 'delegate.com', [ACMA]: '1000' } },
    differs: { status: 403, headers: { [ACAO]: null, [ACMA]: null }, guide: fixedOrigin },
  },
  // example-app.js: cors() on single routes, requests without Origin (supertest).
  ...['GET', 'HEAD', 'POST', 'DELETE'].map(
    (method): Row => ({
      name: `example app: ${method} works`,
      peer: {},
      ours: () => ({}),
      method,
      headers: {},
      handler: { status: method === 'HEAD' ? 204 : 200 },
      expect: { status: method === 'HEAD' ? 204 : 200, handlerCalled: true, headers: { [ACAO]: '*' } },
    }),
  ),
  {
    name: 'example app: OPTIONS works (without Origin and Access-Control-Request-Method)',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: {},
    expect: { status: 204, headers: { [ACAO]: '*' } },
    differs: { status: 200, handlerCalled: true, headers: { [ACAO]: '*' }, guide: 'from-express.md#preflight-detection' },
  },
  // issue-2.js: origin: true with credentials on a login route.
  ...[
    ['OPTIONS', 204],
    ['POST', 200],
  ].map(
    ([method, status]): Row => ({
      name: `expressjs/cors test issue-2.js, a login route: ${method} works (origin: true with credentials)`,
      peer: { origin: true, methods: ['POST'], credentials: true, maxAge: 3600 },
      ours: () => ({ origins: '*', sendWildcard: false, methods: ['POST'], supportsCredentials: true, maxAge: 3600 }),
      method: method as string,
      headers: { origin: 'http://example.com' },
      expect: { status: status as number, headers: { [ACAO]: 'http://example.com' } },
      differs: { configError: /supportsCredentials/, guide: 'from-express.md#reflect-with-credentials' },
    }),
  ),
  // issue-31.js: app-wide cors() in front of a router.
  {
    name: 'expressjs/cors test issue-31.js, cors() before a router: OPTIONS works (with Origin, without Access-Control-Request-Method)',
    peer: {},
    ours: () => ({}),
    method: 'OPTIONS',
    headers: { origin: 'http://example.com' },
    expect: { status: 204, headers: { [ACAO]: '*' } },
    differs: { status: 200, handlerCalled: true, headers: { [ACAO]: '*' }, guide: 'from-express.md#preflight-detection' },
  },
  {
    name: 'expressjs/cors test issue-31.js, cors() before a router: GET works',
    peer: {},
    ours: () => ({}),
    headers: { origin: 'http://example.com' },
    expect: { status: 200, handlerCalled: true, headers: { [ACAO]: '*' } },
  },
  // error-response.js: app-wide cors(), the application fails after it.
  {
    name: 'error response: 500 keeps the CORS headers',
    peer: {},
    ours: () => ({}),
    method: 'POST',
    headers: {},
    handler: { throws: true },
    expect: { status: 500, headers: { [ACAO]: '*' } },
  },
  ...[401, 404].map(
    (status): Row => ({
      name: `error response: ${status} keeps the CORS headers`,
      peer: {},
      ours: () => ({}),
      method: 'POST',
      headers: {},
      handler: { status },
      expect: { status, headers: { [ACAO]: '*' } },
    }),
  ),
];

/** The `cors` package driven with a fake request and response, as its own suite drives it. */
function runPeer(row: Row): Promise<{ response: Response; called: boolean }> {
  const headers = new Headers(row.handler?.headers);
  const res = {
    statusCode: 200,
    getHeader: (k: string) => headers.get(k) ?? undefined,
    setHeader: (k: string, v: string | number) => headers.set(k, String(v)),
    end: () => {},
  };
  const req = { method: row.method ?? 'GET', headers: { ...(row.headers ?? FAKE_REQUEST) } };
  const middleware = expressCors(row.peer as ExpressCorsOptions);
  return new Promise((resolve, reject) => {
    res.end = () => resolve({ response: new Response(null, { status: res.statusCode, headers }), called: false });
    middleware(req as never, res as never, (error?: unknown) => {
      if (error) return reject(error as Error);
      const status = row.handler?.throws ? 500 : (row.handler?.status ?? 200);
      resolve({ response: new Response(null, { status, headers }), called: true });
    });
  });
}

/** Runs `row` through our wrapper; every error reported goes to `errors` (through `onError` where the row gives options). */
async function runOurs(row: Row, errors: unknown[]): Promise<{ response: Response; called: boolean }> {
  let called = false;
  const handler = () => {
    called = true;
    if (row.handler?.throws) throw new Error('nope');
    const status = row.handler?.status ?? 200;
    return new Response(status === 204 ? null : 'ok', { status, ...(row.handler?.headers ? { headers: row.handler.headers } : {}) });
  };
  const ours = row.ours();
  const wrapped = withCors(handler, 'handle' in ours ? ours : { ...ours, onError: (error) => errors.push(error) });
  const request = new Request('http://api.test/', { method: row.method ?? 'GET', headers: row.headers ?? FAKE_REQUEST });
  const response = await wrapped(request);
  return { response: response!, called };
}

describe('Express cors suite, translated', () => {
  describe('the peer gives what its suite expects (translation check)', () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const { response, called } = await runPeer(row);
      expectAnswer(response, row.expect, called);
    });
  });

  describe("@fetch-cors/core gives the peer's answer, or the documented difference", () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const want = row.differs ?? row.expect;
      if (want.configError) {
        expect(() => withCors(() => new Response('ok'), row.ours())).toThrow(CorsConfigError);
        expect(() => withCors(() => new Response('ok'), row.ours())).toThrow(want.configError);
        return;
      }
      const errors: unknown[] = [];
      const { response, called } = await runOurs(row, errors);
      expectAnswer(response, want, called);
      expect(errors.length, 'onError calls').toBe(row.handler?.throws ? 1 : 0);
    });
  });

  describe('every difference is written in the guide', () => {
    const differing = rows.filter((r) => r.differs !== undefined).map((row) => [row.differs!.guide, row.name, row] as const);
    it.each(differing)('%s documents: %s', (_guide, _name, row) => {
      expect(guideSectionExists(row.differs!.guide), row.differs!.guide).toBe(true);
    });
  });
});
