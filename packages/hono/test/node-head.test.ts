/**
 * On @hono/node-server the adapter writes its headers on Node's response head, as node-server
 * writes it (docs/decisions/0006): these rows check what a client then sees when headers reach
 * that head by other roads than the handler's Response.
 */
import type { AddressInfo } from 'node:net';
import type { ServerResponse } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { describe, expect, test } from 'vitest';
import { cors } from '../src/index';

const ALLOWED = 'https://app.example';
const REFUSED = 'https://evil.example';
const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';
const ACAM = 'access-control-allow-methods';

type NodeEnv = { Bindings: { outgoing: ServerResponse } };

interface Row {
  rule: string;
  origin: string | null;
  /** The route's handler. */
  handler: (c: Context<NodeEnv>) => Response | Promise<Response>;
  /** A middleware registered before cors(), if any. */
  outer?: MiddlewareHandler<NodeEnv>;
  status?: number;
  statusText?: string;
  body?: string;
  /** Headers the client must see (`null`: absent). */
  headers: Record<string, string | null>;
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
    rule: 'a request without Origin gets Vary and no CORS header',
    origin: null,
    handler: (c) => c.text('ok', 200, { 'Access-Control-Allow-Origin': '*' }),
    headers: { [ACAO]: null, vary: 'Origin' },
  },
];

describe("hono on @hono/node-server: the policy's headers on Node's response head", () => {
  test.each(rows)('$rule', async ({ origin, handler, outer, status = 200, statusText, body = 'ok', headers }) => {
    const app = new Hono<NodeEnv>();
    if (outer) app.use(outer);
    app.use(cors({ env: false, origins: [ALLOWED], supportsCredentials: true }));
    app.get('/x', handler);
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${port}/x`, { headers: origin === null ? {} : { origin } });
      const text = await res.text();
      expect(res.status).toBe(status);
      if (statusText !== undefined) expect(res.statusText).toBe(statusText);
      expect(text).toBe(body);
      const got = Object.fromEntries(Object.keys(headers).map((name) => [name, res.headers.get(name)]));
      expect(got).toEqual(headers);
    } finally {
      server.close();
    }
  });
});
