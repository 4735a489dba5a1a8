/**
 * hono/cors's own test cases (src/middleware/cors/index.test.ts in honojs/hono), translated.
 *
 * Each row is one assertion of the peer's suite: the peer's configuration (`peer`), ours
 * (`ours`, as docs/migrating/from-hono.md maps it), the request, and the answer hono's suite
 * expects (`expect`). Every row runs twice: against hono/cors, to show the translation of the
 * peer's expectation is faithful, and against @fetch-cors/hono, which must give `expect`, or
 * `differs` where our behaviour differs, with the guide section that says why.
 * Requests are sent as the peer's suite sends them (`app.request`), not as a browser would;
 * rows named "(as a browser sends it)" add the preflight headers a browser always sends.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { CorsConfigError } from '@fetch-cors/core';
import { cors } from '@fetch-cors/hono';
import { describe, expect, it } from 'vitest';
import { ACAC, ACAH, ACAM, ACAO, ACEH, ACMA, VARY } from '../../conformance/src/test-names';
import { type Answer, type Difference, expectAnswer, guideSectionExists } from '../src/answer';

type Route = '/abc' | '/vary-header' | '/raw';

interface Row {
  /** The peer's test title, and what of it the row checks. */
  readonly name: string;
  /** hono/cors as the peer's suite configures it. */
  readonly peer: () => MiddlewareHandler[];
  /** The same intent with @fetch-cors/hono. */
  readonly ours: () => MiddlewareHandler[];
  readonly method?: string;
  readonly path?: Route;
  readonly headers?: Record<string, string>;
  /** Middleware registered before CORS. */
  readonly before?: MiddlewareHandler;
  /** What the peer's suite expects. */
  readonly expect: Answer;
  /** Our answer where it is not the peer's, and the guide section that explains it. */
  readonly differs?: Difference;
  /**
   * What the released hono/cors (the version in package.json) gives where the suite, taken
   * from hono's main branch, already expects a change not yet published.
   */
  readonly released?: Answer;
}

const EXAMPLE = 'http://example.com';
const PREFLIGHT_VARY = ['Origin', 'Access-Control-Request-Method', 'Access-Control-Request-Headers'];

/** /api2 of the peer's suite: one origin with every option set. */
const peerApi2 = () => [
  honoCors({
    origin: EXAMPLE,
    allowHeaders: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
    allowMethods: ['POST', 'GET', 'OPTIONS'],
    exposeHeaders: ['Content-Length', 'X-Kuma-Revision'],
    maxAge: 600,
    credentials: true,
  }),
];
const oursApi2 = () => [
  cors({
    origins: [EXAMPLE],
    allowHeaders: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
    methods: ['POST', 'GET', 'OPTIONS'],
    exposeHeaders: ['Content-Length', 'X-Kuma-Revision'],
    maxAge: 600,
    supportsCredentials: true,
  }),
];
const peerApi3 = () => [honoCors({ origin: ['http://example.com', 'http://example.org', 'http://example.dev'] })];
const oursApi3 = () => [cors({ origins: ['http://example.com', 'http://example.org', 'http://example.dev'] })];
/** /api4: a function that names the origin to send, falling back to a fixed one. */
const peerApi4 = () => [honoCors({ origin: (o) => (o.endsWith('.example.com') ? o : EXAMPLE) })];
const oursApi4 = () => [cors({ origins: (o) => o.endsWith('.example.com') || o === EXAMPLE })];
const peerApi8 = () => [honoCors({ origin: async (o) => (o.endsWith('.example.com') ? o : EXAMPLE) })];
const oursApi8 = () => [cors({ origins: async (o) => o.endsWith('.example.com') || o === EXAMPLE })];
/** /api7: methods chosen by origin; ours picks one of two policies by Origin (from-hono.md#per-origin-options). */
const peerApi7 = (async: boolean) => () => [
  honoCors({
    origin: (o) => (o === EXAMPLE ? o : '*'),
    allowMethods: async
      ? async (o) => (o === EXAMPLE ? ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] : ['GET', 'HEAD'])
      : (o) => (o === EXAMPLE ? ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] : ['GET', 'HEAD']),
  }),
];
const oursApi7 = () => {
  const trusted = cors({ origins: [EXAMPLE], methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'] });
  const others = cors({ methods: ['GET', 'HEAD'] });
  const pick: MiddlewareHandler = (c, next) => (c.req.header('origin') === EXAMPLE ? trusted : others)(c, next);
  return [pick];
};
/** /api10: credentials with the wildcard origin. */
const peerApi10 = () => [honoCors({ origin: '*', credentials: true })];
const oursApi10 = () => [cors({ origins: '*', supportsCredentials: true })];
const credentialsWildcard: Difference = { configError: /supportsCredentials/, guide: 'from-hono.md#credentials-wildcard' };
/** The Vary suite: a function that answers '*' for untrusted origins, i.e. every origin is allowed. */
const peerStarFn = () => [honoCors({ origin: (o) => (o.endsWith('.example.com') ? o : '*') })];
const oursStar = () => [cors({ origins: '*' })];

const rows: Row[] = [
  {
    name: 'GET default: wildcard, no Vary',
    peer: () => [honoCors()],
    ours: () => [cors()],
    expect: { status: 200, headers: { [ACAO]: '*', [VARY]: null } },
  },
  {
    name: 'Preflight default: OPTIONS without Origin and Access-Control-Request-Method',
    peer: () => [honoCors()],
    ours: () => [cors()],
    method: 'OPTIONS',
    headers: { 'Access-Control-Request-Headers': 'X-PINGOTHER, Content-Type' },
    expect: { status: 204, statusText: 'No Content', headers: { [ACAM]: { has: ['GET'] }, [ACAH]: ['X-PINGOTHER', 'Content-Type'] } },
    differs: { status: 404, handlerCalled: true, headers: { [ACAO]: '*', [ACAM]: null, [ACAH]: null }, guide: 'from-hono.md#preflight-detection' },
  },
  {
    name: 'Preflight default (as a browser sends it)',
    peer: () => [honoCors()],
    ours: () => [cors()],
    method: 'OPTIONS',
    headers: { Origin: EXAMPLE, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-pingother,content-type' },
    expect: {
      status: 204,
      statusText: 'No Content',
      headers: { [ACAO]: '*', [ACAM]: ['GET', 'HEAD', 'PUT', 'POST', 'DELETE', 'PATCH', 'QUERY'], [ACAH]: ['x-pingother', 'content-type'] },
    },
    differs: {
      status: 204,
      statusText: 'No Content',
      handlerCalled: false,
      headers: {
        [ACAO]: '*',
        [ACAM]: ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'],
        [ACAH]: 'x-pingother,content-type',
        [VARY]: PREFLIGHT_VARY,
      },
      guide: 'from-hono.md#default-methods',
    },
  },
  {
    name: 'Preflight default: QUERY is not among the default methods (as a browser sends it)',
    peer: () => [honoCors()],
    ours: () => [cors()],
    method: 'OPTIONS',
    headers: { Origin: EXAMPLE, 'Access-Control-Request-Method': 'QUERY' },
    expect: { status: 204, headers: { [ACAO]: '*' } },
    differs: { status: 403, handlerCalled: false, headers: { [ACAO]: null, [ACAM]: null, [VARY]: PREFLIGHT_VARY }, guide: 'from-hono.md#default-methods' },
  },
  {
    name: 'Preflight with options: OPTIONS with Origin only',
    peer: peerApi2,
    ours: oursApi2,
    method: 'OPTIONS',
    headers: { origin: EXAMPLE },
    expect: {
      headers: {
        [ACAO]: EXAMPLE,
        [VARY]: { has: ['Origin'] },
        [ACAH]: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
        [ACAM]: ['POST', 'GET', 'OPTIONS'],
        [ACEH]: ['Content-Length', 'X-Kuma-Revision'],
        [ACMA]: '600',
        [ACAC]: 'true',
      },
    },
    differs: {
      status: 404,
      handlerCalled: true,
      headers: { [ACAO]: EXAMPLE, [VARY]: 'Origin', [ACAH]: null, [ACAM]: null, [ACEH]: 'Content-Length, X-Kuma-Revision', [ACMA]: null, [ACAC]: 'true' },
      guide: 'from-hono.md#preflight-detection',
    },
  },
  {
    name: 'Preflight with options (as a browser sends it)',
    peer: peerApi2,
    ours: oursApi2,
    method: 'OPTIONS',
    headers: { origin: EXAMPLE, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-custom-header' },
    expect: {
      status: 204,
      headers: {
        [ACAO]: EXAMPLE,
        [VARY]: { has: ['Origin'] },
        [ACAH]: ['X-Custom-Header', 'Upgrade-Insecure-Requests'],
        [ACAM]: ['POST', 'GET', 'OPTIONS'],
        [ACEH]: ['Content-Length', 'X-Kuma-Revision'],
        [ACMA]: '600',
        [ACAC]: 'true',
      },
    },
    differs: {
      status: 204,
      handlerCalled: false,
      headers: {
        [ACAO]: EXAMPLE,
        [VARY]: PREFLIGHT_VARY,
        [ACAH]: 'X-Custom-Header, Upgrade-Insecure-Requests',
        [ACAM]: 'POST, GET, OPTIONS',
        [ACEH]: null,
        [ACMA]: '600',
        [ACAC]: 'true',
      },
      guide: 'from-hono.md#expose-on-preflight',
    },
  },
  {
    name: 'Disallow an unmatched origin',
    peer: peerApi2,
    ours: oursApi2,
    method: 'OPTIONS',
    headers: { origin: 'http://example.net' },
    expect: { headers: { [ACAO]: null } },
  },
  {
    name: 'Disallow an unmatched origin (as a browser sends it)',
    peer: peerApi2,
    ours: oursApi2,
    method: 'OPTIONS',
    headers: { origin: 'http://example.net', 'Access-Control-Request-Method': 'POST' },
    expect: { status: 204, headers: { [ACAO]: null } },
    differs: {
      status: 403,
      handlerCalled: false,
      headers: { [ACAO]: null, [ACAM]: null, [ACAC]: null, [VARY]: PREFLIGHT_VARY },
      guide: 'from-hono.md#refused-preflight',
    },
  },
  {
    name: 'Allow multiple origins: a listed origin is echoed',
    peer: peerApi3,
    ours: oursApi3,
    headers: { Origin: 'http://example.org' },
    expect: { headers: { [ACAO]: 'http://example.org' } },
  },
  {
    name: 'Allow multiple origins: no Origin gets no Allow-Origin',
    peer: peerApi3,
    ours: oursApi3,
    expect: { headers: { [ACAO]: null } },
  },
  {
    name: 'Allow multiple origins: a Referer is not an Origin',
    peer: peerApi3,
    ours: oursApi3,
    headers: { Referer: 'http://example.net/' },
    expect: { headers: { [ACAO]: null } },
  },
  {
    name: 'Set "Origin" to Vary header',
    peer: peerApi3,
    ours: oursApi3,
    headers: { Origin: EXAMPLE },
    expect: { status: 200, headers: { [ACAO]: EXAMPLE, [VARY]: 'Origin' } },
  },
  {
    name: 'Keep original Vary header',
    peer: () => [honoCors()],
    ours: () => [cors()],
    path: '/vary-header',
    headers: { Origin: EXAMPLE },
    expect: { status: 200, headers: { [ACAO]: '*', [VARY]: 'X-Custom-Vary-Value' } },
  },
  {
    name: 'Append "Origin" to Vary header, if response has some Vary header',
    peer: peerApi3,
    ours: oursApi3,
    path: '/vary-header',
    headers: { Origin: EXAMPLE },
    expect: { status: 200, headers: { [ACAO]: EXAMPLE, [VARY]: 'X-Custom-Vary-Value, Origin' } },
  },
  {
    name: 'Allow origins by function: an allowed origin is echoed',
    peer: peerApi4,
    ours: oursApi4,
    headers: { Origin: 'http://subdomain.example.com' },
    expect: { headers: { [ACAO]: 'http://subdomain.example.com' } },
  },
  {
    name: 'Allow origins by function: no Origin gets the fallback origin',
    peer: peerApi4,
    ours: oursApi4,
    expect: { headers: { [ACAO]: EXAMPLE } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-hono.md#origin-function' },
  },
  {
    name: 'Allow origins by function: a Referer gets the fallback origin',
    peer: peerApi4,
    ours: oursApi4,
    headers: { Referer: 'http://evil-example.com/' },
    expect: { headers: { [ACAO]: EXAMPLE } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-hono.md#origin-function' },
  },
  {
    name: 'Allow origins by promise returning function: an allowed origin is echoed',
    peer: peerApi8,
    ours: oursApi8,
    headers: { Origin: 'http://subdomain.example.com' },
    expect: { headers: { [ACAO]: 'http://subdomain.example.com' } },
  },
  {
    name: 'Allow origins by promise returning function: no Origin gets the fallback origin',
    peer: peerApi8,
    ours: oursApi8,
    expect: { headers: { [ACAO]: EXAMPLE } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-hono.md#origin-function' },
  },
  {
    name: 'Allow origins by promise returning function: a Referer gets the fallback origin',
    peer: peerApi8,
    ours: oursApi8,
    headers: { Referer: 'http://evil-example.com/' },
    expect: { headers: { [ACAO]: EXAMPLE } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-hono.md#origin-function' },
  },
  {
    name: 'With raw Response object',
    peer: () => [honoCors()],
    ours: () => [cors()],
    path: '/raw',
    expect: { headers: { [ACAO]: '*', [VARY]: null } },
  },
  {
    name: 'Should not return duplicate header values (two stacked middlewares)',
    peer: () => [honoCors({ origin: EXAMPLE }), honoCors({ origin: EXAMPLE })],
    ours: () => [cors({ origins: [EXAMPLE] }), cors({ origins: [EXAMPLE] })],
    headers: { origin: EXAMPLE },
    expect: { headers: { [ACAO]: EXAMPLE } },
  },
  ...[false, true].flatMap((async): Row[] => {
    const title = async ? 'Allow methods by promise returning function' : 'Allow methods by function';
    return [
      {
        name: `${title}: the trusted origin gets its methods`,
        peer: peerApi7(async),
        ours: oursApi7,
        method: 'OPTIONS',
        headers: { Origin: EXAMPLE },
        expect: { headers: { [ACAO]: EXAMPLE, [ACAM]: 'GET,HEAD,POST,PATCH,DELETE' } },
        differs: { status: 404, handlerCalled: true, headers: { [ACAO]: EXAMPLE, [ACAM]: null }, guide: 'from-hono.md#preflight-detection' },
      },
      {
        name: `${title}: another origin gets the wildcard and fewer methods`,
        peer: peerApi7(async),
        ours: oursApi7,
        method: 'OPTIONS',
        headers: { Origin: 'http://example.org' },
        expect: { headers: { [ACAO]: '*', [ACAM]: 'GET,HEAD' } },
        differs: { status: 404, handlerCalled: true, headers: { [ACAO]: '*', [ACAM]: null }, guide: 'from-hono.md#preflight-detection' },
      },
      {
        name: `${title}: the trusted origin gets its methods (as a browser sends it)`,
        peer: peerApi7(async),
        ours: oursApi7,
        method: 'OPTIONS',
        headers: { Origin: EXAMPLE, 'Access-Control-Request-Method': 'PATCH' },
        expect: { status: 204, headers: { [ACAO]: EXAMPLE, [ACAM]: 'GET,HEAD,POST,PATCH,DELETE' } },
        differs: { status: 204, headers: { [ACAO]: EXAMPLE, [ACAM]: 'GET, HEAD, POST, PATCH, DELETE' }, guide: 'from-hono.md#list-format' },
      },
    ];
  }),
  {
    name: 'Emits the wildcard, not the reflected origin, when credentials is true with wildcard origin',
    peer: peerApi10,
    ours: oursApi10,
    headers: { Origin: EXAMPLE },
    expect: { status: 200, headers: { [ACAO]: '*', [ACAC]: 'true', [VARY]: null } },
    differs: credentialsWildcard,
  },
  {
    name: 'Preflight emits the wildcard, not the reflected origin, when credentials is true with wildcard origin',
    peer: peerApi10,
    ours: oursApi10,
    method: 'OPTIONS',
    headers: { Origin: EXAMPLE },
    expect: { status: 204, headers: { [ACAO]: '*', [ACAC]: 'true' } },
    differs: credentialsWildcard,
  },
  {
    name: 'Emits the wildcard with no Origin header when credentials is true with wildcard origin',
    peer: peerApi10,
    ours: oursApi10,
    expect: { status: 200, headers: { [ACAO]: '*', [ACAC]: 'true' } },
    differs: credentialsWildcard,
  },
  ...['http://example.com', 'http://other.com'].map(
    (origin): Row => ({
      name: `Emits the wildcard for every origin (never reflects) when credentials is true with wildcard origin: ${origin}`,
      peer: peerApi10,
      ours: oursApi10,
      headers: { Origin: origin },
      expect: { headers: { [ACAO]: '*' } },
      differs: credentialsWildcard,
    }),
  ),
  {
    name: 'Origin: null gets the wildcard, not a reflected null origin, with credentials',
    peer: peerApi10,
    ours: oursApi10,
    headers: { Origin: 'null' },
    expect: { headers: { [ACAO]: '*', [ACAC]: 'true' } },
    differs: credentialsWildcard,
  },
  ...['https://attacker.example', 'http://evil.test', 'null'].map(
    (origin): Row => ({
      name: `Should not reflect an arbitrary Origin when credentials is true with default origin: ${origin}`,
      peer: () => [honoCors({ credentials: true })],
      ours: () => [cors({ supportsCredentials: true })],
      headers: { Origin: origin },
      expect: { headers: { [ACAO]: '*' } },
      differs: credentialsWildcard,
    }),
  ),
  {
    name: 'Preflight should not approve an arbitrary Origin when credentials is true with default origin',
    peer: () => [honoCors({ credentials: true })],
    ours: () => [cors({ supportsCredentials: true })],
    method: 'OPTIONS',
    headers: { Origin: 'https://attacker.example', 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'X-CSRF' },
    expect: { headers: { [ACAO]: '*' } },
    differs: credentialsWildcard,
  },
  {
    name: 'Options without origin fall back to wildcard default: GET',
    peer: () => [honoCors({ allowMethods: ['GET', 'POST'] })],
    ours: () => [cors({ methods: ['GET', 'POST'] })],
    expect: { status: 200, headers: { [ACAO]: '*' } },
  },
  {
    name: 'Options without origin fall back to wildcard default: OPTIONS without Origin',
    peer: () => [honoCors({ allowMethods: ['GET', 'POST'] })],
    ours: () => [cors({ methods: ['GET', 'POST'] })],
    method: 'OPTIONS',
    expect: { headers: { [ACAM]: ['GET', 'POST'] } },
    differs: { status: 404, handlerCalled: true, headers: { [ACAO]: '*', [ACAM]: null }, guide: 'from-hono.md#preflight-detection' },
  },
  {
    name: 'Should NOT set Vary: Origin when dynamic origin function resolves to "*"',
    peer: peerStarFn,
    ours: oursStar,
    headers: { origin: 'http://untrusted-site.com' },
    expect: { headers: { [ACAO]: '*', [VARY]: null } },
    released: { headers: { [ACAO]: '*', [VARY]: 'Origin' } },
  },
  {
    name: 'Should set Vary: Origin when dynamic origin function resolves to an explicit origin',
    peer: peerStarFn,
    ours: oursStar,
    headers: { origin: 'http://sub.example.com' },
    expect: { headers: { [ACAO]: 'http://sub.example.com', [VARY]: 'Origin' } },
    differs: { headers: { [ACAO]: '*', [VARY]: null }, guide: 'from-hono.md#origin-function' },
  },
  {
    name: 'Should NOT set Vary: Origin when dynamic origin function resolves to null (rejected origin)',
    peer: () => [honoCors({ origin: () => null })],
    ours: () => [cors({ origins: () => false })],
    headers: { origin: 'http://evil.com' },
    expect: { headers: { [ACAO]: null, [VARY]: null } },
    released: { headers: { [ACAO]: null, [VARY]: 'Origin' } },
    differs: { headers: { [ACAO]: null, [VARY]: 'Origin' }, guide: 'from-hono.md#vary' },
  },
  {
    name: 'Should NOT set Vary: Origin on preflight when dynamic origin function resolves to "*"',
    peer: peerStarFn,
    ours: oursStar,
    method: 'OPTIONS',
    headers: { origin: 'http://untrusted-site.com' },
    expect: { status: 204, headers: { [ACAO]: '*', [VARY]: null } },
    released: { status: 204, headers: { [ACAO]: '*', [VARY]: 'Origin' } },
    differs: { status: 404, handlerCalled: true, headers: { [ACAO]: '*', [VARY]: null }, guide: 'from-hono.md#preflight-detection' },
  },
  {
    name: 'Should set Vary: Origin on preflight when dynamic origin function resolves to an explicit origin',
    peer: peerStarFn,
    ours: oursStar,
    method: 'OPTIONS',
    headers: { origin: 'http://sub.example.com' },
    expect: { status: 204, headers: { [ACAO]: 'http://sub.example.com', [VARY]: 'Origin' } },
    differs: { status: 404, handlerCalled: true, headers: { [ACAO]: '*', [VARY]: null }, guide: 'from-hono.md#preflight-detection' },
  },
  {
    name: 'Should append Vary: Origin on preflight without overwriting existing Vary headers',
    peer: () => [honoCors({ origin: EXAMPLE })],
    ours: () => [cors({ origins: [EXAMPLE] })],
    before: async (c, next) => {
      c.header('Vary', 'Accept-Encoding', { append: true });
      await next();
    },
    method: 'OPTIONS',
    headers: { origin: EXAMPLE },
    expect: { status: 204, headers: { [ACAO]: EXAMPLE, [VARY]: { has: ['Accept-Encoding', 'Origin'] } } },
    differs: {
      status: 404,
      handlerCalled: true,
      headers: { [ACAO]: EXAMPLE, [VARY]: { has: ['Accept-Encoding', 'Origin'] } },
      guide: 'from-hono.md#preflight-detection',
    },
  },
  {
    name: 'Should append Vary: Origin on preflight without overwriting existing Vary headers (as a browser sends it)',
    peer: () => [honoCors({ origin: EXAMPLE })],
    ours: () => [cors({ origins: [EXAMPLE] })],
    before: async (c, next) => {
      c.header('Vary', 'Accept-Encoding', { append: true });
      await next();
    },
    method: 'OPTIONS',
    headers: { origin: EXAMPLE, 'Access-Control-Request-Method': 'PUT' },
    expect: { status: 204, headers: { [ACAO]: EXAMPLE, [VARY]: { has: ['Accept-Encoding', 'Origin'] } } },
    differs: { status: 204, handlerCalled: false, headers: { [ACAO]: EXAMPLE, [VARY]: PREFLIGHT_VARY }, guide: 'from-hono.md#middleware-order' },
  },
];

/** The peer's app shape: CORS middleware on every path, three routes; `reached` says the router ran. */
async function run(row: Row, middleware: MiddlewareHandler[]): Promise<{ response: Response; reached: boolean }> {
  let reached = false;
  const app = new Hono();
  if (row.before) app.use('*', row.before);
  for (const m of middleware) app.use('*', m);
  app.get('/abc', (c) => {
    reached = true;
    return c.json({ success: true });
  });
  app.get('/vary-header', () => {
    reached = true;
    return new Response(JSON.stringify({ success: true }), { headers: { Vary: 'X-Custom-Vary-Value' } });
  });
  app.get('/raw', () => {
    reached = true;
    return new Response(JSON.stringify({ success: true }));
  });
  app.notFound((c) => {
    reached = true;
    return c.text('404 Not Found', 404);
  });
  const init: RequestInit = { method: row.method ?? 'GET' };
  if (row.headers) init.headers = row.headers;
  const response = await app.request(`http://localhost${row.path ?? '/abc'}`, init);
  return { response, reached };
}

describe('hono/cors suite, translated', () => {
  describe('the peer gives what its suite expects (translation check)', () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const { response, reached } = await run(row, row.peer());
      expectAnswer(response, row.released ?? row.expect, reached);
    });
  });

  describe("@fetch-cors/hono gives the peer's answer, or the documented difference", () => {
    it.each(rows.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
      const want = row.differs ?? row.expect;
      if (want.configError) {
        expect(() => row.ours()).toThrow(CorsConfigError);
        expect(() => row.ours()).toThrow(want.configError);
        return;
      }
      const { response, reached } = await run(row, row.ours());
      expectAnswer(response, want, reached);
    });
  });

  describe('every difference is written in the guide', () => {
    const differing = rows.filter((r) => r.differs !== undefined).map((row) => [row.differs!.guide, row.name, row] as const);
    it.each(differing)('%s documents: %s', (_guide, _name, row) => {
      expect(guideSectionExists(row.differs!.guide), row.differs!.guide).toBe(true);
    });
  });
});
