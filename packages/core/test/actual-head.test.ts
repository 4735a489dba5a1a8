import { describe, expect, it } from 'vitest';
import { actualHead, createCors, type CorsOptions, type CorsPolicy, type HeadRecord } from '../src/index.js';
import { request } from './helpers.js';

const ALLOWED = 'https://app.example.com';
const REFUSED = 'https://evil.example';
const LISTED: CorsOptions = { origins: [ALLOWED], exposeHeaders: ['X-Id'], supportsCredentials: true };

/** A header list as a client sees it: lower-case names, repeated names joined with ", ", sorted. */
function seen(pairs: Iterable<[string, unknown]>): [string, string][] {
  const out = new Map<string, string>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const v = Array.isArray(value) ? value.join(', ') : String(value);
    out.set(key, out.has(key) ? `${out.get(key)}, ${v}` : v);
  }
  return [...out].sort(([a], [b]) => (a < b ? -1 : 1));
}

interface Row {
  rule: string;
  options: CorsOptions;
  origin?: string;
  /** The handler's headers, as a record whose names may be in any case. */
  handler: HeadRecord;
}

const rows: Row[] = [
  { rule: 'an allowed origin gets the allowed answer', options: LISTED, origin: ALLOWED, handler: { 'Content-Type': 'text/plain' } },
  { rule: 'a refused origin gets Vary and no CORS header', options: LISTED, origin: REFUSED, handler: { 'content-type': 'text/plain' } },
  { rule: 'no Origin gets Vary only', options: LISTED, handler: {} },
  { rule: 'no Origin under the wildcard policy gets *', options: {}, handler: { 'Access-Control-Allow-Methods': 'GET' } },
  {
    rule: "the handler's own CORS headers are replaced for an allowed origin, whatever their case",
    options: LISTED,
    origin: ALLOWED,
    handler: { 'ACCESS-CONTROL-ALLOW-ORIGIN': '*', 'Access-Control-Allow-Credentials': 'false', 'access-control-expose-headers': 'X-A', 'X-Other': '1' },
  },
  {
    rule: "the handler's own CORS headers are removed for a refused origin",
    options: LISTED,
    origin: REFUSED,
    handler: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': 5 },
  },
  { rule: "the handler's Vary is merged", options: LISTED, origin: ALLOWED, handler: { Vary: 'Accept-Encoding' } },
  { rule: "the handler's Vary: * is left alone", options: LISTED, origin: ALLOWED, handler: { Vary: '*' } },
  { rule: 'a Vary that names Origin already is kept as it is', options: LISTED, origin: REFUSED, handler: { vary: 'origin, Accept' } },
  { rule: 'an async origin function decides the same', options: { origins: async (o) => o === ALLOWED }, origin: ALLOWED, handler: { 'x-a': ['1', '2'] } },
  { rule: 'unknown access-control- names stay, as apply leaves them', options: LISTED, origin: ALLOWED, handler: { 'Access-Control-Foo': 'bar' } },
  {
    rule: 'a Vary the record holds as null is read as the string Headers makes of it, without throwing',
    options: LISTED,
    origin: ALLOWED,
    handler: { Vary: null as unknown as string },
  },
  { rule: 'a Vary the record holds as a number is read as its string', options: LISTED, origin: REFUSED, handler: { vary: 5 } },
];

describe('actualHead writes a response head record exactly as apply writes Headers', () => {
  it.each(rows)('$rule', async ({ options, origin, handler }) => {
    const policy = createCors(options);
    const req = request(origin === undefined ? {} : { origin });
    const init = new Headers();
    for (const [k, v] of Object.entries(handler)) for (const one of Array.isArray(v) ? v : [v]) init.append(k, String(one));
    const viaApply = await policy.apply(req, new Response(null, { headers: init }));
    const given = structuredClone(handler);
    const head = await actualHead(policy, req, origin ?? null, new Response('ok'));
    expect(head).toBeTruthy();
    const record = head!.record(given, null);
    expect(seen(Object.entries(record))).toEqual(seen(viaApply.headers));
    expect(given, 'the given record is left unchanged').toEqual(handler);
  });
});

describe('actualHead: the rest of its contract', () => {
  it("merges a Vary the host holds outside the record with the record's and the policy's", async () => {
    const head = await actualHead(createCors(LISTED), request({ origin: ALLOWED }), ALLOWED, new Response('ok'));
    expect(head!.record({ Vary: 'Accept' }, 'Cookie').vary).toBe('Cookie, Accept, Origin');
  });

  it("reads only the record's own names, as Node's writeHead and a Headers made from it do", async () => {
    const head = await actualHead(createCors(LISTED), request({ origin: ALLOWED }), ALLOWED, new Response('ok'));
    const record = Object.assign(Object.create({ 'x-inherited': 'yes', vary: 'Cookie' }) as HeadRecord, { 'x-own': '1' });
    expect(head!.record(record, null)).toEqual({
      'x-own': '1',
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Id',
      vary: 'Origin',
    });
  });

  it('says which names the policy owns: the seven CORS response headers, in lower case', async () => {
    const head = await actualHead(createCors(LISTED), request({ origin: ALLOWED }), ALLOWED, new Response('ok'));
    const owned = [
      'access-control-allow-origin',
      'access-control-allow-credentials',
      'access-control-expose-headers',
      'access-control-allow-methods',
      'access-control-allow-headers',
      'access-control-allow-private-network',
      'access-control-max-age',
    ];
    expect(owned.filter((n) => !head!.owns(n))).toEqual([]);
    expect(['vary', 'access-control-request-method', 'content-type'].filter((n) => head!.owns(n))).toEqual([]);
  });

  it('a refused origin is reported once, when the head is decided', async () => {
    const rejected: string[] = [];
    const policy = createCors({ ...LISTED, onReject: (r) => rejected.push(r.reason) });
    const head = await actualHead(policy, request({ origin: REFUSED }), REFUSED, new Response('ok'));
    head!.record({}, null);
    expect(rejected).toEqual(['origin']);
  });

  it('a path no resources key covers passes untouched (undefined), as apply returns the response as it is', () => {
    const policy = createCors({ resources: { '/api/*': { origins: [ALLOWED] } } });
    expect(actualHead(policy, request({ origin: ALLOWED, path: '/other' }), ALLOWED, new Response('ok'))).toBeUndefined();
  });

  it('an upgrade (101) passes untouched (undefined)', () => {
    const upgrade = { status: 101, headers: new Headers() } as Response;
    expect(actualHead(createCors(LISTED), request({ origin: ALLOWED }), ALLOWED, upgrade)).toBeUndefined();
  });

  it('a policy not made by createCors gets null: the caller uses its apply', () => {
    const foreign: CorsPolicy = { ...createCors(LISTED) };
    expect(actualHead(foreign, request({ origin: ALLOWED }), ALLOWED, new Response('ok'))).toBeNull();
  });
});
