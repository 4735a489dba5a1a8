/**
 * The checker reads a response's headers before it touches the body. @hono/node-server's
 * `serve()` replaces the global Response with one that is rebuilt when its body is read, and the
 * rebuilt object loses headers set after the response was made (as CORS middleware sets them).
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { cors } from '@fetch-cors/hono';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCors } from '../src/check/index.ts';

const APP = 'https://app.example.com';
const app = new Hono();
app.use(cors({ origins: [APP], supportsCredentials: true, env: false }));
app.get('/hello', (c) => c.text('hello'));
app.put('/hello', (c) => c.text('put'));

let server: ReturnType<typeof serve>;
beforeAll(async () => {
  // serve() with its defaults swaps the global Request and Response for node-server's own.
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  expect((server.address() as AddressInfo).port).toBeGreaterThan(0);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the checker judges in-process Hono apps under node-server globals', () => {
  const rows: { rule: string; method: string; verdict: 'allowed' | 'blocked' }[] = [
    { rule: 'a simple GET from an allowed origin is allowed', method: 'GET', verdict: 'allowed' },
    { rule: 'a preflighted PUT from an allowed origin is allowed', method: 'PUT', verdict: 'allowed' },
  ];
  it.each(rows)('$rule', async ({ method, verdict }) => {
    const result = await checkCors({ url: 'http://api.test/hello', origin: APP, method, credentials: true }, (req) => Promise.resolve(app.fetch(req)));
    expect(result.verdict).toBe(verdict);
    expect(result.check).toBeNull();
  });
  it('a refused origin is still blocked for the missing header', async () => {
    const result = await checkCors({ url: 'http://api.test/hello', origin: 'https://evil.example' }, (req) => Promise.resolve(app.fetch(req)));
    expect(result.verdict).toBe('blocked');
    expect(result.check).toBe('allow-origin-missing');
  });
});
