/**
 * The example-app rules of docs/behaviour.md#example-apps, checked over real HTTP on 127.0.0.1
 * against every app in apps/, each started as a user would start it.
 * One describe block per app; inside it one block per CORS_* configuration, with one origin
 * case and the preflights that show the app reads that configuration and puts every route
 * (and an unrouted path) behind the policy. What the policy answers to each request is the
 * conformance vectors' to specify (test/conformance), not this contract's.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { APPS, groupAlive, startApp, type RunningApp } from '../src/start-app';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA, ACRH, ACRM, VARY } from '../../conformance/src/test-names';

// Request header names, lower case, as they appear among Vary's tokens.
const ORIGIN = 'origin';

// The apps get their CORS_* from each block below, so the origins are this suite's own.
const ALLOWED = 'http://allowed.test';
const REFUSED = 'http://refused.test';
const DEFAULT_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE'];

/** Comma-separated header value as a lower-cased token list. */
const tokens = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');

// ---------------------------------------------------------------------------
// Routes (docs/behaviour.md#example-apps): what every app answers, whatever the CORS policy.

interface RouteCase {
  readonly rule: string;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  check(res: Response, text: string, app: RunningApp): void;
}

const echo = (method: string, body: string): RouteCase => ({
  rule: `${method} /echo answers 200 JSON with the method and the request body`,
  method,
  path: '/echo',
  ...(body === '' ? {} : { body }),
  check(res, text) {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(JSON.parse(text)).toEqual({ method, body });
  },
});

const ROUTES: readonly RouteCase[] = [
  {
    rule: 'GET /hello answers 200 text/plain "hello"',
    method: 'GET',
    path: '/hello',
    check(res, text) {
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(text).toBe('hello');
    },
  },
  echo('GET', ''),
  echo('POST', 'posted body'),
  echo('PUT', 'put body'),
  echo('PATCH', 'patch body'),
  echo('DELETE', 'delete body'),
  {
    rule: 'GET /expose answers 200 with X-Request-Id: 42',
    method: 'GET',
    path: '/expose',
    check(res) {
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('42');
    },
  },
  {
    rule: 'GET /redirect is a 302 to /hello (Response.redirect, immutable headers)',
    method: 'GET',
    path: '/redirect',
    check(res, _text, app) {
      expect(res.status).toBe(302);
      const location = res.headers.get('location');
      expect(location).not.toBeNull();
      expect(new URL(location ?? '', app.url).pathname).toBe('/hello');
    },
  },
  {
    rule: 'GET /proxy passes on the fetch() of its own /hello (immutable headers)',
    method: 'GET',
    path: '/proxy',
    check(res, text) {
      expect(res.status).toBe(200);
      expect(text).toBe('hello');
    },
  },
  {
    rule: 'GET /stream answers 200 with the body "abc"',
    method: 'GET',
    path: '/stream',
    check(res, text) {
      expect(res.status).toBe(200);
      expect(text).toBe('abc');
    },
  },
  {
    rule: 'GET /error answers 500 Internal Server Error when the handler throws',
    method: 'GET',
    path: '/error',
    check(res, text) {
      expect(res.status).toBe(500);
      expect(text).toBe('Internal Server Error');
    },
  },
];

const ROUTE_PATHS = ['/hello', '/echo', '/expose', '/redirect', '/proxy', '/stream', '/error', '/ws'];

// ---------------------------------------------------------------------------
// CORS configurations, and the headers each one must produce.

/** Expected value per header; `null` = must be absent. */
type Expected = Readonly<Record<string, string | null>>;

interface OriginCase {
  readonly rule: string;
  /** `null`: the request carries no Origin. */
  readonly origin: string | null;
  readonly headers: Expected;
  /** Whether `Vary` must name Origin (true) or must not (false). */
  readonly varyOrigin: boolean;
}

interface PreflightCase {
  readonly rule: string;
  readonly path: string;
  readonly origin: string;
  readonly method: string;
  readonly requestHeaders?: string;
  /** Sends `Access-Control-Request-Private-Network: true`. */
  readonly privateNetwork?: boolean;
  /** Expected status; `'handler'`: the app's own answer, whatever it is, but not the library's 204. */
  readonly status: number | 'handler';
  readonly headers: Expected;
  /** Lower-cased tokens `Access-Control-Allow-Methods` must list exactly, when given. */
  readonly allowMethods?: readonly string[];
  /** Lower-cased tokens `Access-Control-Allow-Headers` must list exactly, when given. */
  readonly allowHeaders?: readonly string[];
}

interface Config {
  readonly name: string;
  readonly env: Readonly<Record<string, string>>;
  /** Lower-cased tokens every preflight answer's Vary must contain; `null`: no Vary at all. */
  readonly preflightVary: readonly string[] | null;
  readonly origins: readonly OriginCase[];
  readonly preflights: readonly PreflightCase[];
}

const PREFLIGHT_VARY = [ORIGIN, ACRM, ACRH];

const LISTED: Config = {
  name: 'CORS_ORIGINS=http://allowed.test with credentials, expose, max-age and a header list',
  env: {
    CORS_ORIGINS: ALLOWED,
    CORS_SUPPORTS_CREDENTIALS: 'true',
    CORS_EXPOSE_HEADERS: 'X-Request-Id',
    CORS_MAX_AGE: '600',
    CORS_ALLOW_HEADERS: 'Content-Type, X-Custom',
  },
  preflightVary: PREFLIGHT_VARY,
  origins: [
    {
      rule: 'listed origin is echoed with credentials and exposed headers',
      origin: ALLOWED,
      headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACEH]: 'X-Request-Id' },
      varyOrigin: true,
    },
  ],
  preflights: [
    ...ROUTE_PATHS.map(
      (path): PreflightCase => ({
        rule: `allowed preflight on ${path} is answered 204 with the policy's headers (the whole CORS_ALLOW_HEADERS list)`,
        path,
        origin: ALLOWED,
        method: 'PUT',
        requestHeaders: 'Content-Type',
        status: 204,
        headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACMA]: '600', [ACEH]: null },
        allowMethods: DEFAULT_METHODS,
        allowHeaders: ['content-type', 'x-custom'],
      }),
    ),
    {
      rule: 'allowed preflight on a path with no route is still answered 204',
      path: '/no-such-route',
      origin: ALLOWED,
      method: 'DELETE',
      status: 204,
      headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACMA]: '600', [ACEH]: null },
      allowMethods: DEFAULT_METHODS,
    },
  ],
};

const WILDCARD: Config = {
  name: 'no CORS_* set (defaults: every origin, wildcard)',
  env: {},
  preflightVary: PREFLIGHT_VARY,
  origins: [
    {
      rule: 'any origin gets Access-Control-Allow-Origin: * and no credentials',
      origin: REFUSED,
      headers: { [ACAO]: '*', [ACAC]: null, [ACEH]: null },
      varyOrigin: false,
    },
  ],
  preflights: [
    ...ROUTE_PATHS.map(
      (path): PreflightCase => ({
        rule: `preflight on ${path} is answered 204 with * and the requested headers echoed`,
        path,
        origin: ALLOWED,
        method: 'PATCH',
        requestHeaders: 'X-Foo, Content-Type',
        status: 204,
        headers: { [ACAO]: '*', [ACAC]: null, [ACMA]: null, [ACEH]: null, [ACAH]: 'x-foo,content-type' },
        allowMethods: DEFAULT_METHODS,
      }),
    ),
    {
      rule: 'preflight on a path with no route is still answered 204',
      path: '/no-such-route',
      origin: REFUSED,
      method: 'DELETE',
      status: 204,
      headers: { [ACAO]: '*', [ACAC]: null, [ACMA]: null, [ACEH]: null },
      allowMethods: DEFAULT_METHODS,
    },
  ],
};

const ECHOED: Config = {
  name: 'CORS_ORIGINS=* echoed (CORS_SEND_WILDCARD=false), a CORS_METHODS list, CORS_VARY_HEADER=false, CORS_ALLOW_PRIVATE_NETWORK=true',
  env: {
    CORS_ORIGINS: '*',
    CORS_SEND_WILDCARD: 'false',
    CORS_METHODS: 'GET, POST, DELETE',
    CORS_VARY_HEADER: 'false',
    CORS_ALLOW_PRIVATE_NETWORK: 'true',
  },
  preflightVary: null,
  origins: [
    {
      rule: 'any origin is echoed instead of *, and no Vary is added',
      origin: REFUSED,
      headers: { [ACAO]: REFUSED, [ACAC]: null, [ACEH]: null },
      varyOrigin: false,
    },
  ],
  preflights: [
    {
      rule: 'preflight for a method in CORS_METHODS is answered with that list and the origin echoed',
      path: '/echo',
      origin: ALLOWED,
      method: 'DELETE',
      status: 204,
      headers: { [ACAO]: ALLOWED, [ACAC]: null, [ACAPN]: null },
      allowMethods: ['GET', 'POST', 'DELETE'],
    },
    {
      rule: 'preflight asking for private-network access gets Access-Control-Allow-Private-Network: true',
      path: '/hello',
      origin: ALLOWED,
      method: 'GET',
      privateNetwork: true,
      status: 204,
      headers: { [ACAO]: ALLOWED, [ACAPN]: 'true' },
    },
  ],
};

const MANUAL: Config = {
  name: 'CORS_ALWAYS_SEND=false and CORS_AUTOMATIC_OPTIONS=false (wildcard otherwise)',
  env: { CORS_ALWAYS_SEND: 'false', CORS_AUTOMATIC_OPTIONS: 'false' },
  preflightVary: [ORIGIN],
  origins: [
    {
      rule: 'any origin gets *, and Vary: Origin because requests without Origin are answered differently',
      origin: REFUSED,
      headers: { [ACAO]: '*', [ACAC]: null, [ACEH]: null },
      varyOrigin: true,
    },
  ],
  preflights: [
    {
      rule: "preflight reaches the app's handler and is answered as an actual response",
      path: '/hello',
      origin: ALLOWED,
      method: 'PUT',
      status: 'handler',
      headers: { [ACAO]: '*', [ACAM]: null, [ACAH]: null, [ACMA]: null },
    },
  ],
};

const CONFIGS: readonly Config[] = [LISTED, WILDCARD, ECHOED, MANUAL];

// ---------------------------------------------------------------------------

function expectHeaders(res: Response, expected: Expected): void {
  for (const [name, value] of Object.entries(expected)) {
    expect(res.headers.get(name), name).toBe(value);
  }
}

function send(app: RunningApp, route: Pick<RouteCase, 'method' | 'path' | 'body'>, origin: string | null) {
  const headers = new Headers();
  if (origin !== null) headers.set('Origin', origin);
  if (route.body !== undefined) headers.set('Content-Type', 'text/plain');
  return fetch(app.url + route.path, {
    method: route.method,
    headers,
    redirect: 'manual',
    ...(route.body === undefined ? {} : { body: route.body }),
    signal: AbortSignal.timeout(10_000),
  });
}

/** Open /ws with an Origin header, send one message, resolve with the echo. */
function echoOverWebSocket(app: RunningApp, origin: string, message: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const Ws = WebSocket as unknown as new (url: string, init: { headers: Record<string, string> }) => WebSocket;
    const ws = new Ws(`${app.url.replace(/^http/, 'ws')}/ws`, { headers: { Origin: origin } });
    const timer = setTimeout(() => {
      ws.close();
      reject(new Error('no echo within 10 s'));
    }, 10_000);
    ws.addEventListener('open', () => ws.send(message));
    ws.addEventListener('message', (event) => {
      clearTimeout(timer);
      ws.close();
      resolve(String(event.data));
    });
    ws.addEventListener('error', () => {
      clearTimeout(timer);
      reject(new Error('WebSocket error (upgrade refused?)'));
    });
  });
}

for (const name of APPS) {
  describe(name, () => {
    for (const config of CONFIGS) {
      describe(config.name, () => {
        let app: RunningApp;
        beforeAll(async () => {
          app = await startApp(name, config.env);
        });
        afterAll(async () => {
          await app?.stop();
        });

        for (const originCase of config.origins) {
          for (const route of ROUTES) {
            test(`${route.rule}; ${originCase.rule}`, async () => {
              const res = await send(app, route, originCase.origin);
              const text = await res.text();
              route.check(res, text, app);
              expectHeaders(res, originCase.headers);
              if (originCase.varyOrigin) expect(tokens(res.headers.get(VARY))).toContain(ORIGIN);
              else expect(tokens(res.headers.get(VARY))).not.toContain(ORIGIN);
            });
          }
        }

        for (const pre of config.preflights) {
          test(pre.rule, async () => {
            const headers: Record<string, string> = { Origin: pre.origin, 'Access-Control-Request-Method': pre.method };
            if (pre.requestHeaders !== undefined) headers['Access-Control-Request-Headers'] = pre.requestHeaders;
            if (pre.privateNetwork === true) headers['Access-Control-Request-Private-Network'] = 'true';
            const res = await fetch(app.url + pre.path, { method: 'OPTIONS', headers, signal: AbortSignal.timeout(10_000) });
            if (pre.status === 'handler') {
              expect(res.status).not.toBe(204);
              await res.body?.cancel();
            } else {
              expect(res.status).toBe(pre.status);
              expect(await res.text()).toBe('');
            }
            expectHeaders(res, pre.headers);
            if (config.preflightVary === null) expect(res.headers.get(VARY)).toBeNull();
            else for (const v of config.preflightVary) expect(tokens(res.headers.get(VARY))).toContain(v);
            if (pre.allowMethods !== undefined) {
              expect(tokens(res.headers.get(ACAM))).toEqual(pre.allowMethods.map((m) => m.toLowerCase()));
            }
            if (pre.allowHeaders !== undefined) {
              expect(tokens(res.headers.get(ACAH))).toEqual(pre.allowHeaders);
            }
          });
        }

        test('WebSocket upgrade on /ws echoes a message (allowed origin)', async () => {
          expect(await echoOverWebSocket(app, ALLOWED, 'ping allowed')).toBe('ping allowed');
        });

        test('WebSocket upgrade on /ws is not blocked for another origin (CORS does not govern WebSockets)', async () => {
          expect(await echoOverWebSocket(app, REFUSED, 'ping other')).toBe('ping other');
        });

        test('/stream is not buffered: the first chunk arrives well before the last', async () => {
          const res = await send(app, { method: 'GET', path: '/stream' }, ALLOWED);
          expect(res.status).toBe(200);
          const reader = res.body!.getReader();
          const decoder = new TextDecoder();
          const arrivals: { at: number; text: string }[] = [];
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            arrivals.push({ at: performance.now(), text: decoder.decode(value, { stream: true }) });
          }
          expect(arrivals.map((a) => a.text).join('')).toBe('abc');
          // The first read ended before 'c' was written: the body streamed. (No clock: a loaded
          // machine can delay the first read until the gaps between chunks shrink.)
          expect(arrivals.length).toBeGreaterThanOrEqual(2);
          expect(arrivals[0]!.text).not.toContain('c');
        });

        // Last in the block: the app stays up until killed, and stop() leaves nothing behind.
        test('the app answers until stopped, and stopping it leaves no process and no listener', async () => {
          const res = await fetch(`${app.url}/hello`, { signal: AbortSignal.timeout(10_000) });
          expect(await res.text()).toBe('hello');
          await app.stop();
          expect(groupAlive(app.pid)).toBe(false);
          await expect(fetch(`${app.url}/hello`, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
        });
      });
    }
  });
}
