/**
 * What @fetch-cors/bun adds to the core, inside a real Bun process: real Bun.serve servers on
 * 127.0.0.1, real fetch and WebSocket clients. What the policy answers is specified by the
 * conformance vectors (test/conformance), which run against `withCors` and `corsRoutes` in Bun;
 * the rows here are Bun's own: `server.upgrade` and the WebSocket guard, Bun's `routes` table,
 * responses with immutable headers, streaming, and `CORS_*` from `Bun.env`.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { CorsConfigError, corsRoutes, createBunCors, withCors, type BunCorsOptions, type CorsPolicy } from '../src/index';
import { checkGuardRow, GUARD_POLICIES, GUARD_ROWS } from '../../../test/conformance/src/websocket-guard';
import { handshakeStatus } from '../../../test/conformance/src/websocket-handshake-node';

import {
  ACAC,
  ACAH,
  ACAO,
  ACEH,
  ALLOWED,
  PREFLIGHT_VARY,
  REFUSED,
  VARY,
  accessControlHeaders,
  preflightHeaders,
} from '../../../test/conformance/src/test-names';

const list: BunCorsOptions = { env: false, origins: [ALLOWED] };

const servers: Server<undefined>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

function base(server: Server<undefined>): string {
  return `http://127.0.0.1:${server.port}`;
}

function preflight(method: string, origin = ALLOWED, headers?: string): RequestInit {
  return { method: 'OPTIONS', headers: preflightHeaders(origin, method, headers) };
}

interface Expectation {
  status: number;
  headers?: Record<string, string | null>;
  noAllowHeaders?: boolean;
  body?: string;
}

async function check(response: Response, expected: Expectation): Promise<void> {
  const body = await response.text();
  expect(response.status).toBe(expected.status);
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (name === 'location') expect(response.headers.get(name) ?? '').toEndWith(value ?? '');
    else expect([name, response.headers.get(name)]).toEqual([name, value]);
  }
  if (expected.noAllowHeaders) expect(accessControlHeaders(response.headers)).toEqual({});
  if (expected.body !== undefined) expect(body).toBe(expected.body);
}

/** The fetch handler of an application; counts what reaches it. */
function makeApp() {
  const calls: string[] = [];
  const fetchHandler = (request: Request, server: Server<undefined>): Response | Promise<Response> | undefined => {
    const { pathname, origin } = new URL(request.url);
    calls.push(`${request.method} ${pathname}`);
    switch (pathname) {
      case '/hello':
        return new Response('hello', { headers: { 'Content-Type': 'text/plain', 'X-Request-Id': '42' } });
      case '/proxy':
        return fetch(`${origin}/hello`);
      case '/redirect':
        return Response.redirect(`${origin}/hello`, 302);
      case '/ws':
        if (server.upgrade(request)) return undefined;
        return new Response('Upgrade Required', { status: 426 });
      default:
        return new Response('not found', { status: 404 });
    }
  };
  return { fetchHandler, calls };
}

function serveFetch(options: BunCorsOptions) {
  const app = makeApp();
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: withCors(app.fetchHandler, options),
    websocket: {
      message: (ws, message) => {
        ws.send(`echo:${String(message)}`);
      },
    },
  });
  servers.push(server);
  return { app, url: base(server) };
}

interface FetchRow extends Expectation {
  rule: string;
  options: BunCorsOptions;
  path: string;
  init?: RequestInit;
  reachesHandler: boolean;
}

const fetchRows: FetchRow[] = [
  {
    rule: 'immutable: a fetch() response gets the CORS headers on a copy; status, headers and body kept',
    options: list,
    path: '/proxy',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED, 'content-type': 'text/plain', 'x-request-id': '42' },
    body: 'hello',
    reachesHandler: true,
  },
  {
    rule: 'immutable: Response.redirect keeps 302 and Location and gets the CORS headers',
    options: list,
    path: '/redirect',
    init: { headers: { Origin: ALLOWED }, redirect: 'manual' },
    status: 302,
    headers: { [ACAO]: ALLOWED, location: '/hello' },
    reachesHandler: true,
  },
];

describe('bun adapter: withCors(fetch)', () => {
  test.each(fetchRows.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const reported: unknown[] = [];
    const { app, url } = serveFetch({ ...row.options, onError: (error) => reported.push(error) });
    await check(await fetch(`${url}${row.path}`, row.init), row);
    const method = row.init?.method ?? 'GET';
    expect(app.calls.includes(`${method} ${row.path}`)).toBe(row.reachesHandler);
    expect(reported).toEqual([]);
  });

  test('WebSocket: server.upgrade returning undefined passes through, and the socket echoes', async () => {
    const { url } = serveFetch(list);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { Origin: ALLOWED } } as unknown as string[]);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send('ping');
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => reject(new Error('websocket failed'));
    });
    const closed = new Promise<void>((resolve) => (ws.onclose = () => resolve()));
    ws.close();
    await closed;
    expect(reply).toBe('echo:ping');
  });

  test('stream: the first chunk arrives before the last is written (no buffering)', async () => {
    const encoder = new TextEncoder();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let lastWritten = false;
    const server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: withCors(
        () =>
          new Response(
            new ReadableStream<Uint8Array>({
              async start(controller) {
                controller.enqueue(encoder.encode('a'));
                await gate;
                controller.enqueue(encoder.encode('b'));
                lastWritten = true;
                controller.enqueue(encoder.encode('c'));
                controller.close();
              },
            }),
          ),
        list,
      ),
    });
    servers.push(server);
    const response = await fetch(`${base(server)}/stream`, { headers: { Origin: ALLOWED } });
    expect(response.headers.get(ACAO)).toBe(ALLOWED);
    const reader = response.body!.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const first = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('first chunk did not arrive: body buffered?')), 3000))),
      ]);
      expect(new TextDecoder().decode(first.value)).toBe('a');
      expect(lastWritten).toBe(false);
    } finally {
      clearTimeout(timer);
      release();
    }
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    expect(rest).toBe('bc');
  });
});

// --- routes table ------------------------------------------------------------------------------

function serveRoutes(options: BunCorsOptions) {
  const calls: string[] = [];
  const note = (request: Request) => calls.push(`${request.method} ${new URL(request.url).pathname}`);
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    routes: corsRoutes(
      {
        '/static': new Response('static body', { headers: { 'Content-Type': 'text/plain', 'X-Static': '1' } }),
        '/users/:id': (request) => {
          note(request);
          return Response.json({ id: request.params.id });
        },
        '/items': {
          GET: (request) => {
            note(request);
            return Response.json(['a']);
          },
          POST: async (request) => {
            note(request);
            return Response.json({ posted: await request.text() }, { status: 201 });
          },
          DELETE: new Response(null, { status: 204 }),
        },
        '/with-options': {
          GET: () => new Response('get'),
          OPTIONS: (request) => {
            note(request);
            return new Response('own options', { status: 200 });
          },
        },
        '/boom': {
          GET: (): Response => {
            throw new Error('route failed on purpose');
          },
        },
        '/ws': (request, server) => {
          if (server.upgrade(request)) return undefined;
          return new Response('Upgrade Required', { status: 426 });
        },
        '/plain': false,
      },
      options,
    ),
    fetch: () => new Response('fallback', { status: 404 }),
    websocket: {
      message: (ws, message) => {
        ws.send(`echo:${String(message)}`);
      },
    },
  });
  servers.push(server);
  return { calls, url: base(server) };
}

interface RouteRow extends Expectation {
  rule: string;
  path: string;
  init?: RequestInit;
  reachesHandler?: string;
}

const routeRows: RouteRow[] = [
  {
    rule: 'per-route handler: allowed origin gets CORS headers, params pass through',
    path: '/users/7',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED, [VARY]: 'Origin' },
    body: '{"id":"7"}',
    reachesHandler: 'GET /users/7',
  },
  {
    rule: 'per-route handler: refused origin gets no Access-Control-Allow-*',
    path: '/users/7',
    init: { headers: { Origin: REFUSED } },
    status: 200,
    noAllowHeaders: true,
    headers: { [VARY]: 'Origin' },
    reachesHandler: 'GET /users/7',
  },
  {
    rule: 'per-route handler: preflight answered by the policy',
    path: '/users/7',
    init: preflight('DELETE'),
    status: 204,
    headers: { [ACAO]: ALLOWED, [VARY]: PREFLIGHT_VARY },
    body: '',
  },
  {
    rule: 'per-method map: GET gets CORS headers',
    path: '/items',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED },
    body: '["a"]',
    reachesHandler: 'GET /items',
  },
  {
    rule: 'per-method map: POST gets CORS headers and reads the body',
    path: '/items',
    init: { method: 'POST', body: 'x=1', headers: { Origin: ALLOWED } },
    status: 201,
    headers: { [ACAO]: ALLOWED },
    body: '{"posted":"x=1"}',
    reachesHandler: 'POST /items',
  },
  {
    rule: 'per-method map: a static Response entry gets CORS headers',
    path: '/items',
    init: { method: 'DELETE', headers: { Origin: ALLOWED } },
    status: 204,
    headers: { [ACAO]: ALLOWED },
  },
  {
    rule: 'per-method map without OPTIONS: preflight allowed 204',
    path: '/items',
    init: preflight('PUT', ALLOWED, 'Content-Type'),
    status: 204,
    headers: { [ACAO]: ALLOWED, [ACAH]: 'content-type', [VARY]: PREFLIGHT_VARY },
    body: '',
  },
  {
    rule: 'per-method map without OPTIONS: preflight refused 403, no Access-Control-Allow-*',
    path: '/items',
    init: preflight('PUT', REFUSED),
    status: 403,
    noAllowHeaders: true,
    headers: { [VARY]: PREFLIGHT_VARY },
    body: '',
  },
  {
    rule: 'per-method map without OPTIONS: a plain OPTIONS request gets 204 with Allow',
    path: '/items',
    init: { method: 'OPTIONS', headers: { Origin: ALLOWED } },
    status: 204,
    headers: { allow: 'GET, POST, DELETE, OPTIONS', [ACAO]: ALLOWED },
  },
  {
    rule: 'per-method map with its own OPTIONS: preflight still answered by the policy',
    path: '/with-options',
    init: preflight('PUT'),
    status: 204,
    headers: { [ACAO]: ALLOWED },
    body: '',
  },
  {
    rule: 'per-method map with its own OPTIONS: a plain OPTIONS request reaches it',
    path: '/with-options',
    init: { method: 'OPTIONS', headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED },
    body: 'own options',
    reachesHandler: 'OPTIONS /with-options',
  },
  {
    rule: 'static Response route: allowed origin gets CORS headers on a copy',
    path: '/static',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED, 'x-static': '1', 'content-type': 'text/plain' },
    body: 'static body',
  },
  {
    rule: 'static Response route: a refused origin right after gets none (the shared response is not changed)',
    path: '/static',
    init: { headers: { Origin: REFUSED } },
    status: 200,
    noAllowHeaders: true,
    headers: { 'x-static': '1' },
    body: 'static body',
  },
  {
    rule: 'static Response route: preflight answered by the policy',
    path: '/static',
    init: preflight('PATCH'),
    status: 204,
    headers: { [ACAO]: ALLOWED },
    body: '',
  },
  {
    rule: 'throwing route handler: 500 that still carries the CORS headers',
    path: '/boom',
    init: { headers: { Origin: ALLOWED } },
    status: 500,
    headers: { [ACAO]: ALLOWED },
    body: 'Internal Server Error',
  },
  {
    rule: 'false route falls through to fetch untouched',
    path: '/plain',
    init: { headers: { Origin: ALLOWED } },
    status: 404,
    body: 'fallback',
    noAllowHeaders: true,
  },
];

describe('bun adapter: corsRoutes(routes)', () => {
  test.each(routeRows.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const reported: unknown[] = [];
    const { calls, url } = serveRoutes({ ...list, onError: (error) => reported.push(error) });
    // the static route is asked twice: a changed shared response would leak the first answer
    if (row.path === '/static') await (await fetch(`${url}/static`, { headers: { Origin: ALLOWED } })).text();
    await check(await fetch(`${url}${row.path}`, row.init), row);
    if (row.reachesHandler !== undefined) expect(calls).toContain(row.reachesHandler);
    if (row.init?.method === 'OPTIONS' && row.reachesHandler === undefined) expect(calls).toEqual([]);
    expect(reported).toHaveLength(row.status === 500 ? 1 : 0);
  });

  test('WebSocket route: server.upgrade returning undefined passes through, and the socket echoes', async () => {
    const { url } = serveRoutes(list);
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { headers: { Origin: ALLOWED } } as unknown as string[]);
    const reply = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send('ping');
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = () => reject(new Error('websocket failed'));
    });
    const closed = new Promise<void>((resolve) => (ws.onclose = () => resolve()));
    ws.close();
    await closed;
    expect(reply).toBe('echo:ping');
  });
});

// --- configuration from Bun.env ----------------------------------------------------------------

const ENV_NAMES = ['CORS_ORIGINS', 'CORS_EXPOSE_HEADERS', 'CORS_SUPPORTS_CREDENTIALS', 'CORS_MAX_AGE'];

function setEnv(values: Record<string, string>): () => void {
  for (const name of ENV_NAMES) delete Bun.env[name];
  Object.assign(Bun.env, values);
  return () => {
    for (const name of ENV_NAMES) delete Bun.env[name];
  };
}

interface EnvRow {
  rule: string;
  env: Record<string, string>;
  options: BunCorsOptions;
  origin: string;
  headers: Record<string, string | null>;
}

const envRows: EnvRow[] = [
  {
    rule: 'CORS_* from Bun.env is the policy',
    env: { CORS_ORIGINS: ALLOWED, CORS_SUPPORTS_CREDENTIALS: 'true' },
    options: {},
    origin: ALLOWED,
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true' },
  },
  {
    rule: 'an option set to undefined in code leaves the Bun.env value',
    env: { CORS_ORIGINS: ALLOWED },
    options: { origins: undefined },
    origin: REFUSED,
    headers: { [ACAO]: null },
  },
  { rule: 'env: false ignores Bun.env', env: { CORS_ORIGINS: REFUSED }, options: { env: false }, origin: ALLOWED, headers: { [ACAO]: '*' } },
  {
    rule: 'an env record is read instead of Bun.env',
    env: { CORS_ORIGINS: REFUSED },
    options: { env: { CORS_ORIGINS: ALLOWED } },
    origin: ALLOWED,
    headers: { [ACAO]: ALLOWED },
  },
];

describe('bun adapter: configuration from Bun.env', () => {
  for (const kind of ['withCors', 'corsRoutes'] as const) {
    test.each(envRows.map((row) => [row.rule, row] as const))(`${kind}: %s`, async (_rule, row) => {
      const restore = setEnv(row.env);
      let server: Server<undefined>;
      try {
        const handler = () => new Response('ok');
        server =
          kind === 'withCors'
            ? Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: withCors(handler, row.options) })
            : Bun.serve({ hostname: '127.0.0.1', port: 0, routes: corsRoutes({ '/': handler }, row.options) });
      } finally {
        restore();
      }
      servers.push(server);
      const response = await fetch(`${base(server)}/`, { headers: { Origin: row.origin } });
      await response.text();
      for (const [name, value] of Object.entries(row.headers)) expect([name, response.headers.get(name)]).toEqual([name, value]);
    });
  }

  test('an unreadable CORS_MAX_AGE is a CorsConfigError naming the variable, at construction', () => {
    const restore = setEnv({ CORS_MAX_AGE: 'ten' });
    try {
      expect(() => withCors(() => new Response('ok'))).toThrow(CorsConfigError);
      expect(() => corsRoutes({ '/': () => new Response('ok') })).toThrow(/CORS_MAX_AGE/);
    } finally {
      restore();
    }
  });
});

describe('bun adapter: one policy for routes and fetch', () => {
  test('a policy from createBunCors is shared by corsRoutes and withCors (env read once)', async () => {
    const restore = setEnv({ CORS_ORIGINS: ALLOWED, CORS_EXPOSE_HEADERS: 'X-Request-Id' });
    let cors: CorsPolicy;
    try {
      cors = createBunCors({ supportsCredentials: true });
    } finally {
      restore();
    }
    const server = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      routes: corsRoutes({ '/route': new Response('route') }, cors),
      fetch: withCors(() => new Response('fallback', { status: 404 }), cors),
    });
    servers.push(server);
    const answers = [
      { served: 'by the routes table', path: '/route', status: 200 },
      { served: 'by the fetch fallback', path: '/elsewhere', status: 404 },
    ];
    for (const { path, status } of answers) {
      const response = await fetch(`${base(server)}${path}`, { headers: { Origin: ALLOWED } });
      await response.text();
      expect([path, response.status, response.headers.get(ACAO), response.headers.get(ACAC), response.headers.get(ACEH)]).toEqual([
        path,
        status,
        ALLOWED,
        'true',
        'X-Request-Id',
      ]);
    }
  });
});

// --- WebSocket origin guard --------------------------------------------------------------------

describe('bun adapter: the WebSocket origin guard, with a real WebSocket client', () => {
  for (const form of ['withCors(fetch)', 'corsRoutes(routes)'] as const) {
    for (const row of GUARD_ROWS) {
      test(`${form}: ${row.rule}`, async () => {
        let runs = 0;
        const rejections: string[] = [];
        const options: BunCorsOptions = { ...GUARD_POLICIES[row.mode], env: false, onReject: (r) => rejections.push(r.reason) };
        const upgrade = (request: Request, server: Server<undefined>) => {
          runs += 1;
          if (server.upgrade(request)) return undefined;
          return new Response('Upgrade Required', { status: 426 });
        };
        const websocket = { message: (ws: { send(m: string | Buffer): unknown }, message: string | Buffer) => void ws.send(message) };
        const server =
          form === 'withCors(fetch)'
            ? Bun.serve({ hostname: '127.0.0.1', port: 0, fetch: withCors(upgrade, options), websocket })
            : Bun.serve({ hostname: '127.0.0.1', port: 0, routes: corsRoutes({ '/ws': { GET: upgrade } }, options), websocket });
        servers.push(server as Server<undefined>);
        const problems = await checkGuardRow(
          row,
          {
            url: `ws://127.0.0.1:${server.port}/ws`,
            stats: () => ({ runs, rejections }),
          },
          handshakeStatus,
        );
        expect(problems).toEqual([]);
      });
    }
  }
});
