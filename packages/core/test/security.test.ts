/**
 * Attacks on the promise "a refused origin never gets Access-Control-Allow-Origin or
 * -Credentials", and on the guards around it. Each row names the attack it tries. What a user
 * sees for each attack on a request is a conformance vector (the `security:` groups of
 * test/conformance/scripts/vectors.ts); what stays here is the core's own: the path reading,
 * stacked wrappers, values the environment can only carry in code, and non-Response answers.
 */
import { describe, expect, it, vi } from 'vitest';
import { CorsConfigError, createCors, optionsFromEnv, withCors, withUpgradableCors, type CorsOptions } from '../src/index.js';
import { suggestOption } from '../src/config.js';
import { routerPath } from '../src/resources.js';
import { request, ACAO, ACAC, APP, PARTNER, accessControlHeaders } from './helpers.js';

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
describe('routerPath: the path routers see', () => {
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

// ------------------------------------------------------------------ 3. the CORS response headers are the policy's
describe('stacked wrappers (a composition the vectors cannot express)', () => {
  it('stacked wrappers leave one value per header', async () => {
    const inner = withCors(() => new Response('x', { headers: { 'Access-Control-Max-Age': '5' } }), { origins: [APP, PARTNER] });
    const outer = withCors(inner, { origins: [APP] });
    const res = await outer(request({ origin: PARTNER }));
    expect(accessControlHeaders(res.headers)).toEqual({});
  });
});

// ------------------------------------------------------------------ 6. environment
describe('environment settings never widen the policy silently', () => {
  // The string forms are vectors; a Workers JSON var (a list) is only ever given in code.
  const empty: { attack: string; env: Record<string, unknown>; variable: string }[] = [
    { attack: 'a Workers JSON var CORS_ORIGINS=[]', env: { CORS_ORIGINS: [] }, variable: 'CORS_ORIGINS' },
    { attack: 'a Workers JSON var CORS_ORIGINS=[""]', env: { CORS_ORIGINS: [''] }, variable: 'CORS_ORIGINS' },
  ];
  it.each(empty)('$attack', ({ env, variable }) => {
    const error = configError(() => optionsFromEnv(env));
    expect(error.issues.map(({ option, code }) => ({ option, code }))).toContainEqual({ option: variable, code: 'env-empty' });
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
  const upgradable: { answer: string; value: unknown; status: number | undefined }[] = [
    { answer: 'undefined passes through (Bun server.upgrade)', value: undefined, status: undefined },
    { answer: 'null is still a 500', value: null, status: 500 },
  ];
  it.each(upgradable)('withUpgradableCors: $answer', async ({ value, status }) => {
    const res = await withUpgradableCors(() => value as Response, { origins: [APP], onError: () => {} })(request({ origin: APP }));
    expect(res?.status).toBe(status);
  });
});
