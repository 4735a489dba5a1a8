// Every benchmark case: one implementation answering one pre-built Request.
// All implementations wrap the same handler and get the same Request objects.
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { cors as ittyCors } from 'itty-router';
import { H3, handleCors } from 'h3';

const URL_ = 'http://api.example.com/';
export const ORIGINS3 = ['https://app.example.com', 'https://admin.example.com', 'https://www.example.org'];
const ALLOWED = ORIGINS3[2]; // last of the list: the worst case for a linear scan
const REFUSED = 'https://evil.example.net';
const EXPOSE = ['X-Request-Id', 'X-Total-Count'];
// as a browser sends it (Fetch: CORS-unsafe request-header names, lower case, joined by ",")
const REQ_HEADERS = 'content-type,x-requested-with';

// The handler every implementation wraps: a fresh, mutable response per call.
export const bare = () => new Response('hello');
// A body-less twin for the overhead-vs-floor targets: in Node, `new Response('hello')` alone
// costs ~2 µs and allocates a stream, whose noise would drown a difference of ~0.5 µs.
export const quiet = () => new Response(null, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });

// ---------------------------------------------------------------- requests
const get = (origin) => new Request(URL_, origin ? { headers: { origin } } : undefined);
const preflight = (origin, requestHeaders = REQ_HEADERS) =>
  new Request(URL_, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'PUT',
      'access-control-request-headers': requestHeaders,
    },
  });

/** `x-h00000,x-h00001,…` (as a browser joins them) up to `bytes` characters. */
export function headerList(bytes) {
  const names = [];
  let len = 0;
  for (let i = 0; len < bytes; i++) {
    const name = `x-h${String(i).padStart(5, '0')}`;
    names.push(name);
    len += name.length + 1;
  }
  return names
    .join(',')
    .slice(0, bytes)
    .replace(/[ ,]+$/, '');
}

export const scenarios = {
  'GET allowed': { make: () => get(ALLOWED), preflight: false },
  'GET refused': { make: () => get(REFUSED), preflight: false, needsList: true },
  'GET no Origin': { make: () => get(undefined), preflight: false },
  'preflight allowed': { make: () => preflight(ALLOWED), preflight: true },
  'preflight refused': { make: () => preflight(REFUSED), preflight: true, needsList: true },
};

// ---------------------------------------------------------------- peers
// Each config maps to each library's own spelling of the same policy.
export const configs = {
  defaults: {
    ours: undefined,
    hono: undefined,
    itty: undefined,
    h3: {},
  },
  list: {
    ours: { origins: ORIGINS3, supportsCredentials: true, exposeHeaders: EXPOSE },
    hono: { origin: ORIGINS3, credentials: true, exposeHeaders: EXPOSE },
    itty: { origin: ORIGINS3, credentials: true, exposeHeaders: EXPOSE },
    h3: { origin: ORIGINS3, credentials: true, exposeHeaders: EXPOSE },
  },
};

export function honoApp(handler, middleware) {
  const app = new Hono();
  if (middleware) app.use('*', middleware);
  app.all('/', () => handler());
  return (req) => app.fetch(req);
}
export { honoCors };

function h3App(options) {
  const app = new H3();
  if (options) {
    app.use((event) => {
      const answer = handleCors(event, options);
      if (answer !== false) return answer;
    });
  }
  app.all('/', () => bare());
  return (req) => app.fetch(req);
}

function itty(options) {
  const { preflight: pre, corsify } = ittyCors(options);
  return (req) => pre(req) ?? corsify(bare(req), req);
}

/**
 * Implementations, grouped by the baseline their overhead is measured against.
 * `ours` and `itty` wrap the plain handler; the Hono and h3 cases run inside an app
 * and are compared with the same app without CORS.
 */
export function implementations({ core, honoAdapter }) {
  return {
    bare: { baseline: null, build: () => (req) => bare(req) },
    ours: { baseline: 'bare', build: (cfg) => core.withCors(bare, cfg.ours) },
    // the same policy driven synchronously, as an adapter may: preflight, else apply
    'policy sync': {
      baseline: 'bare',
      build: (cfg) => {
        const policy = core.createCors(cfg.ours);
        return (req) => policy.preflight(req) ?? policy.apply(req, bare(req));
      },
    },
    itty: { baseline: 'bare', build: (cfg) => itty(cfg.itty) },
    'hono app': { baseline: null, build: () => honoApp(bare) },
    'hono/cors': { baseline: 'hono app', build: (cfg) => honoApp(bare, honoCors(cfg.hono)) },
    ...(honoAdapter ? { '@fetch-cors/hono': { baseline: 'hono app', build: (cfg) => honoApp(bare, honoAdapter.cors(cfg.ours)) } } : {}),
    'h3 app': { baseline: null, build: () => h3App() },
    'h3 handleCors': { baseline: 'h3 app', build: (cfg) => h3App(cfg.h3) },
  };
}

// ---------------------------------------------------------------- large policy
export function bigOrigins() {
  const list = [];
  for (let i = 0; i < 1000; i++) list.push(`https://app${i}.example.com`);
  for (let i = 0; i < 100; i++) list.push(`https://*.tenant${i}.example.net`);
  return list;
}

// 3 entries of which one is a pattern: separates the cost of the list's size from the cost
// of having patterns at all (an Origin that is no exact entry is then parsed and walked).
export const mixedOrigins = () => [ORIGINS3[0], ORIGINS3[1], 'https://*.tenant99.example.net'];

export const bigScenarios = {
  'GET allowed (exact, last of 1000)': () => get('https://app999.example.com'),
  'GET allowed (pattern, last of 100)': () => get('https://eu.tenant99.example.net'),
  'GET refused': () => get(REFUSED),
  'preflight allowed': () => preflight('https://app999.example.com'),
  'preflight refused': () => preflight(REFUSED),
};
// The same requests against the 3-origin list, to compare like with like.
export const smallScenarios = {
  'GET allowed (exact, last of 1000)': () => get(ALLOWED),
  'GET allowed (pattern, last of 100)': () => get(ALLOWED),
  'GET refused': () => get(REFUSED),
  'preflight allowed': () => preflight(ALLOWED),
  'preflight refused': () => preflight(REFUSED),
};

// ---------------------------------------------------------------- floors
// The unavoidable work, written by hand with no library.
export const floors = {
  // read the request's Origin, set three headers and Vary on the handler's mutable response
  'actual: read Origin + 3 headers + Vary': {
    make: () => get(ALLOWED),
    fn: (handler) => (req) => {
      const res = handler(req);
      const origin = req.headers.get('origin');
      const h = res.headers;
      h.set('access-control-allow-origin', origin);
      h.set('access-control-allow-credentials', 'true');
      h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
      h.append('vary', 'Origin');
      return res;
    },
  },
  // what a refused or no-Origin request needs: read Origin, add Vary
  'refused: read Origin + Vary': {
    make: () => get(REFUSED),
    fn: (handler) => (req) => {
      const res = handler(req);
      if (req.headers.get('origin') !== ALLOWED) res.headers.append('vary', 'Origin');
      return res;
    },
  },
  // a finished preflight Response with six headers, nothing read from the request
  'preflight: new Response with 6 headers': {
    make: () => preflight(ALLOWED),
    fn: () => () =>
      new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': ALLOWED,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE',
          'access-control-allow-headers': 'content-type,x-requested-with',
          'access-control-max-age': '600',
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
      }),
  },
  // the same, plus reading the three request headers a preflight needs
  'preflight: read 3 headers + new Response with 6': {
    make: () => preflight(ALLOWED),
    fn: () => (req) => {
      const h = req.headers;
      const origin = h.get('origin');
      const method = h.get('access-control-request-method');
      const names = h.get('access-control-request-headers');
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': method,
          'access-control-allow-headers': names,
          'access-control-max-age': '600',
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
      });
    },
  },
};

export const BIG_HEADER = headerList(64 * 1024);
export const CAP_HEADER = headerList(4000);
export const bigHeaderRequest = () => preflight(ALLOWED, BIG_HEADER);
export const capHeaderRequest = () => preflight(ALLOWED, CAP_HEADER);
