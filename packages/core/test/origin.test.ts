/**
 * Origin matching as the core implements it, where the conformance vectors cannot reach:
 * the validity check over strings, the index of many entries, and answers an origins function
 * can give that plain data cannot encode. What a user sees for each kind of entry is specified
 * by the vectors (test/conformance).
 */
import { describe, expect, it, vi } from 'vitest';
import type { CorsOptions } from '../src/index.js';
import { isValidOrigin } from '../src/origin.js';
import { ACAO, request, send } from './helpers.js';

describe('isValidOrigin: only what a browser can serialize', () => {
  const rows: { origin: string; valid: boolean }[] = [
    { origin: 'https://app.example.com', valid: true },
    { origin: 'null', valid: true },
    { origin: 'http://1.2.3.4', valid: true },
    { origin: 'http://0.0.0.0', valid: true },
    { origin: 'http://[::1]', valid: true },
    { origin: 'http://[1::2:0:0:3]', valid: true },
    { origin: 'http://[::ffff:102:304]', valid: true },
    { origin: 'https://my_app.example.com', valid: true },
    { origin: 'http://0x7f.example', valid: true },
    { origin: 'http://1.2.3.example', valid: true },
    { origin: 'http://256.256.256.256', valid: false },
    { origin: 'http://1.2.3.999', valid: false },
    { origin: 'http://[1::2::3]', valid: false },
    { origin: 'http://0x100.1.1.1', valid: false },
    { origin: 'http://1.2.3', valid: false },
    { origin: 'http://1.2.3.09', valid: false },
    { origin: 'http://2130706433', valid: false },
    { origin: 'http://example.123', valid: false },
    { origin: 'http://example.0x1', valid: false },
    { origin: 'http://[1:0:0:0:0:0:0:2]', valid: false },
    { origin: 'http://[0:0::1]', valid: false },
    { origin: 'http://[::ffff:1.2.3.4]', valid: false },
    { origin: 'http://[1::2:0:0:0:3]', valid: false },
    { origin: 'http://[::01]', valid: false },
    { origin: 'http://[1:2:3:4:5:6:7:8:9]', valid: false },
    { origin: 'http://[]', valid: false },
    { origin: 'https://app.example.com/', valid: false },
    { origin: 'not an origin', valid: false },
  ];
  it.each(rows)('$origin: $valid', ({ origin, valid }) => {
    expect(isValidOrigin(origin)).toBe(valid);
  });
});

describe('an origins function is never asked about an invalid Origin', () => {
  const rows: { origin: string }[] = [
    { origin: 'http://256.256.256.256' },
    { origin: 'http://[1::2::3]' },
    { origin: 'not an origin' },
    { origin: 'https://app.example.com/' },
  ];
  it.each(rows)('$origin', async ({ origin }) => {
    const fn = vi.fn(() => true);
    const seen = await send({ origins: fn }, request({ origin }));
    expect(fn).not.toHaveBeenCalled();
    expect(seen.headers.get(ACAO)).toBeNull();
  });
});

describe('an origins function allows only with true', () => {
  const rows: { rule: string; answer: unknown; allowed: boolean }[] = [
    { rule: 'true allows', answer: true, allowed: true },
    { rule: 'a truthy string refuses', answer: 'yes', allowed: false },
    { rule: 'a truthy number refuses', answer: 1, allowed: false },
    { rule: 'a promise of a truthy string refuses', answer: Promise.resolve('yes'), allowed: false },
  ];
  it.each(rows)('$rule', async ({ answer, allowed }) => {
    const origins = (() => answer) as unknown as CorsOptions['origins'];
    const seen = await send({ origins }, request({ origin: 'https://x.test' }));
    expect(seen.headers.get(ACAO)).toBe(allowed ? 'https://x.test' : null);
  });
});

describe('origin matching with many entries (the suffix index)', () => {
  const exact = Array.from({ length: 1000 }, (_, i) => `https://site${i}.example.com`);
  const patterns = Array.from({ length: 100 }, (_, i) => `https://*.tenant${i}.example.net`);
  const origins = [...exact, ...patterns];
  const rows: { rule: string; origin: string; allowed: boolean }[] = [
    { rule: 'the 1000th exact origin is found', origin: 'https://site999.example.com', allowed: true },
    { rule: 'the 100th pattern is found', origin: 'https://a.b.tenant99.example.net', allowed: true },
    { rule: 'a pattern apex is refused among many', origin: 'https://tenant42.example.net', allowed: false },
    { rule: 'an unlisted origin is refused among many', origin: 'https://site1000.example.com', allowed: false },
    { rule: 'a suffix lookalike is refused among many', origin: 'https://a.xtenant7.example.net', allowed: false },
  ];
  it.each(rows)('$rule', async ({ origin, allowed }) => {
    const seen = await send({ origins }, request({ origin }));
    expect(seen.headers.get(ACAO)).toBe(allowed ? origin : null);
  });
});
