import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors, ENV_VARIABLES, type ConfigIssueCode, mergeOptions, optionsFromEnv, policyPerEnv, resolveEnvOptions, type CorsOptions } from '../src/index.js';
import { request, send } from './helpers.js';

type Row = [rule: string, env: Record<string, string | undefined>, options: CorsOptions];

const rows: Row[] = [
  ['an empty env gives no options', {}, {}],
  ['CORS_ORIGINS is a comma-separated list', { CORS_ORIGINS: 'https://a.test,https://b.test' }, { origins: ['https://a.test', 'https://b.test'] }],
  ['entries are trimmed and empty ones dropped', { CORS_ORIGINS: ' https://a.test , ,https://b.test,' }, { origins: ['https://a.test', 'https://b.test'] }],
  ["CORS_ORIGINS=* means '*'", { CORS_ORIGINS: '*' }, { origins: '*' }],
  ['CORS_METHODS', { CORS_METHODS: 'GET, PUT' }, { methods: ['GET', 'PUT'] }],
  ["CORS_METHODS=*", { CORS_METHODS: '*' }, { methods: '*' }],
  ['CORS_ALLOW_HEADERS', { CORS_ALLOW_HEADERS: 'Content-Type,X-Api-Key' }, { allowHeaders: ['Content-Type', 'X-Api-Key'] }],
  ['CORS_EXPOSE_HEADERS', { CORS_EXPOSE_HEADERS: 'X-Request-Id' }, { exposeHeaders: ['X-Request-Id'] }],
  ['CORS_SUPPORTS_CREDENTIALS true', { CORS_SUPPORTS_CREDENTIALS: 'true' }, { supportsCredentials: true }],
  ['booleans read any case', { CORS_SEND_WILDCARD: 'FALSE' }, { sendWildcard: false }],
  ['booleans read 1', { CORS_ALWAYS_SEND: '1' }, { alwaysSend: true }],
  ['booleans read 0', { CORS_AUTOMATIC_OPTIONS: '0' }, { automaticOptions: false }],
  ['CORS_VARY_HEADER', { CORS_VARY_HEADER: 'false' }, { varyHeader: false }],
  ['CORS_ALLOW_PRIVATE_NETWORK', { CORS_ALLOW_PRIVATE_NETWORK: 'True' }, { allowPrivateNetwork: true }],
  ['CORS_MAX_AGE is seconds', { CORS_MAX_AGE: '600' }, { maxAge: 600 }],
  ['an empty value counts as unset', { CORS_ORIGINS: '', CORS_MAX_AGE: '  ' }, {}],
  ['unrelated CORS_* names are left alone', { CORS_PROXY_URL: 'https://x.test', CORS_DEBUG: 'maybe' }, {}],
  ['other variables are ignored', { PATH: '/bin', HOME: '/root' }, {}],
  ['undefined values are ignored', { CORS_ORIGINS: undefined }, {}],
];

describe('optionsFromEnv', () => {
  it.each(rows)('%s', (_rule, env, options) => {
    expect(optionsFromEnv(env)).toEqual(options);
  });

  const bad: { rule: string; env: Record<string, string>; variable: string; code: ConfigIssueCode }[] = [
    { rule: 'CORS_MAX_AGE=ten names the variable', env: { CORS_MAX_AGE: 'ten' }, variable: 'CORS_MAX_AGE', code: 'max-age-range' },
    { rule: 'a negative CORS_MAX_AGE is unreadable', env: { CORS_MAX_AGE: '-1' }, variable: 'CORS_MAX_AGE', code: 'max-age-range' },
    { rule: 'CORS_MAX_AGE over a day names the variable', env: { CORS_MAX_AGE: '99999' }, variable: 'CORS_MAX_AGE', code: 'max-age-range' },
    { rule: 'CORS_SUPPORTS_CREDENTIALS=yes names the variable', env: { CORS_SUPPORTS_CREDENTIALS: 'yes' }, variable: 'CORS_SUPPORTS_CREDENTIALS', code: 'wrong-type' },
    { rule: 'CORS_VARY_HEADER=on names the variable', env: { CORS_VARY_HEADER: 'on' }, variable: 'CORS_VARY_HEADER', code: 'wrong-type' },
    { rule: 'CORS_ORIGINS="," holds no entries', env: { CORS_ORIGINS: ',' }, variable: 'CORS_ORIGINS', code: 'env-empty' },
    { rule: 'CORS_ALLOWED_ORIGINS is another framework\'s name', env: { CORS_ALLOWED_ORIGINS: 'https://a.test' }, variable: 'CORS_ALLOWED_ORIGINS', code: 'env-misnamed' },
  ];
  it.each(bad)('$rule', ({ env, variable, code }) => {
    expect(() => optionsFromEnv(env)).toThrow(CorsConfigError);
    try {
      optionsFromEnv(env);
    } catch (e) {
      expect((e as CorsConfigError).issues[0]?.option).toBe(variable);
      expect((e as CorsConfigError).issues[0]?.code).toBe(code);
      expect((e as Error).message).toContain(variable);
    }
  });

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

describe('precedence: code over environment over defaults', () => {
  const env = { CORS_ORIGINS: 'https://env.test', CORS_EXPOSE_HEADERS: 'X-Env', CORS_SUPPORTS_CREDENTIALS: 'true' };
  it('the environment beats the defaults', async () => {
    const seen = await send({ ...optionsFromEnv(env) }, request({ origin: 'https://env.test' }));
    expect(seen.headers.get('access-control-allow-origin')).toBe('https://env.test');
    expect(seen.headers.get('access-control-allow-credentials')).toBe('true');
    expect(seen.headers.get('access-control-expose-headers')).toBe('X-Env');
  });
  it('code beats the environment', async () => {
    const seen = await send(mergeOptions(optionsFromEnv(env), { origins: ['https://code.test'], exposeHeaders: undefined }), request({ origin: 'https://code.test' }));
    expect(seen.headers.get('access-control-allow-origin')).toBe('https://code.test');
    expect(seen.headers.get('access-control-expose-headers')).toBe('X-Env');
  });
  it('an invalid env value fails construction, naming the option', () => {
    let error: unknown;
    try {
      createCors(optionsFromEnv({ CORS_ORIGINS: 'https://a.test/' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect((error as CorsConfigError).issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: 'origins', code: 'origin-trailing-slash' }]);
  });
});

describe('resolveEnvOptions: the adapters\' env key', () => {
  const runtime = { CORS_ORIGINS: 'https://runtime.test', CORS_MAX_AGE: '30' };
  const rows: [string, Parameters<typeof resolveEnvOptions>[0], CorsOptions][] = [
    ['env true (default) reads the runtime environment', {}, { origins: ['https://runtime.test'], maxAge: 30 }],
    ['env false ignores the environment', { env: false, maxAge: 5 }, { maxAge: 5 }],
    ['an env record is read instead', { env: { CORS_ORIGINS: '*' } }, { origins: '*' }],
    ['code options win over the environment', { maxAge: 60 }, { origins: ['https://runtime.test'], maxAge: 60 }],
    ['an undefined code option keeps the environment value', { maxAge: undefined }, { origins: ['https://runtime.test'], maxAge: 30 }],
  ];
  it.each(rows)('%s', (_rule, options, expected) => {
    expect(resolveEnvOptions(options, () => runtime)).toEqual(expected);
  });
  it('the runtime environment is not read for env false', () => {
    expect(resolveEnvOptions({ env: false }, () => { throw new Error('read'); })).toEqual({});
  });
  it('ENV_VARIABLES lists every variable optionsFromEnv reads', () => {
    expect([...ENV_VARIABLES].sort()).toEqual([
      'CORS_ALLOW_HEADERS', 'CORS_ALLOW_PRIVATE_NETWORK', 'CORS_ALWAYS_SEND', 'CORS_AUTOMATIC_OPTIONS', 'CORS_EXPOSE_HEADERS',
      'CORS_MAX_AGE', 'CORS_METHODS', 'CORS_ORIGINS', 'CORS_SEND_WILDCARD', 'CORS_SUPPORTS_CREDENTIALS', 'CORS_VARY_HEADER',
    ]);
  });
});

describe('optionsFromEnv reads Workers JSON vars as their text', () => {
  const rows: [string, Record<string, unknown>, CorsOptions][] = [
    ['a number', { CORS_MAX_AGE: 600 }, { maxAge: 600 }],
    ['a boolean', { CORS_SUPPORTS_CREDENTIALS: true }, { supportsCredentials: true }],
    ['a list of strings', { CORS_ORIGINS: ['https://a.test', 'https://b.test'] }, { origins: ['https://a.test', 'https://b.test'] }],
  ];
  it.each(rows)('%s', (_rule, env, options) => {
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
    try { policyFor(bad); } catch (e) { first = e; }
    expect(first).toBeInstanceOf(CorsConfigError);
    expect(() => policyFor(bad)).toThrow(first as Error);
  });
  it('invalid code options fail at once', () => {
    expect(() => policyPerEnv({ origins: 'nope' })).toThrow(CorsConfigError);
  });
});
