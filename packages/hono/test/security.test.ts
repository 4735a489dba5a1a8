/**
 * Attacks on `cors()` through Hono's own router: `resources` keys must be chosen from the path
 * Hono routes by, with `strict` on and off, and a refused origin must never read a route with
 * credentials. Each row names the attack it tries.
 */
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { CorsConfigError, cors, type CorsOptions } from '../src/index';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

const APP = 'https://app.example';
const PARTNER = 'https://partner.example';

/** PARTNER may read /api/*, but not /api/admin/* nor /account. */
const POLICY: CorsOptions = {
  supportsCredentials: true,
  resources: {
    '/api/*': { origins: [APP, PARTNER] },
    '/api/admin/*': { origins: [APP] },
    '/account': { origins: [APP] },
  },
};

function app(strict: boolean): Hono {
  const a = new Hono({ strict });
  a.use(cors(POLICY));
  a.get('/api/admin/users', (c) => c.text('admin users'));
  a.get('/api/admin/files/*', (c) => c.text('admin files'));
  a.get('/api/items', (c) => c.text('items'));
  a.get('/account', (c) => c.text('account'));
  a.onError((_e, c) => c.text('Internal Server Error', 500));
  return a;
}

function acHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => {
    if (name.startsWith('access-control-')) out[name] = value;
  });
  return out;
}

const attacks: { attack: string; strict: boolean; path: string; body: string | null }[] = [
  { attack: 'an encoded letter (/api/%61dmin/users) reaches the admin route, strict', strict: true, path: '/api/%61dmin/users', body: 'admin users' },
  { attack: 'an encoded letter (/api/%61dmin/users) reaches the admin route, not strict', strict: false, path: '/api/%61dmin/users', body: 'admin users' },
  { attack: 'a whole encoded segment reaches the admin route', strict: true, path: '/api/%61%64%6D%69%6E/users', body: 'admin users' },
  { attack: 'a trailing slash reaches the admin route (strict: false)', strict: false, path: '/api/admin/users/', body: 'admin users' },
  { attack: 'a trailing slash reaches /account (strict: false)', strict: false, path: '/account/', body: 'account' },
  { attack: 'an encoded letter and a trailing slash reach /account (strict: false)', strict: false, path: '/%61ccount/', body: 'account' },
  { attack: 'a trailing slash under strict routing (404, still refused)', strict: true, path: '/account/', body: null },
  { attack: 'a malformed escape after an encoded letter (Hono decodes the valid escapes)', strict: true, path: '/api/%61dmin/files/x%zz', body: 'admin files' },
];

describe('Hono routes a path the way resources keys are chosen', () => {
  test.each(attacks)('$attack', async ({ strict, path, body }) => {
    const res = await app(strict).request(path, { headers: { Origin: PARTNER } });
    if (body !== null) expect(await res.text()).toBe(body);
    expect(res.headers.get(ACAO)).toBeNull();
    expect(res.headers.get(ACAC)).toBeNull();
  });

  test.each(attacks)('a preflight: $attack', async ({ strict, path }) => {
    const res = await app(strict).request(path, {
      method: 'OPTIONS',
      headers: { Origin: PARTNER, 'Access-Control-Request-Method': 'DELETE' },
    });
    expect(res.status).toBe(403);
    expect(acHeaders(res.headers)).toEqual({});
  });

  const allowed: { rule: string; strict: boolean; path: string; origin: string }[] = [
    { rule: 'the admin route answers the origin it allows, encoded', strict: true, path: '/api/%61dmin/users', origin: APP },
    { rule: '/account/ answers the origin /account allows (strict: false)', strict: false, path: '/account/', origin: APP },
    { rule: 'the broader key still serves its own routes', strict: true, path: '/api/items', origin: PARTNER },
  ];
  test.each(allowed)('$rule', async ({ strict, path, origin }) => {
    const res = await app(strict).request(path, { headers: { Origin: origin } });
    expect(res.status).toBe(200);
    expect(res.headers.get(ACAO)).toBe(origin);
    expect(res.headers.get(ACAC)).toBe('true');
  });
});

describe('a Hono handler answering null gets a 500 with the CORS headers', () => {
  const rows: { rule: string; origin: string; allowOrigin: string | null }[] = [
    { rule: 'an allowed origin gets the 500 with its CORS headers', origin: APP, allowOrigin: APP },
    { rule: 'a refused origin gets the 500 without them', origin: 'https://evil.example', allowOrigin: null },
  ];
  test.each(rows)('$rule', async ({ origin, allowOrigin }) => {
    const a = new Hono();
    a.use(cors({ origins: [APP], onError: () => {} }));
    a.get('/null', () => null as unknown as Response);
    a.onError((_e, c) => c.text('Internal Server Error', 500));
    const res = await a.request('/null', { headers: { Origin: origin } });
    expect(res.status).toBe(500);
    expect(res.headers.get(ACAO)).toBe(allowOrigin);
  });
});

describe('a handler or upstream cannot add Access-Control-* headers of its own', () => {
  const rows: { attack: string; origin: string; expected: Record<string, string> }[] = [
    { attack: 'Max-Age and Allow-Private-Network on a refused answer', origin: 'https://evil.example', expected: {} },
    { attack: 'Max-Age and Allow-Private-Network on an allowed answer', origin: APP, expected: { [ACAO]: APP } },
  ];
  test.each(rows)('$attack', async ({ origin, expected }) => {
    const a = new Hono();
    a.use(cors({ origins: [APP] }));
    a.get('/up', (c) => {
      c.header('Access-Control-Max-Age', '86400');
      c.header('Access-Control-Allow-Private-Network', 'true');
      return c.text('up');
    });
    const res = await a.request('/up', { headers: { Origin: origin } });
    expect(acHeaders(res.headers)).toEqual(expected);
  });
});

describe('misspelt CORS_* bindings in c.env (Hono on Workers) are configuration errors', () => {
  const rows: { attack: string; env: Record<string, unknown>; names: string[] }[] = [
    { attack: 'CORS_ORIGIN instead of CORS_ORIGINS', env: { CORS_ORIGIN: APP }, names: ['CORS_ORIGIN', 'CORS_ORIGINS'] },
    { attack: "django's CORS_ALLOWED_ORIGINS", env: { CORS_ALLOWED_ORIGINS: APP }, names: ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGINS'] },
    { attack: 'a JSON var CORS_ORIGINS = []', env: { CORS_ORIGINS: [] }, names: ['CORS_ORIGINS'] },
    { attack: 'CORS_ORIGINS = ","', env: { CORS_ORIGINS: ',' }, names: ['CORS_ORIGINS'] },
  ];
  test.each(rows)('$attack', async ({ env, names }) => {
    const a = new Hono();
    a.use(cors());
    a.get('/x', (c) => c.text('x'));
    let thrown: unknown;
    a.onError((error, c) => {
      thrown = error;
      return c.text('Internal Server Error', 500);
    });
    const res = await a.request('/x', { headers: { Origin: APP } }, env);
    expect(res.status).toBe(500);
    expect(res.headers.get(ACAO)).toBeNull();
    expect(thrown).toBeInstanceOf(CorsConfigError);
    for (const name of names) expect((thrown as Error).message).toContain(name);
  });
});
