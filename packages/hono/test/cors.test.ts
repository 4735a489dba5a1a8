/**
 * `cors()` for Hono, checked the two ways a Hono app is run on Node:
 * `app.request(...)` and a real `@hono/node-server` on 127.0.0.1.
 * Every row is named after the rule it checks and runs in both modes
 * (rows that need `c.env` run with `app.request`, which accepts it).
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { CorsConfigError, cors, withCors, type CorsOptions, type HonoCorsOptions } from '../src/index';

// Header names: this file's own copies.
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const ACEH = 'access-control-expose-headers';
const ACAM = 'access-control-allow-methods';
const ACAH = 'access-control-allow-headers';
const ACMA = 'access-control-max-age';
const VARY = 'vary';

const ALLOWED = 'https://app.example';
const REFUSED = 'https://evil.example';
const LISTED: CorsOptions = {
  origins: [ALLOWED],
  supportsCredentials: true,
  exposeHeaders: ['X-Request-Id'],
  maxAge: 600,
};

const tokens = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');

// A plain Node server standing in for an upstream: its fetch() responses have
// immutable headers, and it sets CORS headers of its own.
let upstream: HttpServer;
let upstreamUrl: string;
beforeAll(async () => {
  upstream = createServer((req, res) => {
    if (req.url === '/slow') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('a');
      setTimeout(() => res.end('b'), 150);
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

const viaNodeServer: Send = async (app, path, init) => {
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual', ...init });
    // Read the body while the server is up; hand back an equivalent response.
    const body = await res.arrayBuffer();
    return new Response(res.status === 204 || res.status === 304 ? null : body, {
      status: res.status,
      statusText: res.statusText,
      headers: res.headers,
    });
  } finally {
    (server as unknown as HttpServer).closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
};

const MODES = [
  ['app.request', viaAppRequest],
  ['node server', viaNodeServer],
] as const;

function originHeaders(origin: string | null, extra: Record<string, string> = {}): Record<string, string> {
  return origin === null ? extra : { Origin: origin, ...extra };
}

function preflight(origin: string, method: string, requestHeaders?: string): RequestInit {
  const headers: Record<string, string> = { Origin: origin, 'Access-Control-Request-Method': method };
  if (requestHeaders !== undefined) headers['Access-Control-Request-Headers'] = requestHeaders;
  return { method: 'OPTIONS', headers };
}

// ---------------------------------------------------------------------------

interface Row {
  readonly rule: string;
  build(): Hono;
  readonly path: string;
  readonly init?: RequestInit;
  readonly status: number;
  /** `null` = header must be absent. */
  readonly headers?: Readonly<Record<string, string | null>>;
  readonly body?: string;
  /** Tokens Vary must contain (lower case), and must contain exactly once. */
  readonly vary?: readonly string[];
  /** The exact Vary header, when it matters. */
  readonly varyExact?: string;
}

const helloApp = (options: CorsOptions = LISTED) => {
  const app = new Hono();
  app.use(cors(options));
  app.get('/hello', (c) => c.text('hello'));
  return app;
};

const ALLOWED_ACTUAL = { [ACAO]: ALLOWED, [ACAC]: 'true', [ACEH]: 'X-Request-Id' };
const NO_CORS = { [ACAO]: null, [ACAC]: null, [ACEH]: null, [ACAM]: null, [ACAH]: null, [ACMA]: null };

const ROWS: readonly Row[] = [
  {
    rule: 'preflight on a route without an OPTIONS handler is answered before routing',
    build: () => helloApp(),
    path: '/hello',
    init: preflight(ALLOWED, 'PUT', 'X-Custom, Content-Type'),
    status: 204,
    headers: {
      [ACAO]: ALLOWED,
      [ACAC]: 'true',
      [ACAM]: 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE',
      [ACAH]: 'x-custom,content-type',
      [ACMA]: '600',
      [ACEH]: null,
    },
    body: '',
    vary: ['origin', 'access-control-request-method', 'access-control-request-headers'],
  },
  {
    rule: 'preflight on a path with no route at all is answered, not 404',
    build: () => helloApp(),
    path: '/no/such/route',
    init: preflight(ALLOWED, 'DELETE'),
    status: 204,
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACMA]: '600' },
    body: '',
  },
  {
    rule: 'preflight never reaches an OPTIONS handler (automaticOptions)',
    build: () => {
      const app = helloApp();
      app.options('/hello', (c) => c.text('handler ran'));
      return app;
    },
    path: '/hello',
    init: preflight(ALLOWED, 'PATCH'),
    status: 204,
    headers: { [ACAO]: ALLOWED },
    body: '',
  },
  {
    rule: 'preflight from a refused origin is 403 with no Access-Control-Allow-* headers',
    build: () => helloApp(),
    path: '/hello',
    init: preflight(REFUSED, 'PUT'),
    status: 403,
    headers: NO_CORS,
    body: '',
    vary: ['origin', 'access-control-request-method', 'access-control-request-headers'],
  },
  {
    rule: 'actual request from an allowed origin gets origin, credentials and exposed headers',
    build: () => helloApp(),
    path: '/hello',
    init: { headers: originHeaders(ALLOWED) },
    status: 200,
    headers: ALLOWED_ACTUAL,
    body: 'hello',
    vary: ['origin'],
  },
  {
    rule: 'refused origin gets no CORS headers, only Vary: Origin',
    build: () => helloApp(),
    path: '/hello',
    init: { headers: originHeaders(REFUSED) },
    status: 200,
    headers: NO_CORS,
    body: 'hello',
    varyExact: 'Origin',
  },
  {
    rule: "refused origin: CORS headers the handler set itself are removed",
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/own', (c) => {
        c.header('Access-Control-Allow-Origin', '*');
        c.header('Access-Control-Allow-Credentials', 'true');
        return c.text('own');
      });
      return app;
    },
    path: '/own',
    init: { headers: originHeaders(REFUSED) },
    status: 200,
    headers: NO_CORS,
    body: 'own',
  },
  {
    rule: 'request without Origin to a listed-origins policy gets only Vary: Origin',
    build: () => helloApp(),
    path: '/hello',
    status: 200,
    headers: NO_CORS,
    body: 'hello',
    varyExact: 'Origin',
  },
  {
    rule: 'default options: any origin gets *, and Vary is not needed',
    build: () => helloApp({}),
    path: '/hello',
    init: { headers: originHeaders(REFUSED) },
    status: 200,
    headers: { [ACAO]: '*', [ACAC]: null, [ACEH]: null },
    body: 'hello',
  },
  {
    rule: 'notFound (default) response carries the CORS headers',
    build: () => helloApp(),
    path: '/missing',
    init: { headers: originHeaders(ALLOWED) },
    status: 404,
    headers: ALLOWED_ACTUAL,
    body: '404 Not Found',
    vary: ['origin'],
  },
  {
    rule: 'custom notFound response carries the CORS headers',
    build: () => {
      const app = helloApp();
      app.notFound((c) => c.json({ error: 'nothing here' }, 404));
      return app;
    },
    path: '/missing',
    init: { headers: originHeaders(ALLOWED) },
    status: 404,
    headers: ALLOWED_ACTUAL,
    body: '{"error":"nothing here"}',
  },
  {
    rule: 'onError (default) 500 carries the CORS headers of an allowed origin',
    build: () => {
      const app = helloApp();
      app.get('/boom', () => {
        throw new Error('boom');
      });
      return app;
    },
    path: '/boom',
    init: { headers: originHeaders(ALLOWED) },
    status: 500,
    headers: ALLOWED_ACTUAL,
    body: 'Internal Server Error',
  },
  {
    rule: 'custom onError response carries the CORS headers',
    build: () => {
      const app = helloApp();
      app.get('/boom', () => {
        throw new Error('boom');
      });
      app.onError((_err, c) => c.text('custom failure', 503));
      return app;
    },
    path: '/boom',
    init: { headers: originHeaders(ALLOWED) },
    status: 503,
    headers: ALLOWED_ACTUAL,
    body: 'custom failure',
  },
  {
    rule: 'onError response for a refused origin has no CORS headers',
    build: () => {
      const app = helloApp();
      app.get('/boom', () => {
        throw new Error('boom');
      });
      return app;
    },
    path: '/boom',
    init: { headers: originHeaders(REFUSED) },
    status: 500,
    headers: NO_CORS,
  },
  {
    rule: 'a thrown non-Error (which Hono rethrows) still becomes a 500 with CORS headers',
    build: () => {
      const app = helloApp();
      app.get('/throw-string', () => {
        throw 'not an Error object';
      });
      return app;
    },
    path: '/throw-string',
    init: { headers: originHeaders(ALLOWED) },
    status: 500,
    headers: ALLOWED_ACTUAL,
    body: 'Internal Server Error',
  },
  {
    rule: 'fetch() response (immutable headers) gets the CORS headers; status, statusText, headers, body kept',
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/proxy', () => fetch(`${upstreamUrl}/`));
      return app;
    },
    path: '/proxy',
    init: { headers: originHeaders(ALLOWED) },
    status: 203,
    headers: { ...ALLOWED_ACTUAL, 'x-upstream': '1', 'content-type': 'text/plain' },
    body: 'from upstream',
    vary: ['accept-encoding', 'origin'],
  },
  {
    rule: "fetch() response for a refused origin: the upstream's CORS headers are removed, not merged back",
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/proxy', () => fetch(`${upstreamUrl}/`));
      return app;
    },
    path: '/proxy',
    init: { headers: originHeaders(REFUSED) },
    status: 203,
    headers: { ...NO_CORS, 'x-upstream': '1' },
    body: 'from upstream',
    varyExact: 'Accept-Encoding, Origin',
  },
  {
    rule: 'Response.redirect (immutable headers) keeps 302 and Location and gets the CORS headers',
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/redirect', () => Response.redirect('http://localhost/hello', 302));
      return app;
    },
    path: '/redirect',
    init: { headers: originHeaders(ALLOWED) },
    status: 302,
    headers: { ...ALLOWED_ACTUAL, location: 'http://localhost/hello' },
  },
  {
    rule: 'c.redirect keeps 302 and Location and gets the CORS headers',
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/redirect', (c) => c.redirect('/hello'));
      return app;
    },
    path: '/redirect',
    init: { headers: originHeaders(ALLOWED) },
    status: 302,
    headers: { ...ALLOWED_ACTUAL, location: '/hello' },
  },
  {
    rule: "Vary is merged with the handler's value, without duplicates",
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/vary', (c) => c.text('v', 200, { Vary: 'Accept-Encoding, origin' }));
      return app;
    },
    path: '/vary',
    init: { headers: originHeaders(ALLOWED) },
    status: 200,
    vary: ['accept-encoding', 'origin'],
  },
  {
    rule: 'Vary: * from the handler is left alone',
    build: () => {
      const app = new Hono();
      app.use(cors(LISTED));
      app.get('/vary', (c) => c.text('v', 200, { Vary: '*' }));
      return app;
    },
    path: '/vary',
    init: { headers: originHeaders(ALLOWED) },
    status: 200,
    headers: { [ACAO]: ALLOWED },
    varyExact: '*',
  },
  {
    rule: 'middleware mounted on /api/* answers preflights for unknown paths below it',
    build: () => {
      const app = new Hono();
      app.use('/api/*', cors(LISTED));
      app.get('/api/items', (c) => c.json([]));
      return app;
    },
    path: '/api/not-routed',
    init: preflight(ALLOWED, 'PUT'),
    status: 204,
    headers: { [ACAO]: ALLOWED },
  },
  {
    rule: 'middleware mounted on /api/* leaves other paths alone',
    build: () => {
      const app = new Hono();
      app.use('/api/*', cors(LISTED));
      app.get('/public', (c) => c.text('public'));
      return app;
    },
    path: '/public',
    init: { headers: originHeaders(ALLOWED) },
    status: 200,
    headers: NO_CORS,
    body: 'public',
  },
];

describe.each(MODES)('cors() via %s', (_mode, send) => {
  test.each(ROWS.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await send(row.build(), row.path, row.init);
      expect(res.status).toBe(row.status);
      for (const [name, value] of Object.entries(row.headers ?? {})) {
        expect(res.headers.get(name), name).toBe(value);
      }
      const text = await res.text();
      if (row.body !== undefined) expect(text).toBe(row.body);
      if (row.varyExact !== undefined) expect(res.headers.get(VARY)).toBe(row.varyExact);
      if (row.vary !== undefined) {
        const vary = tokens(res.headers.get(VARY));
        for (const v of row.vary) expect(vary.filter((t) => t === v), `Vary ${v}`).toHaveLength(1);
      }
    } finally {
      errors.mockRestore();
    }
  });

  test('streaming: the first chunk arrives before the handler writes the last', async () => {
    const app = new Hono();
    app.use(cors(LISTED));
    app.get('/stream', () => {
      const encoder = new TextEncoder();
      let step = 0;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          step += 1;
          if (step === 1) controller.enqueue(encoder.encode('a'));
          else if (step === 2) {
            await new Promise((r) => setTimeout(r, 150));
            controller.enqueue(encoder.encode('b'));
          } else controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    });
    const arrivals: { at: number; text: string }[] = [];
    const read = async (res: Response) => {
      expect(res.headers.get(ACAO)).toBe(ALLOWED);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        arrivals.push({ at: performance.now(), text: decoder.decode(value, { stream: true }) });
      }
    };
    if (send === viaAppRequest) {
      await read(await app.request('/stream', { headers: originHeaders(ALLOWED) }));
    } else {
      const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
        const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
      });
      try {
        const { port } = server.address() as AddressInfo;
        await read(await fetch(`http://127.0.0.1:${port}/stream`, { headers: originHeaders(ALLOWED) }));
      } finally {
        await new Promise((r) => server.close(r));
      }
    }
    expect(arrivals.map((a) => a.text).join('')).toBe('ab');
    expect(arrivals[0]!.text).toBe('a');
    expect(arrivals.at(-1)!.at - arrivals[0]!.at).toBeGreaterThanOrEqual(100);
  });

  test('streaming: a fetch() upstream body is passed on unbuffered', async () => {
    const app = new Hono();
    app.use(cors(LISTED));
    app.get('/slow', () => fetch(`${upstreamUrl}/slow`));
    const started = performance.now();
    const res = await (send === viaAppRequest
      ? app.request('/slow', { headers: originHeaders(ALLOWED) })
      : (async () => {
          const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
            const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
          });
          const { port } = server.address() as AddressInfo;
          const r = await fetch(`http://127.0.0.1:${port}/slow`, { headers: originHeaders(ALLOWED) });
          const text = await r.text();
          await new Promise((done) => server.close(done));
          return new Response(text, { status: r.status, headers: r.headers });
        })());
    if (send === viaAppRequest) {
      // Headers are there before the upstream has finished its body.
      expect(performance.now() - started).toBeLessThan(140);
    }
    expect(res.headers.get(ACAO)).toBe(ALLOWED);
    expect(await res.text()).toBe('ab');
  });
});

// ---------------------------------------------------------------------------
// Workers: CORS_* from c.env (app.request's third argument is c.env).

interface EnvRow {
  readonly rule: string;
  readonly options?: HonoCorsOptions;
  readonly env: Record<string, unknown>;
  readonly origin: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | null>>;
}

const ENV_ROWS: readonly EnvRow[] = [
  {
    rule: 'CORS_ORIGINS in c.env allows that origin',
    env: { CORS_ORIGINS: 'https://env.example', CORS_SUPPORTS_CREDENTIALS: 'true' },
    origin: 'https://env.example',
    status: 200,
    headers: { [ACAO]: 'https://env.example', [ACAC]: 'true' },
  },
  {
    rule: 'CORS_ORIGINS in c.env refuses other origins',
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: REFUSED,
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: 'options given in code win over c.env',
    options: { origins: 'https://code.example' },
    env: { CORS_ORIGINS: 'https://env.example', CORS_EXPOSE_HEADERS: 'X-From-Env' },
    origin: 'https://code.example',
    status: 200,
    headers: { [ACAO]: 'https://code.example', [ACEH]: 'X-From-Env' },
  },
  {
    rule: 'options given in code win over c.env: the env origin is refused',
    options: { origins: 'https://code.example' },
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: 'https://env.example',
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: 'a code option left undefined does not erase the env value',
    options: { origins: undefined, maxAge: 5 } as unknown as CorsOptions,
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: 'https://env.example',
    status: 200,
    headers: { [ACAO]: 'https://env.example' },
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
    options: { origins: ['https://code.example'], env: false },
    env: { CORS_ORIGINS: 'https://env.example', CORS_EXPOSE_HEADERS: 'X-From-Env' },
    origin: 'https://code.example',
    status: 200,
    headers: { [ACAO]: 'https://code.example', [ACEH]: null },
  },
  {
    rule: 'env: false ignores CORS_* in c.env: the env origin is refused',
    options: { origins: ['https://code.example'], env: false },
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: 'https://env.example',
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: 'env: false never reads c.env, so an unreadable CORS_* value does no harm',
    options: { origins: ['https://code.example'], env: false },
    env: { CORS_MAX_AGE: 'ten' },
    origin: 'https://code.example',
    status: 200,
    headers: { [ACAO]: 'https://code.example' },
  },
  {
    rule: 'an env record is read instead of c.env',
    options: { env: { CORS_ORIGINS: 'https://record.example' } },
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: 'https://record.example',
    status: 200,
    headers: { [ACAO]: 'https://record.example' },
  },
  {
    rule: 'an env record is read instead of c.env: the c.env origin is refused',
    options: { env: { CORS_ORIGINS: 'https://record.example' } },
    env: { CORS_ORIGINS: 'https://env.example' },
    origin: 'https://env.example',
    status: 200,
    headers: { [ACAO]: null },
  },
  {
    rule: "node-server's bindings ({ incoming, outgoing }) carry no CORS_*: the code options alone",
    options: { origins: ['https://code.example'] },
    env: { incoming: {}, outgoing: {} },
    origin: 'https://code.example',
    status: 200,
    headers: { [ACAO]: 'https://code.example' },
  },
  {
    rule: 'an unreadable CORS_* value fails the request with 500 (CorsConfigError reported)',
    env: { CORS_MAX_AGE: 'ten' },
    origin: ALLOWED,
    status: 500,
    headers: { [ACAO]: null },
  },
];

describe('cors() reads CORS_* from c.env (Workers)', () => {
  test.each(ENV_ROWS.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const app = new Hono();
      app.use(cors(row.options));
      app.get('/hello', (c) => c.text('hello'));
      const res = await app.request('/hello', { headers: originHeaders(row.origin) }, row.env);
      expect(res.status).toBe(row.status);
      for (const [name, value] of Object.entries(row.headers)) expect(res.headers.get(name), name).toBe(value);
    } finally {
      errors.mockRestore();
    }
  });

  test('the env is compiled once per env object, not per request', async () => {
    let reads = 0;
    const makeEnv = () => ({
      get CORS_ORIGINS() {
        reads += 1;
        return 'https://env.example';
      },
    });
    const app = new Hono();
    app.use(cors());
    app.get('/hello', (c) => c.text('hello'));
    const env = makeEnv();
    let readsAfterFirst = 0;
    for (let i = 0; i < 5; i++) {
      const res = await app.request('/hello', { headers: originHeaders('https://env.example') }, env);
      expect(res.headers.get(ACAO)).toBe('https://env.example');
      if (i === 0) readsAfterFirst = reads;
    }
    expect(readsAfterFirst).toBeGreaterThan(0);
    expect(reads).toBe(readsAfterFirst);
    // A new env object (a new isolate's bindings) is read again.
    await app.request('/hello', { headers: originHeaders('https://env.example') }, makeEnv());
    expect(reads).toBeGreaterThan(readsAfterFirst);
  });

  test('an app typed with Bindings reads CORS_* from c.env', async () => {
    const app = new Hono<{ Bindings: { CORS_ORIGINS: string; API_TOKEN: string } }>();
    app.use(cors());
    app.get('/hello', (c) => c.text(c.env.API_TOKEN.length > 0 ? 'hello' : 'no token'));
    const env = { CORS_ORIGINS: 'https://env.example', API_TOKEN: 'secret' };
    const res = await app.request('/hello', { headers: originHeaders('https://env.example') }, env);
    expect(res.headers.get(ACAO)).toBe('https://env.example');
    expect(await res.text()).toBe('hello');
  });

  test('preflight is answered from the c.env policy too', async () => {
    const app = new Hono();
    app.use(cors());
    const env = { CORS_ORIGINS: 'https://env.example', CORS_MAX_AGE: '60' };
    const res = await app.request('/anything', preflight('https://env.example', 'PUT'), env);
    expect(res.status).toBe(204);
    expect(res.headers.get(ACAO)).toBe('https://env.example');
    expect(res.headers.get(ACMA)).toBe('60');
  });
});

describe('package surface', () => {
  test('invalid options throw CorsConfigError when cors() is called, not per request', () => {
    expect(() => cors({ origin: 'https://app.example' } as unknown as CorsOptions)).toThrow(CorsConfigError);
    expect(() => cors({ origins: '*', supportsCredentials: true })).toThrow(CorsConfigError);
    expect(() => cors({ env: { CORS_MAX_AGE: 'ten' } })).toThrow(CorsConfigError);
  });

  test('withCors reads CORS_* from the env argument, as app.fetch receives it', async () => {
    const app = new Hono().get('/hello', (c) => c.text('hello'));
    const handler = withCors(app.fetch);
    const env = { CORS_ORIGINS: 'https://env.example' };
    const allowed = await handler(new Request('http://localhost/hello', { headers: { Origin: 'https://env.example' } }), env);
    expect(allowed.headers.get(ACAO)).toBe('https://env.example');
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
