/**
 * Attacks on @fetch-cors/bun through Bun's own router (`routes`) in a real Bun.serve: a
 * refused origin must never read a route through a broader `resources` key, a route answering
 * `null` gets a 500 with the CORS headers, and only `undefined` (after `server.upgrade`) passes
 * through. Each row names the attack it tries and proves, by the body, which route served it.
 * (Preflights, `Bun.env` spellings and handlers answering `null` through `withCors` are the
 * vectors' to specify: they run in Bun, with `Bun.env`.)
 */
import { afterEach, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { corsRoutes, createBunCors, withCors } from '../src/index';
import { ACAC, ACAO, ALLOWED, PARTNER } from '../../../test/conformance/src/test-names';

const servers: Server<undefined>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

/** PARTNER may read /api/*, but not /api/admin/* nor /account. */
function serveRoutes(): string {
  const cors = createBunCors({
    env: false,
    supportsCredentials: true,
    resources: { '/api/*': { origins: [ALLOWED, PARTNER] }, '/api/admin/*': { origins: [ALLOWED] }, '/account': { origins: [ALLOWED] } },
  });
  const server = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    routes: corsRoutes(
      {
        '/api/admin/users': () => new Response('admin users'),
        '/api/admin/users/': () => new Response('admin users'),
        '/api/:name': (req) => new Response(`api ${req.params.name}`),
        '/account': () => new Response('account'),
        '/account/': () => new Response('account'),
      },
      cors,
    ),
    fetch: withCors(() => new Response('Not Found', { status: 404 }), cors),
  });
  servers.push(server as Server<undefined>);
  return `http://127.0.0.1:${server.port}`;
}

describe('Bun routes: resources keys are chosen from the path the router sees', () => {
  // Bun matches static routes on the path as sent: /api/%61dmin/users reaches no route here but
  // the fallback, so encoded paths are the vectors' to check; a trailing slash reaches a route.
  const attacks: { attack: string; path: string; serves: string }[] = [
    { attack: 'a trailing slash on the admin route', path: '/api/admin/users/', serves: 'admin users' },
    { attack: 'a trailing slash on an exact key (/account/)', path: '/account/', serves: 'account' },
  ];
  test.each(attacks)('$attack: no Allow-Origin or Allow-Credentials for a refused origin', async ({ path, serves }) => {
    const res = await fetch(serveRoutes() + path, { headers: { Origin: PARTNER } });
    expect(await res.text()).toBe(serves);
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
  });
  const allowed: { rule: string; path: string; origin: string }[] = [
    { rule: 'the admin route answers the origin it allows', path: '/api/admin/users', origin: ALLOWED },
    { rule: 'the broader key still serves its own routes', path: '/api/items', origin: PARTNER },
  ];
  test.each(allowed)('$rule', async ({ path, origin }) => {
    const res = await fetch(serveRoutes() + path, { headers: { Origin: origin } });
    await res.text();
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([origin, 'true']);
  });
});

describe('Bun: only the upgrade path may answer undefined', () => {
  test('withCors: undefined passes through (server.upgrade answered)', async () => {
    const handler = withCors(() => undefined, { env: false, origins: [ALLOWED] });
    expect(await handler(new Request('http://api.test/x', { headers: { Origin: ALLOWED } }))).toBeUndefined();
  });
  test('a route answering null over HTTP gets a 500 with the CORS headers, told to onError', async () => {
    const reported: unknown[] = [];
    const cors = createBunCors({ env: false, origins: [ALLOWED], onError: (error) => reported.push(error) });
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      routes: corsRoutes({ '/null': () => null as unknown as Response }, cors),
      fetch: () => new Response('Not Found', { status: 404 }),
    });
    servers.push(server as Server<undefined>);
    const res = await fetch(`http://127.0.0.1:${server.port}/null`, { headers: { Origin: ALLOWED } });
    expect([res.status, res.headers.get(ACAO)]).toEqual([500, ALLOWED]);
    expect(reported).toHaveLength(1);
  });
});
