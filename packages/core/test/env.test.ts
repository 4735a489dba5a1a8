import { describe, expect, it } from 'vitest';
import { CorsConfigError, mergeOptions, optionsFromEnv, policyPerEnv, resolveEnvOptions, type CorsOptions } from '../src/index.js';
import { request, send } from './helpers.js';

const rows: { rule: string; env: Record<string, string | undefined>; options: CorsOptions }[] = [
  { rule: 'an empty env gives no options', env: {}, options: {} },
  {
    rule: 'CORS_ORIGINS is a comma-separated list',
    env: { CORS_ORIGINS: 'https://a.test,https://b.test' },
    options: { origins: ['https://a.test', 'https://b.test'] },
  },
  {
    rule: 'entries are trimmed and empty ones dropped',
    env: { CORS_ORIGINS: ' https://a.test , ,https://b.test,' },
    options: { origins: ['https://a.test', 'https://b.test'] },
  },
  { rule: "CORS_ORIGINS=* means '*'", env: { CORS_ORIGINS: '*' }, options: { origins: '*' } },
  { rule: 'CORS_METHODS', env: { CORS_METHODS: 'GET, PUT' }, options: { methods: ['GET', 'PUT'] } },
  { rule: 'CORS_METHODS=*', env: { CORS_METHODS: '*' }, options: { methods: '*' } },
  { rule: 'CORS_ALLOW_HEADERS', env: { CORS_ALLOW_HEADERS: 'Content-Type,X-Api-Key' }, options: { allowHeaders: ['Content-Type', 'X-Api-Key'] } },
  { rule: 'CORS_EXPOSE_HEADERS', env: { CORS_EXPOSE_HEADERS: 'X-Request-Id' }, options: { exposeHeaders: ['X-Request-Id'] } },
  { rule: 'CORS_SUPPORTS_CREDENTIALS true', env: { CORS_SUPPORTS_CREDENTIALS: 'true' }, options: { supportsCredentials: true } },
  { rule: 'booleans read any case', env: { CORS_SEND_WILDCARD: 'FALSE' }, options: { sendWildcard: false } },
  { rule: 'booleans read 1', env: { CORS_ALWAYS_SEND: '1' }, options: { alwaysSend: true } },
  { rule: 'booleans read 0', env: { CORS_AUTOMATIC_OPTIONS: '0' }, options: { automaticOptions: false } },
  { rule: 'CORS_VARY_HEADER', env: { CORS_VARY_HEADER: 'false' }, options: { varyHeader: false } },
  { rule: 'CORS_ALLOW_PRIVATE_NETWORK', env: { CORS_ALLOW_PRIVATE_NETWORK: 'True' }, options: { allowPrivateNetwork: true } },
  { rule: 'CORS_MAX_AGE is seconds', env: { CORS_MAX_AGE: '600' }, options: { maxAge: 600 } },
  { rule: 'an empty value counts as unset', env: { CORS_ORIGINS: '', CORS_MAX_AGE: '  ' }, options: {} },
  { rule: 'unrelated CORS_* names are left alone', env: { CORS_PROXY_URL: 'https://x.test', CORS_DEBUG: 'maybe' }, options: {} },
  { rule: 'other variables are ignored', env: { PATH: '/bin', HOME: '/root' }, options: {} },
  { rule: 'undefined values are ignored', env: { CORS_ORIGINS: undefined }, options: {} },
];

describe('optionsFromEnv', () => {
  it.each(rows)('$rule', ({ env, options }) => {
    expect(optionsFromEnv(env)).toEqual(options);
  });

  // Each unreadable value, with its code, is a vector of the environment groups.
  it('every unreadable variable is listed at once', () => {
    try {
      optionsFromEnv({ CORS_MAX_AGE: 'x', CORS_ALWAYS_SEND: 'y' });
      expect.unreachable();
    } catch (e) {
      expect((e as CorsConfigError).issues.map((i) => i.option).sort()).toEqual(['CORS_ALWAYS_SEND', 'CORS_MAX_AGE']);
    }
  });

  it('null or undefined env gives no options', () => {
    expect(optionsFromEnv(undefined)).toEqual({});
    expect(optionsFromEnv(null)).toEqual({});
  });
});

describe('mergeOptions: code over environment', () => {
  const env = { CORS_ORIGINS: 'https://env.test', CORS_EXPOSE_HEADERS: 'X-Env', CORS_SUPPORTS_CREDENTIALS: 'true' };
  it('code beats the environment; an undefined code option keeps the environment value', async () => {
    const seen = await send(
      mergeOptions(optionsFromEnv(env), { origins: ['https://code.test'], exposeHeaders: undefined }),
      request({ origin: 'https://code.test' }),
    );
    expect(seen.headers.get('access-control-allow-origin')).toBe('https://code.test');
    expect(seen.headers.get('access-control-expose-headers')).toBe('X-Env');
  });
});

describe("resolveEnvOptions: the adapters' env key", () => {
  const runtime = { CORS_ORIGINS: 'https://runtime.test', CORS_MAX_AGE: '30' };
  const rows: { rule: string; options: Parameters<typeof resolveEnvOptions>[0]; expected: CorsOptions }[] = [
    { rule: 'env true (default) reads the runtime environment', options: {}, expected: { origins: ['https://runtime.test'], maxAge: 30 } },
    { rule: 'env false ignores the environment', options: { env: false, maxAge: 5 }, expected: { maxAge: 5 } },
    { rule: 'an env record is read instead', options: { env: { CORS_ORIGINS: '*' } }, expected: { origins: '*' } },
    { rule: 'code options win over the environment', options: { maxAge: 60 }, expected: { origins: ['https://runtime.test'], maxAge: 60 } },
    {
      rule: 'an undefined code option keeps the environment value',
      options: { maxAge: undefined },
      expected: { origins: ['https://runtime.test'], maxAge: 30 },
    },
  ];
  it.each(rows)('$rule', ({ options, expected }) => {
    expect(resolveEnvOptions(options, () => runtime)).toEqual(expected);
  });
  it('the runtime environment is not read for env false', () => {
    expect(
      resolveEnvOptions({ env: false }, () => {
        throw new Error('read');
      }),
    ).toEqual({});
  });
});

describe('optionsFromEnv reads Workers JSON vars as their text', () => {
  const rows: { rule: string; env: Record<string, unknown>; options: CorsOptions }[] = [
    { rule: 'a number', env: { CORS_MAX_AGE: 600 }, options: { maxAge: 600 } },
    { rule: 'a boolean', env: { CORS_SUPPORTS_CREDENTIALS: true }, options: { supportsCredentials: true } },
    { rule: 'a list of strings', env: { CORS_ORIGINS: ['https://a.test', 'https://b.test'] }, options: { origins: ['https://a.test', 'https://b.test'] } },
  ];
  it.each(rows)('$rule', ({ env, options }) => {
    expect(optionsFromEnv(env)).toEqual(options);
  });
  it('a binding under a CORS_* name is a CorsConfigError naming it', () => {
    let error: unknown;
    try {
      optionsFromEnv({ CORS_ORIGINS: { get() {} } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect((error as CorsConfigError).issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: 'CORS_ORIGINS', code: 'env-unreadable' }]);
  });
});

describe('policyPerEnv: one policy per env object', () => {
  const req = () => new Request('http://api.test/', { headers: { origin: 'https://env.test' } });
  it('an env without CORS_* uses the code options', async () => {
    const policyFor = policyPerEnv({ origins: ['https://code.test'] });
    const res = (await policyFor({ OTHER: 'x' }).handle(req(), () => new Response('x'))) as Response;
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
  it("an env's CORS_* settings apply, code options over them", async () => {
    const policyFor = policyPerEnv({ exposeHeaders: ['X-Code'] });
    const env = { CORS_ORIGINS: 'https://env.test', CORS_EXPOSE_HEADERS: 'X-Env' };
    const res = (await policyFor(env).handle(req(), () => new Response('x'))) as Response;
    expect(res.headers.get('access-control-allow-origin')).toBe('https://env.test');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Code');
  });
  it('the same env object gets the same policy; a bad one the same error', () => {
    const policyFor = policyPerEnv();
    const env = { CORS_ORIGINS: 'https://env.test' };
    expect(policyFor(env)).toBe(policyFor(env));
    const bad = { CORS_MAX_AGE: 'ten' };
    let first: unknown;
    try {
      policyFor(bad);
    } catch (e) {
      first = e;
    }
    expect(first).toBeInstanceOf(CorsConfigError);
    expect(() => policyFor(bad)).toThrow(first as Error);
  });
  it('invalid code options fail at once', () => {
    expect(() => policyPerEnv({ origins: 'nope' })).toThrow(CorsConfigError);
  });
});
