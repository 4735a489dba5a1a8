/**
 * What @fetch-cors/cloudflare adds to the core, inside workerd: test Workers that use the adapter
 * are bundled with esbuild and run by Miniflare; requests go through `mf.dispatchFetch`, as a
 * client's would. What the policy answers is specified by the conformance vectors
 * (test/conformance), which run inside workerd with real Worker vars; the rows here are the
 * Worker's own: each handler form, `this`, `env` and `ctx` passed through, `scheduled`,
 * immutable responses (fetch, redirect, cache), streaming, WebSocketPair and the WebSocket
 * guard, and `CORS_*` from the bindings (JSON vars, the `env` option, compiled once per env).
 *
 * Workers (one Miniflare, routed by host):
 * - object.test    ExportedHandler form, policy only from CORS_* bindings
 * - function.test  fetch-function form, policy only from code options
 * - override.test  code options laid over CORS_* bindings
 * - env-option.test  env: false and an env record, beside unreadable CORS_* bindings
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGuardRow, GUARD_ROWS, type GuardStats } from '../../../test/conformance/src/websocket-guard';
import { handshakeStatus } from '../../../test/conformance/src/websocket-handshake-node';

import {
  ACAC as ALLOW_CREDENTIALS,
  ACAH as ALLOW_HEADERS,
  ACAM as ALLOW_METHODS,
  ACAO as ALLOW_ORIGIN,
  ACEH as EXPOSE_HEADERS,
  ACMA as MAX_AGE,
  ALLOWED,
  DEFAULT_METHODS,
  PREFLIGHT_VARY,
  REFUSED,
  VARY,
} from '../../../test/conformance/src/test-names';

const here = path.dirname(fileURLToPath(import.meta.url));
const workerDir = path.join(here, 'worker');
const outDir = path.join(workerDir, 'dist');

let mf: Miniflare;
let upstream: http.Server;

/**
 * The gate the upstream's `/stream` and `/gate` wait on. A streaming test closes it before
 * its request and opens it once it has read the first chunk; it stays open until the next
 * test closes it, so a `/gate` request that arrives late is answered at once.
 */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
let gate = deferred();
gate.resolve();
function closeGate(): void {
  gate = deferred();
}
function openGate(): void {
  gate.resolve();
}

/** The local origin server the Workers fetch(): a plain answer, a gated stream, the gate. */
function startUpstream(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const opened = gate.promise;
    if (req.url === '/stream') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'X-Upstream': 'stream' });
      res.write('a');
      void opened.then(() => res.end('bc'));
      return;
    }
    if (req.url === '/gate') {
      void opened.then(() => res.end('open'));
      return;
    }
    // An upstream that sends its own CORS header: the policy must replace it.
    res.writeHead(203, { 'Content-Type': 'text/plain', 'X-Upstream': 'yes', 'Access-Control-Allow-Origin': '*' });
    res.end('from upstream');
  });
  server.listen(0, '127.0.0.1');
  return once(server, 'listening').then(() => server);
}

async function bundle(name: string): Promise<string> {
  const outfile = path.join(outDir, `${name}.js`);
  await build({
    entryPoints: [path.join(workerDir, `${name}.ts`)],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'import'],
    external: ['cloudflare:*'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  return outfile;
}

beforeAll(async () => {
  upstream = await startUpstream();
  const UPSTREAM = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  const [object, fn, override, entrypoint, envOption] = await Promise.all(['object', 'function', 'override', 'entrypoint', 'env-option'].map(bundle));
  // wrangler.toml vars may be JSON: numbers, booleans and lists reach env as such.
  const jsonVars = {
    CORS_ORIGINS: [ALLOWED, 'https://second.example'],
    CORS_SUPPORTS_CREDENTIALS: true,
    CORS_MAX_AGE: 300,
  };
  const common = { modules: true, compatibilityDate: '2026-07-01' } as const;
  mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    workers: [
      {
        ...common,
        name: 'object',
        scriptPath: object!,
        routes: ['object.test/*'],
        bindings: {
          SOME_VAR: 'object-var',
          UPSTREAM,
          CORS_ORIGINS: ALLOWED,
          CORS_EXPOSE_HEADERS: 'X-Request-Id',
          CORS_MAX_AGE: '600',
        },
      },
      { ...common, name: 'function', scriptPath: fn!, routes: ['function.test/*'], bindings: { SOME_VAR: 'function-var', UPSTREAM } },
      {
        ...common,
        name: 'override',
        scriptPath: override!,
        routes: ['override.test/*'],
        bindings: {
          SOME_VAR: 'override-var',
          UPSTREAM,
          CORS_ORIGINS: 'https://env.example',
          CORS_EXPOSE_HEADERS: 'X-Env-Exposed',
          CORS_METHODS: 'GET, PURGE',
          CORS_SUPPORTS_CREDENTIALS: 'true',
        },
      },
      {
        ...common,
        name: 'entrypoint',
        scriptPath: entrypoint!,
        routes: ['entrypoint.test/*'],
        bindings: { SOME_VAR: 'entrypoint-var', UPSTREAM, CORS_ORIGINS: ALLOWED, CORS_EXPOSE_HEADERS: 'X-Request-Id', CORS_MAX_AGE: '600' },
      },
      {
        ...common,
        name: 'env-option',
        scriptPath: envOption!,
        routes: ['env-option.test/*'],
        bindings: { CORS_ORIGINS: 'https://env.example', CORS_MAX_AGE: 'ten' },
      },
      { ...common, name: 'json', scriptPath: object!, routes: ['json.test/*'], bindings: { SOME_VAR: 'json-var', UPSTREAM, ...jsonVars } },
    ],
  });
  await mf.ready;
});

afterAll(async () => {
  await mf?.dispose();
  upstream?.closeAllConnections();
  upstream?.close();
});

const FORMS = [
  { form: 'ExportedHandler object, policy from CORS_* bindings', host: 'object.test', someVar: 'object-var' },
  { form: 'fetch function, policy from code options', host: 'function.test', someVar: 'function-var' },
  { form: 'WorkerEntrypoint class, policy from CORS_* bindings on this.env', host: 'entrypoint.test', someVar: 'entrypoint-var' },
] as const;

function get(host: string, pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  return mf.dispatchFetch(`http://${host}${pathname}`, { method, headers, redirect: 'manual' });
}

/** Miniflare's Response has its own Headers type: the names are read through `keys()`. */
function corsHeaderNames(res: { headers: { keys(): Iterable<string> } }): string[] {
  return [...res.headers.keys()].filter((name) => name.startsWith('access-control-'));
}

describe.each(FORMS)('$form', ({ host, someVar }) => {
  it.each([
    {
      rule: 'an allowed origin is echoed, with Expose-Headers and Vary: Origin',
      pathname: '/expose',
      origin: ALLOWED,
      expect: { status: 200, allowOrigin: ALLOWED, expose: 'X-Request-Id', body: 'exposed' },
    },
  ])('actual request: $rule', async ({ pathname, origin, expect: want }) => {
    const res = await get(host, pathname, origin ? { Origin: origin } : {});
    expect(res.status).toBe(want.status);
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(want.allowOrigin);
    expect(res.headers.get(EXPOSE_HEADERS)).toBe(want.expose);
    expect(res.headers.get(ALLOW_CREDENTIALS)).toBeNull();
    expect(res.headers.get(VARY)).toBe('Origin');
    expect(await res.text()).toBe(want.body);
  });

  it.each([
    {
      rule: 'an allowed preflight is answered 204 with the policy headers, without the handler',
      origin: ALLOWED,
      method: 'PUT',
      requestHeaders: 'X-Custom, Content-Type',
      expect: { status: 204, allowOrigin: ALLOWED, allowMethods: DEFAULT_METHODS, allowHeaders: 'x-custom,content-type', maxAge: '600' },
    },
  ])('preflight: $rule', async ({ origin, method, requestHeaders, expect: want }) => {
    const headers: Record<string, string> = { Origin: origin, 'Access-Control-Request-Method': method };
    if (requestHeaders) headers['Access-Control-Request-Headers'] = requestHeaders;
    // /env would answer 200 with JSON if the handler ran.
    const res = await get(host, '/env', headers, 'OPTIONS');
    expect(res.status).toBe(want.status);
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(want.allowOrigin);
    expect(res.headers.get(ALLOW_METHODS)).toBe(want.allowMethods);
    expect(res.headers.get(ALLOW_HEADERS)).toBe(want.allowHeaders);
    expect(res.headers.get(MAX_AGE)).toBe(want.maxAge);
    expect(res.headers.get(EXPOSE_HEADERS)).toBeNull();
    expect(res.headers.get(VARY)).toBe(PREFLIGHT_VARY);
    expect(await res.text()).toBe('');
  });

  it.each([
    {
      rule: 'a fetch() response (immutable headers) gets CORS headers and keeps status, headers and body',
      pathname: '/upstream',
      expect: { status: 203, body: 'from upstream', header: ['x-upstream', 'yes'] },
    },
    {
      rule: 'a Response.redirect (immutable headers) gets CORS headers and keeps status and Location',
      pathname: '/redirect',
      expect: { status: 302, body: '', header: ['location', `http://${host}/hello`] },
    },
    {
      rule: 'a caches.default.match response (immutable headers) gets CORS headers and keeps status, headers and body',
      pathname: '/cache',
      expect: { status: 200, body: 'cached body', header: ['x-cached', 'yes'] },
    },
    {
      rule: 'a handler that throws gives 500 Internal Server Error with the CORS headers',
      pathname: '/error',
      expect: { status: 500, body: 'Internal Server Error', header: ['content-type', 'text/plain'] },
    },
  ])('responses: $rule', async ({ pathname, expect: want }) => {
    const res = await get(host, pathname, { Origin: ALLOWED });
    expect(res.status).toBe(want.status);
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(ALLOWED);
    expect(res.headers.get(EXPOSE_HEADERS)).toBe('X-Request-Id');
    expect(res.headers.get(VARY)).toBe('Origin');
    const [name, value] = want.header;
    expect(res.headers.get(name!)).toContain(value);
    expect(await res.text()).toBe(want.body);
  });

  it('responses: the fetch(), redirect and cache responses used above really have immutable headers', async () => {
    const res = await get(host, '/immutability');
    expect(await res.json()).toEqual({ redirect: true, fetch: true, cache: true });
  });

  it.each([
    { rule: 'a body streamed by the handler', pathname: '/stream' },
    { rule: 'a streamed fetch() body (immutable response, copied)', pathname: '/upstream-stream' },
  ])('streaming: $rule reaches the client chunk by chunk, not buffered', async ({ pathname }) => {
    // identity: Miniflare gzips text/plain like Cloudflare's edge, and gzip holds back small chunks.
    closeGate();
    const res = await get(host, pathname, { Origin: ALLOWED, 'Accept-Encoding': 'identity' });
    expect(res.status).toBe(200);
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(ALLOWED);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      // `b` and `c` are only written once the gate opens, after the client has read `a`.
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('the first chunk did not arrive before the rest was written')), 5_000),
      );
      while (text === '') {
        const chunk = await Promise.race([reader.read(), timeout]);
        if (chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
      expect(text).toBe('a');
    } finally {
      openGate();
    }
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) text += decoder.decode(chunk.value, { stream: true });
    expect(text).toBe('abc');
  });

  it('websocket: a WebSocketPair 101 response passes through untouched and echoes', async () => {
    const res = await get(host, '/ws', { Origin: ALLOWED, Upgrade: 'websocket' });
    expect(res.status).toBe(101);
    expect(corsHeaderNames(res)).toEqual([]);
    const ws = res.webSocket!;
    expect(ws).toBeTruthy();
    ws.accept();
    const reply = new Promise<string>((resolve) => ws.addEventListener('message', (e) => resolve(String(e.data))));
    ws.send('ping');
    expect(await reply).toBe('echo:ping');
    ws.close(1000, 'done');
  });

  it('pass-through: env and ctx reach the handler unchanged', async () => {
    const res = await get(host, '/env', { Origin: ALLOWED });
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(ALLOWED);
    expect(await res.json()).toEqual({ someVar, waitUntil: 'function' });
  });
});

describe('ExportedHandler object', () => {
  it.each([
    { rule: 'fetch of an ExportedHandler object still sees the object as `this`', host: 'object.test', marker: 'handler-this' },
    { rule: 'fetch of a WorkerEntrypoint class still sees its instance as `this`', host: 'entrypoint.test', marker: 'entrypoint-this' },
  ])('this: $rule', async ({ host, marker }) => {
    const res = await get(host, '/this', { Origin: ALLOWED });
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(ALLOWED);
    expect(await res.text()).toBe(marker);
  });

  it('scheduled: passes through untouched, with `this` and env', async () => {
    const worker = await mf.getWorker('object');
    const result = await worker.scheduled({ cron: '*/5 * * * *' });
    expect(result.outcome).toBe('ok');
    const res = await get('object.test', '/state');
    expect(await res.json()).toEqual({ scheduled: { cron: '*/5 * * * *', marker: 'handler-this', someVar: 'object-var' } });
  });

  it('env bindings: the policy is compiled once per env object, not per request', async () => {
    const res = await get('object.test', '/compile-count');
    const counts = (await res.json()) as { afterOne: number; afterThree: number; afterNewEnv: number; allowOrigin: string };
    expect(counts.allowOrigin).toBe('https://count.example');
    expect(counts.afterOne).toBeGreaterThan(0);
    expect(counts.afterThree).toBe(counts.afterOne);
    expect(counts.afterNewEnv).toBeGreaterThan(counts.afterThree);
  });

  it('config errors: unknown code option throws CorsConfigError at withCors; an unreadable CORS_MAX_AGE or a binding under a CORS_* name names the variable', async () => {
    const res = await get('object.test', '/config-errors');
    const report = (await res.json()) as Record<
      'code' | 'env' | 'binding' | 'emptyList' | 'typo' | 'foreign',
      { thrown: boolean; isCorsConfigError: boolean; message: string }
    >;
    expect(report.code).toMatchObject({ thrown: true, isCorsConfigError: true });
    expect(report.code.message).toContain('origins');
    expect(report.env).toMatchObject({ thrown: true, isCorsConfigError: true });
    expect(report.env.message).toContain('CORS_MAX_AGE');
    expect(report.binding).toMatchObject({ thrown: true, isCorsConfigError: true });
    expect(report.binding.message).toContain('CORS_ORIGINS');
  });

  it.each([
    { attack: 'a JSON var CORS_ORIGINS = [] (no entries, never read as *)', key: 'emptyList', names: ['CORS_ORIGINS'] },
    { attack: 'a misspelt CORS_ORIGIN names CORS_ORIGINS', key: 'typo', names: ['CORS_ORIGIN', 'CORS_ORIGINS'] },
    { attack: "another framework's CORS_ALLOWED_ORIGINS names CORS_ORIGINS", key: 'foreign', names: ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGINS'] },
  ] as const)('config errors: $attack', async ({ key, names }) => {
    const res = await get('object.test', '/config-errors');
    const report = (await res.json()) as Record<string, { thrown: boolean; isCorsConfigError: boolean; message: string }>;
    expect(report[key]).toMatchObject({ thrown: true, isCorsConfigError: true });
    for (const name of names) expect(report[key]?.message).toContain(name);
  });
});

describe('JSON vars (wrangler.toml values that are not strings)', () => {
  it.each([
    { rule: 'a list in CORS_ORIGINS allows its second entry', origin: 'https://second.example', allowOrigin: 'https://second.example', credentials: 'true' },
    { rule: 'a list in CORS_ORIGINS still refuses other origins', origin: REFUSED, allowOrigin: null, credentials: null },
  ])('actual request: $rule (CORS_SUPPORTS_CREDENTIALS = true)', async ({ origin, allowOrigin, credentials }) => {
    const res = await get('json.test', '/hello', { Origin: origin });
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(allowOrigin);
    expect(res.headers.get(ALLOW_CREDENTIALS)).toBe(credentials);
  });

  it('preflight: a number in CORS_MAX_AGE is the Max-Age', async () => {
    const res = await get('json.test', '/hello', { Origin: ALLOWED, 'Access-Control-Request-Method': 'PUT' }, 'OPTIONS');
    expect(res.status).toBe(204);
    expect(res.headers.get(MAX_AGE)).toBe('300');
    expect(res.headers.get(ALLOW_CREDENTIALS)).toBe('true');
  });
});

describe('code options over CORS_* bindings', () => {
  it('preflight: a code option left undefined lets CORS_METHODS through', async () => {
    const res = await get('override.test', '/hello', { Origin: 'https://code.example', 'Access-Control-Request-Method': 'PURGE' }, 'OPTIONS');
    expect(res.status).toBe(204);
    expect(res.headers.get(ALLOW_METHODS)).toBe('GET, PURGE');
    expect(res.headers.get(ALLOW_CREDENTIALS)).toBe('true');
  });
});

describe("the env option: env: false and an env record never read the Worker's env", () => {
  it.each([
    { rule: 'env: false: the code origin is allowed', path: '/off/hello', origin: 'https://code.example', allowOrigin: 'https://code.example', expose: null },
    { rule: 'env: false: an origin only in CORS_ORIGINS is refused', path: '/off/hello', origin: 'https://env.example', allowOrigin: null, expose: null },
    {
      rule: 'env record: its origin is allowed, with its other settings',
      path: '/record/hello',
      origin: 'https://record.example',
      allowOrigin: 'https://record.example',
      expose: 'X-Record',
    },
    {
      rule: "env record: an origin only in the Worker's CORS_ORIGINS is refused",
      path: '/record/hello',
      origin: 'https://env.example',
      allowOrigin: null,
      expose: null,
    },
  ])('$rule', async ({ path: p, origin, allowOrigin, expose }) => {
    const res = await get('env-option.test', p, { Origin: origin });
    expect(res.status).toBe(200);
    expect(res.headers.get(ALLOW_ORIGIN)).toBe(allowOrigin);
    expect(res.headers.get(EXPOSE_HEADERS)).toBe(expose);
    expect(await res.text()).toBe('hello');
  });
});

describe('the WebSocket origin guard in workerd, with a real WebSocket client', () => {
  let guarded: Miniflare;
  let base = '';
  beforeAll(async () => {
    const script = await bundle('websocket');
    guarded = new Miniflare({
      host: '127.0.0.1',
      port: 0,
      modules: true,
      compatibilityDate: '2026-07-01',
      scriptPath: script,
      bindings: { CORS_ORIGINS: REFUSED },
    });
    base = (await guarded.ready).href.replace(/\/$/, '');
  });
  afterAll(async () => {
    await guarded?.dispose();
  });

  it.each(GUARD_ROWS.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const stats = async () => (await (await fetch(`${base}/stats`)).json()) as GuardStats;
    const url = `${base.replace('http:', 'ws:')}/${row.mode}/ws`;
    expect(await checkGuardRow(row, { url, stats }, handshakeStatus)).toEqual([]);
  });

  it('through dispatchFetch: a refused origin gets 403, an allowed one a webSocket that echoes', async () => {
    const refused = await guarded.dispatchFetch(`${base}/guard/ws`, { headers: { Upgrade: 'websocket', Origin: REFUSED } });
    expect(refused.status).toBe(403);
    expect(refused.webSocket).toBeNull();
    const allowed = await guarded.dispatchFetch(`${base}/guard/ws`, { headers: { Upgrade: 'websocket', Origin: 'https://app.example.com' } });
    expect(allowed.status).toBe(101);
    const ws = allowed.webSocket!;
    ws.accept();
    const echoed = new Promise<string>((resolve) => ws.addEventListener('message', (event) => resolve(String(event.data))));
    ws.send('ping');
    expect(await echoed).toBe('ping');
    ws.close();
  });
});
