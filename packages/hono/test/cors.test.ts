/**
 * What `cors()` adds to the core in a Hono app, checked the two ways a Hono app is run on Node:
 * `app.request(...)` and a real `@hono/node-server` on 127.0.0.1. What the policy answers is
 * specified by the conformance vectors (test/conformance), which run against this middleware in
 * both modes; the rows here are Hono's own: preflights answered before routing, `notFound` and
 * `onError`, headers set through `c.header` (`c.res`), `c.redirect`, responses with immutable
 * headers, the middleware mounted on a path, streaming, and `CORS_*` from `c.env`.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CorsConfigError, cors, withCors, type CorsOptions, type HonoCorsOptions } from '../src/index';
import {
  ACAC,
  ACAH,
  ACAM,
  ACAPN,
  ACEH,
  ACMA,
  ACAO,
  ALLOWED,
  DEFAULT_METHODS,
  REFUSED,
  VARY,
  accessControlHeaders,
  preflightHeaders,
} from '../../../test/conformance/src/test-names';

/** The policy of the rows: credentials, an exposed header and a max-age, so every header shows. */
const LISTED: CorsOptions = {
  origins: [ALLOWED],
  supportsCredentials: true,
  exposeHeaders: ['X-Request-Id'],
  maxAge: 600,
};

/** What an allowed origin's actual response carries under {@link LISTED}. */
const ALLOWED_ACTUAL = { [ACAO]: ALLOWED, [ACAC]: 'true', [ACEH]: 'X-Request-Id' };

// A plain Node server standing in for an upstream: its fetch() responses have immutable
// headers, it sets CORS headers of its own, and `/gate` streams 'a', then 'b' once opened.
let upstream: HttpServer;
let upstreamUrl: string;
let openUpstreamGate: () => void = () => {};
beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/gate') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a');
      openUpstreamGate = () => res.end('b');
      return;
    }
    res.writeHead(203, 'Upstream Says', {
      'content-type': 'text/plain',
      'x-upstream': '1',
      'access-control-allow-origin': '*',
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Upstream',
      vary: 'Accept-Encoding',
    });
    res.end('from upstream');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});
afterAll(async () => {
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
});

// ---------------------------------------------------------------------------
// The two ways of sending a request to an app.

type Send = (app: Hono, path: string, init?: RequestInit) => Promise<Response>;

const viaAppRequest: Send = async (app, path, init) => app.request(path, init);

/** Serves `app` with @hono/node-server for one request; the response streams until read. */
async function overNodeServer(app: Hono, path: string, init?: RequestInit): Promise<{ res: Response; close: () => Promise<void> }> {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const close = async () => {
    (server as unknown as HttpServer).closeAllConnections?.();
    await new Promise((r) => server.close(r));
  };
  try {
    return { res: await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual', ...init }), close };
  } catch (error) {
    await close();
    throw error;
  }
}

const viaNodeServer: Send = async (app, path, init) => {
  const { res, close } = await overNodeServer(app, path, init);
  try {
    // Read the body while the server is up; hand back an equivalent response.
    const body = await res.arrayBuffer();
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  } finally {
    await close();
  }
};

const MODES = [
  { mode: 'app.request', send: viaAppRequest },
  { mode: 'node server', send: viaNodeServer },
] as const;

// ---------------------------------------------------------------------------

interface Row {
  readonly rule: string;
  /** Builds the app; `options` is {@link LISTED} with an `onError` that records what the policy was told. */
  build(options: HonoCorsOptions): Hono;
  readonly path: string;
  readonly init?: RequestInit;
  readonly status: number;
  /** The complete set of `access-control-*` headers of the answer. */
  readonly cors: Readonly<Record<string, string>>;
  /** Other headers, exactly. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly vary?: string;
  /** How many errors the policy's `onError` was told of (default 0). */
  readonly reported?: number;
}

const helloApp = (options: HonoCorsOptions) => {
  const app = new Hono();
  app.use(cors(options));
  app.get('/hello', (c) => c.text('hello'));
  return app;
};

const withRoute = (add: (app: Hono) => void) => (options: HonoCorsOptions) => {
  const app = helloApp(options);
  add(app);
  return app;
};

const ALLOWED_PREFLIGHT = { [ACAO]: ALLOWED, [ACAC]: 'true', [ACAM]: DEFAULT_METHODS, [ACMA]: '600' };
const fromAllowed: RequestInit = { headers: { Origin: ALLOWED } };
const fromRefused: RequestInit = { headers: { Origin: REFUSED } };
const throwing = () => {
  throw new Error('boom');
};

const ROWS: readonly Row[] = [
  {
    rule: 'routing: a preflight to a route with no OPTIONS handler is answered before routing',
    build: helloApp,
    path: '/hello',
    init: { method: 'OPTIONS', headers: preflightHeaders(ALLOWED, 'PUT', 'X-Custom') },
    status: 204,
    cors: { ...ALLOWED_PREFLIGHT, [ACAH]: 'x-custom' },
    body: '',
  },
  {
    rule: 'routing: a preflight to a path with no route at all is answered, not 404',
    build: helloApp,
    path: '/no/such/route',
    init: { method: 'OPTIONS', headers: preflightHeaders(ALLOWED, 'DELETE') },
    status: 204,
    cors: ALLOWED_PREFLIGHT,
    body: '',
  },
  {
    rule: 'routing: a preflight never reaches an app.options handler (automaticOptions)',
    build: withRoute((app) => app.options('/hello', (c) => c.text('handler ran'))),
    path: '/hello',
    init: { method: 'OPTIONS', headers: preflightHeaders(ALLOWED, 'PATCH') },
    status: 204,
    cors: ALLOWED_PREFLIGHT,
    body: '',
  },
  {
    rule: 'routing: mounted on /api/*, it answers preflights for unrouted paths below it',
    build: (options) => {
      const app = new Hono();
      app.use('/api/*', cors(options));
      app.get('/api/items', (c) => c.json([]));
      return app;
    },
    path: '/api/not-routed',
    init: { method: 'OPTIONS', headers: preflightHeaders(ALLOWED, 'PUT') },
    status: 204,
    cors: ALLOWED_PREFLIGHT,
  },
  {
    rule: 'routing: mounted on /api/*, it leaves other paths alone',
    build: (options) => {
      const app = new Hono();
      app.use('/api/*', cors(options));
      app.get('/public', (c) => c.text('public'));
      return app;
    },
    path: '/public',
    init: fromAllowed,
    status: 200,
    cors: {},
    body: 'public',
  },
  {
    rule: 'notFound: the default 404 carries the CORS headers',
    build: helloApp,
    path: '/missing',
    init: fromAllowed,
    status: 404,
    cors: ALLOWED_ACTUAL,
    body: '404 Not Found',
    vary: 'Origin',
  },
  {
    rule: 'notFound: a custom notFound answer carries the CORS headers',
    build: withRoute((app) => app.notFound((c) => c.json({ error: 'nothing here' }, 404))),
    path: '/missing',
    init: fromAllowed,
    status: 404,
    cors: ALLOWED_ACTUAL,
    body: '{"error":"nothing here"}',
  },
  {
    rule: "onError: Hono's default 500 carries the CORS headers of an allowed origin",
    build: withRoute((app) => app.get('/boom', throwing)),
    path: '/boom',
    init: fromAllowed,
    status: 500,
    cors: ALLOWED_ACTUAL,
    body: 'Internal Server Error',
  },
  {
    rule: 'onError: a custom onError answer carries the CORS headers',
    build: withRoute((app) => app.get('/boom', throwing).onError((_err, c) => c.text('custom failure', 503))),
    path: '/boom',
    init: fromAllowed,
    status: 503,
    cors: ALLOWED_ACTUAL,
    body: 'custom failure',
  },
  {
    rule: 'onError: the answer to a refused origin has no CORS headers',
    build: withRoute((app) => app.get('/boom', throwing).onError((_err, c) => c.text('custom failure', 503))),
    path: '/boom',
    init: fromRefused,
    status: 503,
    cors: {},
    vary: 'Origin',
  },
  {
    rule: 'onError: a thrown non-Error (which Hono rethrows) becomes the policy 500, told to onError',
    build: withRoute((app) =>
      app.get('/throw-string', () => {
        throw 'not an Error object';
      }),
    ),
    path: '/throw-string',
    init: fromAllowed,
    status: 500,
    cors: ALLOWED_ACTUAL,
    body: 'Internal Server Error',
    reported: 1,
  },
  {
    rule: 'c.res: CORS headers set with c.header are removed for a refused origin',
    build: withRoute((app) =>
      app.get('/own', (c) => {
        c.header('Access-Control-Allow-Origin', REFUSED);
        c.header('Access-Control-Allow-Credentials', 'true', { append: true });
        c.header('Access-Control-Max-Age', '86400');
        c.header('Access-Control-Allow-Private-Network', 'true');
        return c.text('own');
      }),
    ),
    path: '/own',
    init: fromRefused,
    status: 200,
    cors: {},
    body: 'own',
  },
  {
    rule: 'c.res: CORS headers set with c.header are replaced by the policy for an allowed origin',
    build: withRoute((app) =>
      app.get('/own', (c) => {
        c.header('Access-Control-Allow-Origin', '*');
        c.header('Access-Control-Expose-Headers', 'X-Secret');
        c.header('Access-Control-Max-Age', '86400');
        c.header(ACAPN, 'true');
        return c.text('own');
      }),
    ),
    path: '/own',
    init: fromAllowed,
    status: 200,
    cors: ALLOWED_ACTUAL,
    body: 'own',
  },
  {
    rule: 'c.redirect keeps 302 and Location and gets the CORS headers',
    build: withRoute((app) => app.get('/redirect', (c) => c.redirect('/hello'))),
    path: '/redirect',
    init: fromAllowed,
    status: 302,
    cors: ALLOWED_ACTUAL,
    headers: { location: '/hello' },
  },
  {
    rule: 'immutable: Response.redirect keeps 302 and Location and gets the CORS headers',
    build: withRoute((app) => app.get('/redirect', () => Response.redirect('http://localhost/hello', 302))),
    path: '/redirect',
    init: fromAllowed,
    status: 302,
    cors: ALLOWED_ACTUAL,
    headers: { location: 'http://localhost/hello' },
  },
  {
    rule: "immutable: a fetch() response gets the policy's headers; status, other headers and body kept",
    build: withRoute((app) => app.get('/proxy', () => fetch(`${upstreamUrl}/`))),
    path: '/proxy',
    init: fromAllowed,
    status: 203,
    cors: ALLOWED_ACTUAL,
    headers: { 'x-upstream': '1', 'content-type': 'text/plain' },
    body: 'from upstream',
    vary: 'Accept-Encoding, Origin',
  },
  {
    rule: "immutable: a fetch() response to a refused origin loses the upstream's CORS headers",
    build: withRoute((app) => app.get('/proxy', () => fetch(`${upstreamUrl}/`))),
    path: '/proxy',
    init: fromRefused,
    status: 203,
    cors: {},
    headers: { 'x-upstream': '1' },
    body: 'from upstream',
    vary: 'Accept-Encoding, Origin',
  },
];

describe.each(MODES)('cors() via $mode', ({ send }) => {
  test.each(ROWS)('$rule', async (row) => {
    const reported: unknown[] = [];
    const res = await send(row.build({ ...LISTED, onError: (error) => reported.push(error) }), row.path, row.init);
    const text = await res.text();
    expect(res.status).toBe(row.status);
    expect(accessControlHeaders(res.headers)).toEqual(row.cors);
    for (const [name, value] of Object.entries(row.headers ?? {})) expect(res.headers.get(name), name).toBe(value);
    if (row.body !== undefined) expect(text).toBe(row.body);
    if (row.vary !== undefined) expect(res.headers.get(VARY)).toBe(row.vary);
    expect(reported).toHaveLength(row.reported ?? 0);
  });

  /** Reads the first chunk, opens the gate, reads the rest: the first chunk arrived before the last was written. */
  async function readGated(res: Response, open: () => void): Promise<string[]> {
    expect(res.headers.get(ACAO)).toBe(ALLOWED);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const first = await reader.read();
    const chunks = [decoder.decode(first.value, { stream: true })];
    open();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(decoder.decode(r.value, { stream: true }));
    return chunks;
  }

  async function sendStreaming(app: Hono, path: string, open: () => void): Promise<string[]> {
    if (send === viaAppRequest) return readGated(await app.request(path, fromAllowed), open);
    const { res, close } = await overNodeServer(app, path, fromAllowed);
    try {
      return await readGated(res, open);
    } finally {
      await close();
    }
  }

  test('streaming: a body the handler streams is passed on unbuffered', async () => {
    const encoder = new TextEncoder();
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const app = helloApp(LISTED);
    app.get('/stream', () => {
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(encoder.encode('a'));
          await gate;
          controller.enqueue(encoder.encode('b'));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    });
    const chunks = await sendStreaming(app, '/stream', () => open());
    expect(chunks[0]).toBe('a');
    expect(chunks.join('')).toBe('ab');
  });

  test('streaming: a fetch() upstream body is passed on unbuffered', async () => {
    const app = helloApp(LISTED);
    app.get('/gate', () => fetch(`${upstreamUrl}/gate`));
    const chunks = await sendStreaming(app, '/gate', () => openUpstreamGate());
    expect(chunks[0]).toBe('a');
    expect(chunks.join('')).toBe('ab');
  });
});

// ---------------------------------------------------------------------------
// Where the CORS_* settings come from: c.env (app.request's third argument), or the env option.

interface EnvRow {
  readonly rule: string;
  readonly options?: HonoCorsOptions;
  readonly env: Record<string, unknown>;
  readonly origin: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | null>>;
  /** The request fails with a CorsConfigError (seen by app.onError) whose message names these. */
  readonly configError?: readonly string[];
}

const FROM_ENV = 'https://env.example';
const FROM_CODE = 'https://code.example';
const FROM_RECORD = 'https://record.example';

const ENV_ROWS: readonly EnvRow[] = [
  {
    rule: 'CORS_* in c.env (a Worker var) is the policy',
    env: { CORS_ORIGINS: FROM_ENV, CORS_SUPPORTS_CREDENTIALS: 'true' },
    origin: FROM_ENV,
    status: 200,
    headers: { [ACAO]: FROM_ENV, [ACAC]: 'true' },
  },
  {
    rule: 'a code option left undefined does not erase the c.env value',
    options: { origins: undefined, maxAge: 5 } as unknown as CorsOptions,
    env: { CORS_ORIGINS: FROM_ENV },
    origin: FROM_ENV,
    status: 200,
    headers: { [ACAO]: FROM_ENV },
  },
  {
    rule: 'bindings that are not CORS_* (KV, secrets) are ignored',
    env: { MY_KV: { get() {} }, API_TOKEN: 'secret' },
    origin: REFUSED,
    status: 200,
    headers: { [ACAO]: '*' },
  },
  {
    rule: 'env: false ignores CORS_* in c.env: the code options are the whole configuration',
    options: { origins: [FROM_CODE], env: false },
    env: { CORS_ORIGINS: FROM_ENV, CORS_EXPOSE_HEADERS: 'X-From-Env' },
    origin: FROM_CODE,
    status: 200,
    headers: { [ACAO]: FROM_CODE, [ACEH]: null },
  },
  {
    rule: 'env: false ignores CORS_* in c.env: the env origin is refused',
    options: { origins: [FROM_CODE], env: false },
    env: { CORS_ORIGINS: FROM_ENV },
    origin: FROM_ENV,
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: 'env: false never reads c.env, so an unreadable CORS_* value does no harm',
    options: { origins: [FROM_CODE], env: false },
    env: { CORS_MAX_AGE: 'ten' },
    origin: FROM_CODE,
    status: 200,
    headers: { [ACAO]: FROM_CODE },
  },
  {
    rule: 'an env record is read instead of c.env',
    options: { env: { CORS_ORIGINS: FROM_RECORD } },
    env: { CORS_ORIGINS: FROM_ENV },
    origin: FROM_RECORD,
    status: 200,
    headers: { [ACAO]: FROM_RECORD },
  },
  {
    rule: 'an env record is read instead of c.env: the c.env origin is refused',
    options: { env: { CORS_ORIGINS: FROM_RECORD } },
    env: { CORS_ORIGINS: FROM_ENV },
    origin: FROM_ENV,
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: "node-server's bindings ({ incoming, outgoing }) carry no CORS_*: the code options alone",
    options: { origins: [FROM_CODE] },
    env: { incoming: {}, outgoing: {} },
    origin: FROM_CODE,
    status: 200,
    headers: { [ACAO]: FROM_CODE },
  },
  {
    rule: 'an unreadable CORS_* value in c.env fails the request with a CorsConfigError naming it',
    env: { CORS_MAX_AGE: 'ten' },
    origin: ALLOWED,
    status: 500,
    headers: { [ACAO]: null },
    configError: ['CORS_MAX_AGE'],
  },
  {
    rule: 'a JSON var CORS_ORIGINS = [] (no entries) in c.env is a CorsConfigError, never read as *',
    env: { CORS_ORIGINS: [] },
    origin: ALLOWED,
    status: 500,
    headers: { [ACAO]: null },
    configError: ['CORS_ORIGINS'],
  },
];

describe('cors() reads CORS_* from c.env (Workers)', () => {
  test.each(ENV_ROWS)('$rule', async (row) => {
    const app = new Hono();
    app.use(cors(row.options));
    app.get('/hello', (c) => c.text('hello'));
    let thrown: unknown;
    app.onError((error, c) => {
      thrown = error;
      return c.text('Internal Server Error', 500);
    });
    const res = await app.request('/hello', { headers: { Origin: row.origin } }, row.env);
    expect(res.status).toBe(row.status);
    for (const [name, value] of Object.entries(row.headers)) expect(res.headers.get(name), name).toBe(value);
    if (row.configError === undefined) expect(thrown).toBeUndefined();
    else {
      expect(thrown).toBeInstanceOf(CorsConfigError);
      for (const name of row.configError) expect((thrown as Error).message).toContain(name);
    }
  });

  test('the env is compiled once per env object, not per request', async () => {
    let reads = 0;
    const makeEnv = () => ({
      get CORS_ORIGINS() {
        reads += 1;
        return FROM_ENV;
      },
    });
    const app = new Hono();
    app.use(cors());
    app.get('/hello', (c) => c.text('hello'));
    const env = makeEnv();
    let readsAfterFirst = 0;
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/hello', { headers: { Origin: FROM_ENV } }, env);
      expect(res.headers.get(ACAO)).toBe(FROM_ENV);
      if (i === 0) readsAfterFirst = reads;
    }
    expect(readsAfterFirst).toBeGreaterThan(0);
    expect(reads).toBe(readsAfterFirst);
    // A new env object (a new isolate's bindings) is read again.
    await app.request('/hello', { headers: { Origin: FROM_ENV } }, makeEnv());
    expect(reads).toBeGreaterThan(readsAfterFirst);
  });

  test('an app typed with Bindings reads CORS_* from c.env', async () => {
    const app = new Hono<{ Bindings: { CORS_ORIGINS: string; API_TOKEN: string } }>();
    app.use(cors());
    app.get('/hello', (c) => c.text(c.env.API_TOKEN.length > 0 ? 'hello' : 'no token'));
    const env = { CORS_ORIGINS: FROM_ENV, API_TOKEN: 'secret' };
    const res = await app.request('/hello', { headers: { Origin: FROM_ENV } }, env);
    expect(res.headers.get(ACAO)).toBe(FROM_ENV);
    expect(await res.text()).toBe('hello');
  });
});

describe('package surface', () => {
  const invalid: { rule: string; options: HonoCorsOptions }[] = [
    { rule: 'an unknown option', options: { origin: ALLOWED } as unknown as HonoCorsOptions },
    { rule: "credentials with origins '*'", options: { origins: '*', supportsCredentials: true } },
    { rule: 'an unreadable value in an env record', options: { env: { CORS_MAX_AGE: 'ten' } } },
  ];
  test.each(invalid)('invalid options throw CorsConfigError when cors() is called, not per request: $rule', ({ options }) => {
    expect(() => cors(options)).toThrow(CorsConfigError);
  });

  test('withCors reads CORS_* from the env argument, as app.fetch receives it', async () => {
    const app = new Hono().get('/hello', (c) => c.text('hello'));
    const handler = withCors(app.fetch);
    const env = { CORS_ORIGINS: FROM_ENV };
    const allowed = await handler(new Request('http://localhost/hello', { headers: { Origin: FROM_ENV } }), env);
    expect(allowed.headers.get(ACAO)).toBe(FROM_ENV);
    const refused = await handler(new Request('http://localhost/hello', { headers: { Origin: ALLOWED } }), env);
    expect(refused.headers.get(ACAO)).toBeNull();
  });

  test('withCors wraps a plain fetch handler called without env', async () => {
    const handler = withCors(() => new Response('plain'), { origins: ALLOWED });
    const res = await handler(new Request('http://localhost/', { headers: { Origin: ALLOWED } }));
    expect(res?.headers.get(ACAO)).toBe(ALLOWED);
    expect(await res?.text()).toBe('plain');
  });
});
