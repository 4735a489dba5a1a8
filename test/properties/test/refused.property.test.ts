/**
 * The promise of a CORS layer: an origin the policy refuses never gets an `Access-Control-*`
 * header, whatever the handler, an upstream or an inner wrapper set, whatever path encoding
 * chose the per-path entry, debug on or off. And no answer carries `*` next to credentials.
 * Over 10,000 generated requests per seed through the core, and more through Hono.
 */
import fc from 'fast-check';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createCors, withCors, type CorsOptions } from '@fetch-cors/core';
import { cors } from '@fetch-cors/hono';
import { originPolicy } from './arbitraries.js';
import { allows, canonicalOrigin, originsOption, type OriginPolicy } from './reference.js';
import {
  attack,
  checkAnswer,
  encodedPath,
  flags,
  governing,
  handlerKind,
  resourcesFor,
  respond,
  ROUTES,
  startUpstream,
  stopUpstream,
  toRequest,
  type Attack,
  type Flags,
  type HandlerKind,
} from './scenario.js';
import { property } from './seeds.js';

const MAX_REQUESTS_PER_SCENARIO = 24;

function describePolicy(p: OriginPolicy): string {
  if (p.kind === 'any') return "'*'";
  if (p.kind === 'fn') return `${p.fn.async ? 'async ' : ''}${p.fn.name}`;
  return `[${p.entries.map((e) => (e.kind === 'null' ? "'null'" : e.kind === 'regexp' ? String(e.re) : `'${e.text}'`)).join(', ')}]`;
}

/** Counterexamples print as one readable line per request. */
function withToString(s: Scenario): Scenario {
  return Object.assign(s, {
    [fc.toStringMethod]: () =>
      `${s.shape}${s.compiled ? ' (createCors)' : ''} origins=${describePolicy(s.narrow)} ${JSON.stringify(s.flags)} handler=${s.handler}${s.shape === 'resources' ? ` catchAll=${s.catchAll}` : ''}\n` +
      s.attacks
        .map(
          (a) =>
            `    ${a.preflight ? `OPTIONS(ACRM=${a.method}${a.requestHeaders !== undefined ? ` ACRH=${a.requestHeaders}` : ''}${a.privateNetwork ? ' PNA' : ''})` : a.method} ${a.path} Origin: ${a.origin}`,
        )
        .join('\n'),
  });
}

beforeAll(startUpstream);
afterAll(stopUpstream);

/** A policy that allows every origin a browser can send, with everything switched on. */
const INNER: CorsOptions = {
  origins: () => true,
  supportsCredentials: true,
  methods: '*',
  allowHeaders: '*',
  exposeHeaders: ['x-secret'],
  maxAge: 86400,
  allowPrivateNetwork: true,
};

interface Scenario {
  readonly narrow: OriginPolicy;
  readonly flags: Flags;
  readonly handler: HandlerKind;
  /** 'plain': one wrapper; 'stacked': an inner wrapper that allows everything; 'resources': per-path entries. */
  readonly shape: 'plain' | 'stacked' | 'resources';
  readonly catchAll: boolean;
  /** Whether the core is given the options or a policy made by createCors. */
  readonly compiled: boolean;
  readonly attacks: readonly Attack[];
}

function scenario(shapes: readonly Scenario['shape'][]): fc.Arbitrary<Scenario> {
  return fc
    .record({
      g: originPolicy.filter((g) => g.policy.kind !== 'any'),
      flags,
      handler: handlerKind,
      shape: fc.constantFrom(...shapes),
      catchAll: fc.boolean(),
      compiled: fc.boolean(),
    })
    .chain(({ g, ...rest }) => {
      const path = rest.shape === 'resources' ? encodedPath : fc.constantFrom(...ROUTES);
      return fc
        .array(attack(g, path), { minLength: 1, maxLength: MAX_REQUESTS_PER_SCENARIO, size: 'max' })
        .map((attacks) => withToString({ narrow: g.policy, ...rest, attacks }));
    });
}

/** Thrown handlers are part of the attack, not news: the report goes nowhere. */
const quiet = (): void => {};

function optionsOf(s: Scenario): CorsOptions {
  if (s.shape === 'resources') return { ...(resourcesFor(s.narrow, s.flags, s.catchAll) as CorsOptions), onError: quiet };
  return { ...s.flags, origins: originsOption(s.narrow), onError: quiet } as CorsOptions;
}

/** The reference's view of one request: the policy that governs it, if any. */
function governs(s: Scenario, req: Request): OriginPolicy | null {
  if (s.shape !== 'resources') return s.narrow;
  return governing(s.narrow, new URL(req.url).pathname, s.catchAll);
}

/** Credentials with a '*' origin policy are a configuration error, so such scenarios are not served. */
function answeredAsPreflight(s: Scenario, a: Attack, governed: boolean): boolean {
  return a.preflight && governed && s.flags.automaticOptions;
}

async function judge(s: Scenario, send: (req: Request) => Promise<unknown>, counter: { requests: number; refused: number }): Promise<void> {
  for (const a of s.attacks) {
    const req = toRequest(a);
    if (req === null) continue;
    const origin = req.headers.get('origin')!;
    const policy = governs(s, req);
    const res = await send(req);
    counter.requests++;
    if (policy === null) {
      // A path no entry covers goes to the handler untouched; only the answer's type is checked.
      expect(res).toBeInstanceOf(Response);
      continue;
    }
    const refused = !allows(policy, origin);
    if (refused) counter.refused++;
    const problem = checkAnswer(res, refused, origin, answeredAsPreflight(s, a, true));
    if (problem !== null) {
      throw new Error(
        `${problem}\n  request: ${req.method} ${new URL(req.url).pathname} origin=${JSON.stringify(origin)} (${a.mutations.join(', ') || 'as allowed'})` +
          `${a.preflight ? ` ACRM=${a.method} ACRH=${a.requestHeaders ?? '-'} PNA=${a.privateNetwork}` : ''}\n  valid origin: ${canonicalOrigin(origin) !== null}`,
      );
    }
  }
}

function coreHandler(s: Scenario): (req: Request) => Promise<unknown> {
  const handler = (req: Request) => respond(s.handler, req);
  const outer = s.compiled ? createCors(optionsOf(s)) : optionsOf(s);
  const wrapped = s.shape === 'stacked' ? withCors(withCors(handler, INNER), outer) : withCors(handler, outer);
  return async (req) => wrapped(req);
}

function honoHandler(s: Scenario, strict: boolean): (req: Request) => Promise<unknown> {
  const app = new Hono({ strict });
  app.use(cors(optionsOf(s)));
  if (s.shape === 'stacked') app.use(cors(INNER));
  for (const route of ROUTES) app.all(route, (c) => respond(s.handler, c.req.raw));
  app.onError(() => new Response('failed', { status: 500 }));
  return async (req) => app.request(req);
}

const ALL_SHAPES = ['plain', 'stacked', 'resources'] as const;

describe('a refused origin never gets Access-Control-* headers', () => {
  property('refused origin never gets Access-Control-* and * never goes with credentials', 'core', async (seed) => {
    const counter = { requests: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(scenario(ALL_SHAPES), async (s) => judge(s, coreHandler(s), counter)),
      { seed, numRuns: 1000 },
    );
    // Origins a Headers object refuses are dropped, so a little over 10,000 are generated.
    expect(counter.requests).toBeGreaterThanOrEqual(10_000);
    expect(counter.refused).toBeGreaterThan(counter.requests / 4);
  });

  for (const strict of [true, false]) {
    property('refused origin never gets Access-Control-* and * never goes with credentials', `hono, strict ${strict}`, async (seed) => {
      const counter = { requests: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(scenario(ALL_SHAPES), async (s) => judge(s, honoHandler(s, strict), counter)),
        { seed, numRuns: 150 },
      );
      expect(counter.refused).toBeGreaterThan(counter.requests / 4);
    });
  }
});

// ---------------------------------------------------------------- named attacks

const EVIL = 'https://evil.test';
const BROAD: CorsOptions = { origins: () => true, supportsCredentials: true };
const NARROW: CorsOptions = { origins: ['https://admin.example.com'] };

interface AttackRow {
  readonly attack: string;
  readonly options: CorsOptions;
  /** An inner wrapper's options (stacked wrappers), if any. */
  readonly inner?: CorsOptions;
  readonly handler: HandlerKind;
  readonly method: string;
  readonly path: string;
  readonly origin: string;
  readonly acrm?: string;
  /** What the origin must see: nothing CORS at all, or an allowed answer. */
  readonly expected: 'no Access-Control-*' | 'allowed' | 'no * next to credentials';
}

const attackRows: AttackRow[] = [
  {
    attack: 'percent-encoded letter reaches a broader resources key',
    options: { resources: { '/api/*': BROAD, '/api/admin/*': NARROW } },
    handler: 'plain',
    method: 'GET',
    path: '/api/%61dmin/users',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'upper-case hex escape reaches a broader resources key',
    options: { resources: { '/api/*': BROAD, '/api/admin/*': NARROW } },
    handler: 'plain',
    method: 'GET',
    path: '/api/adm%69n/users',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'percent-encoded preflight reaches a broader resources key',
    options: { resources: { '/api/*': BROAD, '/api/admin/*': NARROW } },
    handler: 'plain',
    method: 'OPTIONS',
    acrm: 'DELETE',
    path: '/api/%61dmin/users',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'percent-encoded letter escapes a RegExp resources key',
    options: { resources: { '^/api/admin(/.*)?$': NARROW, '/api/*': BROAD } },
    handler: 'plain',
    method: 'GET',
    path: '/api/%61dmin/users',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'trailing slash escapes an exact resources key',
    options: { resources: { '/*': BROAD, '/account': NARROW } },
    handler: 'plain',
    method: 'GET',
    path: '/account/',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'missing trailing slash escapes an exact resources key',
    options: { resources: { '/*': BROAD, '/account/': NARROW } },
    handler: 'plain',
    method: 'GET',
    path: '/account',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: '%2F stays literal and is no path separator',
    options: { resources: { '/*': NARROW, '/api/*': BROAD } },
    handler: 'plain',
    method: 'GET',
    path: '/api%2Fadmin',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'handler Max-Age survives for a refused origin',
    options: NARROW,
    handler: 'own',
    method: 'GET',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'handler CORS headers on a preflight the handler answers',
    options: { ...NARROW, automaticOptions: false },
    handler: 'own-echo',
    method: 'OPTIONS',
    acrm: 'PUT',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'immutable upstream CORS headers survive for a refused origin',
    options: NARROW,
    handler: 'own-immutable',
    method: 'GET',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'fetched upstream CORS headers survive for a refused origin',
    options: NARROW,
    handler: 'upstream-fetch',
    method: 'GET',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'inner wrapper allows what the outer refuses',
    options: NARROW,
    inner: INNER,
    handler: 'plain',
    method: 'GET',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: "inner wrapper's preflight passes an outer wrapper without automatic options",
    options: { ...NARROW, automaticOptions: false },
    inner: INNER,
    handler: 'plain',
    method: 'OPTIONS',
    acrm: 'PUT',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'debug preflight from a refused origin',
    options: { ...NARROW, debug: true, supportsCredentials: true, methods: '*' },
    handler: 'plain',
    method: 'OPTIONS',
    acrm: '*',
    path: '/x',
    origin: EVIL,
    expected: 'no Access-Control-*',
  },
  {
    attack: 'debug preflight asking for the method * with credentials',
    options: { ...NARROW, debug: true, supportsCredentials: true, methods: '*' },
    handler: 'plain',
    method: 'OPTIONS',
    acrm: '*',
    path: '/x',
    origin: 'https://admin.example.com',
    expected: 'no * next to credentials',
  },
  {
    attack: 'preflight asking for the method * with credentials',
    options: { ...NARROW, supportsCredentials: true, methods: '*' },
    handler: 'plain',
    method: 'OPTIONS',
    acrm: '*',
    path: '/x',
    origin: 'https://admin.example.com',
    expected: 'no * next to credentials',
  },
  {
    attack: 'Response.redirect (immutable) for an allowed origin',
    options: NARROW,
    handler: 'redirect',
    method: 'GET',
    path: '/x',
    origin: 'https://admin.example.com',
    expected: 'allowed',
  },
  {
    attack: 'octet over 255 with an origins function',
    options: { origins: () => true },
    handler: 'plain',
    method: 'GET',
    path: '/x',
    origin: 'http://256.1.1.1',
    expected: 'no Access-Control-*',
  },
];

async function viaCore(row: AttackRow, req: Request): Promise<unknown> {
  const handler = (r: Request) => respond(row.handler, r);
  const wrapped = row.inner ? withCors(withCors(handler, row.inner), row.options) : withCors(handler, row.options);
  return wrapped(req);
}

async function viaHono(row: AttackRow, req: Request, strict: boolean): Promise<Response> {
  const app = new Hono({ strict });
  app.use(cors(row.options));
  if (row.inner) app.use(cors(row.inner));
  for (const route of ['/api/admin/users', '/api/admin', '/account', '/x', '/api%2Fadmin']) app.all(route, (c) => respond(row.handler, c.req.raw));
  return app.request(req);
}

function rowRequest(row: AttackRow): Request {
  const headers = new Headers({ origin: row.origin });
  if (row.acrm !== undefined) headers.set('access-control-request-method', row.acrm);
  return new Request(`https://api.example.net${row.path}`, { method: row.method, headers });
}

function expectRow(row: AttackRow, res: unknown): void {
  const problem = checkAnswer(res, row.expected === 'no Access-Control-*', row.origin, row.method === 'OPTIONS' && row.options.automaticOptions !== false);
  expect(problem).toBeNull();
  if (row.expected === 'allowed') expect((res as Response).headers.get('access-control-allow-origin')).toBe(row.origin);
}

describe('named attacks on the promise', () => {
  test.each(attackRows)('attack (core): $attack', async (row) => expectRow(row, await viaCore(row, rowRequest(row))));
  test.each(attackRows.flatMap((row) => [true, false].map((strict) => ({ ...row, strict }))))(
    'attack (hono, strict $strict): $attack',
    async ({ strict, ...row }) => expectRow(row, await viaHono(row, rowRequest(row), strict)),
  );

  const nonResponses = [
    { attack: 'handler returns null', answer: null },
    { attack: 'handler returns a string', answer: 'ok' },
    { attack: 'handler returns a number', answer: 42 },
  ];
  test.each(nonResponses)('attack (core): $attack gets a 500 with the CORS headers of an allowed origin', async ({ answer }) => {
    const wrapped = withCors((() => answer) as unknown as () => Response, NARROW);
    const res = await wrapped(new Request('https://api.example.net/x', { headers: { origin: 'https://admin.example.com' } }));
    expect(res).toBeInstanceOf(Response);
    expect(res!.status).toBe(500);
    expect(res!.headers.get('access-control-allow-origin')).toBe('https://admin.example.com');
  });
});
