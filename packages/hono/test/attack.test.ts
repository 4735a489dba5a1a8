/**
 * A hostile review of `cors()` through Hono's own router. Each row is named after the attack.
 * The `closed` block holds attacks that once got through and are now refused; the
 * `blocked` blocks hold attacks that were always refused.
 */
import { connect } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { describe, expect, test } from 'vitest';
import { cors, type CorsOptions } from '../src/index';
import { ACAC, ACAO, ALLOWED as APP, PARTNER, REFUSED } from '../../../test/conformance/src/test-names';

interface Row {
  attack: string;
  build: () => Hono;
  path: string;
  /** The body the route serves: proof that the router sent the request to the narrow route. */
  serves: string;
}

/** PARTNER may read /api/*, and `narrow` (a key naming the admin resource) is APP's alone. */
function withKeys(narrow: string, options: { strict?: boolean } = {}): Hono {
  const a = new Hono({ strict: options.strict ?? true });
  const policy: CorsOptions = {
    env: false,
    supportsCredentials: true,
    resources: { '/api/*': { origins: [APP, PARTNER] }, [narrow]: { origins: [APP] } },
  } as CorsOptions;
  a.use(cors(policy));
  return a;
}

const closed: Row[] = [
  {
    attack: 'strict: false and a RegExp key (^/api/admin$): the trailing-slash twin /api/admin/ is served by the admin route under /api/*',
    build: () => withKeys('^/api/admin$', { strict: false }).get('/api/admin', (c) => c.text('ADMIN')),
    path: '/api/admin/',
    serves: 'ADMIN',
  },
  {
    attack: 'an exact key holding @ reached as %40 through a param route (Hono decodes c.req.param)',
    build: () => withKeys('/api/users/admin@example.com').get('/api/users/:email', (c) => c.text(`profile ${c.req.param('email')}`)),
    path: '/api/users/admin%40example.com',
    serves: 'profile admin@example.com',
  },
  {
    attack: 'an exact key holding %2F reached as %2f through a param route',
    build: () => withKeys('/api/files/a%2Fb').get('/api/files/:name', (c) => c.text(`file ${c.req.param('name')}`)),
    path: '/api/files/a%2fb',
    serves: 'file a/b',
  },
  {
    attack: "strict: false and the exact key '/': its twin // is served by the root route under the catch-all key",
    build: () => {
      const a = new Hono({ strict: false });
      a.use(cors({ env: false, supportsCredentials: true, resources: { '/*': { origins: [APP, PARTNER] }, '/': { origins: [APP] } } }));
      return a.get('/', (c) => c.text('ROOT'));
    },
    path: '//',
    serves: 'ROOT',
  },
  {
    attack: "the twin rule gives /admin/ to the exact key '/admin' although Hono (strict) serves it from the /admin/* route that '/admin/*' guards",
    build: () => {
      const a = new Hono();
      a.use(cors({ env: false, supportsCredentials: true, resources: { '/admin': { origins: [APP, PARTNER] }, '/admin/*': { origins: [APP] } } }));
      a.get('/admin', (c) => c.text('login page'));
      return a.get('/admin/*', (c) => c.text(`ADMIN ${c.req.path}`));
    },
    path: '/admin/',
    serves: 'ADMIN /admin/',
  },
];

describe('closed: a refused origin reads a narrowly keyed route through Hono', () => {
  test.each(closed)('$attack', async ({ build, path, serves }) => {
    const res = await build().request(path, { headers: { Origin: PARTNER } });
    expect(await res.text()).toBe(serves);
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
  });
});

// resources keys are whole request paths, as the URL has them, in sub-apps and under basePath
// too (README, Hono): written that way they hold; written relative to the mount point they
// would never match, and a catch-all key would answer every route.
const mounted: Row[] = [
  {
    attack: 'a sub-app mounted with app.route("/v1", sub), keys written as whole paths: the admin key governs /v1/admin/secret',
    build: () => {
      const sub = new Hono();
      sub.use(cors({ env: false, supportsCredentials: true, resources: { '/v1/*': { origins: [APP, PARTNER] }, '/v1/admin/*': { origins: [APP] } } }));
      sub.get('/admin/secret', (c) => c.text('SECRET'));
      return new Hono().route('/v1', sub);
    },
    path: '/v1/admin/secret',
    serves: 'SECRET',
  },
  {
    attack: "basePath('/v1'), keys written as whole paths: the admin key governs /v1/admin/secret",
    build: () => {
      const a = new Hono().basePath('/v1');
      a.use(cors({ env: false, supportsCredentials: true, resources: { '/v1/*': { origins: [APP, PARTNER] }, '/v1/admin/*': { origins: [APP] } } }));
      a.get('/admin/secret', (c) => c.text('SECRET'));
      return a;
    },
    path: '/v1/admin/secret',
    serves: 'SECRET',
  },
];

describe('blocked: resources keys are whole request paths in sub-apps and under basePath', () => {
  test.each(mounted)('$attack', async ({ build, path, serves }) => {
    const refused = await build().request(path, { headers: { Origin: PARTNER } });
    expect(await refused.text()).toBe(serves);
    expect([refused.headers.get(ACAO), refused.headers.get(ACAC)]).toEqual([null, null]);
    const allowed = await build().request(path, { headers: { Origin: APP } });
    expect([allowed.headers.get(ACAO), allowed.headers.get(ACAC)]).toEqual([APP, 'true']);
  });
});

const blocked: Row[] = [
  {
    attack: 'strict: false and an exact key: /api/admin/ is governed by the admin key',
    build: () => withKeys('/api/admin', { strict: false }).get('/api/admin', (c) => c.text('ADMIN')),
    path: '/api/admin/',
    serves: 'ADMIN',
  },
  {
    attack: 'a param route reached with an encoded letter (%61dmin) is governed by the admin key',
    build: () => withKeys('/api/users/admin').get('/api/users/:name', (c) => c.text(`user ${c.req.param('name')}`)),
    path: '/api/users/%61dmin',
    serves: 'user admin',
  },
  {
    attack: 'a wildcard route reached through an encoded dot-dot segment',
    build: () => withKeys('/api/admin/*').get('/api/admin/*', (c) => c.text('ADMIN')),
    path: '/api/x/%2e%2e/admin/keys',
    serves: 'ADMIN',
  },
  {
    attack: 'app.route("/api", sub) with keys written as full paths',
    build: () => {
      const sub = new Hono();
      sub.get('/admin/secret', (c) => c.text('SECRET'));
      const root = withKeys('/api/admin/*');
      return root.route('/api', sub);
    },
    path: '/api/admin/secret',
    serves: 'SECRET',
  },
];

describe('blocked: a refused origin never reads a narrowly keyed route through Hono', () => {
  test.each(blocked)('$attack', async ({ build, path, serves }) => {
    const res = await build().request(path, { headers: { Origin: PARTNER } });
    expect(await res.text()).toBe(serves);
    expect([res.headers.get(ACAO), res.headers.get(ACAC)]).toEqual([null, null]);
  });
});

/** Sends a raw HTTP/1.1 request (so the Origin header can repeat) and returns the response head lines. */
function raw(port: number, head: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`${head}\r\nHost: api.test\r\nConnection: close\r\n\r\n`));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(data.split('\r\n\r\n')[0]?.split('\r\n') ?? []));
  });
}

describe("blocked: repeated Origin headers on @hono/node-server (the adapter reads Node's own headers there)", () => {
  const rows: { attack: string; head: string }[] = [
    { attack: 'the allowed origin first, the attacker second', head: `GET /x HTTP/1.1\r\nOrigin: ${APP}\r\nOrigin: ${REFUSED}` },
    { attack: 'the attacker first, the allowed origin second', head: `GET /x HTTP/1.1\r\nOrigin: ${REFUSED}\r\nOrigin: ${APP}` },
    { attack: 'the second Origin in lower case', head: `GET /x HTTP/1.1\r\nOrigin: ${APP}\r\norigin: ${REFUSED}` },
    {
      attack: 'a preflight with the allowed origin and the attacker',
      head: `OPTIONS /x HTTP/1.1\r\nOrigin: ${APP}\r\nOrigin: ${REFUSED}\r\nAccess-Control-Request-Method: PUT`,
    },
  ];
  test.each(rows)('$attack', async ({ head }) => {
    const a = new Hono();
    a.use(cors({ env: false, origins: [APP], supportsCredentials: true }));
    a.get('/x', (c) => c.text('x'));
    const server = serve({ fetch: a.fetch, port: 0, hostname: '127.0.0.1' });
    try {
      await new Promise((resolve) => server.once('listening', resolve));
      const lines = await raw((server.address() as { port: number }).port, head);
      expect(lines.filter((line) => /^access-control-/i.test(line))).toEqual([]);
    } finally {
      server.close();
    }
  });
});
