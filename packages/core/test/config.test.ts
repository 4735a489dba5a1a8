import { describe, expect, it } from 'vitest';
import { CONFIG_ISSUE_CODES, createCors, CorsConfigError, withCors, type CorsOptions } from '../src/index.js';

// Each invalid option, with its code and the fix it names, is a conformance vector (the
// `invalidConfig` groups of test/conformance/scripts/vectors.ts), checked in every runtime.
describe('invalid configuration fails at construction', () => {
  it('options that are not an object are a wrong type, named "options"', () => {
    let error: unknown;
    try {
      createCors('https://a.test' as unknown as CorsOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect((error as CorsConfigError).issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: 'options', code: 'wrong-type' }]);
  });
});

describe('every problem is listed at once', () => {
  it('five problems in one error', () => {
    try {
      createCors({ origins: ['https://a.test/', 'b.test'], methods: ['TRACE'], maxAge: -5, origin: 'x' } as CorsOptions);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(CorsConfigError);
      const issues = (e as CorsConfigError).issues;
      expect(issues.map((i) => `${i.option} ${i.code}`).sort()).toEqual([
        'maxAge max-age-range',
        'methods forbidden-method',
        'origin unknown-option',
        'origins origin-no-scheme',
        'origins origin-trailing-slash',
      ]);
      expect((e as Error).message).toMatch(/^Invalid CORS configuration \(5 problems\):/);
    }
  });
  it('every bad entry of a list is listed', () => {
    try {
      createCors({ methods: [5, 'TRACE', 'bad method', '*'] } as unknown as CorsOptions);
      expect.unreachable();
    } catch (e) {
      expect((e as CorsConfigError).issues.map((i) => `${i.option} ${i.code}`)).toEqual([
        'methods wrong-type',
        'methods wildcard-in-list',
        'methods forbidden-method',
        'methods not-a-token',
      ]);
    }
  });
  it('withCors validates at construction, not per request', () => {
    expect(() => withCors(() => new Response(), { origins: 'nope' })).toThrow(CorsConfigError);
  });
  it('undefined option values count as unset', () => {
    expect(() => createCors({ origins: undefined, maxAge: undefined })).not.toThrow();
  });
});

describe('valid configurations compile', () => {
  const valid: { rule: string; options: CorsOptions }[] = [
    { rule: 'defaults', options: {} },
    { rule: 'an IPv6 origin', options: { origins: ['http://[::1]:3000'] } },
    { rule: 'an IPv4 origin', options: { origins: ['http://127.0.0.1:8080'] } },
    { rule: 'a custom scheme', options: { origins: ['app://local'] } },
    { rule: "'null' listed", options: { origins: ['null'] } },
    { rule: 'a port pattern', options: { origins: ['http://localhost:*'] } },
    { rule: 'a subdomain pattern with a port', options: { origins: ['https://*.example.com:8443'] } },
    { rule: 'methods as a comma string', options: { methods: 'GET, PUT' } },
    { rule: "methods '*'", options: { methods: '*' } },
    { rule: 'allowHeaders empty list', options: { allowHeaders: [] } },
    { rule: 'credentials with a list and allowHeaders *', options: { origins: ['https://a.test'], supportsCredentials: true, allowHeaders: '*' } },
    { rule: 'credentials with a function', options: { origins: () => true, supportsCredentials: true } },
    { rule: 'maxAge 86400', options: { maxAge: 86400 } },
    { rule: 'preflightStatus 299', options: { preflightStatus: 299 } },
    {
      rule: 'credentials in resources that all list origins',
      options: { supportsCredentials: true, resources: { '/api/*': { origins: ['https://a.test'] } } },
    },
    { rule: 'a subdomain pattern under localhost', options: { origins: ['http://*.localhost'] } },
    { rule: 'resources of every key kind', options: { resources: { '/login': {}, '/api/*': { origins: ['https://a.test'] }, '^/v[0-9]+/': { maxAge: 5 } } } },
  ];
  it.each(valid)('$rule', ({ options }) => {
    expect(() => createCors(options)).not.toThrow();
  });
});

describe('the issue codes are a closed, documented list', () => {
  it('docs/behaviour.md describes every code, one line each, and no other', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../../docs/behaviour.md', import.meta.url), 'utf8');
    const section = text.slice(text.indexOf('<a id="config-error-codes"></a>'), text.indexOf('<a id="adapters"></a>'));
    const documented = [...section.matchAll(/^- `([a-z-]+)`: /gm)].map((m) => m[1]);
    expect(documented).toEqual([...CONFIG_ISSUE_CODES]);
  });
});
