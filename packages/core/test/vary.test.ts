import { describe, expect, it } from 'vitest';
import type { CorsOptions } from '../src/index.js';
import { preflight, request, send } from './helpers.js';

const APP = 'https://app.example.com';

type Row = [rule: string, options: CorsOptions, handlerVary: string | null, req: 'actual' | 'none' | 'preflight', expected: string | null];

const rows: Row[] = [
  ['Vary: Origin is added for an origin list', { origins: [APP] }, null, 'actual', 'Origin'],
  ['Vary merges with the handler value', { origins: [APP] }, 'Accept-Encoding', 'actual', 'Accept-Encoding, Origin'],
  ['Vary is not duplicated', { origins: [APP] }, 'Origin', 'actual', 'Origin'],
  ['Vary is not duplicated whatever the case', { origins: [APP] }, 'accept-encoding, origin', 'actual', 'accept-encoding, origin'],
  ['Vary: * is left alone', { origins: [APP] }, '*', 'actual', '*'],
  ['Vary: * inside a list is left alone', { origins: [APP] }, 'Accept, *', 'actual', 'Accept, *'],
  ['a uniform policy adds no Vary', {}, null, 'actual', null],
  ['a uniform policy keeps the handler Vary', {}, 'Accept-Encoding', 'actual', 'Accept-Encoding'],
  ['sendWildcard false needs Vary: Origin', { sendWildcard: false }, null, 'actual', 'Origin'],
  ['alwaysSend false needs Vary: Origin', { alwaysSend: false }, null, 'actual', 'Origin'],
  ['no Origin still gets Vary: Origin from a list policy', { origins: [APP] }, null, 'none', 'Origin'],
  ['preflights get the three request names', {}, null, 'preflight', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
  ['preflights with private network add its name', { allowPrivateNetwork: true }, null, 'preflight', 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers, Access-Control-Request-Private-Network'],
  ['varyHeader false: no Vary on actual responses', { origins: [APP], varyHeader: false }, null, 'actual', null],
  ['varyHeader false: no Vary on preflights', { varyHeader: false }, null, 'preflight', null],
  ['varyHeader false keeps the handler Vary', { origins: [APP], varyHeader: false }, 'Accept', 'actual', 'Accept'],
  ['a preflight answered by the handler gets the actual Vary', { automaticOptions: false, origins: [APP] }, 'Accept', 'preflight', 'Accept, Origin'],
];

describe('Vary', () => {
  it.each(rows)('%s', async (_rule, options, handlerVary, kind, expected) => {
    const req = kind === 'preflight' ? preflight(APP, 'PUT') : request(kind === 'actual' ? { origin: APP } : {});
    const seen = await send(options, req, () => new Response('ok', handlerVary === null ? {} : { headers: { Vary: handlerVary } }));
    expect(seen.headers.get('vary')).toBe(expected);
  });
});
