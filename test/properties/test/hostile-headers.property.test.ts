/**
 * Any value a `Headers` object accepts, up to 1 MiB, in `Origin`,
 * `Access-Control-Request-Method` or `Access-Control-Request-Headers`, gets an answer: the
 * wrapper never throws and always answers with a Response. And the work per request grows
 * linearly with the size of those values (and of a configuration key).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createCors, CorsConfigError, withCors, type CorsOptions } from '@fetch-cors/core';
import { asHeaderValue } from './arbitraries.js';
import { property } from './seeds.js';

const MiB = 1 << 20;

/** One byte a header value may hold: Headers refuses NUL, CR and LF, and anything over U+00FF. */
const headerChar = fc
  .integer({ min: 1, max: 255 })
  .filter((c) => c !== 10 && c !== 13)
  .map((c) => String.fromCharCode(c));
const interesting = fc.constantFrom(
  ',',
  ', ',
  ' ',
  '.',
  ':',
  '*',
  '[',
  ']',
  '/',
  '@',
  '%',
  'a',
  '-',
  '_',
  '\t',
  'x-a',
  'https://',
  '*.',
  '::',
  '\u00ff',
  'null',
  'GET',
  'a.',
);
const fragment = fc.string({ unit: fc.oneof(headerChar, interesting), minLength: 1, maxLength: 12 });
const size = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 64 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 8192 }), weight: 3 },
  { arbitrary: fc.constantFrom(1023, 1024, 1025, 4096, 4097, 65536, MiB), weight: 1 },
);
const prefix = fc.constantFrom('', 'https://', 'https://a.', 'http://[', 'https://app.example.com', 'x-a, ');

/** A header value of up to 1 MiB as a Headers object keeps it (outer whitespace trimmed). */
const hostileValue = fc
  .tuple(prefix, fragment, size)
  .map(([p, f, n]) => asHeaderValue(p + f.repeat(Math.ceil(n / f.length)).slice(0, n)))
  .filter((v): v is string => v !== null);

const POLICIES: readonly { name: string; options: CorsOptions }[] = [
  {
    name: 'list with patterns and a RegExp',
    options: {
      origins: ['https://app.example.com', 'https://*.example.org', 'http://localhost:*', /https:\/\/[a-z]+\.example\.net/],
      allowHeaders: ['x-a', 'content-type'],
      supportsCredentials: true,
    },
  },
  {
    name: 'origins function, headers *',
    options: { origins: (o) => o.length % 2 === 0, allowHeaders: '*', methods: '*', supportsCredentials: true, debug: true },
  },
  { name: "origins '*' echoed, private network", options: { origins: '*', sendWildcard: false, allowPrivateNetwork: true, methods: ['PUT', 'purge'] } },
  { name: "origins '*'", options: { origins: '*' } },
];
const policy = fc.constantFrom(...POLICIES);
const slot = fc.constantFrom('origin', 'access-control-request-method', 'access-control-request-headers', 'all three');

function hostileRequest(where: string, value: string, preflight: boolean): Request {
  const headers = new Headers({ origin: 'https://app.example.com' });
  if (preflight) headers.set('access-control-request-method', 'PUT');
  for (const name of ['origin', 'access-control-request-method', 'access-control-request-headers']) {
    if (where === name || where === 'all three') headers.set(name, value);
  }
  return new Request('https://api.example.net/data', { method: preflight ? 'OPTIONS' : 'GET', headers });
}

describe('hostile header values', () => {
  const handlers = new Map(POLICIES.map((p) => [p.name, withCors(() => new Response('ok'), p.options)]));

  property('any header value up to 1 MiB gets a Response, never a throw', 'core', async (seed) => {
    await fc.assert(
      fc.asyncProperty(policy, slot, hostileValue, fc.boolean(), async (p, where, value, preflight) => {
        let res: unknown;
        try {
          res = await handlers.get(p.name)!(hostileRequest(where, value, preflight));
        } catch (error) {
          throw new Error(`the wrapper threw ${String(error)} for ${where} of ${value.length} characters`);
        }
        expect(res).toBeInstanceOf(Response);
        const status = (res as Response).status;
        expect(status >= 200 && status <= 599).toBe(true);
      }),
      { seed, numRuns: 500 },
    );
  });

  // Named values: each a shape a scanner could choke on.
  const rows = [
    { attack: '1 MiB of commas in Access-Control-Request-Headers', where: 'access-control-request-headers', value: ','.repeat(MiB) },
    { attack: '1 MiB of names in Access-Control-Request-Headers', where: 'access-control-request-headers', value: 'x-a,'.repeat(MiB / 4) },
    { attack: '1 MiB of labels in Origin', where: 'origin', value: `https://${'a.'.repeat(MiB / 2)}com` },
    { attack: '1 MiB of brackets in Origin', where: 'origin', value: `http://${'['.repeat(MiB)}` },
    { attack: '1 MiB method name', where: 'access-control-request-method', value: 'P'.repeat(MiB) },
    { attack: 'Latin-1 bytes in every slot', where: 'all three', value: '\u00ff\u00e9\u0080' },
    { attack: 'a lone * in every slot', where: 'all three', value: '*' },
  ];
  test.each(rows)('attack: $attack gets a Response', async ({ where, value }) => {
    for (const p of POLICIES) {
      for (const preflight of [true, false]) {
        const res = await handlers.get(p.name)!(hostileRequest(where, value, preflight));
        expect(res).toBeInstanceOf(Response);
      }
    }
  });
});

/*
 * Linear time. A wall-clock bound would be flaky on a shared 2-core machine, so these compare
 * the time for an input 16 times larger with the time for the smaller one: linear work takes
 * about 16x, quadratic about 256x; the bound is 64x, best of up to five tries (a try that
 * passes ends the test, so a fast machine pays for one; a try over twice the bound ends it too, as
 * no jitter explains that, so a quadratic scan is paid for once). A fixed 25 ms is added to the bound:
 * when the small input takes next to nothing (the library refuses it unread), jitter alone
 * could exceed 64x of it, while a quadratic scan of the larger input would take seconds.
 */
function timeOf(run: () => unknown, times: number): number {
  const start = performance.now();
  for (let i = 0; i < times; i++) run();
  return performance.now() - start;
}

async function expectLinear(small: number, make: (n: number) => () => unknown, times: number): Promise<void> {
  const large = small * 16;
  const runSmall = make(small);
  const runLarge = make(large);
  runSmall(); // warm up (the large input is not: a quadratic one would cost seconds more)
  runSmall();
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const ts = timeOf(runSmall, times);
    const tl = timeOf(runLarge, times);
    if (tl <= 64 * ts + 25) return;
    last = `${large} characters took ${tl.toFixed(1)} ms, ${small} took ${ts.toFixed(1)} ms (${(tl / ts).toFixed(0)}x; linear is 16x)`;
    if (tl > 2 * (64 * ts + 25)) break;
  }
  throw new Error(`not linear: ${last}`);
}

describe('time per request grows linearly', () => {
  const cors = withCors(() => new Response('ok'), {
    origins: ['https://*.example.org', /https:\/\/[a-z.]+\.example\.net/],
    allowHeaders: ['x-a'],
    supportsCredentials: true,
  });
  const shapes = [
    { header: 'origin', shape: 'dotted labels', make: (n: number) => `https://${'a.'.repeat(n / 2)}example.org` },
    { header: 'origin', shape: 'one long label', make: (n: number) => `https://${'a'.repeat(n)}.example.org` },
    { header: 'access-control-request-method', shape: 'one long name', make: (n: number) => 'P'.repeat(n) },
    { header: 'access-control-request-headers', shape: 'many names', make: (n: number) => 'x-a,'.repeat(n / 4) },
    { header: 'access-control-request-headers', shape: 'commas and spaces', make: (n: number) => ' ,'.repeat(n / 2) },
  ];
  test.each(shapes)('$header: $shape, 1 MiB within 64x of 64 KiB', async ({ header, make }) => {
    await expectLinear(
      64 * 1024,
      (n) => {
        const headers = new Headers({ origin: 'https://a.example.org', 'access-control-request-method': 'PUT' });
        headers.set(header, make(n));
        const req = new Request('https://api.example.net/', { method: 'OPTIONS', headers });
        return () => cors(req);
      },
      20,
    );
  });

  test('an unknown option name: 32 KiB within 64x of 2 KiB, and a CorsConfigError', async () => {
    expect(() => createCors({ ['_'.repeat(2048)]: true } as CorsOptions)).toThrow(CorsConfigError);
    await expectLinear(
      2048,
      (n) => {
        const key = '_'.repeat(n);
        return () => {
          try {
            createCors({ [key]: true } as CorsOptions);
          } catch {
            // the error is checked above
          }
        };
      },
      1,
    );
  });
});
