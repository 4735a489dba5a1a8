import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../src/index.js';
import { corsHeaders, preflight, request, send } from './helpers.js';

const APP = 'https://app.example.com';
const ADMIN = 'https://admin.example.com';

const options: CorsOptions = {
  origins: [APP],
  exposeHeaders: ['X-Top'],
  resources: {
    '/login': { origins: [ADMIN] },
    '/api/*': {},
    '/api/admin/*': { origins: [ADMIN], supportsCredentials: true },
    '^/v[0-9]+/public$': { origins: '*' },
  },
};

type Row = [rule: string, path: string, origin: string, allowOrigin: string | null, touched: boolean];

const rows: Row[] = [
  ['an exact path matches', '/login', ADMIN, ADMIN, true],
  ['an exact path uses its own origins', '/login', APP, null, true],
  ['an exact path does not match a longer one', '/login/x', APP, null, false],
  ['a prefix pattern matches its base', '/api', APP, APP, true],
  ['a prefix pattern matches its base with a slash', '/api/', APP, APP, true],
  ['a prefix pattern matches below', '/api/users/1', APP, APP, true],
  ['a prefix pattern never matches /apiary', '/apiary', APP, null, false],
  ['the longest pattern wins', '/api/admin/users', ADMIN, ADMIN, true],
  ['the longest pattern refuses what it does not list', '/api/admin/users', APP, null, true],
  ['a RegExp source matches the whole pathname', '/v2/public', 'https://any.test', '*', true],
  ['a RegExp source is anchored as written', '/v2/public/x', 'https://any.test', null, false],
  ['paths are case-sensitive', '/API/x', APP, null, false],
  ['paths are percent-decoded as routers see them', '/%61pi/x', APP, APP, true],
  ['the query string is ignored', '/api/x?y=/login', APP, APP, true],
  ['a path matching no key gets no CORS headers', '/other', APP, null, false],
];

describe('resources', () => {
  it.each(rows)('%s', async (_rule, path, origin, allowOrigin, touched) => {
    const seen = await send(options, request({ origin, path }));
    expect(seen.ran).toBe(true);
    expect(seen.headers.get('access-control-allow-origin')).toBe(allowOrigin);
    expect(seen.headers.get('vary') !== null || allowOrigin === '*').toBe(touched);
  });

  it('entry options are merged over the top level', async () => {
    const seen = await send(options, request({ origin: ADMIN, path: '/api/admin/x' }));
    expect(seen.headers.get('access-control-expose-headers')).toBe('X-Top');
    expect(seen.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('a preflight on a path matching no key goes to the handler untouched', async () => {
    const seen = await send(options, preflight(APP, 'PUT', { path: '/other' }), () => new Response('handler', { status: 200 }));
    expect(seen.ran).toBe(true);
    expect(seen.body).toBe('handler');
    expect(seen.headers.get('access-control-allow-origin')).toBeNull();
    expect(seen.headers.get('vary')).toBeNull();
  });

  it('a preflight on a matching path is answered by its entry', async () => {
    const seen = await send(options, preflight(ADMIN, 'PUT', { path: '/api/admin/x' }));
    expect(seen.ran).toBe(false);
    expect(seen.status).toBe(204);
    expect(seen.headers.get('access-control-allow-origin')).toBe(ADMIN);
  });

  it('a path matching no key is left to the handler, its own headers untouched (as Flask-CORS leaves an undecorated route)', async () => {
    const seen = await send(options, request({ origin: 'https://evil.test', path: '/other' }), () => new Response('x', {
      headers: { 'Access-Control-Allow-Origin': 'https://own.test' },
    }));
    expect(corsHeaders(seen.headers)).toEqual({ 'access-control-allow-origin': 'https://own.test' });
    expect(seen.headers.get('vary')).toBeNull();
  });
});
