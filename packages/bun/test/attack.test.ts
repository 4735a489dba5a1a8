/**
 * A hostile review of @fetch-cors/bun through Bun's own router in a real Bun.serve. Bun decodes
 * a route parameter (`req.params`) with decodeURIComponent, so `@` and `%40`, `%2F` and `%2f`
 * name the same resource; the policy answers only origins allowed under both readings. Each
 * row names the attack; the `closed` rows once got through.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { corsRoutes, createBunCors, withCors } from '../src/index';
import { ACAC, ACAO, ALLOWED as APP, PARTNER } from '../../../test/conformance/src/test-names';

const servers: Server<undefined>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

/** PARTNER may read /api/*; the named admin user, the a/b file and /api/admin are APP's alone. */
function serve(): string {
  const cors = createBunCors({
    env: false,
    supportsCredentials: true,
    resources: {
      '/api/*': { origins: [APP, PARTNER] },
      '/api/users/admin@example.com': { origins: [APP] },
      '/api/files/a%2Fb': { origins: [APP] },
      '^/api/admin$': { origins: [APP] },
    },
  });
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    routes: corsRoutes(
      {
        '/api/users/:email': (req) => new Response(`profile ${req.params.email}`),
        '/api/files/:name': (req) => new Response(`file ${req.params.name}`),
        '/api/admin': () => new Response('ADMIN'),
      },
      cors,
    ),
    fetch: withCors(() => new Response('Not Found', { status: 404 }), cors),
  });
  servers.push(server as Server<undefined>);
  return `http://127.0.0.1:${server.port}`;
}

const rows: { attack: string; path: string; serves: string }[] = [
  {
    attack: 'closed: the @ of an exact key percent-encoded (%40) through a param route',
    path: '/api/users/admin%40example.com',
    serves: 'profile admin@example.com',
  },
  { attack: 'closed: an encoded slash of an exact key in lower-case hex (%2f) through a param route', path: '/api/files/a%2fb', serves: 'file a/b' },
  { attack: 'blocked: the exact key as written', path: '/api/users/admin@example.com', serves: 'profile admin@example.com' },
  {
    attack: 'blocked: an encoded letter of an exact key (%61dmin) through a param route',
    path: '/api/users/%61dmin@example.com',
    serves: 'profile admin@example.com',
  },
  {
    attack: 'blocked: a RegExp key (^/api/admin$) governs its static route (the Bun router is strict about a trailing slash)',
    path: '/api/admin',
    serves: 'ADMIN',
  },
];

describe('Bun routes: a refused origin reads a narrowly keyed resource through a param route', () => {
  for (const row of rows) {
    test(row.attack, async () => {
      const res = await fetch(serve() + row.path, { headers: { Origin: PARTNER } });
      expect(await res.text()).toBe(row.serves);
      expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
    });
  }
});

describe('Bun routes: the trailing-slash twin of an exact key', () => {
  test("closed: the twin rule gives /admin/ to the exact key '/admin' although Bun serves it from the /admin/* route that '/admin/*' guards", async () => {
    const cors = createBunCors({
      env: false,
      supportsCredentials: true,
      resources: { '/admin': { origins: [APP, PARTNER] }, '/admin/*': { origins: [APP] } },
    });
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      routes: corsRoutes({ '/admin': () => new Response('login page'), '/admin/*': (req) => new Response(`ADMIN ${new URL(req.url).pathname}`) }, cors),
      fetch: withCors(() => new Response('Not Found', { status: 404 }), cors),
    });
    servers.push(server as Server<undefined>);
    const res = await fetch(`http://127.0.0.1:${server.port}/admin/`, { headers: { Origin: PARTNER } });
    expect(await res.text()).toBe('ADMIN /admin/');
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
  });
});
