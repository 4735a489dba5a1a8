/**
 * `cors()` inside workerd (Miniflare): a Hono app deployed as a Worker reads its
 * CORS configuration from the Worker's vars through `c.env`, and workerd's own immutable
 * responses and error path get the policy's headers. (The policy's answers themselves are the
 * conformance vectors' to specify.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACAC, ACAM, ACAO, ACEH, ACMA, DEFAULT_METHODS } from '../../../test/conformance/src/test-names';

const FROM_VARS = 'https://vars.example';

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
    rule: 'preflight on a path with no route is answered with the max-age from the vars',
    path: '/nowhere',
    init: { method: 'OPTIONS', headers: { Origin: FROM_VARS, 'Access-Control-Request-Method': 'PUT' } },
    status: 204,
    headers: { [ACAO]: FROM_VARS, [ACMA]: '120', [ACAM]: DEFAULT_METHODS },
    body: '',
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
