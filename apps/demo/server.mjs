// The fetch-cors playground: pick or edit a CORS policy, compose a request, run it from the
// browser, and see what the browser did, what the API server saw and what the checker says.
// Run from the repository root with `pnpm demo`, then open the address it prints.
//
// The same page is served on two origins, so the same request can be tried from an origin the
// policy allows and from one it refuses. Every server listens on 127.0.0.1 only.
//   PORT (or PAGE_PORT)  the page on http://127.0.0.1:$PORT     (default 8080)
//   OTHER_PORT           the page on http://localhost:$OTHER_PORT (default 8081)
//   API_PORT             the API on http://localhost:$API_PORT    (default 8787)
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { APPS, ROUTES } from './apps.mjs';
import { createPlayground, readPolicy } from './playground.mjs';
import { RUNTIMES, createRuntimes } from './runtimes.mjs';

function port(name, fallback) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    console.error(`${name} must be a port number from 1 to 65535, got ${JSON.stringify(raw)}`);
    process.exit(2);
  }
  return n;
}

const PAGE_PORT = port('PAGE_PORT', port('PORT', 8080));
const OTHER_PORT = port('OTHER_PORT', 8081);
const API_PORT = port('API_PORT', 8787);
const HOST = '127.0.0.1';
const pageOrigin = `http://127.0.0.1:${PAGE_PORT}`;
const otherOrigin = `http://localhost:${OTHER_PORT}`;
const apiOrigin = `http://localhost:${API_PORT}`;

const runtimes = createRuntimes();
const playground = createPlayground({ apiOrigin, pageOrigin, otherOrigin, runtimes });

const file = (name) => readFileSync(new URL(`./public/${name}`, import.meta.url), 'utf8');
const STATIC = {
  '/': ['index.html', 'text/html; charset=utf-8'],
  '/playground.js': ['playground.js', 'text/javascript; charset=utf-8'],
  '/playground.css': ['playground.css', 'text/css; charset=utf-8'],
};
const assets = Object.fromEntries(Object.entries(STATIC).map(([path, [name, type]]) => [path, { body: file(name), type }]));

const config = {
  origins: [pageOrigin, otherOrigin],
  api: apiOrigin,
  apps: [
    ...APPS.map(({ id, label }) => ({ id, label, available: true, inProcess: true })),
    ...RUNTIMES.map(({ id, label, available }) => ({ id, label, available, inProcess: false })),
  ],
  routes: ROUTES,
  presets: playground.presets,
};

const json = (value, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } });

/** The page and its same-origin endpoints, identical on both page origins. */
async function page(request) {
  const { pathname } = new URL(request.url);
  const asset = request.method === 'GET' ? assets[pathname] : undefined;
  if (asset) return new Response(asset.body, { headers: { 'content-type': asset.type, 'cache-control': 'no-store' } });
  if (pathname === '/pg/config' && request.method === 'GET') return json(config);
  if (pathname === '/pg/runs' && request.method === 'POST') {
    let input;
    try {
      input = await request.json();
    } catch {
      return json({ error: 'the body must be JSON' }, 400);
    }
    if (typeof input?.policy !== 'string' || typeof input?.origin !== 'string' || typeof input?.request !== 'object' || input.request === null) {
      return json({ error: 'expected { policy, app, origin, request }' }, 400);
    }
    return json(await playground.startRun(input));
  }
  if (pathname === '/pg/policy' && request.method === 'POST') return json(readPolicy(await request.text()));
  const match = /^\/pg\/runs\/([0-9a-f-]+)$/.exec(pathname);
  if (match && request.method === 'GET') {
    const found = playground.exchanges(match[1]);
    return found === null ? json({ error: 'no such run' }, 404) : json(found);
  }
  return new Response('Not Found', { status: 404 });
}

const servers = [];
await Promise.all(
  [
    [playground.api, API_PORT],
    [page, PAGE_PORT],
    [page, OTHER_PORT],
  ].map(
    ([fetch, port]) =>
      new Promise((resolve) => {
        // Keep Node's own Request and Response: the checker and the policy run on them.
        const server = serve({ fetch, port, hostname: HOST, overrideGlobalObjects: false }, resolve);
        server.on('error', (error) => {
          console.error(`fetch-cors playground: ${error.message} (set PORT, OTHER_PORT or API_PORT to free ports)`);
          process.exit(1);
        });
        servers.push(server);
      }),
  ),
);
console.log(`fetch-cors playground
  page:             ${pageOrigin}/
  the same page on: ${otherOrigin}/  (a second origin, one click away)
  API under test:   ${apiOrigin}  (routes ${ROUTES.map((r) => r.path).join(', ')})
Press Ctrl+C to stop.`);
const stop = () => {
  runtimes.stopAll();
  for (const s of servers) s.close();
  process.exit(0);
};
process.on('exit', () => runtimes.stopAll());
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
