/**
 * Origin matching: for generated policies and generated origins (mostly near misses of the
 * allowed ones), the library allows exactly what the reference predicate allows. The decision
 * is read from real answers: an actual request's `Access-Control-Allow-Origin` and a preflight's.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { withCors } from '@fetch-cors/core';
import { asHeaderValue, attackOrigin, originPolicy } from './arbitraries.js';
import { allows, canonicalOrigin, originsOption, type OriginPolicy } from './reference.js';
import { property } from './seeds.js';

interface Decision {
  readonly actual: string | null;
  readonly preflight: string | null;
  readonly preflightStatus: number;
  /** Origins the policy's function was asked about. */
  readonly asked: string[];
}

async function decide(policy: OriginPolicy, origin: string): Promise<Decision> {
  const asked: string[] = [];
  let origins = originsOption(policy);
  if (typeof origins === 'function') {
    const inner = origins as (o: string) => boolean | Promise<boolean>;
    origins = (o: string) => {
      asked.push(o);
      return inner(o);
    };
  }
  const handler = withCors(() => new Response('ok'), { origins: origins as never, sendWildcard: false });
  const url = 'https://api.example.net/data';
  const actual = await handler(new Request(url, { headers: { origin } }));
  const preflight = await handler(new Request(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } }));
  return {
    actual: actual.headers.get('access-control-allow-origin'),
    preflight: preflight.headers.get('access-control-allow-origin'),
    preflightStatus: preflight.status,
    asked,
  };
}

function expectDecision(d: Decision, origin: string, allowed: boolean): void {
  expect(d.actual).toBe(allowed ? origin : null);
  expect(d.preflight).toBe(allowed ? origin : null);
  expect(d.preflightStatus).toBe(allowed ? 204 : 403);
  // An origin no browser can send is never handed to an origins function.
  for (const o of d.asked) expect(canonicalOrigin(o), `function asked about ${JSON.stringify(o)}`).not.toBeNull();
}

describe('origin matching equals the reference predicate', () => {
  property('allowed exactly when the reference allows the origin', 'core', async (seed) => {
    const scenario = originPolicy.chain((g) => fc.tuple(fc.constant(g.policy), attackOrigin(g)));
    await fc.assert(
      fc.asyncProperty(scenario, async ([policy, { origin: raw }]) => {
        const origin = asHeaderValue(raw);
        fc.pre(origin !== null);
        expectDecision(await decide(policy, origin!), origin!, allows(policy, origin!));
      }),
      { seed, numRuns: 2500 },
    );
  });

  // The reference itself, on the cases the WHATWG parser settles.
  const referenceRows = [
    { rule: 'a browser-serialized origin is valid', origin: 'https://app.example.com', valid: true },
    { rule: 'underscores in names are valid', origin: 'https://my_site.example.com', valid: true },
    { rule: 'an octet over 255 is not an IPv4 address', origin: 'http://256.1.1.1', valid: false },
    { rule: 'a hex IPv4 part is rewritten by browsers', origin: 'http://0x100.1.1.1', valid: false },
    { rule: 'a three-part IPv4 address is rewritten by browsers', origin: 'http://1.2.3', valid: false },
    { rule: 'a name ending in a number is an IPv4 address', origin: 'http://a.123', valid: false },
    { rule: 'two :: in an IPv6 address', origin: 'http://[1::2::3]', valid: false },
    { rule: 'an uncompressed IPv6 address is compressed by browsers', origin: 'http://[1:0:0:0:0:0:0:2]', valid: false },
    { rule: 'a compressed IPv6 address is valid', origin: 'http://[1::2]', valid: true },
    { rule: 'a trailing dot names a fully qualified origin, valid and distinct', origin: 'https://app.example.com.', valid: true },
    { rule: 'a trailing dot on an IPv4 address is not how a browser writes it', origin: 'http://1.2.3.4.', valid: false },
    { rule: 'userinfo is no part of an origin', origin: 'https://user@app.example.com', valid: false },
    { rule: 'a path is no part of an origin', origin: 'https://app.example.com/', valid: false },
    { rule: 'port 0 cannot be connected to', origin: 'https://app.example.com:0', valid: false },
    { rule: 'a port with a leading zero is rewritten by browsers', origin: 'https://app.example.com:08443', valid: false },
    { rule: 'punycode is valid', origin: 'https://xn--nxasmq6b.com', valid: true },
    { rule: 'a non-ASCII name is sent in punycode', origin: 'https://bücher.example', valid: false },
  ];
  test.each(referenceRows)('reference: $rule ($origin)', ({ origin, valid }) => {
    expect(canonicalOrigin(origin) !== null).toBe(valid);
  });

  // Named attacks: each a near miss that one of the generators above produces.
  const attackRows: { attack: string; origins: unknown; origin: string; allowed: boolean }[] = [
    { attack: 'label added in front of an exact origin', origins: ['https://app.example.com'], origin: 'https://evil.app.example.com', allowed: false },
    {
      attack: 'attacker suffix appended to an exact origin',
      origins: ['https://app.example.com'],
      origin: 'https://app.example.com.evil.test',
      allowed: false,
    },
    { attack: 'attacker name glued onto an exact origin', origins: ['https://app.example.com'], origin: 'https://app.example.comevil', allowed: false },
    { attack: 'hyphen for dot in an exact origin', origins: ['https://app.example.com'], origin: 'https://app-example.com', allowed: false },
    { attack: 'upper-case request origin is the same origin', origins: ['https://app.example.com'], origin: 'HTTPS://APP.EXAMPLE.COM', allowed: true },
    { attack: 'default port spelled out is the same origin', origins: ['https://app.example.com'], origin: 'https://app.example.com:443', allowed: true },
    { attack: "other scheme's default port is another origin", origins: ['https://app.example.com'], origin: 'https://app.example.com:80', allowed: false },
    { attack: 'trailing dot on an exact origin', origins: ['https://app.example.com'], origin: 'https://app.example.com.', allowed: false },
    { attack: 'userinfo before an exact origin', origins: ['https://app.example.com'], origin: 'https://user@app.example.com', allowed: false },
    { attack: 'attacker host after userinfo-like @', origins: ['https://app.example.com'], origin: 'https://app.example.com@evil.test', allowed: false },
    { attack: 'path after an exact origin', origins: ['https://app.example.com'], origin: 'https://app.example.com/x', allowed: false },
    { attack: 'subdomain pattern never matches the apex', origins: ['https://*.example.com'], origin: 'https://example.com', allowed: false },
    { attack: 'subdomain pattern with a suffix glued', origins: ['https://*.example.com'], origin: 'https://a.example.com.evil.test', allowed: false },
    { attack: 'subdomain pattern with the dot glued away', origins: ['https://*.example.com'], origin: 'https://evilexample.com', allowed: false },
    { attack: 'subdomain pattern with an empty label', origins: ['https://*.example.com'], origin: 'https://.example.com', allowed: false },
    { attack: 'subdomain pattern with a trailing dot', origins: ['https://*.example.com'], origin: 'https://a.example.com.', allowed: false },
    { attack: 'subdomain pattern with userinfo', origins: ['https://*.example.com'], origin: 'https://a@b.example.com', allowed: false },
    { attack: 'subdomain pattern with punycode label', origins: ['https://*.example.com'], origin: 'https://xn--nxasmq6b.example.com', allowed: true },
    { attack: 'subdomain pattern with a non-ASCII label', origins: ['https://*.example.com'], origin: 'https://bücher.example.com', allowed: false },
    { attack: 'subdomain pattern with a space in a label', origins: ['https://*.example.com'], origin: 'https://a b.example.com', allowed: false },
    { attack: 'port pattern with port 0', origins: ['http://localhost:*'], origin: 'http://localhost:0', allowed: false },
    { attack: 'port pattern with a port over 65535', origins: ['http://localhost:*'], origin: 'http://localhost:65536', allowed: false },
    { attack: 'port pattern with a label added', origins: ['http://localhost:*'], origin: 'http://evil.localhost:3000', allowed: false },
    { attack: 'port pattern with no port', origins: ['http://localhost:*'], origin: 'http://localhost', allowed: true },
    { attack: 'unanchored RegExp with a suffix', origins: [/https:\/\/app\.example\.com/], origin: 'https://app.example.com.evil.test', allowed: false },
    { attack: 'any-origin policy and an octet over 255', origins: '*', origin: 'http://256.256.256.256', allowed: false },
    { attack: 'any-origin policy and a last octet over 255', origins: '*', origin: 'http://1.2.3.999', allowed: false },
    { attack: 'any-origin policy and two :: in IPv6', origins: '*', origin: 'http://[1::2::3]', allowed: false },
    { attack: 'any-origin policy and a hex IPv4 part', origins: '*', origin: 'http://0x100.1.1.1', allowed: false },
    { attack: 'any-origin policy and a three-part IPv4 address', origins: '*', origin: 'http://1.2.3', allowed: false },
    { attack: 'any-origin policy and a name ending in a number', origins: '*', origin: 'http://a.123', allowed: false },
    { attack: 'any-origin policy and an uncompressed IPv6 address', origins: '*', origin: 'http://[1:0:0:0:0:0:0:2]', allowed: false },
    { attack: 'any-origin policy and underscores', origins: '*', origin: 'https://my_site.example.com', allowed: true },
    { attack: "'null' not listed", origins: ['https://app.example.com'], origin: 'null', allowed: false },
    { attack: "'null' listed", origins: ['null'], origin: 'null', allowed: true },
  ];
  test.each(attackRows)('attack: $attack ($origin)', async ({ origins, origin, allowed }) => {
    const handler = withCors(() => new Response('ok'), { origins: origins as never, sendWildcard: false });
    const res = await handler(new Request('https://api.example.net/', { headers: { origin } }));
    expect(res.headers.get('access-control-allow-origin')).toBe(allowed ? origin : null);
  });

  const functionRows = [
    { attack: 'octet over 255 handed to an origins function', origin: 'http://256.1.1.1' },
    { attack: 'hex IPv4 handed to an origins function', origin: 'http://0x100.1.1.1' },
    { attack: 'two :: in IPv6 handed to an origins function', origin: 'http://[1::2::3]' },
    { attack: 'path handed to an origins function', origin: 'https://app.example.com/x' },
  ];
  test.each(functionRows)('attack: $attack ($origin)', async ({ origin }) => {
    const asked: string[] = [];
    const handler = withCors(() => new Response('ok'), {
      origins: (o) => {
        asked.push(o);
        return true;
      },
    });
    const res = await handler(new Request('https://api.example.net/', { headers: { origin } }));
    expect(asked).toEqual([]);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
