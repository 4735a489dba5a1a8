/**
 * Generated scenarios for the "refused origin gets nothing" properties: a policy, how the
 * handler answers (with its own CORS headers, immutable upstream responses), stacking,
 * `resources` with encoded paths, and a batch of preflights and actual requests.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { asHeaderValue, attackOrigin, originPolicy, type GeneratedPolicy } from './arbitraries.js';
import { allows, governingKeys, originsOption, type OriginPolicy } from './reference.js';

/** Every CORS response header a handler or an upstream might set on its own. */
export const OWN_CORS_HEADERS: Readonly<Record<string, string>> = {
  'access-control-allow-origin': '*',
  'access-control-allow-credentials': 'true',
  'access-control-allow-methods': '*',
  'access-control-allow-headers': '*',
  'access-control-expose-headers': 'x-secret',
  'access-control-max-age': '86400',
  'access-control-allow-private-network': 'true',
};

export type HandlerKind = 'plain' | 'own' | 'own-echo' | 'own-immutable' | 'redirect' | 'data-fetch' | 'upstream-fetch' | 'throws';
export const handlerKind = fc.constantFrom<HandlerKind>('plain', 'own', 'own-echo', 'own-immutable', 'redirect', 'data-fetch', 'upstream-fetch', 'throws');

/** A Response whose headers throw on change, as those of `fetch()` and `Response.redirect()` do. */
export function immutable(response: Response): Response {
  const frozen = new Headers(response.headers);
  for (const m of ['set', 'append', 'delete'] as const) {
    Object.defineProperty(frozen, m, {
      value: () => {
        throw new TypeError('immutable headers');
      },
    });
  }
  Object.defineProperty(response, 'headers', { value: frozen });
  return response;
}

let upstream: Server | null = null;
let upstreamUrl = '';

/** A local server whose answers carry every CORS header: `fetch()` of it gives immutable headers. */
export async function startUpstream(): Promise<void> {
  upstream = createServer((req, res) => {
    res.writeHead(200, { ...OWN_CORS_HEADERS, 'access-control-allow-origin': req.headers.origin ?? '*', 'content-type': 'text/plain' });
    res.end('upstream');
  });
  await new Promise<void>((resolve) => upstream!.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream!.address() as AddressInfo).port}/`;
}

export async function stopUpstream(): Promise<void> {
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
  upstream = null;
}

/** The handler's answer for `kind`. */
export async function respond(kind: HandlerKind, request: Request): Promise<Response> {
  const origin = request.headers.get('origin') ?? '*';
  switch (kind) {
    case 'plain':
      return new Response('ok');
    case 'own':
      return new Response('ok', { headers: OWN_CORS_HEADERS });
    case 'own-echo':
      return new Response('ok', { headers: { ...OWN_CORS_HEADERS, 'access-control-allow-origin': origin } });
    case 'own-immutable':
      return immutable(new Response('ok', { headers: { ...OWN_CORS_HEADERS, 'access-control-allow-origin': origin } }));
    case 'redirect':
      return Response.redirect('https://api.example.net/elsewhere', 302);
    case 'data-fetch':
      return fetch('data:text/plain,ok');
    case 'upstream-fetch':
      return fetch(upstreamUrl, { headers: { origin } });
    case 'throws':
      throw new Error('handler failed');
  }
}

export interface Flags {
  readonly supportsCredentials: boolean;
  readonly methods: '*' | readonly string[];
  readonly allowHeaders: '*' | readonly string[];
  readonly exposeHeaders?: readonly string[];
  readonly maxAge?: number;
  readonly allowPrivateNetwork: boolean;
  readonly debug: boolean;
  readonly automaticOptions: boolean;
  readonly varyHeader: boolean;
}

export const flags: fc.Arbitrary<Flags> = fc.record(
  {
    supportsCredentials: fc.boolean(),
    methods: fc.oneof(fc.constant('*' as const), fc.constant(['GET', 'PUT', 'DELETE'])),
    allowHeaders: fc.oneof(fc.constant('*' as const), fc.constant(['x-a', 'content-type'])),
    exposeHeaders: fc.constant(['x-request-id']),
    maxAge: fc.constantFrom(0, 600),
    allowPrivateNetwork: fc.boolean(),
    debug: fc.boolean(),
    automaticOptions: fc.boolean(),
    varyHeader: fc.boolean(),
  },
  { requiredKeys: ['supportsCredentials', 'methods', 'allowHeaders', 'allowPrivateNetwork', 'debug', 'automaticOptions', 'varyHeader'] },
);

/** One generated request: a preflight or an actual request from `origin` to `path`. */
export interface Attack {
  readonly origin: string;
  readonly mutations: readonly string[];
  readonly path: string;
  readonly preflight: boolean;
  readonly method: string;
  readonly requestHeaders?: string | undefined;
  readonly privateNetwork: boolean;
}

const requestMethod = fc.constantFrom('GET', 'PUT', 'DELETE', 'POST', '*', 'PATCH', 'x-custom');
const requestHeaders = fc.option(fc.constantFrom('x-a', 'authorization, x-a', '*', 'x-a,*', 'cookie', ''), { nil: undefined });

export function attack(g: GeneratedPolicy, path: fc.Arbitrary<string>): fc.Arbitrary<Attack> {
  return fc
    .record({ o: attackOrigin(g), path, preflight: fc.boolean(), method: requestMethod, requestHeaders, privateNetwork: fc.boolean() })
    .map(({ o, ...rest }) => ({ origin: o.origin, mutations: o.mutations, ...rest }));
}

/** The request for `a`, or `null` when a `Headers` object would refuse its Origin. */
export function toRequest(a: Attack, base = 'https://api.example.net'): Request | null {
  const origin = asHeaderValue(a.origin);
  if (origin === null) return null;
  const headers = new Headers({ origin });
  if (a.preflight) {
    headers.set('access-control-request-method', a.method);
    if (a.requestHeaders !== undefined) headers.set('access-control-request-headers', a.requestHeaders);
    if (a.privateNetwork) headers.set('access-control-request-private-network', 'true');
  }
  return new Request(`${base}${a.path}`, { method: a.preflight ? 'OPTIONS' : a.method === '*' || a.method === 'x-custom' ? 'GET' : a.method, headers });
}

// ---------------------------------------------------------------- resources

/** Paths a router sends to the narrow `/api/admin/*` and `/account` entries, and their neighbours. */
export const ROUTES = ['/api/admin/users', '/api/admin', '/api/users', '/account', '/other'] as const;

/** Percent-encodes the character at `i` (upper- or lower-case hex). */
function encodeAt(path: string, i: number, lower: boolean): string {
  const hex = path.charCodeAt(i).toString(16).padStart(2, '0');
  return `${path.slice(0, i)}%${lower ? hex : hex.toUpperCase()}${path.slice(i + 1)}`;
}

export interface PathEdit {
  readonly name: string;
  readonly apply: (path: string) => string;
}

const pathEdit: fc.Arbitrary<PathEdit> = fc.oneof(
  fc.tuple(fc.nat(), fc.boolean()).map(([n, lower]) => ({
    name: 'a character percent-encoded',
    apply: (p: string) => {
      // Only letters and `/`: encoding `/` as %2F must keep it literal.
      const at = [...p].flatMap((c, i) => (i > 0 && /[a-z/]/.test(c) ? [i] : []));
      return at.length === 0 ? p : encodeAt(p, at[n % at.length]!, lower);
    },
  })),
  fc.constant({ name: 'trailing slash', apply: (p: string) => `${p}/` }),
  fc.constant({ name: 'doubled trailing slash', apply: (p: string) => `${p}//` }),
  fc.constantFrom('%zz', '%E0%A4%A', '%', '%2', '%00').map((bad) => ({ name: `malformed escape ${bad}`, apply: (p: string) => `${p}${bad}` })),
  fc.constantFrom('/x', '/%2e%2e/x', '/./x').map((tail) => ({ name: `'${tail}' appended`, apply: (p: string) => `${p}${tail}` })),
  fc.constant({ name: 'query with a path in it', apply: (p: string) => `${p}?next=/api/admin` }),
);

export const encodedPath: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom<string>(...ROUTES), fc.array(pathEdit, { maxLength: 3 }))
  .map(([route, edits]) => edits.reduce<string>((p, e) => e.apply(p), route));

/**
 * `resources` whose narrow keys carry the generated policy and whose broad keys allow every
 * origin a browser can send, with credentials: an attack that reaches a broad key through an
 * encoded path reads a narrow route.
 */
export function resourcesFor(narrow: OriginPolicy, f: Flags, catchAll: boolean): Record<string, unknown> {
  const broad = { origins: () => true, supportsCredentials: true };
  const table: Record<string, unknown> = {
    '/api/*': broad,
    '/api/admin/*': { origins: originsOption(narrow) },
    '/account': { origins: originsOption(narrow) },
  };
  if (catchAll) table['/*'] = broad;
  return { ...f, origins: ['https://unused.example.org'], resources: table };
}

const BROAD: OriginPolicy = { kind: 'fn', fn: { name: '() => true', test: () => true, async: false } };

/** Which policy the reference says governs `pathname` in {@link resourcesFor}; null for none. */
export function governing(narrow: OriginPolicy, pathname: string, catchAll: boolean): OriginPolicy | null {
  const keys = ['/api/*', '/api/admin/*', '/account', ...(catchAll ? ['/*'] : [])];
  const found = governingKeys(keys, pathname);
  if (found.length === 0) return null;
  // Where router views disagree, every entry must allow the origin: the narrow one decides.
  return found.includes('/api/admin/*') || found.includes('/account') ? narrow : BROAD;
}

// ---------------------------------------------------------------- the checks

export interface Counter {
  requests: number;
  refused: number;
}

/** Every `Access-Control-*` header of a response. */
export function corsHeaders(res: Response): string[] {
  return [...res.headers].filter(([k]) => k.startsWith('access-control-')).map(([k, v]) => `${k}: ${v}`);
}

/**
 * The promise, for one answer: a refused origin gets no `Access-Control-*` header at all;
 * any answer is a Response, and never carries a `*` next to `Access-Control-Allow-Credentials: true`.
 */
export function checkAnswer(res: unknown, refused: boolean, sentOrigin: string, answeredAsPreflight: boolean): string | null {
  if (!(res instanceof Response)) return `the wrapper answered ${String(res)}, not a Response`;
  if (!answeredAsPreflight) {
    // The policy owns every Access-Control-* header: the preflight-only ones never survive on another answer.
    const stray = corsHeaders(res).filter((l) => /^access-control-(max-age|allow-methods|allow-headers|allow-private-network):/.test(l));
    if (stray.length > 0) return `an actual answer kept ${stray.join('; ')}`;
  }
  if (refused) {
    const leaked = corsHeaders(res);
    if (leaked.length > 0) return `refused origin got ${leaked.join('; ')}`;
  }
  const h = res.headers;
  if (h.get('access-control-allow-credentials') === 'true') {
    for (const name of ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-expose-headers']) {
      const v = h.get(name);
      if (v !== null && v.split(',').some((x) => x.trim() === '*')) return `${name}: ${v} next to Access-Control-Allow-Credentials: true`;
    }
  }
  const acao = h.get('access-control-allow-origin');
  if (acao !== null && acao !== '*' && acao !== sentOrigin) return `Access-Control-Allow-Origin: ${acao} is not the Origin sent (${sentOrigin})`;
  return null;
}

export { allows };
