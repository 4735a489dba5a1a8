/**
 * Attacks on `cors()` through Hono's own router: `resources` keys must be chosen from the path
 * Hono routes by, with `strict` on and off, so that a refused origin never reads a route with
 * credentials. Each row names the attack it tries and proves, by the body, which route served it.
 * (Preflights are answered before routing, so the vectors' `security: resources` rows cover them.)
 */
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { cors, type CorsOptions } from '../src/index';
import { ACAC, ACAO, ALLOWED, PARTNER } from '../../../test/conformance/src/test-names';

/** PARTNER may read /api/*, but not /api/admin/* nor /account. */
const POLICY: CorsOptions = {
  supportsCredentials: true,
  resources: {
    '/api/*': { origins: [ALLOWED, PARTNER] },
    '/api/admin/*': { origins: [ALLOWED] },
    '/account': { origins: [ALLOWED] },
  },
};

function app(strict: boolean): Hono {
  const a = new Hono({ strict });
  a.use(cors(POLICY));
  a.get('/api/admin/users', (c) => c.text('admin users'));
  a.get('/api/admin/files/*', (c) => c.text('admin files'));
  a.get('/api/items', (c) => c.text('items'));
  a.get('/account', (c) => c.text('account'));
  return a;
}

interface Attack {
  readonly attack: string;
  readonly strict: boolean;
  readonly path: string;
  /** The body of the route Hono serves; `null`: Hono answers 404. */
  readonly serves: string | null;
}

const ATTACKS: readonly Attack[] = [
  { attack: 'an encoded letter (/api/%61dmin/users) reaches the admin route, strict', strict: true, path: '/api/%61dmin/users', serves: 'admin users' },
  { attack: 'an encoded letter (/api/%61dmin/users) reaches the admin route, not strict', strict: false, path: '/api/%61dmin/users', serves: 'admin users' },
  { attack: 'a whole encoded segment reaches the admin route', strict: true, path: '/api/%61%64%6D%69%6E/users', serves: 'admin users' },
  { attack: 'a trailing slash reaches the admin route (strict: false)', strict: false, path: '/api/admin/users/', serves: 'admin users' },
  { attack: 'a trailing slash reaches /account (strict: false)', strict: false, path: '/account/', serves: 'account' },
  { attack: 'an encoded letter and a trailing slash reach /account (strict: false)', strict: false, path: '/%61ccount/', serves: 'account' },
  { attack: 'a trailing slash under strict routing (404, still refused)', strict: true, path: '/account/', serves: null },
  {
    attack: 'a malformed escape after an encoded letter (Hono decodes the valid escapes)',
    strict: true,
    path: '/api/%61dmin/files/x%zz',
    serves: 'admin files',
  },
];

describe('Hono routes a path the way resources keys are chosen', () => {
  test.each(ATTACKS)('$attack', async ({ strict, path, serves }) => {
    const res = await app(strict).request(path, { headers: { Origin: PARTNER } });
    const text = await res.text();
    if (serves === null) expect(res.status).toBe(404);
    else expect(text).toBe(serves);
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
  });

  const allowed: { rule: string; strict: boolean; path: string; origin: string }[] = [
    { rule: 'the admin route answers the origin it allows, encoded', strict: true, path: '/api/%61dmin/users', origin: ALLOWED },
    { rule: '/account/ answers the origin /account allows (strict: false)', strict: false, path: '/account/', origin: ALLOWED },
    { rule: 'the broader key still serves its own routes', strict: true, path: '/api/items', origin: PARTNER },
  ];
  test.each(allowed)('$rule', async ({ strict, path, origin }) => {
    const res = await app(strict).request(path, { headers: { Origin: origin } });
    expect(res.status).toBe(200);
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([origin, 'true']);
  });
});
