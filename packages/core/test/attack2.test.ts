/**
 * A second hostile review, of the resources readings and intersections, the trailing-dot
 * Origin and the environment reading. Each row is named after the attack. `closed:` blocks hold
 * attacks that once got through and are now refused; `blocked:` blocks hold attacks that were
 * always refused.
 */
import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors, optionsFromEnv, type CorsOptions } from '../src/index.js';
import { preflight, request, send, ACAO, ACAC, ACAPN, APP, PARTNER } from './helpers.js';

const EVIL = 'https://evil.example.net';

const upgrade = (path: string, origin: string) => request({ path, origin, headers: { Upgrade: 'websocket', Connection: 'Upgrade' } });

// ------------------------------------------------------------------ paths: origins
describe('closed: an origin the entry of one router reading refuses gets no CORS headers', () => {
  const rows: { attack: string; options: CorsOptions; path: string }[] = [
    {
      // Hono { strict: false } and Express serve /admin/ with the /admin route.
      attack: "a longer RegExp key matching /admin/ hides the twin's own RegExp key '^/admin$'",
      options: { supportsCredentials: true, resources: { '^/admin/.*$': { origins: [APP, PARTNER] }, '^/admin$': { origins: [APP] } } },
      path: '/admin/',
    },
    {
      // '/admin' and '/admin//' both have /admin/ as trailing-slash twin; the later key wins alone.
      attack: "two exact keys sharing a twin ('/admin', '/admin//'): the later one alone answers /admin/",
      options: { supportsCredentials: true, resources: { '/admin': { origins: [APP] }, '/admin//': { origins: [APP, PARTNER] } } },
      path: '/admin/',
    },
    {
      // Hono's /p/:id hands id 'a?@' for both; a key cannot hold '?', so it is written '/p/a%3F@',
      // and neither reading of /p/a%3F%40 ('/p/a%3F%40', '/p/a?@') is that key.
      attack: "an id holding '?' and '@' sent as %3F%40 escapes the exact key '/p/a%3F@'",
      options: { supportsCredentials: true, resources: { '/p/*': { origins: [APP, PARTNER] }, '/p/a%3F@': { origins: [APP] } } },
      path: '/p/a%3F%40',
    },
  ];
  it.each(rows)('$attack', async ({ options, path }) => {
    const seen = await send(options, request({ path, origin: PARTNER }));
    expect([seen.headers.get(ACAO), seen.headers.get(ACAC)]).toEqual([null, null]);
  });
});

// ------------------------------------------------------------------ paths: the rest of an intersection
describe("closed: entries that answer differently on one path refuse every origin there", () => {
  it('WebSocket guard of /chat/* skipped at /chat/ (strict routers serve it with /chat/*) when /chat has no guard', async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/chat': {}, '/chat/*': { websocket: 'guard' } } };
    const direct = await send(options, upgrade('/chat/room', EVIL));
    expect([direct.status, direct.ran]).toEqual([403, false]);
    const seen = await send(options, upgrade('/chat/', EVIL));
    expect([seen.status, seen.ran]).toEqual([403, false]);
  });

  it("WebSocket guard of '/u/@me' skipped at /u/%40me (routers hand the parameter '@me')", async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/u/*': {}, '/u/@me': { websocket: 'guard' } } };
    const seen = await send(options, upgrade('/u/%40me', EVIL));
    expect([seen.status, seen.ran]).toEqual([403, false]);
  });

  it("credentials of '/u/*' given at /u/%40me to an origin '/u/@me' allows only without them", async () => {
    const options: CorsOptions = { origins: [APP, PARTNER], resources: { '/u/*': { supportsCredentials: true }, '/u/@me': {} } };
    const direct = await send(options, request({ path: '/u/@me', origin: PARTNER }));
    expect(direct.headers.get(ACAC)).toBeNull();
    const seen = await send(options, request({ path: '/u/%40me', origin: PARTNER }));
    expect(seen.headers.get(ACAC)).toBeNull();
  });

  it('private-network access of /dev granted at /dev/, which strict routers serve with /dev/* (no private network)', async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/dev': { allowPrivateNetwork: true }, '/dev/*': {} } };
    const seen = await send(options, preflight(APP, 'GET', { path: '/dev/', pna: 'true' }));
    expect(seen.headers.get(ACAPN)).toBeNull();
  });

  it('a method /doc/* refuses (DELETE) allowed by a preflight to /doc/ because /doc allows it', async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/doc': { methods: ['GET', 'DELETE'] }, '/doc/*': { methods: ['GET'] } } };
    const seen = await send(options, preflight(APP, 'DELETE', { path: '/doc/' }));
    expect(seen.status).toBe(403);
  });

  it('a request header /doc/* refuses (X-Admin-Token) allowed by a preflight to /doc/ because /doc allows it', async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/doc': { allowHeaders: ['X-Admin-Token'] }, '/doc/*': { allowHeaders: ['Content-Type'] } } };
    const seen = await send(options, preflight(APP, 'POST', { path: '/doc/', acrh: 'x-admin-token' }));
    expect(seen.status).toBe(403);
  });

  it('Vary: Origin dropped where the intersected wildcard answers * only to requests with an Origin', async () => {
    // '/a' alone answers * to everyone (no Vary needed); '/a/*' answers no-Origin requests without it.
    const options: CorsOptions = { resources: { '/a': { origins: '*' }, '/a/*': { origins: '*', alwaysSend: false } } };
    const without = await send(options, request({ path: '/a/' }));
    const withOrigin = await send(options, request({ path: '/a/', origin: EVIL }));
    // The entries answer differently (alwaysSend), so /a/ refuses every origin, and says it varies.
    expect([without.headers.get(ACAO), withOrigin.headers.get(ACAO)]).toEqual([null, null]);
    expect([without.headers.get('vary'), withOrigin.headers.get('vary')]).toEqual(['Origin', 'Origin']);
  });
});

// ------------------------------------------------------------------ paths: memory
describe('closed: the answers for paths read as several entries are cached within a bound', () => {
  it('16 RegExp entries and 256 paths: one cached answer per set of entries, never nested, at most 1,024', async () => {
    const m = 4;
    const resources: Record<string, { origins: string[] }> = {};
    let n = 0;
    const entry = () => ({ origins: [`https://o${n++}.example`, APP] });
    const pad = '(?:)'.repeat(8); // longer keys are tried first: these match the trailing-slash twin
    for (let i = 0; i < m; i++) resources[`^/r${i}/.*%40.*[^/]$${pad}`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/p${i}/.*@.*[^/]$${pad}`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/s${i}/.*%40.*/$`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/t${i}/.*@.*/$`] = entry();
    const cors = createCors({ resources });
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++)
        for (let c = 0; c < m; c++)
          for (let d = 0; d < m; d++) await cors.handle(request({ path: `/r${a}/p${b}/s${c}/t${d}/%40x/`, origin: APP }), () => new Response('ok'));
    const combined = (cors as unknown as { table: { combined: Map<string, unknown> } }).table.combined;
    // Each key names a set of entries (sorted ids): no answer is built from another answer.
    for (const key of combined.keys()) expect(key.split(',').length).toBeLessThanOrEqual(4);
    expect(combined.size).toBeLessThanOrEqual(1024);
  });
});

// ------------------------------------------------------------------ paths: blocked
describe('blocked: intersections and decodings', () => {
  it("'*' intersected with a credentialed list never sends * and credentials together, in either order", async () => {
    const a: CorsOptions = { resources: { '/x': { origins: '*' }, '/x/*': { origins: [APP], supportsCredentials: true } } };
    const b: CorsOptions = { resources: { '/x': { origins: [APP], supportsCredentials: true }, '/x/*': { origins: '*' } } };
    for (const options of [a, b]) {
      // The entries answer differently (credentials), so /x/ refuses every origin.
      const seen = await send(options, request({ path: '/x/', origin: APP }));
      expect([seen.headers.get(ACAO), seen.headers.get(ACAC)]).toEqual([null, null]);
      const refused = await send(options, request({ path: '/x/', origin: EVIL }));
      expect([refused.headers.get(ACAO), refused.headers.get(ACAC)]).toEqual([null, null]);
    }
  });

  it("a request without Origin gets no * where one entry is '*' with alwaysSend and the other a list", async () => {
    const options: CorsOptions = { resources: { '/x': { origins: '*' }, '/x/*': { origins: [APP] } } };
    const seen = await send(options, request({ path: '/x/' }));
    expect([seen.headers.get(ACAO), seen.headers.get('vary')]).toEqual([null, 'Origin']);
  });

  const failing: { attack: string; origins: CorsOptions['origins']; originTimeout?: number }[] = [
    { attack: 'the other entry is an origins function that rejects', origins: async () => Promise.reject(new Error('db down')) },
    {
      attack: 'the other entry is an origins function that throws',
      origins: () => {
        throw new Error('db down');
      },
    },
    { attack: 'the other entry is an origins lookup that never answers (originTimeout)', origins: () => new Promise<boolean>(() => {}), originTimeout: 1 },
  ];
  it.each(failing)('$attack: refused, no crash, reported once', async ({ origins, originTimeout }) => {
    const errors: unknown[] = [];
    const other = originTimeout === undefined ? { origins } : { origins, originTimeout };
    const options: CorsOptions = { resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': other }, onError: (error) => errors.push(error) };
    const seen = await send(options, request({ path: '/u/%40me', origin: PARTNER }));
    expect([seen.status, seen.headers.get(ACAO), errors.length]).toEqual([200, null, 1]);
  });

  it('debug on: a preflight refused by the other entry shows no CORS header', async () => {
    const options: CorsOptions = { debug: true, resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': { origins: [APP] } } };
    const seen = await send(options, preflight(PARTNER, 'GET', { path: '/u/%40me' }));
    expect(seen.headers.get(ACAO)).toBeNull();
  });

  const paths: { attack: string; path: string }[] = [
    { attack: 'an encoded slash in lower case (%2f) reaches the key a%2Fb', path: '/files/a%2fb' },
    { attack: 'a double-encoded slash (%252F) is read as the key a%2Fb, never as broader', path: '/files/a%252Fb' },
    { attack: 'the @ of an exact key as %40 with a trailing slash', path: '/files/admin%40x/' },
  ];
  it.each(paths)('$attack', async ({ path }) => {
    const options: CorsOptions = {
      supportsCredentials: true,
      resources: { '/files/*': { origins: [APP, PARTNER] }, '/files/a%2Fb': { origins: [APP] }, '/files/admin@x': { origins: [APP] } },
    };
    const seen = await send(options, request({ path, origin: PARTNER }));
    expect(seen.headers.get(ACAO)).toBeNull();
  });
});

// ------------------------------------------------------------------ origins
describe('blocked: a trailing-dot Origin', () => {
  const rows: { attack: string; origins: CorsOptions['origins']; origin: string }[] = [
    { attack: 'against the exact origin without the dot', origins: [APP], origin: `${APP}.` },
    { attack: 'against a subdomain pattern', origins: ['https://*.example.com'], origin: 'https://evil.example.com.' },
    { attack: 'against a port pattern', origins: ['http://localhost:*'], origin: 'http://localhost.:3000' },
    { attack: 'against a RegExp', origins: [/https:\/\/[a-z]+\.example\.com/], origin: 'https://app.example.com.' },
    { attack: "against 'null'", origins: ['null'], origin: 'null.' },
    { attack: 'an IPv4 address with a dot', origins: ['http://1.2.3.4'], origin: 'http://1.2.3.4.' },
  ];
  it.each(rows)('$attack', async ({ origins, origin }) => {
    const seen = await send({ origins }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBeNull();
  });
});

// ------------------------------------------------------------------ environment
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

describe('closed: environment settings that silently left origins at *', () => {
  // Deno's and Node's --env-file keep a UTF-8 BOM in the first key of a .env saved by Notepad.
  it('CORS_ORIGINS on the first line of a .env file with a byte order mark (\\uFEFFCORS_ORIGINS)', () => {
    expect(readEnv({ '\uFEFFCORS_ORIGINS': APP })).toEqual({ error: 'CorsConfigError', origins: undefined });
  });
});

describe('blocked: environment names and values', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'a long s (ſ) that upper-cases to S (CORS_ORIGINſ)', env: { 'CORS_ORIGIN\u017f': APP } },
    { attack: 'a dotless i that upper-cases to I (cors_orıgıns)', env: { 'cors_or\u0131g\u0131ns': APP } },
    { attack: 'a Workers JSON list of white space only', env: { CORS_ORIGINS: ['  ', '\t'] } },
    { attack: 'a Workers JSON list under a boolean setting, empty', env: { CORS_SUPPORTS_CREDENTIALS: [] } },
  ];
  it.each(rows)('$attack', ({ env }) => {
    expect(readEnv(env).error).toBe('CorsConfigError');
  });
});
