import { describe, expect, it } from 'vitest';
import { createCors, type CorsOptions, type CorsRejection } from '../src/index.js';
import { corsHeaders, preflight, send, type Req } from './helpers.js';

const APP = 'https://app.example.com';
const VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
const VARY_PNA = `${VARY}, Access-Control-Request-Private-Network`;
const DEFAULT_METHODS = 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE';

type Row = [rule: string, options: CorsOptions, method: string, extra: Omit<Req, 'origin' | 'acrm' | 'method'>, status: number, headers: Record<string, string>];

const allowed: Row[] = [
  ['defaults answer 204 with * and the default methods', {}, 'PUT', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['allowHeaders * echoes the requested names lower-cased', {}, 'PUT', { acrh: 'X-Custom, Content-Type' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'x-custom,content-type',
  }],
  ['allowHeaders * echoes a browser-formatted list as sent', {}, 'PUT', { acrh: 'authorization,x-a' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'authorization,x-a',
  }],
  ['allowHeaders * drops empty entries', {}, 'PUT', { acrh: 'x-a,,x-b,' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'x-a,x-b',
  }],
  ['Authorization passes with the default allowHeaders', {}, 'GET', { acrh: 'authorization' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'authorization',
  }],
  ['an allowHeaders list is sent joined as configured', { allowHeaders: ['Content-Type', 'X-Api-Key'] }, 'POST', { acrh: 'content-type' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'Content-Type, X-Api-Key',
  }],
  ['an allowHeaders list compares names case-insensitively', { allowHeaders: 'content-type, x-api-key' }, 'POST', { acrh: 'X-API-KEY' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'content-type, x-api-key',
  }],
  ['an exact origin is echoed, never *', { origins: [APP] }, 'PUT', {}, 204, {
    'access-control-allow-origin': APP, 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['credentials are sent with the echoed origin', { origins: [APP], supportsCredentials: true }, 'PUT', {}, 204, {
    'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['maxAge is sent on preflights', { maxAge: 600 }, 'PUT', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-max-age': '600',
  }],
  ['maxAge 0 is sent as 0', { maxAge: 0 }, 'PUT', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-max-age': '0',
  }],
  ['maxAge as a string of digits', { maxAge: '120' }, 'PUT', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-max-age': '120',
  }],
  ['preflightStatus sets the status', { preflightStatus: 200 }, 'PUT', {}, 200, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['methods are normalised and joined once', { methods: ['get', 'put', 'Purge'] }, 'Purge', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'GET, PUT, Purge',
  }],
  ['a lower-case standard method matches its upper-case form', { methods: ['PUT'] }, 'put', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT',
  }],
  ['GET is never refused for its method', { methods: ['PUT'] }, 'GET', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT',
  }],
  ['HEAD is never refused for its method', { methods: ['PUT'] }, 'HEAD', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT',
  }],
  ['POST is never refused for its method', { methods: ['PUT'] }, 'POST', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': 'PUT',
  }],
  ["methods * answers *", { methods: '*' }, 'PURGE', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': '*',
  }],
  ['methods * with credentials echoes the method', { methods: '*', origins: [APP], supportsCredentials: true }, 'PURGE', {}, 204, {
    'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PURGE',
  }],
  ['private network answered when allowed and asked', { allowPrivateNetwork: true }, 'GET', { pna: 'true' }, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-private-network': 'true',
  }],
  ['private network header only sent when asked', { allowPrivateNetwork: true }, 'GET', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['sendWildcard false echoes the origin on preflights', { sendWildcard: false }, 'PUT', {}, 204, {
    'access-control-allow-origin': APP, 'access-control-allow-methods': DEFAULT_METHODS,
  }],
  ['no Expose-Headers on preflights', { exposeHeaders: ['X-Id'] }, 'PUT', {}, 204, {
    'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS,
  }],
];

const refused: [rule: string, options: CorsOptions, method: string, extra: Omit<Req, 'origin' | 'acrm' | 'method'>, reason: CorsRejection['reason'], origin?: string][] = [
  ['an unlisted origin is refused', { origins: ['https://other.example.com'] }, 'PUT', {}, 'origin'],
  ['null is refused unless listed', { origins: [APP] }, 'PUT', {}, 'origin', 'null'],
  ['an unlisted method is refused', { methods: ['GET', 'PUT'] }, 'DELETE', {}, 'method'],
  ['methods compare exactly outside the standard six', { methods: ['PURGE'] }, 'purge', {}, 'method'],
  ['a method that is not a token is refused', {}, 'PU T', {}, 'method'],
  ['a requested header not on the list is refused', { allowHeaders: ['Content-Type'] }, 'POST', { acrh: 'content-type,x-secret' }, 'header'],
  ['Authorization must be listed when allowHeaders is a list', { allowHeaders: ['Content-Type'] }, 'GET', { acrh: 'authorization' }, 'header'],
  ['an oversized Access-Control-Request-Headers is refused', {}, 'PUT', { acrh: `x-a,${'x'.repeat(70_000)}` }, 'header'],
  ['a header name that is not a token is refused', {}, 'PUT', { acrh: 'x-a,x(b)' }, 'header'],
  ['private network is refused unless allowed', {}, 'GET', { pna: 'true' }, 'private-network'],
  ['the origin is checked before the method', { origins: ['https://other.example.com'], methods: ['GET'] }, 'DELETE', {}, 'origin'],
  ['the method is checked before the headers', { methods: ['GET'], allowHeaders: ['x-a'] }, 'DELETE', { acrh: 'x-b' }, 'method'],
  ['the headers are checked before private network', { allowHeaders: ['x-a'] }, 'GET', { acrh: 'x-b', pna: 'true' }, 'header'],
  ['an async origin function may refuse a preflight', { origins: async () => false }, 'PUT', {}, 'origin'],
  ['* is never sent with credentials: a method named *', { origins: [APP], methods: '*', supportsCredentials: true }, '*', {}, 'method'],
  ['* is never sent with credentials: a header named *', { origins: [APP], supportsCredentials: true }, 'GET', { acrh: 'x-a,*' }, 'header'],
];

describe('preflight allowed', () => {
  it.each(allowed)('%s', async (_rule, options, method, extra, status, headers) => {
    const seen = await send(options, preflight(APP, method, extra));
    expect(seen.ran).toBe(false);
    expect(seen.status).toBe(status);
    expect(corsHeaders(seen.headers)).toEqual(headers);
    expect(seen.headers.get('vary')).toBe(options.allowPrivateNetwork ? VARY_PNA : VARY);
  });
});

describe('preflight refused', () => {
  it.each(refused)('%s', async (_rule, options, method, extra, reason, origin = APP) => {
    const rejections: CorsRejection[] = [];
    const seen = await send({ ...options, onReject: (r) => rejections.push(r) }, preflight(origin, method, extra));
    expect(seen.ran).toBe(false);
    expect(seen.status).toBe(403);
    expect(corsHeaders(seen.headers)).toEqual({});
    expect(seen.headers.get('vary')).toBe(VARY);
    expect(seen.body).toBe('');
    expect(rejections.map((r) => r.reason)).toEqual([reason]);
    expect(rejections[0]?.detail).toMatch(/allow|limit/);
  });

  it('a 64 KiB Access-Control-Request-Headers is refused quickly', async () => {
    const start = performance.now();
    const seen = await send({ allowHeaders: ['x-a'] }, preflight(APP, 'PUT', { acrh: 'x-a,'.repeat(16_384) }));
    expect(seen.status).toBe(403);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('onReject detail names the refused value and the option', async () => {
    const details: string[] = [];
    await send({ methods: ['GET'], onReject: (r) => details.push(r.detail) }, preflight(APP, 'DELETE'));
    await send({ allowHeaders: ['x-a'], onReject: (r) => details.push(r.detail) }, preflight(APP, 'GET', { acrh: 'x-b' }));
    await send({ origins: ['https://b.test'], onReject: (r) => details.push(r.detail) }, preflight(APP, 'GET'));
    await send({ onReject: (r) => details.push(r.detail) }, preflight(APP, 'GET', { pna: 'true' }));
    expect(details[0]).toMatch(/"DELETE".*methods/);
    expect(details[1]).toMatch(/"x-b".*allowHeaders/);
    expect(details[2]).toMatch(/"https:\/\/app\.example\.com".*origins/);
    expect(details[3]).toMatch(/allowPrivateNetwork/);
  });

  it('an empty methods list sends no Allow-Methods', async () => {
    const seen = await send({ methods: [] }, preflight(APP, 'GET'));
    expect(seen.status).toBe(204);
    expect(seen.headers.get('access-control-allow-methods')).toBeNull();
  });
  it.each([
    ['allowed', 'https://app.example.com', 204],
    ['refused', 'https://evil.example', 403],
  ])('each %s preflight answer is a response of its own, free to change', async (_kind, origin, status) => {
    const policy = createCors({ origins: [APP], allowHeaders: ['X-A'], maxAge: 60 });
    const first = (await policy.preflight(preflight(origin, 'PUT')))!;
    first.headers.set('x-changed', '1');
    first.headers.delete('vary');
    const second = (await policy.preflight(preflight(origin, 'PUT')))!;
    expect(second).not.toBe(first);
    expect(second.status).toBe(status);
    expect(second.headers.get('x-changed')).toBeNull();
    expect(second.headers.get('vary')).toBe(VARY);
    expect(second.body).toBeNull();
  });
  it('answers to different origins never share the echoed origin', async () => {
    const policy = createCors({ origins: [APP, 'https://b.example'] });
    const a = (await policy.preflight(preflight(APP, 'PUT')))!;
    const b = (await policy.preflight(preflight('https://b.example', 'PUT')))!;
    expect([a.headers.get('access-control-allow-origin'), b.headers.get('access-control-allow-origin')]).toEqual([APP, 'https://b.example']);
  });
});

describe('debug preflights name the failed check', () => {
  const debugRows: [rule: string, options: CorsOptions, method: string, extra: Omit<Req, 'origin' | 'acrm' | 'method'>, headers: Record<string, string>][] = [
    ['refused origin: nothing but Vary', { debug: true, origins: ['https://b.test'] }, 'PUT', {}, {}],
    ['refused method: the origin and the allowed methods', { debug: true, origins: [APP], methods: ['GET'] }, 'DELETE', {}, {
      'access-control-allow-origin': APP, 'access-control-allow-methods': 'GET',
    }],
    ['refused header: origin, methods and the allowed headers', { debug: true, origins: [APP], allowHeaders: ['x-a'], supportsCredentials: true }, 'GET', { acrh: 'x-b' }, {
      'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'x-a',
    }],
    ['refused private network: everything but Allow-Private-Network', { debug: true }, 'GET', { acrh: 'x-a', pna: 'true' }, {
      'access-control-allow-origin': '*', 'access-control-allow-methods': DEFAULT_METHODS, 'access-control-allow-headers': 'x-a',
    }],
  ];
  it.each(debugRows)('%s', async (_rule, options, method, extra, headers) => {
    const seen = await send(options, preflight(APP, method, extra));
    expect(seen.status).toBe(204);
    expect(corsHeaders(seen.headers)).toEqual(headers);
    expect(seen.headers.get('vary')).toBe(VARY);
    expect(seen.ran).toBe(false);
  });
});

describe('what counts as a preflight', () => {
  it('OPTIONS without Access-Control-Request-Method runs the handler', async () => {
    const seen = await send({ origins: [APP] }, new Request('http://api.test/', { method: 'OPTIONS', headers: { origin: APP } }));
    expect(seen.ran).toBe(true);
    expect(seen.headers.get('access-control-allow-origin')).toBe(APP);
    expect(seen.headers.get('access-control-allow-methods')).toBeNull();
  });
  it('OPTIONS without Origin runs the handler', async () => {
    const seen = await send({}, new Request('http://api.test/', { method: 'OPTIONS', headers: { 'access-control-request-method': 'PUT' } }));
    expect(seen.ran).toBe(true);
  });
  it('automaticOptions false lets the handler answer, with actual-response headers', async () => {
    const seen = await send({ automaticOptions: false, origins: [APP], exposeHeaders: ['X-Id'], maxAge: 60 }, preflight(APP, 'PUT'), () => new Response('mine', { status: 200, headers: { 'access-control-allow-methods': 'BOGUS' } }));
    expect(seen.ran).toBe(true);
    expect(seen.status).toBe(200);
    expect(seen.body).toBe('mine');
    expect(corsHeaders(seen.headers)).toEqual({ 'access-control-allow-origin': APP, 'access-control-expose-headers': 'X-Id' });
    expect(seen.headers.get('vary')).toBe('Origin');
  });
  it('automaticOptions false with a refused origin strips the handler\'s CORS headers', async () => {
    const seen = await send({ automaticOptions: false, origins: ['https://b.test'] }, preflight(APP, 'PUT'), () => new Response(null, { status: 204, headers: { 'access-control-allow-origin': '*' } }));
    expect(seen.ran).toBe(true);
    expect(corsHeaders(seen.headers)).toEqual({});
    expect(seen.headers.get('vary')).toBe('Origin');
  });
});

describe('a preflight answer carries the reason phrase of its status', () => {
  const rows: { rule: string; options: CorsOptions; origin: string; status: number; statusText: string }[] = [
    { rule: 'an allowed preflight is 204 No Content', options: {}, origin: APP, status: 204, statusText: 'No Content' },
    { rule: 'preflightStatus 200 says OK', options: { preflightStatus: 200 }, origin: APP, status: 200, statusText: 'OK' },
    { rule: 'preflightStatus 206 says Partial Content', options: { preflightStatus: 206 }, origin: APP, status: 206, statusText: 'Partial Content' },
    { rule: 'a status without a standard phrase in 200..206 says nothing', options: { preflightStatus: 299 }, origin: APP, status: 299, statusText: '' },
    { rule: 'a refused preflight is 403 Forbidden', options: { origins: [APP] }, origin: 'https://evil.example', status: 403, statusText: 'Forbidden' },
    { rule: 'a debug refusal looks allowed: 204 No Content', options: { origins: [APP], methods: ['GET'], debug: true }, origin: APP, status: 204, statusText: 'No Content' },
  ];
  it.each(rows)('$rule', async ({ options, origin, status, statusText }) => {
    const response = await createCors(options).preflight(preflight(origin, 'PUT'))!;
    expect(response.status).toBe(status);
    expect(response.statusText).toBe(statusText);
  });
});
