/**
 * On @hono/node-server the adapter writes its headers on Node's response head, as node-server
 * writes it (docs/decisions/0006): these rows check what a client then sees when headers reach
 * that head by other roads than the handler's Response.
 */
import type { AddressInfo } from 'node:net';
import { request as httpRequest, type ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { describe, expect, test } from 'vitest';
import { cors, type HonoCorsOptions } from '../src/index';

const ALLOWED = 'https://app.example';
const REFUSED = 'https://evil.example';
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const ACAM = 'access-control-allow-methods';
const ACEH = 'access-control-expose-headers';
const ACMA = 'access-control-max-age';

/** A middleware before cors() that puts CORS headers on Node's response itself, before the answer exists. */
const setsCorsOnNode: MiddlewareHandler<NodeEnv> = async (c, next) => {
  c.env.outgoing.setHeader('Access-Control-Allow-Origin', '*');
  c.env.outgoing.setHeader('access-control-allow-credentials', 'true');
  c.env.outgoing.setHeader('Access-Control-Expose-Headers', 'X-Secret');
  c.env.outgoing.setHeader('Access-Control-Max-Age', '86400');
  await next();
};

type NodeEnv = { Bindings: { outgoing: ServerResponse } };

interface Row {
  rule: string;
  origin: string | null;
  /** The route's handler. */
  handler: (c: Context<NodeEnv>) => Response | Promise<Response>;
  /** A middleware registered before cors(), if any. */
  outer?: MiddlewareHandler<NodeEnv>;
  /** Options of a second cors() registered before the first (after `outer`), if any. */
  outerCors?: HonoCorsOptions;
  method?: string;
  /** Request headers beside Origin. */
  request?: Record<string, string>;
  status?: number;
  statusText?: string;
  /** The body the client must see (`null`: not checked, the host's own words). */
  body?: string | null;
  /** Headers the client must see (`null`: absent). */
  headers: Record<string, string | null>;
  /** The Set-Cookie lines the client must see, one by one. */
  cookies?: string[];
}

const rows: Row[] = [
  {
    rule: "a CORS header the handler set with Node's setHeader is replaced for an allowed origin",
    origin: ALLOWED,
    handler: (c) => {
      c.env.outgoing.setHeader('Access-Control-Allow-Origin', '*');
      c.env.outgoing.setHeader('Access-Control-Allow-Methods', 'DELETE');
      return c.text('ok');
    },
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACAM]: null, vary: 'Origin' },
  },
  {
    rule: "a CORS header the handler set with Node's setHeader is removed for a refused origin",
    origin: REFUSED,
    handler: (c) => {
      c.env.outgoing.setHeader('access-control-allow-origin', REFUSED);
      c.env.outgoing.setHeader('Access-Control-Allow-Credentials', 'true');
      return c.text('ok');
    },
    headers: { [ACAO]: null, [ACAC]: null, vary: 'Origin' },
  },
  {
    rule: "a Vary set with setHeader and one on the handler's response are merged with Origin",
    origin: ALLOWED,
    handler: (c) => {
      c.env.outgoing.setHeader('Vary', ['Cookie', 'Accept-Language']);
      return c.text('ok', 200, { Vary: 'Accept-Encoding' });
    },
    headers: { [ACAO]: ALLOWED, vary: 'Cookie, Accept-Language, Accept-Encoding, Origin' },
  },
  {
    rule: "the handler's own CORS headers in any case are replaced, its other headers kept",
    origin: ALLOWED,
    handler: (c) => c.json({ ok: true }, 201, { 'ACCESS-CONTROL-ALLOW-ORIGIN': '*', 'X-Request-Id': '7' }),
    status: 201,
    body: '{"ok":true}',
    headers: { [ACAO]: ALLOWED, 'x-request-id': '7', 'content-type': 'application/json' },
  },
  {
    rule: "a middleware before cors() that writes the head itself (a reason phrase, a flat header list) gets the policy's headers there",
    origin: ALLOWED,
    outer: async (c, next) => {
      await next();
      const out = c.env.outgoing;
      out.writeHead(202, 'Taken', ['Access-Control-Allow-Origin', '*', 'X-A', '1', 'X-A', '2']);
      out.end('direct');
      c.res = new Response(null, { headers: { 'x-hono-already-sent': '1' } });
    },
    handler: (c) => c.text('ok'),
    status: 202,
    statusText: 'Taken',
    body: 'direct',
    headers: { [ACAO]: ALLOWED, 'x-a': '1, 2', vary: 'Origin' },
  },
  {
    rule: "a refused preflight gets none of the CORS headers a middleware set with Node's setHeader",
    origin: REFUSED,
    method: 'OPTIONS',
    request: { 'access-control-request-method': 'PUT' },
    outer: setsCorsOnNode,
    handler: (c) => c.text('never'),
    status: 403,
    body: '',
    headers: { [ACAO]: null, [ACAC]: null, [ACEH]: null, [ACMA]: null },
  },
  {
    rule: "an allowed preflight carries the policy's CORS headers only, not those set with setHeader",
    origin: ALLOWED,
    method: 'OPTIONS',
    request: { 'access-control-request-method': 'PUT' },
    outer: setsCorsOnNode,
    handler: (c) => c.text('never'),
    status: 204,
    body: '',
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', [ACEH]: null, [ACMA]: null },
  },
  {
    rule: 'a WebSocket upgrade the guard refuses gets none of the CORS headers set with setHeader',
    origin: REFUSED,
    request: { upgrade: 'websocket', connection: 'Upgrade' },
    outer: setsCorsOnNode,
    handler: (c) => c.text('never'),
    status: 403,
    body: 'Forbidden: this origin may not open a WebSocket here.',
    headers: { [ACAO]: null, [ACAC]: null, [ACEH]: null },
  },
  {
    rule: 'with two cors() middlewares the outer one has the last word, as everywhere else: it allows its origin',
    origin: REFUSED,
    outerCors: { env: false, origins: [REFUSED] },
    handler: (c) => c.text('ok'),
    headers: { [ACAO]: REFUSED, [ACAC]: null, vary: 'Origin' },
  },
  {
    rule: 'with two cors() middlewares the outer one has the last word, as everywhere else: it refuses what the inner allows',
    origin: ALLOWED,
    outerCors: { env: false, origins: [REFUSED] },
    handler: (c) => c.text('ok'),
    headers: { [ACAO]: null, [ACAC]: null, vary: 'Origin' },
  },
  {
    rule: 'a handler answer with a header record and no Content-Type keeps the text/plain node-server gives it when the headers are read',
    origin: ALLOWED,
    handler: (c) => c.body('plain', 200, { 'X-Request-Id': '7' }),
    body: 'plain',
    headers: { [ACAO]: ALLOWED, 'content-type': 'text/plain; charset=UTF-8', 'x-request-id': '7' },
  },
  {
    rule: 'hono/etag registered before cors() keeps the CORS headers (its new Response copies only the original record)',
    origin: ALLOWED,
    outer: etag(),
    handler: (c) => c.text('tagged'),
    body: 'tagged',
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', vary: 'Origin' },
  },
  {
    rule: 'a HEAD request to a GET route carries the CORS headers',
    origin: ALLOWED,
    method: 'HEAD',
    handler: (c) => c.json({ ok: true }),
    body: '',
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', vary: 'Origin' },
  },
  {
    rule: 'a middleware writing the head with a flat list keeps each value of an array (Set-Cookie lines stay apart)',
    origin: ALLOWED,
    outer: async (c, next) => {
      await next();
      const out = c.env.outgoing;
      out.writeHead(200, ['Set-Cookie', ['a=1', 'b=2'], 'Vary', 'Accept']);
      out.end('direct');
      c.res = new Response(null, { headers: { 'x-hono-already-sent': '1' } });
    },
    handler: (c) => c.text('ok'),
    body: 'direct',
    headers: { [ACAO]: ALLOWED, 'set-cookie': 'a=1, b=2', vary: 'Accept, Origin' },
    cookies: ['a=1', 'b=2'],
  },
  {
    rule: "a handler's header record with a value Node refuses becomes a 500 that keeps the policy's headers",
    origin: ALLOWED,
    handler: () => new Response('never', { headers: { 'X-Bad': 'a\nb' } }),
    status: 500,
    statusText: 'Internal Server Error',
    body: null,
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true', vary: 'Origin', 'x-bad': null },
  },
  {
    rule: "a handler's header record holding Vary: null is read as Headers reads it, not a crash",
    origin: ALLOWED,
    handler: () => new Response('ok', { headers: { Vary: null as unknown as string } }),
    headers: { [ACAO]: ALLOWED, vary: 'null, Origin' },
  },
  {
    rule: "a handler's headers given as a Map are kept and merged",
    origin: ALLOWED,
    handler: () =>
      new Response('ok', {
        headers: new Map([
          ['Vary', 'Accept'],
          ['X-Request-Id', '7'],
        ]) as unknown as HeadersInit,
      }),
    headers: { [ACAO]: ALLOWED, vary: 'Accept, Origin', 'x-request-id': '7' },
  },
  {
    rule: 'a request without Origin gets Vary and no CORS header',
    origin: null,
    handler: (c) => c.text('ok', 200, { 'Access-Control-Allow-Origin': '*' }),
    headers: { [ACAO]: null, vary: 'Origin' },
  },
];

/**
 * One request with node:http (fetch cannot send `Upgrade`), read back as a Fetch Response so the
 * rows compare headers the way a browser reads them.
 */
function nodeRequest(port: number, method: string, headers: Record<string, string>): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path: '/x', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const out = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) out.append(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
        const status = res.statusCode ?? 0;
        const nobody = status === 204 || status === 304;
        resolve(new Response(nobody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe("hono on @hono/node-server: the policy's headers on Node's response head", () => {
  test.each(rows)(
    '$rule',
    async ({ origin, handler, outer, outerCors, method = 'GET', request = {}, status = 200, statusText, body = 'ok', headers, cookies }) => {
      const app = new Hono<NodeEnv>();
      if (outer) app.use(outer);
      if (outerCors) app.use(cors(outerCors));
      app.use(cors({ env: false, origins: [ALLOWED], supportsCredentials: true, websocket: 'guard' }));
      app.get('/x', handler);
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
      try {
        await new Promise((resolve) => server.once('listening', resolve));
        const { port } = server.address() as AddressInfo;
        const res = await nodeRequest(port, method, origin === null ? request : { ...request, origin });
        const text = await res.text();
        expect(res.status).toBe(status);
        if (statusText !== undefined) expect(res.statusText).toBe(statusText);
        if (body !== null) expect(text).toBe(body);
        const got = Object.fromEntries(Object.keys(headers).map((name) => [name, res.headers.get(name)]));
        expect(got).toEqual(headers);
        if (cookies !== undefined) expect(res.headers.getSetCookie()).toEqual(cookies);
      } finally {
        server.close();
      }
    },
  );
});
