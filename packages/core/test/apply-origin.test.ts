import { describe, expect, it } from 'vitest';
import { applyWithOrigin, createCors, type CorsOptions } from '../src/index.js';
import { request } from './helpers.js';

const ALLOWED = 'https://app.example.com';

interface Row {
  rule: string;
  options: CorsOptions;
  origin?: string;
  /** Headers the handler set on its response. */
  handlerHeaders?: Record<string, string>;
}

const rows: Row[] = [
  { rule: 'an allowed origin gets the same headers', options: { origins: [ALLOWED], exposeHeaders: ['X-Id'], supportsCredentials: true }, origin: ALLOWED },
  { rule: 'a refused origin gets the same (no) headers', options: { origins: [ALLOWED] }, origin: 'https://evil.example' },
  { rule: 'no Origin gets the same headers', options: { origins: [ALLOWED] } },
  { rule: 'no Origin under the wildcard policy gets *', options: {}, handlerHeaders: { 'Access-Control-Allow-Methods': 'GET' } },
  {
    rule: "the handler's own CORS headers are replaced for an allowed origin",
    options: { origins: [ALLOWED] },
    origin: ALLOWED,
    handlerHeaders: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': 'X-A',
      Vary: 'Accept-Encoding',
    },
  },
  {
    rule: "the handler's own CORS headers are removed for a refused origin",
    options: { origins: [ALLOWED] },
    origin: 'https://evil.example',
    handlerHeaders: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT' },
  },
  { rule: "the handler's Vary is merged for an allowed origin", options: { origins: [ALLOWED] }, origin: ALLOWED, handlerHeaders: { Vary: 'Accept-Encoding' } },
  { rule: 'an async origin function decides the same', options: { origins: async (o) => o === ALLOWED }, origin: ALLOWED, handlerHeaders: { Vary: '*' } },
];

describe('applyWithOrigin answers exactly as apply', () => {
  it.each(rows)('$rule', async ({ options, origin, handlerHeaders }) => {
    const policy = createCors(options);
    const req = request(origin === undefined ? {} : { origin });
    const viaApply = await policy.apply(req, new Response('ok', { headers: handlerHeaders ?? {} }));
    const viaOrigin = await applyWithOrigin(policy, req, origin ?? null, new Response('ok', { headers: handlerHeaders ?? {} }));
    expect([...viaOrigin.headers]).toEqual([...viaApply.headers]);
  });
});
