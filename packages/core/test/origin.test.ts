import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../src/index.js';
import { request, send } from './helpers.js';

const ACAO = 'access-control-allow-origin';

type Row = [rule: string, origins: CorsOptions['origins'], origin: string, allowed: boolean];

const rows: Row[] = [
  ['an exact origin is allowed', ['https://app.example.com'], 'https://app.example.com', true],
  ['a lone exact string is allowed', 'https://app.example.com', 'https://app.example.com', true],
  ['an unlisted origin is refused', ['https://app.example.com'], 'https://evil.example.com', false],
  ['scheme must match: http is not https', ['https://app.example.com'], 'http://app.example.com', false],
  ['port must match', ['https://app.example.com'], 'https://app.example.com:8443', false],
  ['host is compared case-insensitively', ['https://App.Example.com'], 'https://app.example.com', true],
  ['request origin compared case-insensitively', ['https://app.example.com'], 'HTTPS://APP.EXAMPLE.COM', true],
  ['a configured default port is normalised', ['https://app.example.com:443'], 'https://app.example.com', true],
  ['a requested default port is normalised', ['https://app.example.com'], 'https://app.example.com:443', true],
  ['http default port 80 is normalised', ['http://app.example.com:80'], 'http://app.example.com', true],
  ['a non-default port is kept', ['http://localhost:3000'], 'http://localhost:3000', true],
  ['another port is refused', ['http://localhost:3000'], 'http://localhost:3001', false],
  ['suffix trick: evilexample.com is not example.com', ['https://example.com'], 'https://evilexample.com', false],
  ['prefix trick: example.com.evil.io is refused', ['https://example.com'], 'https://example.com.evil.io', false],
  ['subdomain pattern matches one label', ['https://*.example.com'], 'https://a.example.com', true],
  ['subdomain pattern matches several labels', ['https://*.example.com'], 'https://a.b.example.com', true],
  ['subdomain pattern never matches the apex', ['https://*.example.com'], 'https://example.com', false],
  ['subdomain pattern refuses evilexample.com', ['https://*.example.com'], 'https://evilexample.com', false],
  ['subdomain pattern refuses example.com.evil.io', ['https://*.example.com'], 'https://a.example.com.evil.io', false],
  ['subdomain pattern keeps the scheme', ['https://*.example.com'], 'http://a.example.com', false],
  ['subdomain pattern keeps the port', ['https://*.example.com'], 'https://a.example.com:8443', false],
  ['subdomain pattern with a port matches that port', ['https://*.example.com:8443'], 'https://a.example.com:8443', true],
  ['subdomain pattern with a port refuses no port', ['https://*.example.com:8443'], 'https://a.example.com', false],
  ['subdomain pattern refuses an empty label', ['https://*.example.com'], 'https://.example.com', false],
  ['subdomain pattern refuses a double dot', ['https://*.example.com'], 'https://a..example.com', false],
  ['subdomain pattern is case-insensitive', ['https://*.Example.com'], 'https://A.EXAMPLE.COM', true],
  ['subdomain pattern matches a mixed-case subdomain', ['https://*.example.com'], 'https://App.example.com', true],
  ['subdomain pattern matches a mixed-case scheme', ['https://*.example.com'], 'HTTPS://app.example.com', true],
  ['subdomain pattern allows an underscore label', ['https://*.example.com'], 'https://a_b.example.com', true],
  ['subdomain pattern refuses a slash before the suffix', ['https://*.example.com'], 'https://a/.example.com', false],
  ['subdomain pattern refuses a path inside the host', ['https://*.example.com'], 'https://x/y.example.com', false],
  ['subdomain pattern refuses a label with a bad character', ['https://*.example.com'], 'https://a!.example.com', false],
  ['subdomain pattern refuses a port inside the labels', ['https://*.example.com'], 'https://a:1.example.com', false],
  ['subdomain pattern refuses an Origin over 1024 characters', ['https://*.example.com'], `https://${'a.'.repeat(600)}example.com`, false],
  ['port pattern matches any port', ['http://localhost:*'], 'http://localhost:5173', true],
  ['port pattern matches no port', ['http://localhost:*'], 'http://localhost', true],
  ['port pattern keeps the host', ['http://localhost:*'], 'http://localhost.evil.io:80', false],
  ['port pattern keeps the scheme', ['http://localhost:*'], 'https://localhost:5173', false],
  ['port pattern refuses port 0', ['http://localhost:*'], 'http://localhost:0', false],
  ['port pattern refuses a port over 65535', ['http://localhost:*'], 'http://localhost:65536', false],
  ['a RegExp must match the whole origin', [/https:\/\/app\.example\.com/], 'https://app.example.com.evil.io', false],
  ['a RegExp matching the whole origin allows it', [/https:\/\/[a-z]+\.example\.com/], 'https://app.example.com', true],
  ['a lone RegExp is allowed', /^https:\/\/(a|b)\.example\.com$/, 'https://b.example.com', true],
  ['a RegExp is asked about null', [/null/], 'null', true],
  ['a mixed list: the RegExp entry matches', ['https://a.example.com', /https:\/\/b\.example\.org/], 'https://b.example.org', true],
  ["'null' matches only when listed", ['https://app.example.com'], 'null', false],
  ["listed 'null' matches null", ['null'], 'null', true],
  ["a subdomain pattern never matches null", ['https://*.example.com'], 'null', false],
  ["'*' matches every origin", '*', 'https://any.example', true],
  ["'*' matches null", '*', 'null', true],
  ['a function decides', (o: string) => o.endsWith('.trusted.test'), 'https://x.trusted.test', true],
  ['a function may refuse', (o: string) => o.endsWith('.trusted.test'), 'https://x.other.test', false],
  ['an async function decides', async (o: string) => o === 'https://async.test', 'https://async.test', true],
  ['an async function may refuse', async () => false, 'https://async.test', false],
  ['a function is asked about null', (o: string) => o === 'null', 'null', true],
  ['a function that throws refuses', () => { throw new Error('db down'); }, 'https://x.test', false],
  ['a function returning a truthy non-boolean refuses', (() => 'yes') as unknown as () => boolean, 'https://x.test', false],
  ['an origin with a path is refused', ['https://app.example.com'], 'https://app.example.com/', false],
  ['an origin with inner spaces is refused', ['https://*.example.com'], 'https://a b.example.com', false],
  ['an origin with a bad port is refused by a pattern', ['http://localhost:*'], 'http://localhost:99999', false],
  ['an invalid origin is never passed to a function', () => true, 'not an origin', false],
  ['an origin with user info is refused', ['https://*.example.com'], 'https://user@a.example.com', false],
  ['an IPv6 origin is matched exactly', ['http://[::1]:8080'], 'http://[::1]:8080', true],
  ['an IPv4 origin is matched exactly', ['http://127.0.0.1:8080'], 'http://127.0.0.1:8080', true],
  ['punycode origins are matched', ['https://xn--bcher-kva.example'], 'https://xn--bcher-kva.example', true],
];

describe('origin matching', () => {
  it.each(rows)('%s', async (_rule, origins, origin, allowed) => {
    const seen = await send({ origins, sendWildcard: false }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBe(allowed ? origin : null);
    expect(seen.ran).toBe(true);
  });
});

describe('origin matching with many entries', () => {
  const exact = Array.from({ length: 1000 }, (_, i) => `https://site${i}.example.com`);
  const patterns = Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.net`);
  const origins = [...exact, ...patterns];
  const big: Row[] = [
    ['the 1000th exact origin is found', origins, 'https://site999.example.com', true],
    ['the 100th pattern is found', origins, 'https://a.b.tenant99.example.net', true],
    ['a pattern apex is refused among many', origins, 'https://tenant42.example.net', false],
    ['an unlisted origin is refused among many', origins, 'https://site1000.example.com', false],
    ['a suffix lookalike is refused among many', origins, 'https://a.xtenant7.example.net', false],
  ];
  it.each(big)('%s', async (_rule, o, origin, allowed) => {
    const seen = await send({ origins: o }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBe(allowed ? origin : null);
  });
});
