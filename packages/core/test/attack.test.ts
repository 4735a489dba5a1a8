/**
 * A hostile review of the core's promises, tried as an attacker would. Each row is named after
 * the attack. The `closed` blocks hold attacks that once got through and are now refused;
 * the `blocked` blocks hold attacks that were always refused and are not covered elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors, withCors, type CorsOptions } from '../src/index.js';
import { request, preflight, readEnv, send, ACAO, APP, PARTNER, accessControlHeaders } from './helpers.js';

// ------------------------------------------------------------------ paths
describe('blocked: a path too long to send over HTTP', () => {
  const policy: CorsOptions = {
    supportsCredentials: true,
    resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/admin/*': { origins: [APP] } },
  };
  // The other path attacks are vectors; a 64 KiB path is more than an HTTP server takes in its request line.
  it('a 64 KiB path of escapes is answered, decoded once', async () => {
    const path = `/api/admin/${'%zz%61'.repeat(11_000)}`;
    const seen = await send(policy, request({ path, origin: PARTNER }));
    expect([seen.status, seen.headers.get(ACAO)]).toEqual([200, null]);
  });
});

// ------------------------------------------------------------------ origins
describe('blocked: origin near-misses that cannot be sent over HTTP', () => {
  const options: CorsOptions = {
    supportsCredentials: true,
    origins: [APP, 'https://*.example.org', 'http://localhost:*', /https:\/\/[a-z]+\.example\.io/],
  };
  const rows: { attack: string; origin: string }[] = [
    // The other near-misses are vectors; these two are not header values every HTTP server accepts.
    { attack: 'Latin-1 letters in a subdomain (IDN not in punycode)', origin: 'https://\u00e4.example.org' },
    { attack: 'an Origin of one mebibyte ending in the allowed suffix', origin: `https://${'a.'.repeat(524_280)}example.org` },
  ];
  it.each(rows)('$attack', async ({ origin }) => {
    const actual = await send(options, request({ origin }));
    expect(accessControlHeaders(actual.headers)).toEqual({});
    const pre = await send(options, preflight(origin, 'PUT'));
    expect([pre.status, accessControlHeaders(pre.headers)]).toEqual([403, {}]);
  });
});

// ------------------------------------------------------------------ responses
describe('blocked: stacked wrappers', () => {
  it('stacked wrappers: an inner policy allowing the attacker is overruled by the outer one', async () => {
    const inner = withCors(() => new Response('x'), { origins: ['https://evil.example'], supportsCredentials: true, exposeHeaders: ['X-Secret'], maxAge: 600 });
    const outer = withCors(inner, { origins: [APP], supportsCredentials: true });
    const res = (await outer(request({ origin: 'https://evil.example' }))) as Response;
    expect(accessControlHeaders(res.headers)).toEqual({});
  });
});

// ------------------------------------------------------------------ origin lookups
describe('blocked: origin lookup cache poisoning', () => {
  it('a deny-list function fooled by a capitalised Origin from a non-browser client does not cache an allow for the real origin', async () => {
    const asked: string[] = [];
    const cors = withCors(() => new Response('x'), {
      origins: (o) => {
        asked.push(o);
        return o !== 'https://evil.example';
      },
      originCache: { ttl: 60_000 },
    });
    await cors(request({ origin: 'HTTPS://EVIL.EXAMPLE' }));
    const res = (await cors(request({ origin: 'https://evil.example' }))) as Response;
    expect([res.headers.get(ACAO), asked]).toEqual([null, ['HTTPS://EVIL.EXAMPLE', 'https://evil.example']]);
  });

  it("concurrent lookups for two origins never answer one with the other's decision", async () => {
    const cors = withCors(() => new Response('x'), {
      origins: async (o) => {
        await new Promise((r) => setTimeout(r, o === APP ? 5 : 0));
        return o === APP;
      },
      originCache: { ttl: 60_000 },
      originTimeout: 1000,
    });
    const [a, e] = (await Promise.all([cors(request({ origin: APP })), cors(request({ origin: 'https://evil.example' }))])) as Response[];
    expect([a!.headers.get(ACAO), e!.headers.get(ACAO)]).toEqual([APP, null]);
  });

  it('a lookup that throws is not cached as an allow and refuses', async () => {
    let calls = 0;
    const cors = withCors(() => new Response('x'), {
      origins: () => {
        calls += 1;
        if (calls === 1) throw new Error('db down');
        return false;
      },
      originCache: { ttl: 60_000 },
      onError: () => {},
    });
    const first = (await cors(request({ origin: 'https://evil.example' }))) as Response;
    const second = (await cors(request({ origin: 'https://evil.example' }))) as Response;
    expect([first.headers.get(ACAO), second.headers.get(ACAO), calls]).toEqual([null, null, 2]);
  });
});

// ------------------------------------------------------------------ WebSocket guard
describe('blocked: WebSocket guard evasion', () => {
  const upgrade = (headers: Record<string, string>, path = '/ws') => new Request(`http://api.test${path}`, { headers });
  /** `reported`: how many errors reach `onError` (an origins function that fails is one). */
  const rows: { attack: string; options: CorsOptions; request: Request; reported?: number }[] = [
    {
      attack: 'the allowed origin and the attacker in two Origin headers',
      options: { origins: [APP], websocket: 'guard' },
      request: upgrade({ Upgrade: 'websocket', Origin: `${APP}, https://evil.example` }),
    },
    {
      attack: 'Origin null from a sandboxed frame',
      options: { origins: [APP], websocket: 'guard' },
      request: upgrade({ Upgrade: 'websocket', Origin: 'null' }),
    },
    {
      attack: 'Upgrade in capitals with a version and another protocol first',
      options: { origins: [APP], websocket: 'guard' },
      request: upgrade({ Upgrade: 'h2c, WEBSOCKET/13', Connection: 'keep-alive, Upgrade', Origin: 'https://evil.example' }),
    },
    {
      attack: 'the http: twin of the allowed origin',
      options: { origins: [APP], websocket: 'guard' },
      request: upgrade({ Upgrade: 'websocket', Origin: 'http://app.example.com' }),
    },
    {
      attack: 'an encoded letter in the guarded path (/w%73)',
      options: { resources: { '/ws': { origins: [APP], websocket: 'guard' }, '/*': { origins: '*' } } },
      request: upgrade({ Upgrade: 'websocket', Origin: 'https://evil.example' }, '/w%73'),
    },
    {
      attack: 'an async origins function that throws',
      options: {
        origins: async () => {
          throw new Error('db down');
        },
        websocket: 'guard',
      },
      request: upgrade({ Upgrade: 'websocket', Origin: 'https://evil.example' }),
      reported: 1,
    },
  ];
  it.each(rows)('$attack', async ({ options, request: req, reported = 0 }) => {
    let ran = false;
    const errors: unknown[] = [];
    const handler = withCors(
      () => {
        ran = true;
        return new Response('upgraded');
      },
      { ...options, onError: (error) => errors.push(error) },
    );
    const res = (await handler(req)) as Response;
    expect([res.status, ran, errors.length]).toEqual([403, false, reported]);
  });
});

// ------------------------------------------------------------------ environment
// The other environment attacks are vectors; these need values a real environment variable cannot
// hold (a Workers JSON var, control characters) or names one cannot be set under in every runtime.
describe('closed: environment settings that silently widen the policy to *', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'CORS_ORIGINS set to a tab and a newline reads as unset', env: { CORS_ORIGINS: '\t\n' } },
  ];
  it.each(rows)('$attack', ({ env }) => {
    expect(readEnv(env)).toEqual({ error: 'CorsConfigError', origins: undefined });
  });
});

describe('blocked: environment settings', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'a trailing space in the name (CORS_ORIGINS )', env: { 'CORS_ORIGINS ': APP } },
    { attack: 'a Workers JSON var CORS_ORIGINS=[" ", ""]', env: { CORS_ORIGINS: [' ', ''] } },
    { attack: 'a Workers JSON object under CORS_ORIGINS', env: { CORS_ORIGINS: { origins: [APP] } } },
    { attack: 'a Workers JSON number under CORS_ORIGINS', env: { CORS_ORIGINS: 1 } },
  ];
  it.each(rows)('$attack', ({ env }) => {
    expect(readEnv(env).error).toBe('CorsConfigError');
  });
});

// ------------------------------------------------------------------ configuration
describe('closed: a configuration mistake accepted without a CorsConfigError', () => {
  it('resources given as a Map (its entries are not own properties) is accepted and silently governs no path', async () => {
    let thrown: unknown = null;
    try {
      createCors({ resources: new Map([['/api/*', { origins: [APP] }]]) } as unknown as CorsOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CorsConfigError);
  });
});

describe('blocked: odd configuration values throw CorsConfigError, never another error', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const rows: { attack: string; options: unknown }[] = [
    { attack: 'a Symbol as an origin', options: { origins: [Symbol('x')] } },
    { attack: 'a BigInt maxAge', options: { maxAge: 10n } },
    { attack: 'a null-prototype object as origins', options: { origins: Object.create(null) } },
    { attack: 'a cyclic object as methods', options: { methods: cyclic } },
    { attack: 'a String object holding *', options: { origins: new String('*'), supportsCredentials: true } },
    { attack: 'a resources key that is a lone ^', options: { resources: { '^(': {} } } },
    { attack: 'maxAge as hex digits', options: { maxAge: '0x10' } },
    { attack: 'maxAge of Infinity', options: { maxAge: Number.POSITIVE_INFINITY } },
    { attack: 'an origin of 100,000 characters', options: { origins: [`https://${'a'.repeat(100_000)}.com`] } },
    { attack: 'a resources key of 100,000 slashes', options: { resources: { [`${'/'.repeat(100_000)}..`]: {} } } },
  ];
  it.each(rows)('$attack', ({ options }) => {
    let thrown: unknown = null;
    try {
      createCors(options as CorsOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CorsConfigError);
  });
});
