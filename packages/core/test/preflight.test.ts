import { describe, expect, it } from 'vitest';
import { createCors, type CorsOptions } from '../src/index.js';
import { APP, preflight, send } from './helpers.js';

const VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

describe('onReject names what was refused', () => {
  const rows: { rule: string; options: CorsOptions; request: Request; detail: RegExp }[] = [
    {
      rule: 'a refused method is named with the methods option',
      options: { methods: ['GET'] },
      request: preflight(APP, 'DELETE'),
      detail: /"DELETE".*methods/,
    },
    {
      rule: 'a refused header is named with the allowHeaders option',
      options: { allowHeaders: ['x-a'] },
      request: preflight(APP, 'GET', { acrh: 'x-b' }),
      detail: /"x-b".*allowHeaders/,
    },
    {
      rule: 'a refused origin is named with the origins option',
      options: { origins: ['https://b.test'] },
      request: preflight(APP, 'GET'),
      detail: /"https:\/\/app\.example\.com".*origins/,
    },
    {
      rule: 'a refused private-network request names allowPrivateNetwork',
      options: {},
      request: preflight(APP, 'GET', { pna: 'true' }),
      detail: /allowPrivateNetwork/,
    },
  ];
  it.each(rows)('$rule', async ({ options, request, detail }) => {
    const details: string[] = [];
    await send({ ...options, onReject: (r) => details.push(r.detail) }, request);
    expect(details).toHaveLength(1);
    expect(details[0]).toMatch(detail);
  });
});

describe('preflight answers are never shared between requests', () => {
  const rows: { kind: string; origin: string; status: number }[] = [
    { kind: 'allowed', origin: APP, status: 204 },
    { kind: 'refused', origin: 'https://evil.example', status: 403 },
  ];
  it.each(rows)('each $kind preflight answer is a response of its own, free to change', async ({ origin, status }) => {
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

describe('a preflight answer carries the reason phrase of its status', () => {
  const rows: { rule: string; options: CorsOptions; origin: string; status: number; statusText: string }[] = [
    { rule: 'an allowed preflight is 204 No Content', options: {}, origin: APP, status: 204, statusText: 'No Content' },
    { rule: 'preflightStatus 200 says OK', options: { preflightStatus: 200 }, origin: APP, status: 200, statusText: 'OK' },
    { rule: 'preflightStatus 206 says Partial Content', options: { preflightStatus: 206 }, origin: APP, status: 206, statusText: 'Partial Content' },
    { rule: 'a status without a standard phrase in 200..206 says nothing', options: { preflightStatus: 299 }, origin: APP, status: 299, statusText: '' },
    { rule: 'a refused preflight is 403 Forbidden', options: { origins: [APP] }, origin: 'https://evil.example', status: 403, statusText: 'Forbidden' },
    {
      rule: 'a debug refusal looks allowed: 204 No Content',
      options: { origins: [APP], methods: ['GET'], debug: true },
      origin: APP,
      status: 204,
      statusText: 'No Content',
    },
  ];
  it.each(rows)('$rule', async ({ options, origin, status, statusText }) => {
    const response = await createCors(options).preflight(preflight(origin, 'PUT'))!;
    expect(response.status).toBe(status);
    expect(response.statusText).toBe(statusText);
  });
});
