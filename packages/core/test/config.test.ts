import { describe, expect, it } from 'vitest';
import { createCors, CorsConfigError, withCors, type CorsOptions } from '../src/index.js';

type Row = [rule: string, options: unknown, option: string, fix: RegExp];

const rows: Row[] = [
  ["credentials with origins '*'", { supportsCredentials: true }, 'supportsCredentials', /list the allowed origins/],
  ["credentials with an explicit '*'", { origins: '*', supportsCredentials: true, sendWildcard: false }, 'supportsCredentials', /origins/],
  ['an origin with a path', { origins: ['https://a.example.com/app'] }, 'origins', /write "https:\/\/a\.example\.com"/],
  ['an origin with a trailing slash', { origins: 'https://a.example.com/' }, 'origins', /trailing slash; write "https:\/\/a\.example\.com"/],
  ['an origin with no scheme', { origins: ['a.example.com'] }, 'origins', /no scheme; write "https:\/\/a\.example\.com"/],
  ['an origin with a query', { origins: ['https://a.example.com?x=1'] }, 'origins', /path, query or fragment/],
  ["'*' in the middle of a host", { origins: ['https://a.*.example.com'] }, 'origins', /'\*' where a pattern does not allow it/],
  ["'*' glued to a label", { origins: ['https://*example.com'] }, 'origins', /does not allow/],
  ["two '*'", { origins: ['https://*.example.com:*'] }, 'origins', /more than one '\*'/],
  ["a pattern matching nearly every origin: https://*", { origins: ['https://*'] }, 'origins', /nearly every origin/],
  ["a pattern matching every .com", { origins: ['https://*.com'] }, 'origins', /nearly every origin/],
  ["a pattern on an IP address", { origins: ['http://*.0.0.1'] }, 'origins', /IP address|nearly every/],
  ['leading spaces in an origin', { origins: [' https://a.example.com'] }, 'origins', /spaces; write "https:\/\/a\.example\.com"/],
  ['trailing spaces in an origin', { origins: 'https://a.example.com ' }, 'origins', /spaces/],
  ["'*' inside an origins list", { origins: ['*', 'https://a.example.com'] }, 'origins', /alone/],
  ['an empty origins list', { origins: [] }, 'origins', /at least one origin/],
  ['an origin of the wrong type', { origins: [42] }, 'origins', /not an origin/],
  ['origins of the wrong type', { origins: 42 }, 'origins', /not an origin/],
  ['several origins in one string', { origins: 'https://a.test,https://b.test' }, 'origins', /array/],
  ['a port out of range', { origins: ['https://a.example.com:70000'] }, 'origins', /1 to 65535/],
  ['port 0', { origins: ['https://a.example.com:0'] }, 'origins', /1 to 65535/],
  ['an empty label', { origins: ['https://a..example.com'] }, 'origins', /empty label/],
  ['a non-ASCII host', { origins: ['https://bücher.example'] }, 'origins', /punycode/],
  ['user info in an origin', { origins: ['https://u@a.example.com'] }, 'origins', /user info/],
  ['a method that is not a token', { methods: ['GET', 'PU T'] }, 'methods', /not an HTTP method name/],
  ['CONNECT', { methods: ['CONNECT'] }, 'methods', /never send; remove it/],
  ['TRACE in any case', { methods: 'get, trace' }, 'methods', /never send/],
  ['TRACK', { methods: ['TRACK'] }, 'methods', /never send/],
  ["'*' inside a methods list", { methods: ['GET', '*'] }, 'methods', /alone/],
  ['spaces around an array method', { methods: [' GET'] }, 'methods', /spaces/],
  ['a header name that is not a token', { allowHeaders: ['X Custom'] }, 'allowHeaders', /not a header name/],
  ['a forbidden request header: Cookie', { allowHeaders: ['Cookie'] }, 'allowHeaders', /forbidden request header/],
  ['a forbidden request header: Host', { allowHeaders: 'Content-Type, Host' }, 'allowHeaders', /forbidden/],
  ['a forbidden request header: Content-Length', { allowHeaders: ['content-length'] }, 'allowHeaders', /forbidden/],
  ['a forbidden prefix: Sec-', { allowHeaders: ['Sec-Fetch-Mode'] }, 'allowHeaders', /forbidden/],
  ['a forbidden prefix: Proxy-', { allowHeaders: ['Proxy-Authorization'] }, 'allowHeaders', /forbidden/],
  ["'*' inside an allowHeaders list", { allowHeaders: ['*', 'x-a'] }, 'allowHeaders', /alone/],
  ["'*' inside an exposeHeaders list", { exposeHeaders: ['X-A', '*'] }, 'exposeHeaders', /alone/],
  ["exposeHeaders '*' with credentials", { origins: ['https://a.test'], supportsCredentials: true, exposeHeaders: '*' }, 'exposeHeaders', /list the header names/],
  ['an expose header that is not a token', { exposeHeaders: ['X:A'] }, 'exposeHeaders', /not a header name/],
  ['maxAge negative', { maxAge: -1 }, 'maxAge', /0 to 86400/],
  ['maxAge too large', { maxAge: 86401 }, 'maxAge', /0 to 86400/],
  ['maxAge not an integer', { maxAge: 1.5 }, 'maxAge', /whole number/],
  ['maxAge a non-digit string', { maxAge: 'ten' }, 'maxAge', /whole number/],
  ['preflightStatus below 200', { preflightStatus: 199 }, 'preflightStatus', /200 to 299/],
  ['preflightStatus 300', { preflightStatus: 300 }, 'preflightStatus', /200 to 299/],
  ['preflightStatus not a number', { preflightStatus: '204' }, 'preflightStatus', /200 to 299/],
  ['a boolean given as a string', { supportsCredentials: 'true', origins: ['https://a.test'] }, 'supportsCredentials', /not a boolean/],
  ['debug given as a number', { debug: 1 }, 'debug', /not a boolean/],
  ['onReject not a function', { onReject: 'log' }, 'onReject', /not a function/],
  ["unknown option 'origin' suggests 'origins'", { origin: 'https://a.test' }, 'origin', /did you mean origins\?/],
  ["Flask-CORS's 'headers' suggests 'allowHeaders'", { headers: ['x-a'] }, 'headers', /did you mean allowHeaders\?/],
  ["snake_case supports_credentials suggests supportsCredentials", { supports_credentials: true }, 'supports_credentials', /did you mean supportsCredentials\?/],
  ['a typo suggests the closest option', { maxAgee: 5 }, 'maxAgee', /did you mean maxAge\?/],
  ['a far-off name lists the options', { zzzzzzzzzzzz: 1 }, 'zzzzzzzzzzzz', /the options are origins, originTimeout, originCache, methods/],
  ['resources must be a record', { resources: ['/api'] }, 'resources', /record of path pattern/],
  ['a resource key that is no path', { resources: { api: {} } }, 'resources["api"]', /neither a path/],
  ["a resource key with '*' inside", { resources: { '/a/*/b': {} } }, 'resources["/a/*/b"]', /may only end a prefix pattern/],
  ['a resource RegExp that does not compile', { resources: { '^/(': {} } }, 'resources["^/("]', /not a valid RegExp/],
  ['a resource entry with a bad option', { resources: { '/api/*': { origins: ['https://a.test/'] } } }, 'resources["/api/*"].origins', /trailing slash/],
  ['a resource entry with an unknown option', { resources: { '/api/*': { origin: 'x' } } }, 'resources["/api/*"].origin', /did you mean origins/],
  ['nested resources', { resources: { '/api/*': { resources: {} } } }, 'resources["/api/*"].resources', /cannot be nested/],
  ['options that are not an object', 'https://a.test', 'options', /not an options object/],
  ['origins: null is a wrong type, not "allow all"', { origins: null }, 'origins', /not an origin/],
  ['preflightStatus: null is a wrong type', { preflightStatus: null }, 'preflightStatus', /200 to 299/],
  ['an IPv6 literal that does not parse', { origins: ['http://[:::::]'] }, 'origins', /not a valid DNS name or IP address/],
  ['an IPv4 address in brackets', { origins: ['http://[1.2.3.4]'] }, 'origins', /not a valid DNS name or IP address/],
  ['an IPv6 literal spelled longhand never matches', { origins: ['http://[0:0:0:0:0:0:0:1]'] }, 'origins', /browsers write as "\[::1\]"/],
  ['an IPv4 address with leading zeros never matches', { origins: ['http://127.000.000.001'] }, 'origins', /browsers write as "127\.0\.0\.1"/],
  ['a label starting with a hyphen', { origins: ['https://-a-.com'] }, 'origins', /hyphen/],
  ['a label over 63 characters', { origins: [`https://${'a'.repeat(70)}.com`] }, 'origins', /63 characters/],
  ['spaces around a comma-separated methods string', { methods: ' GET, PUT ' }, 'methods', /spaces/],
];

describe('invalid configuration fails at construction', () => {
  it.each(rows)('%s', (_rule, options, option, fix) => {
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
    expect(issue!.message).toMatch(fix);
    expect((error as Error).message).toContain(`${option}: ${issue!.message}`);
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
      expect(issues.map((i) => i.option).sort()).toEqual(['maxAge', 'methods', 'origin', 'origins', 'origins']);
      expect((e as Error).message).toMatch(/^Invalid CORS configuration \(5 problems\):/);
    }
  });
  it('every bad entry of a list is listed', () => {
    try {
      createCors({ methods: [5, 'TRACE', 'bad method', '*'] } as unknown as CorsOptions);
      expect.unreachable();
    } catch (e) {
      expect((e as CorsConfigError).issues.map((i) => i.option)).toEqual(['methods', 'methods', 'methods', 'methods']);
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
