/**
 * Attacks on @fetch-cors/bun through Bun's own router (`routes`) in a real Bun.serve: a
 * refused origin must never read a route through a broader `resources` key, a handler
 * answering `null` gets a 500 with the CORS headers, and only `undefined` after
 * `server.upgrade` passes through. Each row names the attack it tries.
 */
import { afterEach, describe, expect, test } from 'bun:test';
import type { Server } from 'bun';
import { CorsConfigError, corsRoutes, createBunCors, withCors } from '../src/index';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

const APP = 'https://app.example.com';
const PARTNER = 'https://partner.example.net';

const servers: Server<undefined>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) server.stop(true);
});

function acHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => {
    if (name.startsWith('access-control-')) out[name] = value;
  });
  return out;
}

/** PARTNER may read /api/*, but not /api/admin/* nor /account. */
function serveRoutes(): string {
  const cors = createBunCors({
    env: false,
    supportsCredentials: true,
    resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/admin/*': { origins: [APP] }, '/account': { origins: [APP] } },
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
  const attacks: { attack: string; path: string }[] = [
    { attack: 'an encoded letter (/api/%61dmin/users)', path: '/api/%61dmin/users' },
    { attack: 'a whole encoded segment', path: '/api/%61%64%6D%69%6E/users' },
    { attack: 'a trailing slash on the admin route', path: '/api/admin/users/' },
    { attack: 'a trailing slash on an exact key (/account/)', path: '/account/' },
    { attack: 'an encoded letter in an exact key (/%61ccount)', path: '/%61ccount' },
  ];
  test.each(attacks)('$attack: no Allow-Origin or Allow-Credentials for a refused origin', async ({ path }) => {
    const res = await fetch(serveRoutes() + path, { headers: { Origin: PARTNER } });
    await res.text();
    expect(res.headers.get(ACAO)).toBeNull();
    expect(res.headers.get(ACAC)).toBeNull();
  });
  test.each(attacks)('$attack: a preflight is refused', async ({ path }) => {
    const res = await fetch(serveRoutes() + path, {
      method: 'OPTIONS',
      headers: { Origin: PARTNER, 'Access-Control-Request-Method': 'DELETE' },
    });
    expect(res.status).toBe(403);
    expect(acHeaders(res.headers)).toEqual({});
  });
  const allowed: { rule: string; path: string; origin: string }[] = [
    { rule: 'the admin route answers the origin it allows', path: '/api/admin/users', origin: APP },
    { rule: 'the broader key still serves its own routes', path: '/api/items', origin: PARTNER },
  ];
  test.each(allowed)('$rule', async ({ path, origin }) => {
    const res = await fetch(serveRoutes() + path, { headers: { Origin: origin } });
    await res.text();
    expect(res.headers.get(ACAO)).toBe(origin);
    expect(res.headers.get(ACAC)).toBe('true');
  });
});

describe('Bun: only the upgrade path may answer undefined', () => {
  const rows: { rule: string; answer: null | undefined; status: number | undefined }[] = [
    { rule: 'null is a 500 with the CORS headers', answer: null, status: 500 },
    { rule: 'undefined passes through (server.upgrade answered)', answer: undefined, status: undefined },
  ];
  test.each(rows)('withCors: $rule', async ({ answer, status }) => {
    const handler = withCors(() => answer as unknown as Response, { env: false, origins: [APP], onError: () => {} });
    const res = await handler(new Request('http://api.test/x', { headers: { Origin: APP } }));
    expect(res === undefined ? undefined : res.status).toBe(status as number);
    if (res !== undefined) expect(res.headers.get(ACAO)).toBe(APP);
  });
  test('a route answering null over HTTP gets a 500 with the CORS headers', async () => {
    const cors = createBunCors({ env: false, origins: [APP], onError: () => {} });
    const server = Bun.serve({
      port: 0,
      hostname: '127.0.0.1',
      routes: corsRoutes({ '/null': () => null as unknown as Response }, cors),
      fetch: () => new Response('Not Found', { status: 404 }),
    });
    servers.push(server as Server<undefined>);
    const res = await fetch(`http://127.0.0.1:${server.port}/null`, { headers: { Origin: APP } });
    expect(res.status).toBe(500);
    expect(res.headers.get(ACAO)).toBe(APP);
  });
});

describe('Bun.env: misspelt or empty CORS_* settings are configuration errors', () => {
  const rows: { attack: string; env: Record<string, string>; names: string[] }[] = [
    { attack: 'CORS_ORIGIN instead of CORS_ORIGINS', env: { CORS_ORIGIN: APP }, names: ['CORS_ORIGIN', 'CORS_ORIGINS'] },
    { attack: "django's CORS_ALLOW_CREDENTIALS", env: { CORS_ALLOW_CREDENTIALS: 'true' }, names: ['CORS_ALLOW_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS'] },
    { attack: 'CORS_ORIGINS=","', env: { CORS_ORIGINS: ',' }, names: ['CORS_ORIGINS'] },
  ];
  test.each(rows)('$attack', ({ env, names }) => {
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(env)) {
      saved[k] = Bun.env[k];
      Bun.env[k] = v;
    }
    try {
      let thrown: unknown;
      try {
        createBunCors({});
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(CorsConfigError);
      for (const name of names) expect((thrown as Error).message).toContain(name);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete Bun.env[k];
        else Bun.env[k] = v;
      }
    }
  });
});
