import { describe, expect, it } from 'vitest';
import { CONFIG_ISSUE_CODES, createCors, CorsConfigError, withCors, type ConfigIssueCode, type CorsOptions } from '../src/index.js';

/** A configuration that must fail: the option at fault, the kind of problem, and (where the wording is the point) the fix it names. */
interface Row {
  rule: string;
  options: unknown;
  option: string;
  code: ConfigIssueCode;
  fix?: RegExp;
}

const rows: Row[] = [
  { rule: "credentials with origins '*'", options: { supportsCredentials: true }, option: 'supportsCredentials', code: 'credentials-with-wildcard' },
  { rule: "credentials with an explicit '*'", options: { origins: '*', supportsCredentials: true, sendWildcard: false }, option: 'supportsCredentials', code: 'credentials-with-wildcard' },
  { rule: 'an origin with a path', options: { origins: ['https://a.example.com/app'] }, option: 'origins', code: 'origin-has-path', fix: /write "https:\/\/a\.example\.com"/ },
  { rule: 'an origin with a trailing slash', options: { origins: 'https://a.example.com/' }, option: 'origins', code: 'origin-trailing-slash', fix: /trailing slash; write "https:\/\/a\.example\.com"/ },
  { rule: 'an origin with no scheme', options: { origins: ['a.example.com'] }, option: 'origins', code: 'origin-no-scheme', fix: /no scheme; write "https:\/\/a\.example\.com"/ },
  { rule: 'an origin with a query', options: { origins: ['https://a.example.com?x=1'] }, option: 'origins', code: 'origin-has-path' },
  { rule: "'*' in the middle of a host", options: { origins: ['https://a.*.example.com'] }, option: 'origins', code: 'pattern-bad-wildcard' },
  { rule: "'*' glued to a label", options: { origins: ['https://*example.com'] }, option: 'origins', code: 'pattern-bad-wildcard' },
  { rule: "two '*'", options: { origins: ['https://*.example.com:*'] }, option: 'origins', code: 'pattern-bad-wildcard' },
  { rule: "a pattern matching nearly every origin: https://*", options: { origins: ['https://*'] }, option: 'origins', code: 'pattern-too-broad' },
  { rule: "a pattern matching every .com", options: { origins: ['https://*.com'] }, option: 'origins', code: 'pattern-too-broad' },
  { rule: "a pattern on an IP address", options: { origins: ['http://*.0.0.1'] }, option: 'origins', code: 'pattern-on-ip' },
  { rule: 'leading spaces in an origin', options: { origins: [' https://a.example.com'] }, option: 'origins', code: 'surrounding-space', fix: /spaces; write "https:\/\/a\.example\.com"/ },
  { rule: 'trailing spaces in an origin', options: { origins: 'https://a.example.com ' }, option: 'origins', code: 'surrounding-space' },
  { rule: "'*' inside an origins list", options: { origins: ['*', 'https://a.example.com'] }, option: 'origins', code: 'wildcard-in-list' },
  { rule: 'an empty origins list', options: { origins: [] }, option: 'origins', code: 'empty-list' },
  { rule: 'an origin of the wrong type', options: { origins: [42] }, option: 'origins', code: 'wrong-type' },
  { rule: 'origins of the wrong type', options: { origins: 42 }, option: 'origins', code: 'wrong-type' },
  { rule: 'several origins in one string', options: { origins: 'https://a.test,https://b.test' }, option: 'origins', code: 'origin-several' },
  { rule: 'a port out of range', options: { origins: ['https://a.example.com:70000'] }, option: 'origins', code: 'origin-bad-port' },
  { rule: 'port 0', options: { origins: ['https://a.example.com:0'] }, option: 'origins', code: 'origin-bad-port' },
  { rule: 'an empty label', options: { origins: ['https://a..example.com'] }, option: 'origins', code: 'origin-bad-host' },
  { rule: 'a non-ASCII host', options: { origins: ['https://bücher.example'] }, option: 'origins', code: 'origin-bad-host', fix: /punycode/ },
  { rule: 'user info in an origin', options: { origins: ['https://u@a.example.com'] }, option: 'origins', code: 'origin-has-userinfo' },
  { rule: 'a method that is not a token', options: { methods: ['GET', 'PU T'] }, option: 'methods', code: 'not-a-token' },
  { rule: 'CONNECT', options: { methods: ['CONNECT'] }, option: 'methods', code: 'forbidden-method' },
  { rule: 'TRACE in any case', options: { methods: 'get, trace' }, option: 'methods', code: 'forbidden-method' },
  { rule: 'TRACK', options: { methods: ['TRACK'] }, option: 'methods', code: 'forbidden-method' },
  { rule: "'*' inside a methods list", options: { methods: ['GET', '*'] }, option: 'methods', code: 'wildcard-in-list' },
  { rule: 'spaces around an array method', options: { methods: [' GET'] }, option: 'methods', code: 'surrounding-space' },
  { rule: 'a header name that is not a token', options: { allowHeaders: ['X Custom'] }, option: 'allowHeaders', code: 'not-a-token' },
  { rule: 'a forbidden request header: Cookie', options: { allowHeaders: ['Cookie'] }, option: 'allowHeaders', code: 'forbidden-header' },
  { rule: 'a forbidden request header: Host', options: { allowHeaders: 'Content-Type, Host' }, option: 'allowHeaders', code: 'forbidden-header' },
  { rule: 'a forbidden request header: Content-Length', options: { allowHeaders: ['content-length'] }, option: 'allowHeaders', code: 'forbidden-header' },
  { rule: 'a forbidden prefix: Sec-', options: { allowHeaders: ['Sec-Fetch-Mode'] }, option: 'allowHeaders', code: 'forbidden-header' },
  { rule: 'a forbidden prefix: Proxy-', options: { allowHeaders: ['Proxy-Authorization'] }, option: 'allowHeaders', code: 'forbidden-header' },
  { rule: "'*' inside an allowHeaders list", options: { allowHeaders: ['*', 'x-a'] }, option: 'allowHeaders', code: 'wildcard-in-list' },
  { rule: "'*' inside an exposeHeaders list", options: { exposeHeaders: ['X-A', '*'] }, option: 'exposeHeaders', code: 'wildcard-in-list' },
  { rule: "exposeHeaders '*' with credentials", options: { origins: ['https://a.test'], supportsCredentials: true, exposeHeaders: '*' }, option: 'exposeHeaders', code: 'expose-wildcard-with-credentials' },
  { rule: 'an expose header that is not a token', options: { exposeHeaders: ['X:A'] }, option: 'exposeHeaders', code: 'not-a-token' },
  { rule: 'maxAge negative', options: { maxAge: -1 }, option: 'maxAge', code: 'max-age-range' },
  { rule: 'maxAge too large', options: { maxAge: 86401 }, option: 'maxAge', code: 'max-age-range' },
  { rule: 'maxAge not an integer', options: { maxAge: 1.5 }, option: 'maxAge', code: 'max-age-range' },
  { rule: 'maxAge a non-digit string', options: { maxAge: 'ten' }, option: 'maxAge', code: 'max-age-range' },
  { rule: 'preflightStatus below 200', options: { preflightStatus: 199 }, option: 'preflightStatus', code: 'preflight-status-range' },
  { rule: 'preflightStatus 300', options: { preflightStatus: 300 }, option: 'preflightStatus', code: 'preflight-status-range' },
  { rule: 'preflightStatus not a number', options: { preflightStatus: '204' }, option: 'preflightStatus', code: 'preflight-status-range' },
  { rule: 'a boolean given as a string', options: { supportsCredentials: 'true', origins: ['https://a.test'] }, option: 'supportsCredentials', code: 'wrong-type' },
  { rule: 'debug given as a number', options: { debug: 1 }, option: 'debug', code: 'wrong-type' },
  { rule: 'onReject not a function', options: { onReject: 'log' }, option: 'onReject', code: 'wrong-type' },
  { rule: "unknown option 'origin' suggests 'origins'", options: { origin: 'https://a.test' }, option: 'origin', code: 'unknown-option', fix: /did you mean origins\?/ },
  { rule: "Flask-CORS's 'headers' suggests 'allowHeaders'", options: { headers: ['x-a'] }, option: 'headers', code: 'unknown-option', fix: /did you mean allowHeaders\?/ },
  { rule: "snake_case supports_credentials suggests supportsCredentials", options: { supports_credentials: true }, option: 'supports_credentials', code: 'unknown-option', fix: /did you mean supportsCredentials\?/ },
  { rule: 'a typo suggests the closest option', options: { maxAgee: 5 }, option: 'maxAgee', code: 'unknown-option', fix: /did you mean maxAge\?/ },
  { rule: 'a far-off name lists the options', options: { zzzzzzzzzzzz: 1 }, option: 'zzzzzzzzzzzz', code: 'unknown-option', fix: /the options are origins, originTimeout, originCache, methods/ },
  { rule: 'resources must be a record', options: { resources: ['/api'] }, option: 'resources', code: 'wrong-type' },
  { rule: 'a resource key that is no path', options: { resources: { api: {} } }, option: 'resources["api"]', code: 'resource-key-invalid' },
  { rule: "a resource key with '*' inside", options: { resources: { '/a/*/b': {} } }, option: 'resources["/a/*/b"]', code: 'resource-key-invalid' },
  { rule: 'a resource RegExp that does not compile', options: { resources: { '^/(': {} } }, option: 'resources["^/("]', code: 'resource-key-invalid' },
  { rule: 'a resource entry with a bad option', options: { resources: { '/api/*': { origins: ['https://a.test/'] } } }, option: 'resources["/api/*"].origins', code: 'origin-trailing-slash' },
  { rule: 'a resource entry with an unknown option', options: { resources: { '/api/*': { origin: 'x' } } }, option: 'resources["/api/*"].origin', code: 'unknown-option', fix: /did you mean origins/ },
  { rule: 'nested resources', options: { resources: { '/api/*': { resources: {} } } }, option: 'resources["/api/*"].resources', code: 'resources-nested' },
  { rule: 'options that are not an object', options: 'https://a.test', option: 'options', code: 'wrong-type' },
  { rule: 'origins: null is a wrong type, not "allow all"', options: { origins: null }, option: 'origins', code: 'wrong-type' },
  { rule: 'preflightStatus: null is a wrong type', options: { preflightStatus: null }, option: 'preflightStatus', code: 'preflight-status-range' },
  { rule: 'an IPv6 literal that does not parse', options: { origins: ['http://[:::::]'] }, option: 'origins', code: 'origin-bad-host' },
  { rule: 'an IPv4 address in brackets', options: { origins: ['http://[1.2.3.4]'] }, option: 'origins', code: 'origin-bad-host' },
  { rule: 'an IPv6 literal spelled longhand never matches', options: { origins: ['http://[0:0:0:0:0:0:0:1]'] }, option: 'origins', code: 'origin-not-canonical', fix: /browsers write as "\[::1\]"/ },
  { rule: 'an IPv4 address with leading zeros never matches', options: { origins: ['http://127.000.000.001'] }, option: 'origins', code: 'origin-not-canonical', fix: /browsers write as "127\.0\.0\.1"/ },
  { rule: 'a label starting with a hyphen', options: { origins: ['https://-a-.com'] }, option: 'origins', code: 'origin-bad-host' },
  { rule: 'a label over 63 characters', options: { origins: [`https://${'a'.repeat(70)}.com`] }, option: 'origins', code: 'origin-bad-host' },
  { rule: 'spaces around a comma-separated methods string', options: { methods: ' GET, PUT ' }, option: 'methods', code: 'surrounding-space' },
];

describe('invalid configuration fails at construction', () => {
  it.each(rows)('$rule', ({ options, option, code, fix }) => {
    let error: unknown;
    try {
      createCors(options as CorsOptions);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    const issues = (error as CorsConfigError).issues;
    const issue = issues.find((i) => i.option === option);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.code).toBe(code);
    if (fix !== undefined) expect(issue!.message).toMatch(fix);
    expect((error as Error).message).toContain(`${option}: ${issue!.message}`);
  });
  it('every code is from the documented vocabulary', () => {
    for (const { options } of rows) {
      try {
        createCors(options as CorsOptions);
      } catch (e) {
        for (const i of (e as CorsConfigError).issues) expect(CONFIG_ISSUE_CODES).toContain(i.code);
      }
    }
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
  const valid: [string, CorsOptions][] = [
    ['defaults', {}],
    ['an IPv6 origin', { origins: ['http://[::1]:3000'] }],
    ['an IPv4 origin', { origins: ['http://127.0.0.1:8080'] }],
    ['a custom scheme', { origins: ['app://local'] }],
    ["'null' listed", { origins: ['null'] }],
    ['a port pattern', { origins: ['http://localhost:*'] }],
    ['a subdomain pattern with a port', { origins: ['https://*.example.com:8443'] }],
    ['methods as a comma string', { methods: 'GET, PUT' }],
    ["methods '*'", { methods: '*' }],
    ['allowHeaders empty list', { allowHeaders: [] }],
    ['credentials with a list and allowHeaders *', { origins: ['https://a.test'], supportsCredentials: true, allowHeaders: '*' }],
    ['credentials with a function', { origins: () => true, supportsCredentials: true }],
    ['maxAge 86400', { maxAge: 86400 }],
    ['preflightStatus 299', { preflightStatus: 299 }],
    ['credentials in resources that all list origins', { supportsCredentials: true, resources: { '/api/*': { origins: ['https://a.test'] } } }],
    ['a subdomain pattern under localhost', { origins: ['http://*.localhost'] }],
    ['resources of every key kind', { resources: { '/login': {}, '/api/*': { origins: ['https://a.test'] }, '^/v[0-9]+/': { maxAge: 5 } } }],
  ];
  it.each(valid)('%s', (_rule, options) => {
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
