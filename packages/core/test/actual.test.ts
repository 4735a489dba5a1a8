import { describe, expect, it } from 'vitest';
import { createCors, withCors, withUpgradableCors, type CorsOptions } from '../src/index.js';
import { serverErrorLine } from '../src/hooks.js';
import { APP, corsHeaders, request } from './helpers.js';

describe('stacked wrappers (a composition the vectors cannot express)', () => {
  it('stacking two wrappers never duplicates values', async () => {
    const inner = withCors(() => new Response('x'), { origins: [APP], exposeHeaders: ['X-A'], supportsCredentials: true });
    const outer = withCors(inner, { origins: [APP], exposeHeaders: ['X-A'], supportsCredentials: true });
    const res = (await outer(request({ origin: APP }))) as Response;
    expect(corsHeaders(res.headers)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-A',
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
    const handler = withCors(
      () => {
        Object.defineProperty(req, 'headers', {
          get: () => {
            throw new TypeError('Request closed');
          },
        });
        return upgrade;
      },
      { origins: [APP], onError: () => {} },
    );
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
    const h = withCors((_req: Request, e: typeof env, c: typeof ctx) => {
      seen = [e, c];
      return new Response('x');
    });
    await h(request({ origin: APP }), env, ctx);
    expect(seen[0]).toBe(env);
    expect(seen[1]).toBe(ctx);
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
      answer: () => {
        throw new Error('boom');
      },
      says: 'fetch-cors: the handler threw; answering 500.',
      allowOrigin: null,
    },
    {
      rule: 'an uncovered path whose handler rejects reports to the top-level onError',
      options: (onError) => ({ resources: API, onError }),
      path: '/other',
      answer: async () => {
        throw new Error('late');
      },
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
      answer: () => {
        throw new Error('boom');
      },
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
    const handler = withCors(
      answer as () => Response,
      options((e) => errors.push(e)),
    );
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
    const gate = new Promise<void>((r) => {
      release = r;
    });
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
  const fail = () => {
    throw new TypeError('immutable');
  };
  return Object.assign(copy, { set: fail, append: fail, delete: fail });
}
