/**
 * Attacks on the promise "a refused origin never gets Access-Control-Allow-Origin or
 * -Credentials", and on the guards around it. Each row names the attack it tries.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  CorsConfigError,
  createCors,
  optionsFromEnv,
  withCors,
  withUpgradableCors,
  type ConfigIssueCode,
  type CorsOptions,
} from '../src/index.js';
import { suggestOption } from '../src/config.js';
import { routerPath } from '../src/resources.js';
import { request, preflight, send, ACAO, ACAC, ACAM, ACAH, APP, PARTNER, accessControlHeaders } from './helpers.js';

function configError(run: () => unknown): CorsConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CorsConfigError);
    return error as CorsConfigError;
  }
  throw new Error('expected a CorsConfigError');
}

// ------------------------------------------------------------------ 1. the router's path
describe('resources keys are chosen from the path routers see', () => {
  // PARTNER may read /api/*, but not /api/admin/*.
  const policy: CorsOptions = {
    supportsCredentials: true,
    resources: {
      '/api/*': { origins: [APP, PARTNER] },
      '/api/admin/*': { origins: [APP] },
      '/account': { origins: [APP] },
      '/service path': { origins: [PARTNER] },
    },
  };
  const rows: { attack: string; path: string; origin: string; allowed: string | null }[] = [
    { attack: 'one letter percent-encoded (%61dmin) to reach the admin route through /api/*', path: '/api/%61dmin/users', origin: PARTNER, allowed: null },
    { attack: 'the whole segment percent-encoded', path: '/api/%61%64%6D%69%6E/users', origin: PARTNER, allowed: null },
    { attack: 'lower-case hex escapes', path: '/api/%61%64%6d%69%6e', origin: PARTNER, allowed: null },
    { attack: 'a trailing slash on the admin route', path: '/api/admin/users/', origin: PARTNER, allowed: null },
    { attack: 'the bare admin prefix', path: '/api/admin', origin: PARTNER, allowed: null },
    { attack: 'the admin prefix with a trailing slash', path: '/api/admin/', origin: PARTNER, allowed: null },
    { attack: 'a trailing slash on an exact key (/account/ served by non-strict routers)', path: '/account/', origin: PARTNER, allowed: null },
    { attack: 'an encoded letter in an exact key', path: '/%61ccount', origin: PARTNER, allowed: null },
    { attack: 'an encoded slash is a different path (%2F stays encoded, as routers keep it)', path: '/api%2Fadmin/users', origin: PARTNER, allowed: null },
    { attack: 'a malformed escape leaves the path as sent (no key matches)', path: '/api/%zzadmin', origin: PARTNER, allowed: PARTNER },
    { attack: 'a malformed escape after an encoded letter (/api/%61dmin/x%zz)', path: '/api/%61dmin/x%zz', origin: PARTNER, allowed: null },
    { attack: 'case is significant: /api/Admin is not the admin route', path: '/api/Admin', origin: PARTNER, allowed: PARTNER },
    { attack: 'the admin route still answers the origin it allows', path: '/api/%61dmin/users', origin: APP, allowed: APP },
    { attack: 'a key written with a space matches the encoded path', path: '/service%20path', origin: PARTNER, allowed: PARTNER },
    { attack: 'the trailing-slash twin of an exact key uses that key', path: '/account/', origin: APP, allowed: APP },
  ];
  it.each(rows)('$attack', async ({ path, origin, allowed }) => {
    const seen = await send(policy, request({ origin, path }));
    expect(seen.headers.get(ACAO)).toBe(allowed);
    expect(seen.headers.get(ACAC)).toBe(allowed === null ? null : 'true');
  });

  const preflightRows: { attack: string; path: string }[] = [
    { attack: 'a preflight to an encoded admin path is refused', path: '/api/%61dmin/users' },
    { attack: 'a preflight to the admin path with a trailing slash is refused', path: '/api/admin/users/' },
  ];
  it.each(preflightRows)('$attack', async ({ path }) => {
    const seen = await send(policy, preflight(PARTNER, 'PUT', { path }));
    expect(seen.status).toBe(403);
    expect(accessControlHeaders(seen.headers)).toEqual({});
  });

  const keyRows: { rule: string; keys: Record<string, CorsOptions>; path: string; allowed: string | null }[] = [
    { rule: 'a key written encoded matches the decoded path', keys: { '/caf%C3%A9': { origins: [APP] } }, path: '/caf%C3%A9', allowed: APP },
    { rule: '/login/ also governs /login', keys: { '/login/': { origins: [APP] } }, path: '/login', allowed: APP },
    { rule: 'an explicit twin key wins over the derived twin', keys: { '/login': { origins: [APP] }, '/login/': { origins: [PARTNER] } }, path: '/login/', allowed: null },
    { rule: 'a prefix pattern never matches a longer segment (/apiary)', keys: { '/api/*': { origins: [APP] } }, path: '/apiary', allowed: null },
    { rule: 'a RegExp key is matched against the decoded path', keys: { '^/v[0-9]+/admin$': { origins: [PARTNER] } }, path: '/v1/%61dmin', allowed: null },
  ];
  it.each(keyRows)('$rule', async ({ keys, path, allowed }) => {
    const seen = await send({ resources: keys, sendWildcard: false }, request({ origin: APP, path }));
    expect(seen.headers.get(ACAO)).toBe(allowed);
  });

  const decodeRows: { rule: string; path: string; routed: string }[] = [
    { rule: 'unreserved escapes are decoded', path: '/%61pi', routed: '/api' },
    { rule: '%2F stays encoded', path: '/a%2Fb', routed: '/a%2Fb' },
    { rule: '%3F stays encoded', path: '/a%3Fb', routed: '/a%3Fb' },
    { rule: '%23 stays encoded', path: '/a%23b', routed: '/a%23b' },
    { rule: 'a malformed escape leaves the path as sent', path: '/a%E0%A4%A', routed: '/a%E0%A4%A' },
    { rule: 'a malformed escape stays, the well-formed escapes beside it are decoded', path: '/api/%61dmin/x%zz', routed: '/api/admin/x%zz' },
    { rule: 'an incomplete UTF-8 run stays, a later run is decoded', path: '/%E0%A4/%61', routed: '/%E0%A4/a' },
    { rule: 'a lone % at the end stays', path: '/%61%', routed: '/a%' },
    { rule: 'a reserved escape next to a malformed one stays encoded', path: '/x%2F%zz', routed: '/x%2F%zz' },
    { rule: 'UTF-8 sequences are decoded', path: '/caf%C3%A9', routed: '/café' },
    { rule: 'a path without % is returned as is', path: '/plain/path', routed: '/plain/path' },
  ];
  it.each(decodeRows)('$rule', ({ path, routed }) => {
    expect(routerPath(path)).toBe(routed);
  });
});

// ------------------------------------------------------------------ 7. keys that never match
describe('resources keys that can never match are configuration errors', () => {
  const rows: { mistake: string; key: string }[] = [
    { mistake: 'a query string in the key', key: '/api?x=1' },
    { mistake: 'a fragment in the key', key: '/a#frag' },
    { mistake: 'a ../ segment', key: '/a/../b' },
    { mistake: 'a ./ segment', key: '/a/./b' },
    { mistake: 'a trailing /..', key: '/a/..' },
    { mistake: 'a trailing /.', key: '/a/.' },
    { mistake: 'an encoded dot segment', key: '/a/%2e%2e/b' },
    { mistake: 'a dot segment before a prefix star', key: '/a/../*' },
  ];
  it.each(rows)('$mistake', ({ key }) => {
    const error = configError(() => createCors({ resources: { [key]: { origins: [APP] } } }));
    expect(error.issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: `resources[${JSON.stringify(key)}]`, code: 'resource-key-invalid' }]);
  });
  it('two keys that decode to one path are an error', () => {
    const error = configError(() => createCors({ resources: { '/service path': {}, '/service%20path': {} } }));
    expect(error.issues.map((i) => i.code)).toEqual(['resource-key-duplicate']);
  });
});

// ------------------------------------------------------------------ 2. `*` next to credentials
describe('never * in Allow-Methods or Allow-Headers next to credentials', () => {
  const rows: { attack: string; options: CorsOptions; method: string; headers?: string }[] = [
    { attack: 'debug, methods *, a preflight asking for the method *', options: { origins: [APP], methods: '*', supportsCredentials: true, debug: true }, method: '*' },
    { attack: 'methods *, a preflight asking for the method *', options: { origins: [APP], methods: '*', supportsCredentials: true }, method: '*' },
    { attack: 'debug, allowHeaders *, a preflight asking for the header *', options: { origins: [APP], allowHeaders: '*', supportsCredentials: true, debug: true }, method: 'PUT', headers: '*' },
    { attack: 'debug, allowHeaders *, the header * among others', options: { origins: [APP], allowHeaders: '*', supportsCredentials: true, debug: true }, method: 'PUT', headers: 'x-a,*,x-b' },
    { attack: 'debug, methods * and a refused header', options: { origins: [APP], methods: '*', allowHeaders: ['X-A'], supportsCredentials: true, debug: true }, method: '*', headers: 'x-b' },
  ];
  it.each(rows)('$attack', async ({ options, method, headers }) => {
    const seen = await send(options, preflight(APP, method, headers === undefined ? {} : { acrh: headers }));
    const allowMethods = (seen.headers.get(ACAM) ?? '').split(',').map((s) => s.trim());
    const allowHeaders = (seen.headers.get(ACAH) ?? '').split(',').map((s) => s.trim());
    expect(allowMethods).not.toContain('*');
    expect(allowHeaders).not.toContain('*');
  });
});

// ------------------------------------------------------------------ 3. the CORS response headers are the policy's
describe('the policy owns the seven CORS response headers', () => {
  const upstream = {
    'Access-Control-Max-Age': '86400',
    'Access-Control-Allow-Private-Network': 'true',
    'Access-Control-Allow-Methods': '*',
    'Access-Control-Allow-Headers': '*',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': '*',
  };
  const rows: { attack: string; options: CorsOptions; origin: string | undefined; expected: Record<string, string> }[] = [
    { attack: 'an upstream Max-Age survives on a refused answer', options: { origins: [APP] }, origin: 'https://evil.example', expected: {} },
    { attack: 'an upstream Max-Age survives on an allowed answer', options: { origins: [APP] }, origin: APP, expected: { [ACAO]: APP } },
    { attack: 'upstream CORS headers on a request without Origin', options: { origins: [APP] }, origin: undefined, expected: {} },
    { attack: 'upstream credentials under the wildcard policy', options: {}, origin: APP, expected: { [ACAO]: '*' } },
    { attack: 'upstream headers next to the policy credentials', options: { origins: [APP], supportsCredentials: true }, origin: APP, expected: { [ACAO]: APP, [ACAC]: 'true' } },
  ];
  it.each(rows)('$attack', async ({ options, origin, expected }) => {
    const seen = await send(options, request(origin === undefined ? { path: '/proxy' } : { origin, path: '/proxy' }), () => new Response('up', { headers: upstream }));
    expect(accessControlHeaders(seen.headers)).toEqual(expected);
  });
  it('other access-control-* names are not CORS headers (browsers ignore them) and stay the handler\'s', async () => {
    const seen = await send({ origins: [APP] }, request({ origin: 'https://evil.example', path: '/proxy' }), () =>
      new Response('up', { headers: { ...upstream, 'Access-Control-Allow-Anything': 'yes', 'Access-Control-Request-Method': 'PUT' } }),
    );
    expect(accessControlHeaders(seen.headers)).toEqual({ 'access-control-allow-anything': 'yes', 'access-control-request-method': 'PUT' });
  });
  it('stacked wrappers leave one value per header', async () => {
    const inner = withCors(() => new Response('x', { headers: { 'Access-Control-Max-Age': '5' } }), { origins: [APP, PARTNER] });
    const outer = withCors(inner, { origins: [APP] });
    const res = await outer(request({ origin: PARTNER }));
    expect(accessControlHeaders(res.headers)).toEqual({});
  });
});

// ------------------------------------------------------------------ 4. origins no browser can send
describe('request Origins a browser could not have serialized are refused', () => {
  const rows: { attack: string; origin: string }[] = [
    { attack: 'an IPv4 part above 255 (256.256.256.256)', origin: 'http://256.256.256.256' },
    { attack: 'a last IPv4 part above 255 (1.2.3.999)', origin: 'http://1.2.3.999' },
    { attack: 'two :: in an IPv6 literal', origin: 'http://[1::2::3]' },
    { attack: 'a hex IPv4 part (0x100.1.1.1)', origin: 'http://0x100.1.1.1' },
    { attack: 'a three-part IPv4 (1.2.3, which browsers write 1.2.0.3)', origin: 'http://1.2.3' },
    { attack: 'a leading zero in an IPv4 part (browsers read octal)', origin: 'http://1.2.3.09' },
    { attack: 'a one-number host (browsers write it as an IPv4)', origin: 'http://2130706433' },
    { attack: 'a name whose last label is a number', origin: 'http://example.123' },
    { attack: 'a name whose last label is hex (0x1)', origin: 'http://example.0x1' },
    { attack: 'an uncompressed IPv6 literal', origin: 'http://[1:0:0:0:0:0:0:2]' },
    { attack: 'an IPv6 literal with the zeros spelled out', origin: 'http://[0:0::1]' },
    { attack: 'an IPv6 literal with an embedded dotted IPv4', origin: 'http://[::ffff:1.2.3.4]' },
    { attack: 'an IPv6 literal compressing a shorter run than it could', origin: 'http://[1::2:0:0:0:3]' },
    { attack: 'an IPv6 literal with leading zeros', origin: 'http://[::01]' },
    { attack: 'an IPv6 literal with nine pieces', origin: 'http://[1:2:3:4:5:6:7:8:9]' },
    { attack: 'an empty IPv6 literal', origin: 'http://[]' },
  ];
  const policies: { name: string; options: CorsOptions }[] = [
    { name: 'echoing any origin', options: { sendWildcard: false } },
    { name: 'a RegExp matching anything', options: { origins: /.*/ } },
    { name: 'a port pattern', options: { origins: ['http://localhost:*'] } },
  ];
  for (const { name, options } of policies) {
    it.each(rows)(`${name}: $attack`, async ({ origin }) => {
      const seen = await send(options, request({ origin }));
      expect(seen.headers.get(ACAO)).toBeNull();
    });
  }
  it.each(rows)('an origin function is never asked: $attack', async ({ origin }) => {
    const fn = vi.fn(() => true);
    const seen = await send({ origins: fn }, request({ origin }));
    expect(fn).not.toHaveBeenCalled();
    expect(seen.headers.get(ACAO)).toBeNull();
  });

  const valid: { rule: string; origin: string }[] = [
    { rule: 'a dotted-decimal IPv4', origin: 'http://1.2.3.4' },
    { rule: 'IPv4 0.0.0.0', origin: 'http://0.0.0.0' },
    { rule: 'IPv6 loopback', origin: 'http://[::1]' },
    { rule: 'a compressed IPv6 with the first longest run compressed', origin: 'http://[1::2:0:0:3]' },
    { rule: 'an IPv4-mapped IPv6 as browsers write it', origin: 'http://[::ffff:102:304]' },
    { rule: 'an underscore in a name', origin: 'https://my_app.example.com' },
    { rule: 'a hex-looking first label in a name', origin: 'http://0x7f.example' },
    { rule: 'a numeric label before a name', origin: 'http://1.2.3.example' },
  ];
  it.each(valid)('still valid: $rule', async ({ origin }) => {
    const seen = await send({ sendWildcard: false }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBe(origin);
  });
});

// ------------------------------------------------------------------ 5. wildcards over special-use names
describe('subdomain wildcards over special-use names', () => {
  const accepted: { name: string; pattern: string; origin: string }[] = [
    { name: 'localhost', pattern: 'https://*.localhost', origin: 'https://app.localhost' },
    { name: 'test', pattern: 'https://*.test', origin: 'https://app.test' },
    { name: 'internal', pattern: 'https://*.internal', origin: 'https://svc.internal' },
    { name: 'local', pattern: 'http://*.local', origin: 'http://printer.local' },
    { name: 'example', pattern: 'https://*.example', origin: 'https://a.b.example' },
    { name: 'invalid', pattern: 'https://*.invalid', origin: 'https://x.invalid' },
    { name: 'home.arpa', pattern: 'https://*.home.arpa', origin: 'https://nas.home.arpa' },
  ];
  it.each(accepted)('*.$name is accepted and matches a name under it', async ({ pattern, origin }) => {
    const seen = await send({ origins: [pattern] }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBe(origin);
  });
  it.each(accepted)('*.$name never matches the bare name', async ({ pattern }) => {
    const bare = pattern.replace('*.', '');
    const seen = await send({ origins: [pattern] }, request({ origin: bare }));
    expect(seen.headers.get(ACAO)).toBeNull();
  });
  const refused: { mistake: string; pattern: string; code: ConfigIssueCode }[] = [
    { mistake: 'every .com name', pattern: 'https://*.com', code: 'pattern-too-broad' },
    { mistake: 'every .io name', pattern: 'https://*.io', code: 'pattern-too-broad' },
    { mistake: 'every .arpa name', pattern: 'https://*.arpa', code: 'pattern-too-broad' },
    { mistake: 'every name under a numeric label', pattern: 'https://*.1', code: 'pattern-on-ip' },
  ];
  it.each(refused)('$mistake is a configuration error', ({ pattern, code }) => {
    const error = configError(() => createCors({ origins: [pattern] }));
    expect(error.issues.map((i) => ({ option: i.option, code: i.code }))).toEqual([{ option: 'origins', code }]);
  });
});

describe('origin entries a browser never sends are configuration errors', () => {
  const rows: { mistake: string; entry: string; names: string }[] = [
    { mistake: 'a port with a leading zero (browsers send 8443)', entry: 'https://app.example.com:08443', names: '"8443"' },
    { mistake: 'a leading-zero port inside a port pattern base', entry: 'http://127.0.0.1:0080', names: '"80"' },
  ];
  it.each(rows)('$mistake', ({ entry, names }) => {
    const error = configError(() => createCors({ origins: [entry] }));
    expect(error.issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: 'origins', code: 'origin-not-canonical' }]);
    expect(error.message).toContain(names);
  });
  it('the same mistake in CORS_ORIGINS is refused at construction', () => {
    const error = configError(() => createCors(optionsFromEnv({ CORS_ORIGINS: 'http://app.com:08443' })));
    expect(error.issues.map((i) => i.code)).toEqual(['origin-not-canonical']);
  });
});

// ------------------------------------------------------------------ 6. environment
describe('environment settings never widen the policy silently', () => {
  const empty: { attack: string; env: Record<string, unknown>; variable: string }[] = [
    { attack: 'CORS_ORIGINS="," reads as no origins, so as *', env: { CORS_ORIGINS: ',' }, variable: 'CORS_ORIGINS' },
    { attack: 'CORS_ORIGINS=" , " reads as no origins', env: { CORS_ORIGINS: ' , ' }, variable: 'CORS_ORIGINS' },
    { attack: 'a Workers JSON var CORS_ORIGINS=[]', env: { CORS_ORIGINS: [] }, variable: 'CORS_ORIGINS' },
    { attack: 'a Workers JSON var CORS_ORIGINS=[""]', env: { CORS_ORIGINS: [''] }, variable: 'CORS_ORIGINS' },
    { attack: 'CORS_METHODS="," reads as the default methods', env: { CORS_METHODS: ',' }, variable: 'CORS_METHODS' },
    { attack: 'CORS_ALLOW_HEADERS=",," reads as *', env: { CORS_ALLOW_HEADERS: ',,' }, variable: 'CORS_ALLOW_HEADERS' },
  ];
  it.each(empty)('$attack', ({ env, variable }) => {
    const error = configError(() => optionsFromEnv(env));
    expect(error.issues.map(({ option, code }) => ({ option, code }))).toContainEqual({ option: variable, code: 'env-empty' });
  });

  const misspelt: { attack: string; name: string; meant: string }[] = [
    { attack: 'a missing s: CORS_ORIGIN', name: 'CORS_ORIGIN', meant: 'CORS_ORIGINS' },
    { attack: 'a missing underscore: CORS_MAXAGE', name: 'CORS_MAXAGE', meant: 'CORS_MAX_AGE' },
    { attack: 'a missing s: CORS_SUPPORT_CREDENTIALS', name: 'CORS_SUPPORT_CREDENTIALS', meant: 'CORS_SUPPORTS_CREDENTIALS' },
    { attack: 'a transposition: CORS_ORIGNIS', name: 'CORS_ORIGNIS', meant: 'CORS_ORIGINS' },
    { attack: "django's CORS_ALLOWED_ORIGINS", name: 'CORS_ALLOWED_ORIGINS', meant: 'CORS_ORIGINS' },
    { attack: "django's CORS_ALLOW_CREDENTIALS", name: 'CORS_ALLOW_CREDENTIALS', meant: 'CORS_SUPPORTS_CREDENTIALS' },
    { attack: 'CORS_ALLOW_ORIGINS', name: 'CORS_ALLOW_ORIGINS', meant: 'CORS_ORIGINS' },
    { attack: 'CORS_ALLOWED_METHODS', name: 'CORS_ALLOWED_METHODS', meant: 'CORS_METHODS' },
    { attack: 'CORS_ALLOWED_HEADERS', name: 'CORS_ALLOWED_HEADERS', meant: 'CORS_ALLOW_HEADERS' },
    { attack: 'CORS_EXPOSED_HEADERS', name: 'CORS_EXPOSED_HEADERS', meant: 'CORS_EXPOSE_HEADERS' },
    { attack: 'CORS_ALLOW_METHODS', name: 'CORS_ALLOW_METHODS', meant: 'CORS_METHODS' },
    { attack: "django's CORS_ORIGIN_WHITELIST", name: 'CORS_ORIGIN_WHITELIST', meant: 'CORS_ORIGINS' },
    { attack: "django's CORS_ALLOW_ALL_ORIGINS", name: 'CORS_ALLOW_ALL_ORIGINS', meant: 'CORS_ORIGINS' },
    { attack: 'lower-case letters in the name: CORS_Max_Age', name: 'CORS_Max_Age', meant: 'CORS_MAX_AGE' },
  ];
  it.each(misspelt)('$attack is an error naming the right variable', ({ name, meant }) => {
    const error = configError(() => optionsFromEnv({ [name]: 'https://app.example.com' }));
    const issue = error.issues.find((i) => i.option === name);
    expect(issue?.code).toBe('env-misnamed');
    expect(issue?.message).toContain(meant);
  });

  const unrelated: { rule: string; env: Record<string, string> }[] = [
    { rule: 'CORS_PROXY_URL is left alone', env: { CORS_PROXY_URL: 'https://proxy.example' } },
    { rule: 'CORS_DEBUG is left alone', env: { CORS_DEBUG: 'true' } },
    { rule: 'an empty value still counts as unset', env: { CORS_ORIGINS: '' } },
    { rule: 'a very long CORS_ name is left alone', env: { [`CORS_${'X'.repeat(10_000)}`]: 'x' } },
  ];
  it.each(unrelated)('$rule', ({ env }) => {
    expect(optionsFromEnv(env)).toEqual({});
  });
});

// ------------------------------------------------------------------ 8. linear configuration errors
describe('configuration errors stay cheap on hostile input', () => {
  const rows: { input: string; key: string; hint: string | undefined }[] = [
    { input: 'origin suggests origins', key: 'origin', hint: 'origins' },
    { input: 'max_age suggests maxAge', key: 'max_age', hint: 'maxAge' },
    { input: 'CORS_MAX_AGE suggests maxAge', key: 'CORS_MAX_AGE', hint: 'maxAge' },
    { input: 'allow-headers suggests allowHeaders', key: 'allow-headers', hint: 'allowHeaders' },
    { input: '40,000 underscores get no suggestion (the old RegExp backtracked here)', key: '_'.repeat(40_000), hint: undefined },
    { input: '40,000 underscores then a letter', key: `${'_'.repeat(40_000)}a`, hint: undefined },
  ];
  it.each(rows)('$input', ({ key, hint }) => {
    expect(suggestOption(key)).toBe(hint);
  });
  it('a long unknown option is still reported, by name', () => {
    const key = '-'.repeat(40_000);
    const error = configError(() => createCors({ [key]: 1 } as CorsOptions));
    expect(error.issues[0]?.option).toBe(key);
    expect(error.issues[0]?.code).toBe('unknown-option');
  });
});

// ------------------------------------------------------------------ 9. non-Response answers
describe('a handler answering anything but a Response gets a 500 with the CORS headers', () => {
  const answers: { answer: string; value: unknown }[] = [
    { answer: 'null', value: null },
    { answer: 'undefined', value: undefined },
    { answer: 'a string', value: 'ok' },
    { answer: 'a plain object', value: { status: 200 } },
    { answer: 'a promise of null', value: Promise.resolve(null) },
    { answer: 'a promise of undefined', value: Promise.resolve(undefined) },
  ];
  it.each(answers)('withCors: $answer', async ({ value }) => {
    const onError = vi.fn();
    const handler = withCors(() => value as Response, { origins: [APP], supportsCredentials: true, onError });
    const res = (await handler(request({ origin: APP }))) as Response;
    expect(res.status).toBe(500);
    expect(res.headers.get(ACAO)).toBe(APP);
    expect(res.headers.get(ACAC)).toBe('true');
    expect(onError).toHaveBeenCalledOnce();
  });
  it.each(answers)('policy.handle: $answer', async ({ value }) => {
    const policy = createCors({ origins: [APP], onError: () => {} });
    const res = (await policy.handle(request({ origin: APP }), () => value as Response)) as Response;
    expect(res.status).toBe(500);
    expect(res.headers.get(ACAO)).toBe(APP);
  });
  it('a refused origin gets the 500 without CORS headers', async () => {
    const res = (await withCors(() => null as unknown as Response, { origins: [APP], onError: () => {} })(request({ origin: PARTNER }))) as Response;
    expect(res.status).toBe(500);
    expect(accessControlHeaders(res.headers)).toEqual({});
  });
  const upgradable: { answer: string; value: unknown; status: number | undefined }[] = [
    { answer: 'undefined passes through (Bun server.upgrade)', value: undefined, status: undefined },
    { answer: 'null is still a 500', value: null, status: 500 },
  ];
  it.each(upgradable)('withUpgradableCors: $answer', async ({ value, status }) => {
    const res = await withUpgradableCors(() => value as Response, { origins: [APP], onError: () => {} })(request({ origin: APP }));
    expect(res?.status).toBe(status);
  });
});
