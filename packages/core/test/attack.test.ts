/**
 * A hostile review of the core's promises, tried as an attacker would. Each row is named after
 * the attack. The `closed` blocks hold attacks that once got through and are now refused;
 * the `blocked` blocks hold attacks that were always refused and are not covered elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors, optionsFromEnv, withCors, type CorsOptions } from '../src/index.js';
import { request, preflight, send, ACAO, ACAC, APP, PARTNER, accessControlHeaders } from './helpers.js';

/** The outcome of reading `env`: the origins it configures, or the error it throws. */
function readEnv(env: Record<string, unknown>): { error: string | null; origins: unknown } {
  try {
    const options = optionsFromEnv(env);
    createCors(options);
    return { error: null, origins: options.origins ?? '*' };
  } catch (error) {
    return { error: error instanceof CorsConfigError ? 'CorsConfigError' : String(error), origins: undefined };
  }
}

// ------------------------------------------------------------------ paths
describe('closed: resources keys are not chosen from the path a router hands the handler', () => {
  /**
   * Routers (Hono's `/:name`, Bun's `/:name`) decode a parameter with decodeURIComponent, so
   * `@` and `%40`, `%2F` and `%2f` name the same resource; the policy keeps reserved escapes
   * as sent and compares them byte for byte.
   */
  const policy: CorsOptions = {
    supportsCredentials: true,
    resources: {
      '/api/*': { origins: [APP, PARTNER] },
      '/api/users/admin@example.com': { origins: [APP] },
      '/api/files/a%2Fb': { origins: [APP] },
      '/api/docs:export': { origins: [APP] },
    },
  };
  /** A param route as Hono and Bun serve it: the last segment, decodeURIComponent'ed. */
  const paramRoute = (req: Request) => {
    const path = new URL(req.url).pathname;
    const name = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
    return new Response(`served ${name}`);
  };
  const rows: { attack: string; path: string; serves: string }[] = [
    {
      attack: 'the @ of an exact key percent-encoded (%40) reaches it through /api/*',
      path: '/api/users/admin%40example.com',
      serves: 'served admin@example.com',
    },
    { attack: 'an encoded slash in an exact key in lower-case hex (%2f for %2F)', path: '/api/files/a%2fb', serves: 'served a/b' },
    { attack: 'the : of an exact key percent-encoded (%3A)', path: '/api/docs%3Aexport', serves: 'served docs:export' },
  ];
  it.each(rows)('$attack', async ({ path, serves }) => {
    const seen = await send(policy, request({ path, origin: PARTNER }), () => paramRoute(request({ path })));
    expect(seen.body).toBe(serves); // the router served the narrowly keyed resource
    expect([seen.headers.get(ACAO), seen.headers.get(ACAC)]).toEqual([null, null]);
  });

  it("the exact key '/' does not govern its trailing-slash twin //, which non-strict routers serve as /", async () => {
    const rootPolicy: CorsOptions = { supportsCredentials: true, resources: { '/*': { origins: [APP, PARTNER] }, '/': { origins: [APP] } } };
    const seen = await send(rootPolicy, request({ path: '//', origin: PARTNER }));
    expect([seen.headers.get(ACAO), seen.headers.get(ACAC)]).toEqual([null, null]);
  });

  it('a RegExp key does not govern its trailing-slash twin, which non-strict routers serve alike (/api/admin/)', async () => {
    const regexPolicy: CorsOptions = {
      supportsCredentials: true,
      resources: { '/api/*': { origins: [APP, PARTNER] }, '^/api/admin$': { origins: [APP] } },
    };
    const seen = await send(regexPolicy, request({ path: '/api/admin/', origin: PARTNER }));
    expect([seen.headers.get(ACAO), seen.headers.get(ACAC)]).toEqual([null, null]);
  });
});

describe('blocked: path attacks (the key chosen is the one a decoding router routes to)', () => {
  const policy: CorsOptions = {
    supportsCredentials: true,
    resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/admin/*': { origins: [APP] } },
  };
  // reachesAdmin: whether Hono (decodeURI, %25 kept) or Bun (raw) would route the path to /api/admin/…
  const rows: { attack: string; path: string; reachesAdmin: boolean }[] = [
    { attack: 'double encoding (%2561dmin) is decoded once, as routers do, and reaches no admin route', path: '/api/%2561dmin/users', reachesAdmin: false },
    { attack: 'mixed-case escapes of a whole segment (%61%44%6d%49%6e is aDmIn, not admin)', path: '/api/%61%44%6d%49%6e/users', reachesAdmin: false },
    { attack: 'an encoded dot-dot segment (%2e%2e) is resolved by the URL parser before matching', path: '/api/x/%2e%2e/admin/users', reachesAdmin: true },
    { attack: 'a mixed-case encoded dot-dot segment (.%2E)', path: '/api/x/.%2E/admin/users', reachesAdmin: true },
    { attack: 'a backslash is a slash to the URL parser', path: '/api\\admin\\users', reachesAdmin: true },
    { attack: 'a matrix parameter on the segment (;x=1) is part of the segment, for routers too', path: '/api/admin;x=1/users', reachesAdmin: false },
    { attack: 'an overlong UTF-8 escape of a (%C1%A1) stays as sent', path: '/api/%C1%A1dmin/users', reachesAdmin: false },
    { attack: 'a NUL escape after the segment (admin%00) is another segment', path: '/api/admin%00/users', reachesAdmin: false },
  ];
  it.each(rows)('$attack', async ({ path, reachesAdmin }) => {
    const seen = await send(policy, request({ path, origin: PARTNER }));
    expect(seen.headers.get(ACAO)).toBe(reachesAdmin ? null : PARTNER);
  });

  it('a 64 KiB path of escapes is answered, decoded once', async () => {
    const path = `/api/admin/${'%zz%61'.repeat(11_000)}`;
    const seen = await send(policy, request({ path, origin: PARTNER }));
    expect([seen.status, seen.headers.get(ACAO)]).toEqual([200, null]);
  });
});

// ------------------------------------------------------------------ origins
describe('closed: Origin validity disagrees with the WHATWG URL host parser', () => {
  // Chromium and Node 24 serialize https://app.example.com. as itself: a page there sends it.
  const rows: { attack: string; origin: string; parses: boolean }[] = [
    { attack: 'a fully qualified name with a trailing dot, which browsers send, is refused', origin: 'https://app.example.com.', parses: true },
  ];
  it.each(rows)('$attack', async ({ origin, parses }) => {
    let asked = false;
    const seen = await send(
      {
        origins: () => {
          asked = true;
          return true;
        },
      },
      request({ origin }),
    );
    let urlOrigin: string | null = null;
    try {
      urlOrigin = new URL(origin).origin;
    } catch {
      urlOrigin = null;
    }
    expect(urlOrigin === origin).toBe(parses);
    expect([asked, seen.headers.get(ACAO)]).toEqual(parses ? [true, origin] : [false, null]);
  });
});

describe('blocked: origin near-misses', () => {
  const options: CorsOptions = {
    supportsCredentials: true,
    origins: [APP, 'https://*.example.org', 'http://localhost:*', /https:\/\/[a-z]+\.example\.io/],
  };
  const rows: { attack: string; origin: string }[] = [
    { attack: 'userinfo in front of the allowed host', origin: 'https://evil@app.example.com' },
    { attack: 'the allowed host as userinfo', origin: 'https://app.example.com@evil.example' },
    { attack: 'the allowed origin as a label prefix', origin: 'https://app.example.com.evil.example' },
    { attack: 'a suffix without the dot (evilexample.org)', origin: 'https://evilexample.org' },
    { attack: 'the apex of a subdomain pattern', origin: 'https://example.org' },
    { attack: 'the http: twin of an https pattern', origin: 'http://a.example.org' },
    { attack: 'a subdomain pattern with a port', origin: 'https://a.example.org:8443' },
    { attack: 'localhost as a label of another host', origin: 'http://localhost.evil.example' },
    { attack: 'an unanchored RegExp followed by another host', origin: 'https://a.example.io.evil.example' },
    { attack: 'an unanchored RegExp preceded by another host', origin: 'https://evil.example/https://a.example.io' },
    { attack: 'two Origin headers joined by a comma', origin: `${APP}, https://evil.example` },
    { attack: 'the allowed origin and null joined', origin: `null, ${APP}` },
    { attack: 'NULL in capitals', origin: 'NULL' },
    { attack: 'null not listed', origin: 'null' },
    { attack: 'a zone id in an IPv6 literal', origin: 'http://[fe80::1%25eth0]' },
    { attack: 'an IPv4-mapped IPv6 literal in dotted form', origin: 'http://[::ffff:127.0.0.1]:3000' },
    { attack: 'port 0 on a port pattern', origin: 'http://localhost:0' },
    { attack: 'port 65536 on a port pattern', origin: 'http://localhost:65536' },
    { attack: 'a leading-zero port on a port pattern', origin: 'http://localhost:08080' },
    { attack: 'a tab inside the origin', origin: 'https://app.example.com\t.evil' },
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
describe('blocked: handler and upstream CORS headers', () => {
  const options: CorsOptions = { origins: [APP], supportsCredentials: true, exposeHeaders: ['X-Id'] };
  const rows: { attack: string; make: () => Response }[] = [
    {
      attack: 'Allow-Origin appended twice, once * and once the attacker',
      make: () => {
        const r = new Response('x');
        r.headers.append('Access-Control-Allow-Origin', '*');
        r.headers.append('access-control-allow-origin', 'https://evil.example');
        return r;
      },
    },
    {
      attack: 'upper-case CORS header names',
      make: () => new Response('x', { headers: { 'ACCESS-CONTROL-ALLOW-ORIGIN': 'https://evil.example', 'ACCESS-CONTROL-ALLOW-CREDENTIALS': 'true' } }),
    },
    {
      attack: 'Vary: * next to an upstream Allow-Origin',
      make: () => new Response('x', { headers: { Vary: '*', 'Access-Control-Allow-Origin': 'https://evil.example' } }),
    },
    {
      attack: 'an unknown access-control- header (Allow-Private-Network)',
      make: () => new Response('x', { headers: { 'Access-Control-Allow-Private-Network': 'true' } }),
    },
  ];
  it.each(rows)('$attack', async ({ make }) => {
    const seen = await send(options, request({ origin: 'https://evil.example' }), make);
    expect(accessControlHeaders(seen.headers)).toEqual({});
  });

  it('stacked wrappers: an inner policy allowing the attacker is overruled by the outer one', async () => {
    const inner = withCors(() => new Response('x'), { origins: ['https://evil.example'], supportsCredentials: true, exposeHeaders: ['X-Secret'], maxAge: 600 });
    const outer = withCors(inner, { origins: [APP], supportsCredentials: true });
    const res = (await outer(request({ origin: 'https://evil.example' }))) as Response;
    expect(accessControlHeaders(res.headers)).toEqual({});
  });

  it('automaticOptions off: a preflight answered by the handler carries none of its own CORS headers to a refused origin', async () => {
    const seen = await send(
      { origins: [APP], automaticOptions: false, debug: true },
      preflight('https://evil.example', 'PUT'),
      () =>
        new Response(null, {
          status: 204,
          headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '86400' },
        }),
    );
    expect(accessControlHeaders(seen.headers)).toEqual({});
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
describe('closed: environment settings that silently widen the policy to *', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'CORS_ORIGINS set to a single space reads as unset, so as *', env: { CORS_ORIGINS: ' ' } },
    { attack: 'CORS_ORIGINS set to a tab and a newline reads as unset', env: { CORS_ORIGINS: '\t\n' } },
    { attack: "Spring Boot's env spelling of cors.allowed-origins (CORS_ALLOWEDORIGINS)", env: { CORS_ALLOWEDORIGINS: APP } },
    { attack: "Starlette/FastAPI's allow_origin_regex (CORS_ALLOW_ORIGIN_REGEX)", env: { CORS_ALLOW_ORIGIN_REGEX: 'https://.*\\.example\\.com' } },
    { attack: "Spring's and Laravel's origin patterns (CORS_ALLOWED_ORIGIN_PATTERNS)", env: { CORS_ALLOWED_ORIGIN_PATTERNS: 'https://*.example.com' } },
    { attack: 'CORS_ORIGIN_REGEX', env: { CORS_ORIGIN_REGEX: 'https://.*\\.example\\.com' } },
    { attack: "another framework's name in mixed case (CORS_Allowed_Origins)", env: { CORS_Allowed_Origins: APP } },
    { attack: 'the right name in lower case (cors_origins)', env: { cors_origins: APP } },
    { attack: 'the right name with a hyphen (CORS-ORIGINS)', env: { 'CORS-ORIGINS': APP } },
  ];
  it.each(rows)('$attack', ({ env }) => {
    expect(readEnv(env)).toEqual({ error: 'CorsConfigError', origins: undefined });
  });
});

describe('blocked: environment settings', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'a trailing space in the name (CORS_ORIGINS )', env: { 'CORS_ORIGINS ': APP } },
    { attack: 'a doubled underscore (CORS__ORIGINS)', env: { CORS__ORIGINS: APP } },
    { attack: 'a zero for an O (CORS_0RIGINS)', env: { CORS_0RIGINS: APP } },
    { attack: 'a Workers JSON var CORS_ORIGINS=[" ", ""]', env: { CORS_ORIGINS: [' ', ''] } },
    { attack: 'a Workers JSON object under CORS_ORIGINS', env: { CORS_ORIGINS: { origins: [APP] } } },
    { attack: 'a Workers JSON number under CORS_ORIGINS', env: { CORS_ORIGINS: 1 } },
    { attack: '* among listed origins (CORS_ORIGINS="https://app.example.com,*")', env: { CORS_ORIGINS: `${APP},*` } },
    { attack: 'credentials from the env over the default origins *', env: { CORS_SUPPORTS_CREDENTIALS: 'true' } },
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
