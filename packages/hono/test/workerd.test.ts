/**
 * `cors()` inside workerd (Miniflare): a Hono app deployed as a Worker reads its
 * CORS configuration from the Worker's vars through `c.env`.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

// Header names: this file's own copies.
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const ACEH = 'access-control-expose-headers';
const ACMA = 'access-control-max-age';
const ACAM = 'access-control-allow-methods';

const FROM_VARS = 'https://vars.example';
const OTHER = 'https://other.example';

let upstream: Server;
let mf: Miniflare;

beforeAll(async () => {
  upstream = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'access-control-allow-origin': '*' });
    res.end('from upstream');
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('./fixtures/worker.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'import'],
    mainFields: ['module', 'main'],
    write: false,
    logLevel: 'silent',
  });
  mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0]!.text,
    compatibilityDate: '2026-07-01',
    bindings: {
      CORS_ORIGINS: FROM_VARS,
      CORS_SUPPORTS_CREDENTIALS: 'true',
      CORS_MAX_AGE: '120',
      CORS_EXPOSE_HEADERS: 'X-From-Vars',
      UPSTREAM_URL: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/`,
    },
  });
  await mf.ready;
}, 60_000);

afterAll(async () => {
  await mf?.dispose();
  upstream?.closeAllConnections();
  await new Promise((r) => upstream?.close(r));
});

interface Row {
  readonly rule: string;
  readonly path: string;
  readonly init: RequestInit;
  readonly status: number;
  readonly headers: Readonly<Record<string, string | null>>;
  readonly body?: string;
}

const ROWS: readonly Row[] = [
  {
    rule: 'origin listed in the CORS_ORIGINS var is allowed, with credentials from the vars',
    path: '/hello',
    init: { headers: { Origin: FROM_VARS } },
    status: 200,
    headers: { [ACAO]: FROM_VARS, [ACAC]: 'true' },
    body: 'hello',
  },
  {
    rule: 'exposeHeaders given in code wins over the CORS_EXPOSE_HEADERS var',
    path: '/hello',
    init: { headers: { Origin: FROM_VARS } },
    status: 200,
    headers: { [ACEH]: 'X-From-Code' },
  },
  {
    rule: 'origin not in the CORS_ORIGINS var gets no CORS headers',
    path: '/hello',
    init: { headers: { Origin: OTHER } },
    status: 200,
    headers: { [ACAO]: null, [ACAC]: null, [ACEH]: null },
    body: 'hello',
  },
  {
    rule: 'preflight on a path with no route is answered with the max-age from the vars',
    path: '/nowhere',
    init: { method: 'OPTIONS', headers: { Origin: FROM_VARS, 'Access-Control-Request-Method': 'PUT' } },
    status: 204,
    headers: { [ACAO]: FROM_VARS, [ACMA]: '120', [ACAM]: 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE' },
    body: '',
  },
  {
    rule: 'preflight from an origin not in the vars is refused with 403',
    path: '/hello',
    init: { method: 'OPTIONS', headers: { Origin: OTHER, 'Access-Control-Request-Method': 'PUT' } },
    status: 403,
    headers: { [ACAO]: null, [ACAM]: null },
  },
  {
    rule: "workerd fetch() response (immutable) gets the policy's headers instead of the upstream's",
    path: '/proxy',
    init: { headers: { Origin: FROM_VARS } },
    status: 200,
    headers: { [ACAO]: FROM_VARS, [ACAC]: 'true' },
    body: 'from upstream',
  },
  {
    rule: 'Response.redirect in workerd keeps 302 and gets the CORS headers',
    path: '/redirect',
    init: { headers: { Origin: FROM_VARS }, redirect: 'manual' },
    status: 302,
    headers: { [ACAO]: FROM_VARS },
  },
  {
    rule: 'onError 500 in workerd carries the CORS headers',
    path: '/boom',
    init: { headers: { Origin: FROM_VARS } },
    status: 500,
    headers: { [ACAO]: FROM_VARS, [ACAC]: 'true' },
    body: 'Internal Server Error',
  },
];

describe('cors() in workerd, configured by the Worker vars', () => {
  test.each(ROWS.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const res = await mf.dispatchFetch(`http://localhost${row.path}`, row.init as never);
    expect(res.status).toBe(row.status);
    for (const [name, value] of Object.entries(row.headers)) expect(res.headers.get(name), name).toBe(value);
    const text = await res.text();
    if (row.body !== undefined) expect(text).toBe(row.body);
  });
});
