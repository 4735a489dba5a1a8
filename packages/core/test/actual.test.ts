import { describe, expect, it } from 'vitest';
import { createCors, withCors, withUpgradableCors, type CorsOptions } from '../src/index.js';
import { serverErrorLine } from '../src/hooks.js';
import { corsHeaders, request, send, type Req } from './helpers.js';

const APP = 'https://app.example.com';

type Row = [rule: string, options: CorsOptions, req: Req, headers: Record<string, string>, vary: string | null];

const rows: Row[] = [
  ['defaults answer * to any origin', {}, { origin: APP }, { 'access-control-allow-origin': '*' }, null],
  ['defaults answer * without an Origin (alwaysSend)', {}, {}, { 'access-control-allow-origin': '*' }, null],
  ['alwaysSend false: no headers without an Origin', { alwaysSend: false }, {}, {}, 'Origin'],
  ['alwaysSend false: * still sent to a CORS request', { alwaysSend: false }, { origin: APP }, { 'access-control-allow-origin': '*' }, 'Origin'],
  ['sendWildcard false echoes the origin', { sendWildcard: false }, { origin: APP }, { 'access-control-allow-origin': APP }, 'Origin'],
  ['sendWildcard false echoes null', { sendWildcard: false }, { origin: 'null' }, { 'access-control-allow-origin': 'null' }, 'Origin'],
  ['sendWildcard false sends nothing without an Origin', { sendWildcard: false }, {}, {}, 'Origin'],
  ['an allowed origin is echoed', { origins: [APP] }, { origin: APP }, { 'access-control-allow-origin': APP }, 'Origin'],
  ['a refused origin gets no CORS headers', { origins: [APP] }, { origin: 'https://evil.test' }, {}, 'Origin'],
  ['a list policy sends nothing without an Origin', { origins: [APP] }, {}, {}, 'Origin'],
  ['credentials never with *: the origin is echoed', { origins: [APP], supportsCredentials: true }, { origin: APP }, {
    'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true',
  }, 'Origin'],
  ['credentials are not sent to a refused origin', { origins: [APP], supportsCredentials: true }, { origin: 'https://evil.test' }, {}, 'Origin'],
  ['exposeHeaders are sent to an allowed origin', { origins: [APP], exposeHeaders: ['X-Request-Id', 'X-Trace'] }, { origin: APP }, {
    'access-control-allow-origin': APP, 'access-control-expose-headers': 'X-Request-Id, X-Trace',
  }, 'Origin'],
  ['exposeHeaders as a comma string', { exposeHeaders: 'X-Request-Id,  X-Trace' }, { origin: APP }, {
    'access-control-allow-origin': '*', 'access-control-expose-headers': 'X-Request-Id, X-Trace',
  }, null],
  ["exposeHeaders '*' without credentials", { exposeHeaders: '*' }, { origin: APP }, {
    'access-control-allow-origin': '*', 'access-control-expose-headers': '*',
  }, null],
  ['exposeHeaders are not sent to a refused origin', { origins: [APP], exposeHeaders: ['X-Id'] }, { origin: 'https://evil.test' }, {}, 'Origin'],
  ['varyHeader false sends no Vary', { origins: [APP], varyHeader: false }, { origin: APP }, { 'access-control-allow-origin': APP }, null],
  ['varyHeader false with a refused origin sends no Vary', { origins: [APP], varyHeader: false }, { origin: 'https://e.test' }, {}, null],
  ['methods and maxAge are not sent on actual responses', { maxAge: 60, methods: ['GET'] }, { origin: APP }, { 'access-control-allow-origin': '*' }, null],
  ['a POST gets the same headers as a GET', { origins: [APP] }, { origin: APP, method: 'POST' }, { 'access-control-allow-origin': APP }, 'Origin'],
  ['an invalid Origin is refused', { origins: [APP] }, { origin: 'https://app.example.com/x' }, {}, 'Origin'],
];

describe('actual responses', () => {
  it.each(rows)('%s', async (_rule, options, req, headers, vary) => {
    const seen = await send(options, request(req));
    expect(seen.ran).toBe(true);
    expect(seen.status).toBe(200);
    expect(seen.body).toBe('ok');
    expect(corsHeaders(seen.headers)).toEqual(headers);
    expect(seen.headers.get('vary')).toBe(vary);
  });
});

describe('the policy owns the CORS response headers', () => {
  const upstream = () => new Response('up', {
    headers: {
      'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'GET',
      'Access-Control-Allow-Headers': 'x-up', 'Access-Control-Expose-Headers': 'X-Up', 'Access-Control-Allow-Private-Network': 'true',
    },
  });
  it("handler's CORS headers are replaced for an allowed origin", async () => {
    const seen = await send({ origins: [APP], exposeHeaders: ['X-Mine'] }, request({ origin: APP }), upstream);
    expect(corsHeaders(seen.headers)).toEqual({ 'access-control-allow-origin': APP, 'access-control-expose-headers': 'X-Mine' });
  });
  it("handler's CORS headers are removed for a refused origin", async () => {
    const seen = await send({ origins: [APP] }, request({ origin: 'https://evil.test' }), upstream);
    expect(corsHeaders(seen.headers)).toEqual({});
  });
  it("handler's CORS headers are removed for a request without Origin", async () => {
    const seen = await send({ origins: [APP] }, request({}), upstream);
    expect(corsHeaders(seen.headers)).toEqual({});
  });
  it('a stray Allow-Credentials without Allow-Origin never survives next to the policy\'s Allow-Origin', async () => {
    const seen = await send({ origins: [APP] }, request({ origin: APP }), () => new Response('x', {
      headers: { 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'X-Secret' },
    }));
    expect(corsHeaders(seen.headers)).toEqual({ 'access-control-allow-origin': APP });
  });
  it('stacking two wrappers never duplicates values', async () => {
    const inner = withCors(() => new Response('x'), { origins: [APP], exposeHeaders: ['X-A'], supportsCredentials: true });
    const outer = withCors(inner, { origins: [APP], exposeHeaders: ['X-A'], supportsCredentials: true });
    const res = (await outer(request({ origin: APP }))) as Response;
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': APP, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'X-A',
    });
    expect(res.headers.get('vary')).toBe('Origin');
  });
});

describe('responses pass on untouched where they must', () => {
  it('a mutable response is returned as the same object', async () => {
    const mine = new Response('same');
    const res = await withCors(() => mine, { origins: [APP] })(request({ origin: APP }));
    expect(res).toBe(mine);
    expect(mine.headers.get('access-control-allow-origin')).toBe(APP);
  });
  it('Response.redirect (immutable) gets the headers on a copy keeping status and location', async () => {
    const res = (await withCors(() => Response.redirect('https://api.test/hello', 302), { origins: [APP] })(request({ origin: APP }))) as Response;
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://api.test/hello');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });
  it('Response.error-like immutable headers on a refused origin: a copy without CORS headers', async () => {
    const res = (await withCors(() => Response.redirect('https://api.test/x', 307), { origins: [APP] })(request({ origin: 'https://e.test' }))) as Response;
    expect(res.status).toBe(307);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('vary')).toBe('Origin');
  });
  it('an immutable copy keeps status text, headers and body', async () => {
    const original = new Response('body text', { status: 418, statusText: 'Teapot', headers: { 'x-kept': '1' } });
    Object.defineProperty(original, 'headers', { value: Object.freeze(frozenHeaders(original.headers)) });
    const res = (await withCors(() => original, {})(request({ origin: APP }))) as Response;
    expect(res).not.toBe(original);
    expect(res.status).toBe(418);
    expect(res.statusText).toBe('Teapot');
    expect(res.headers.get('x-kept')).toBe('1');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe('body text');
  });
  it('a Workers-style webSocket response passes by identity', async () => {
    const ws = new Response(null, { status: 200 });
    Object.defineProperty(ws, 'webSocket', { value: {} });
    const res = await withCors(() => ws, { origins: [APP] })(request({ origin: APP }));
    expect(res).toBe(ws);
    expect(ws.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('a 101 response passes by identity', async () => {
    const upgrade = new Response(null, { status: 200 });
    Object.defineProperty(upgrade, 'status', { value: 101 });
    const res = await withCors(() => upgrade, {})(request({ origin: APP }));
    expect(res).toBe(upgrade);
    expect(upgrade.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('a 101 passes without a read of the request, whose headers an upgrade has closed (Deno)', async () => {
    const upgrade = new Response(null, { status: 200 });
    Object.defineProperty(upgrade, 'status', { value: 101 });
    const req = request({ origin: APP });
    const handler = withCors(() => {
      Object.defineProperty(req, 'headers', { get: () => { throw new TypeError('Request closed'); } });
      return upgrade;
    }, { origins: [APP], onError: () => {} });
    const res = await handler(req);
    expect(res).toBe(upgrade);
  });
  it('a network error (Response.error) passes by identity', async () => {
    const e = Response.error();
    const res = await withCors(() => e, { origins: [APP] })(request({ origin: APP }));
    expect(res).toBe(e);
  });
  it('undefined passes through only the upgradable wrapper (Bun server.upgrade)', async () => {
    const res = await withUpgradableCors(() => undefined, {})(request({ origin: APP }));
    expect(res).toBeUndefined();
  });
  it('extra arguments pass through untouched', async () => {
    const env = { a: 1 };
    const ctx = { waitUntil() {} };
    let seen: unknown[] = [];
    const h = withCors((_req: Request, e: typeof env, c: typeof ctx) => { seen = [e, c]; return new Response('x'); });
    await h(request({ origin: APP }), env, ctx);
    expect(seen[0]).toBe(env);
    expect(seen[1]).toBe(ctx);
  });
});

describe('handler errors', () => {
  it('a throwing handler gives a 500 with the CORS headers of an allowed origin', async () => {
    const errors: unknown[] = [];
    const seen = await send({ origins: [APP], onError: (e) => errors.push(e) }, request({ origin: APP }), () => { throw new Error('boom'); });
    expect(seen.status).toBe(500);
    expect(seen.headers.get('access-control-allow-origin')).toBe(APP);
    expect(seen.body).toBe('Internal Server Error');
    expect((errors[0] as Error).message).toBe('boom');
  });
  it('a rejecting async handler gives the same 500', async () => {
    const seen = await send({ origins: [APP], onError: () => {} }, request({ origin: APP }), async () => { throw new Error('late'); });
    expect(seen.status).toBe(500);
    expect(seen.headers.get('access-control-allow-origin')).toBe(APP);
  });
  it('the 500 carries no CORS headers for a refused origin', async () => {
    const seen = await send({ origins: [APP], onError: () => {} }, request({ origin: 'https://e.test' }), () => { throw new Error('boom'); });
    expect(seen.status).toBe(500);
    expect(seen.headers.get('access-control-allow-origin')).toBeNull();
  });
  it('a handler returning something other than a Response gives a 500', async () => {
    const errors: unknown[] = [];
    const seen = await send({ origins: [APP], onError: (e) => errors.push(e) }, request({ origin: APP }), () => 'hi' as unknown as Response);
    expect(seen.status).toBe(500);
    expect(seen.headers.get('access-control-allow-origin')).toBe(APP);
    expect(String(errors[0])).toMatch(/not a Response/);
  });
});

describe('a handler failure is reported to the onError that governs the path, saying what happened', () => {
  const API = { '/api/*': { origins: [APP] } };
  const rows: {
    rule: string;
    options: (onError: (error: unknown) => void) => CorsOptions;
    path: string;
    answer: () => unknown;
    /** What the default log would say of the error the hook received. */
    says: string;
    allowOrigin: string | null;
  }[] = [
    {
      rule: 'a path no resources key covers reports to the top-level onError',
      options: (onError) => ({ resources: API, onError }),
      path: '/other',
      answer: () => { throw new Error('boom'); },
      says: 'fetch-cors: the handler threw; answering 500.',
      allowOrigin: null,
    },
    {
      rule: 'an uncovered path whose handler rejects reports to the top-level onError',
      options: (onError) => ({ resources: API, onError }),
      path: '/other',
      answer: async () => { throw new Error('late'); },
      says: 'fetch-cors: the handler threw; answering 500.',
      allowOrigin: null,
    },
    {
      rule: 'an uncovered path whose handler answers null reports to the top-level onError',
      options: (onError) => ({ resources: API, onError }),
      path: '/other',
      answer: () => null,
      says: 'fetch-cors: the handler returned null, not a Response; answering 500.',
      allowOrigin: null,
    },
    {
      rule: 'a covered path reports to the onError its entry inherits',
      options: (onError) => ({ resources: API, onError }),
      path: '/api/x',
      answer: () => { throw new Error('boom'); },
      says: 'fetch-cors: the handler threw; answering 500.',
      allowOrigin: APP,
    },
    {
      rule: 'a handler answering null is said to have answered null, not to have thrown',
      options: (onError) => ({ origins: [APP], onError }),
      path: '/',
      answer: () => null,
      says: 'fetch-cors: the handler returned null, not a Response; answering 500.',
      allowOrigin: APP,
    },
    {
      rule: 'a handler answering undefined is said to have answered undefined',
      options: (onError) => ({ origins: [APP], onError }),
      path: '/',
      answer: () => undefined,
      says: 'fetch-cors: the handler returned undefined, not a Response; answering 500.',
      allowOrigin: APP,
    },
    {
      rule: 'a handler answering a string is said to have answered a string',
      options: (onError) => ({ origins: [APP], onError }),
      path: '/',
      answer: () => 'hi',
      says: 'fetch-cors: the handler returned string, not a Response; answering 500.',
      allowOrigin: APP,
    },
  ];
  it.each(rows)('$rule', async ({ options, path, answer, says, allowOrigin }) => {
    const errors: unknown[] = [];
    const handler = withCors(answer as () => Response, options((e) => errors.push(e)));
    const res = (await handler(request({ origin: APP, path })))!;
    expect(res.status).toBe(500);
    expect(res.headers.get('access-control-allow-origin')).toBe(allowOrigin);
    expect(errors).toHaveLength(1);
    expect(serverErrorLine(errors[0])).toBe(says);
  });
});

describe('streaming bodies pass chunk by chunk', () => {
  it('the first chunk arrives before the handler finishes writing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let finished = false;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(new TextEncoder().encode('a'));
        await gate;
        controller.enqueue(new TextEncoder().encode('b'));
        finished = true;
        controller.close();
      },
    });
    const res = (await withCors(() => new Response(body), { origins: [APP] })(request({ origin: APP }))) as Response;
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe('a');
    expect(finished).toBe(false);
    release();
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value)).toBe('b');
    expect(finished).toBe(true);
  });
});

describe('policy object', () => {
  it('is frozen', () => {
    expect(Object.isFrozen(createCors())).toBe(true);
  });
  it('preflight() answers preflights and leaves other requests', async () => {
    const cors = createCors({ origins: [APP] });
    expect(cors.preflight(request({ origin: APP }))).toBeUndefined();
    const res = await cors.preflight(request({ method: 'OPTIONS', origin: APP, acrm: 'PUT' }));
    expect(res?.status).toBe(204);
  });
  it('apply() adds the headers to a given response', async () => {
    const cors = createCors({ origins: [APP] });
    const res = await cors.apply(request({ origin: APP }), new Response('x'));
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });
  it('error() makes the 500 with CORS headers', async () => {
    const cors = createCors({ origins: [APP], onError: () => {} });
    const res = await cors.error(request({ origin: APP }), new Error('x'));
    expect(res.status).toBe(500);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

/** Headers whose every change throws, as the guard "immutable" does. */
function frozenHeaders(h: Headers): Headers {
  const copy = new Headers(h);
  const fail = () => { throw new TypeError('immutable'); };
  return Object.assign(copy, { set: fail, append: fail, delete: fail });
}
