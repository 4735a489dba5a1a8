/**
 * checkCors against in-process handlers: the broken servers (one per check of the vocabulary),
 * the core's withCors, the preflight-needed rules with their value rules, what the preflight
 * sends, redirects, warnings and bad input.
 */
import { withCors, type CorsOptions } from '@fetch-cors/core';
import { describe, expect, it } from 'vitest';
import {
  CHECK_NAMES,
  CheckInputError,
  checkCors,
  unsafeHeaderNames,
  unsafeReason,
  type CheckName,
  type CheckRequest,
  type FetchFunction,
  type Stage,
  type WarningCode,
} from '../src/check/index.ts';
import { BROKEN_CASES, brokenServer } from './fixtures/servers.ts';

const APP = 'http://app.test';
const BASES = { main: 'http://api.test', alt: 'http://alt.test' };
const hello = () => new Response('hello');

describe('broken servers, in process', () => {
  for (const c of BROKEN_CASES) {
    it(c.name, async () => {
      const result = await checkCors({ ...c.request, url: c.url(BASES), origin: APP }, brokenServer);
      expect({ verdict: result.verdict, check: result.check, stage: result.stage, preflight: result.preflight }).toEqual({
        verdict: c.expect.verdict,
        check: c.expect.check,
        stage: c.expect.stage,
        preflight: c.expect.preflight,
      });
      expect(result.warnings.map((w) => w.code)).toEqual(c.expect.warnings ?? []);
      if (result.verdict === 'blocked') expect(result.fix).toMatch(/\S/);
      else expect(result.fix).toBeNull();
    });
  }

  it('every check of the vocabulary is reached by some case', () => {
    const reached = new Set(BROKEN_CASES.map((c) => c.expect.check).filter((c): c is CheckName => c !== null));
    expect([...reached].sort()).toEqual([...CHECK_NAMES].sort());
  });
});

interface CoreCase {
  name: string;
  options: CorsOptions;
  request: Omit<CheckRequest, 'url'>;
  verdict: 'allowed' | 'blocked';
  check: CheckName | null;
  stage: Stage | null;
  warnings?: WarningCode[];
}

const CORE_CASES: CoreCase[] = [
  { name: 'a listed origin is allowed', options: { origins: [APP] }, request: { origin: APP }, verdict: 'allowed', check: null, stage: null },
  {
    name: 'an unlisted origin gets no Access-Control-Allow-Origin',
    options: { origins: [APP] },
    request: { origin: 'http://evil.test' },
    verdict: 'blocked',
    check: 'allow-origin-missing',
    stage: 'actual',
  },
  {
    name: 'a refused preflight is a 403 without CORS headers',
    options: { origins: [APP], methods: ['GET'] },
    request: { origin: APP, method: 'PUT' },
    verdict: 'blocked',
    check: 'allow-origin-missing',
    stage: 'preflight',
  },
  {
    name: 'with debug a refused method is named',
    options: { origins: [APP], methods: ['GET'], debug: true },
    request: { origin: APP, method: 'PUT' },
    verdict: 'blocked',
    check: 'method-not-allowed',
    stage: 'preflight',
  },
  {
    name: 'with debug a refused header is named',
    options: { origins: [APP], allowHeaders: ['Content-Type'], debug: true },
    request: { origin: APP, headers: { 'X-Custom': '1' } },
    verdict: 'blocked',
    check: 'header-not-allowed',
    stage: 'preflight',
  },
  {
    name: 'credentials need supportsCredentials',
    options: { origins: [APP] },
    request: { origin: APP, credentials: true },
    verdict: 'blocked',
    check: 'allow-credentials-missing',
    stage: 'actual',
  },
  {
    name: 'credentials with supportsCredentials are allowed',
    options: { origins: [APP], supportsCredentials: true },
    request: { origin: APP, credentials: true, method: 'PUT', headers: { Authorization: 'Bearer t' } },
    verdict: 'allowed',
    check: null,
    stage: null,
  },
  {
    name: 'the default * refuses credentials',
    options: {},
    request: { origin: APP, credentials: true },
    verdict: 'blocked',
    check: 'wildcard-with-credentials',
    stage: 'actual',
  },
  {
    name: 'allowHeaders * echoes Authorization, so no warning',
    options: {},
    request: { origin: APP, headers: { Authorization: 'Bearer t' } },
    verdict: 'allowed',
    check: null,
    stage: null,
  },
  {
    name: 'maxAge above two hours warns of the Chromium cap',
    options: { origins: [APP], maxAge: 86400 },
    request: { origin: APP, method: 'DELETE' },
    verdict: 'allowed',
    check: null,
    stage: null,
    warnings: ['max-age-capped'],
  },
  {
    name: 'varyHeader false beside an echoed origin warns',
    options: { origins: [APP], varyHeader: false },
    request: { origin: APP },
    verdict: 'allowed',
    check: null,
    stage: null,
    warnings: ['vary-origin-missing'],
  },
  {
    name: 'a subdomain pattern allows a subdomain',
    options: { origins: ['https://*.example.com'] },
    request: { origin: 'https://a.example.com', method: 'PATCH' },
    verdict: 'allowed',
    check: null,
    stage: null,
  },
];

describe('withCors from @fetch-cors/core', () => {
  for (const c of CORE_CASES) {
    it(c.name, async () => {
      const result = await checkCors({ ...c.request, url: 'http://api.test/items' }, withCors(hello, c.options) as FetchFunction);
      expect({ verdict: result.verdict, check: result.check, stage: result.stage }).toEqual({ verdict: c.verdict, check: c.check, stage: c.stage });
      expect(result.warnings.map((w) => w.code)).toEqual(c.warnings ?? []);
    });
  }
});

interface RefusedPreflightCase {
  name: string;
  options: CorsOptions;
  request: Omit<CheckRequest, 'url'>;
  /** What the explanation must name as possibly refused. */
  names: string[];
}

// A fetch-cors server refuses a preflight with 403 and only Vary, whichever of origin, method
// or header it refused: the checker cannot tell which, and must not claim the origin is unlisted.
const REFUSED_PREFLIGHT_CASES: RefusedPreflightCase[] = [
  {
    name: 'a refused method: the preflight was refused, the origin is not blamed alone',
    options: { origins: [APP], methods: ['GET'] },
    request: { origin: APP, method: 'PUT' },
    names: [`the origin ${APP}`, 'the method PUT'],
  },
  {
    name: 'a refused header: the requested header is among what may have been refused',
    options: { origins: [APP], allowHeaders: ['Content-Type'] },
    request: { origin: APP, headers: { 'X-Custom': '1' } },
    names: [`the origin ${APP}`, 'the method GET', 'a requested header (x-custom)'],
  },
  {
    name: 'a refused origin: the preflight was refused, and the origin is among the suspects',
    options: { origins: [APP] },
    request: { origin: 'http://evil.test', method: 'DELETE' },
    names: ['the origin http://evil.test', 'the method DELETE'],
  },
];

describe('a preflight refused with a non-2xx and no Access-Control-* header', () => {
  for (const c of REFUSED_PREFLIGHT_CASES) {
    it(c.name, async () => {
      const result = await checkCors({ ...c.request, url: 'http://api.test/items' }, withCors(hello, c.options) as FetchFunction);
      expect({ verdict: result.verdict, check: result.check, stage: result.stage, status: result.exchanges[0]?.response.status }).toEqual({
        verdict: 'blocked',
        check: 'allow-origin-missing',
        stage: 'preflight',
        status: 403,
      });
      expect(result.explanation).toContain('The server refused the preflight');
      for (const name of c.names) expect(result.explanation).toContain(name);
      expect(result.fix).toContain('debug: true');
      expect(result.fix).toContain('onReject');
      expect(result.fix).not.toContain('must list');
    });
  }

  it('a preflight with no CORS header but a 2xx status still says the header is missing', async () => {
    const result = await checkCors({ url: 'http://api.test/items', origin: APP, method: 'PUT' }, () => new Response(null, { status: 204 }));
    expect({ check: result.check, stage: result.stage }).toEqual({ check: 'allow-origin-missing', stage: 'preflight' });
    expect(result.explanation).toBe('No Access-Control-Allow-Origin header is present on the preflight response.');
  });
});

interface SafelistCase {
  name: string;
  header: string;
  value: string;
  safelisted: boolean;
}

const SAFELIST_CASES: SafelistCase[] = [
  { name: 'Accept of any safe bytes', header: 'Accept', value: 'application/json, */*', safelisted: true },
  { name: 'Accept with a double quote', header: 'Accept', value: 'text/html; q="1"', safelisted: false },
  { name: 'Accept of 128 bytes', header: 'Accept', value: 'a'.repeat(128), safelisted: true },
  { name: 'Accept of 129 bytes', header: 'Accept', value: 'a'.repeat(129), safelisted: false },
  { name: 'Accept-Language with q values', header: 'Accept-Language', value: 'en-GB,en;q=0.9', safelisted: true },
  { name: 'Accept-Language with an underscore', header: 'Accept-Language', value: 'en_GB', safelisted: false },
  { name: 'Content-Language with a slash', header: 'Content-Language', value: 'en/GB', safelisted: false },
  { name: 'Content-Type text/plain', header: 'Content-Type', value: 'text/plain', safelisted: true },
  { name: 'Content-Type upper case with a charset', header: 'Content-Type', value: 'Text/Plain; charset=utf-8', safelisted: true },
  { name: 'Content-Type form-urlencoded', header: 'Content-Type', value: 'application/x-www-form-urlencoded', safelisted: true },
  { name: 'Content-Type multipart with a boundary', header: 'Content-Type', value: 'multipart/form-data; boundary=abc', safelisted: true },
  { name: 'Content-Type application/json', header: 'Content-Type', value: 'application/json', safelisted: false },
  { name: 'Content-Type that does not parse', header: 'Content-Type', value: 'text', safelisted: false },
  { name: 'Content-Type with an unsafe byte in a parameter', header: 'Content-Type', value: 'text/plain; a=@', safelisted: false },
  { name: 'Range start and end', header: 'Range', value: 'bytes=0-499', safelisted: true },
  { name: 'Range open end', header: 'Range', value: 'bytes=100-', safelisted: true },
  { name: 'Range suffix', header: 'Range', value: 'bytes=-500', safelisted: false },
  { name: 'Range two ranges', header: 'Range', value: 'bytes=0-1,3-4', safelisted: false },
  { name: 'Range start after end', header: 'Range', value: 'bytes=5-1', safelisted: false },
  { name: 'Range with a space', header: 'Range', value: 'bytes= 0-1', safelisted: false },
  { name: 'Range in another unit', header: 'Range', value: 'items=0-1', safelisted: false },
  { name: 'a custom header', header: 'X-Requested-With', value: 'XMLHttpRequest', safelisted: false },
  { name: 'Authorization', header: 'Authorization', value: 'Bearer t', safelisted: false },
];

describe('CORS-safelisted request headers', () => {
  for (const c of SAFELIST_CASES) {
    it(`${c.name} is ${c.safelisted ? '' : 'not '}safelisted`, () => {
      expect(unsafeReason(c.header, c.value) === null).toBe(c.safelisted);
    });
  }

  it('safelisted values over 1024 bytes in total make every one of them unsafe', () => {
    const headers: Array<[string, string]> = [
      ['Accept', 'a'.repeat(128)],
      ['Accept-Language', 'b'.repeat(128)],
      ...Array.from({ length: 7 }, () => ['Content-Language', 'c'.repeat(128)] as [string, string]),
    ];
    expect([...unsafeHeaderNames(headers).keys()]).toEqual(['accept', 'accept-language', 'content-language']);
    expect([...unsafeHeaderNames(headers.slice(0, 8)).keys()]).toEqual([]);
  });
});

/** A handler that records what it received and answers every preflight with what was asked. */
function recorder(): { seen: Request[]; fetchFn: FetchFunction } {
  const seen: Request[] = [];
  const fetchFn: FetchFunction = (request) => {
    seen.push(request);
    return brokenServer(request);
  };
  return { seen, fetchFn };
}

describe('what the browser sends', () => {
  it('the preflight carries the method and the unsafe header names lower-cased, sorted, joined with a bare comma', async () => {
    const { seen, fetchFn } = recorder();
    await checkCors(
      { url: 'http://api.test/ok', origin: APP, method: 'put', headers: { 'X-B': '1', 'Content-Type': 'application/json', 'X-A': '2', Accept: 'text/plain' } },
      fetchFn,
    );
    const preflight = seen[0]!;
    expect(preflight.method).toBe('OPTIONS');
    expect(preflight.headers.get('origin')).toBe(APP);
    expect(preflight.headers.get('access-control-request-method')).toBe('PUT');
    expect(preflight.headers.get('access-control-request-headers')).toBe('content-type,x-a,x-b');
    expect(preflight.headers.get('x-a')).toBeNull();
    expect(seen[1]!.method).toBe('PUT');
    expect(seen[1]!.headers.get('x-a')).toBe('2');
  });

  it('methods outside the six known ones keep their case', async () => {
    const { seen, fetchFn } = recorder();
    await checkCors({ url: 'http://api.test/ok', origin: APP, method: 'Patch' }, fetchFn);
    expect(seen[0]!.headers.get('access-control-request-method')).toBe('Patch');
  });

  it('a simple request sends no preflight and carries Origin', async () => {
    const { seen, fetchFn } = recorder();
    const result = await checkCors({ url: 'http://api.test/ok', origin: APP }, fetchFn);
    expect(seen.map((r) => r.method)).toEqual(['GET']);
    expect(result.exchanges[0]!.request.headers.origin).toBe(APP);
    expect(result.preflightReason).toBeNull();
  });

  it('the preflight reason names the method and each unsafe header', async () => {
    const result = await checkCors({ url: 'http://api.test/ok', origin: APP, method: 'DELETE', headers: { 'X-Custom': '1' } }, brokenServer);
    expect(result.preflightReason).toMatchObject({ method: 'DELETE', headers: ['x-custom'] });
    expect(result.preflightReason?.explanation).toContain('DELETE');
    expect(result.preflightReason?.explanation).toContain('x-custom');
  });

  it('every exchange lists the CORS headers of its response', async () => {
    const result = await checkCors({ url: 'http://api.test/redirect-ok', origin: APP }, brokenServer);
    expect(result.exchanges.map((e) => [e.stage, e.request.url, e.response.status])).toEqual([
      ['actual', 'http://api.test/redirect-ok', 302],
      ['actual', 'http://api.test/ok', 200],
    ]);
    expect(result.exchanges[0]!.response.headers).toEqual({ 'access-control-allow-origin': APP, location: '/ok', vary: 'Origin' });
  });
});

describe('redirects', () => {
  it('a 303 turns a POST into a GET without its body headers', async () => {
    const handler: FetchFunction = (request) =>
      new URL(request.url).pathname === '/form'
        ? new Response(null, { status: 303, headers: { location: '/ok', 'access-control-allow-origin': APP } })
        : brokenServer(request);
    const result = await checkCors({ url: 'http://api.test/form', origin: APP, method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' }, handler);
    expect(result.verdict).toBe('allowed');
    expect(result.exchanges[1]!.request.method).toBe('GET');
    expect(result.exchanges[1]!.request.headers['content-type']).toBeUndefined();
  });

  it('the Origin is null after a second change of origin', async () => {
    const result = await checkCors({ url: `http://api.test/redirect-cross?to=${encodeURIComponent('http://alt.test/reflect')}`, origin: APP }, brokenServer);
    expect(result.exchanges.map((e) => e.request.headers.origin)).toEqual([APP, 'null']);
  });

  it('a request blocked after its Origin became null says so', async () => {
    const result = await checkCors(
      { url: `http://api.test/redirect-cross?to=${encodeURIComponent('http://alt.test/only-real-origins')}`, origin: APP },
      brokenServer,
    );
    expect(result).toMatchObject({ verdict: 'blocked', check: 'allow-origin-missing', stage: 'actual' });
    expect(result.explanation).toContain('Origin: null');
    expect(result.fix).toContain('http://alt.test/only-real-origins');
  });

  it('the Origin stays when a same-origin page is redirected to another origin', async () => {
    const result = await checkCors({ url: `http://app.test/redirect-cross?to=${encodeURIComponent('http://alt.test/reflect')}`, origin: APP }, brokenServer);
    expect(result.verdict).toBe('allowed');
    expect(result.exchanges.map((e) => e.request.headers.origin)).toEqual([undefined, APP]);
    expect(result.warnings.map((w) => w.code)).toEqual(['same-origin']);
  });

  it('a cross-origin redirect drops Authorization and preflights the new URL', async () => {
    const result = await checkCors(
      {
        url: `http://api.test/redirect-cross?to=${encodeURIComponent('http://alt.test/ok')}`,
        origin: APP,
        headers: { Authorization: 'Bearer t', 'X-Custom': '1' },
      },
      brokenServer,
    );
    expect(result.exchanges.map((e) => [e.stage, e.request.url])).toEqual([
      ['preflight', expect.stringContaining('http://api.test/redirect-cross')],
      ['actual', expect.stringContaining('http://api.test/redirect-cross')],
      ['preflight', 'http://alt.test/ok'],
      ['actual', 'http://alt.test/ok'],
    ]);
    expect(result.exchanges[2]!.request.headers['access-control-request-headers']).toBe('x-custom');
    expect(result.exchanges[3]!.request.headers.authorization).toBeUndefined();
    expect(result.warnings.map((w) => w.code)).toContain('authorization-dropped');
  });

  it('a redirect loop ends with an error, as a browser gives up after 20', async () => {
    const loop: FetchFunction = () => new Response(null, { status: 302, headers: { location: '/again', 'access-control-allow-origin': '*' } });
    await expect(checkCors({ url: 'http://api.test/loop', origin: APP }, loop)).rejects.toThrow(/20 redirects/);
  });
});

describe('requests no page can make', () => {
  const rows: Array<{ name: string; request: CheckRequest; message: RegExp }> = [
    { name: 'a relative URL', request: { url: '/items', origin: APP }, message: /absolute URL/ },
    { name: 'a non-http URL', request: { url: 'ftp://api.test/', origin: APP }, message: /http/ },
    { name: 'an origin with a path', request: { url: 'http://api.test/', origin: 'http://app.test/path' }, message: /serialized origin/ },
    { name: 'an origin without a scheme', request: { url: 'http://api.test/', origin: 'app.test' }, message: /serialized origin/ },
    { name: 'the CONNECT method', request: { url: 'http://api.test/', origin: APP, method: 'connect' }, message: /CONNECT/ },
    { name: 'a method that is not a token', request: { url: 'http://api.test/', origin: APP, method: 'GET X' }, message: /token/ },
    { name: 'a header name that is not a token', request: { url: 'http://api.test/', origin: APP, headers: { 'X A': '1' } }, message: /token/ },
  ];
  for (const row of rows) {
    it(`${row.name} is a CheckInputError`, async () => {
      const error = await checkCors(row.request, brokenServer).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CheckInputError);
      expect((error as Error).message).toMatch(row.message);
    });
  }

  it('a forbidden header is left out with a warning, as a browser does', async () => {
    const result = await checkCors({ url: 'http://api.test/ok', origin: APP, headers: { Cookie: 'a=1' } }, brokenServer);
    expect(result.preflight).toBe(false);
    expect(result.exchanges[0]!.request.headers.cookie).toBeUndefined();
    expect(result.warnings.map((w) => w.code)).toEqual(['forbidden-header']);
  });

  it('an error thrown by the fetch function reaches the caller', async () => {
    await expect(checkCors({ url: 'http://api.test/', origin: APP }, () => Promise.reject(new TypeError('fetch failed')))).rejects.toThrow('fetch failed');
  });
});
