// The fetch-cors demo: a page on one origin calls an API on another, and shows what the
// browser allowed or blocked. Run from the repository root with `pnpm demo`, then open
// the page address it prints. Both servers listen on 127.0.0.1 only.
import { serve } from '@hono/node-server';
import { withCors } from '@fetch-cors/core';

const PAGE_PORT = Number(process.env.PAGE_PORT ?? 8080);
const OTHER_PORT = Number(process.env.OTHER_PORT ?? 8081);
const API_PORT = Number(process.env.API_PORT ?? 8787);
const page = `http://127.0.0.1:${PAGE_PORT}`;
const api = `http://localhost:${API_PORT}`;

const handler = withCors(
  async (req) => {
    const { pathname } = new URL(req.url);
    if (pathname === '/hello') return new Response('hello', { headers: { 'x-request-id': '42', 'x-secret': 'hidden' } });
    if (pathname === '/echo') return Response.json({ method: req.method, body: await req.text() });
    if (pathname === '/error') throw new Error('demo error');
    return new Response('not found', { status: 404 });
  },
  {
    origins: [page],
    methods: ['GET', 'POST', 'PUT'],
    allowHeaders: ['Content-Type', 'X-Demo'],
    exposeHeaders: ['X-Request-Id'],
    supportsCredentials: true,
    maxAge: 60,
    debug: true,
    onReject: ({ reason, detail }) => console.log(`refused (${reason}): ${detail}`),
    onError: (error) => console.log(`handler error: ${error.message}`),
  },
);

const cases = [
  ['simple GET, allowed origin', `fetch('${api}/hello').then(async r => r.status + ' ' + await r.text() + ', X-Request-Id=' + r.headers.get('x-request-id') + ', X-Secret=' + r.headers.get('x-secret'))`],
  ['PUT with X-Demo (preflight, allowed)', `fetch('${api}/echo', { method: 'PUT', headers: { 'X-Demo': '1', 'Content-Type': 'application/json' }, body: '{"a":1}' }).then(r => r.text())`],
  ['PUT with X-Other (header refused)', `fetch('${api}/echo', { method: 'PUT', headers: { 'X-Other': '1' } }).then(r => r.text())`],
  ['DELETE (method refused)', `fetch('${api}/echo', { method: 'DELETE' }).then(r => r.text())`],
  ["credentials: 'include'", `fetch('${api}/hello', { credentials: 'include' }).then(r => r.text())`],
  ['handler error: readable 500', `fetch('${api}/error').then(r => r.status + ' ' + r.statusText)`],
];

const html = (origin) => `<!doctype html><meta charset="utf-8"><title>fetch-cors demo</title>
<style>body{font:15px system-ui;margin:2rem;max-width:52rem}li{margin:.4rem 0}code{background:#eee;padding:0 .2rem}.ok{color:#060}.blocked{color:#b00}</style>
<h1>fetch-cors demo</h1>
<p>This page is <code>${origin}</code>; the API is <code>${api}</code> and allows only <code>${page}</code>.
Refused preflights answer in debug mode, so the browser console names the check that failed.</p>
<ol id="out"></ol>
<script>
const cases = [${cases.map(([name, code]) => `[${JSON.stringify(name)}, () => ${code}]`).join(',\n')}];
const out = document.getElementById('out');
(async () => {
  for (const [name, run] of cases) {
    const li = document.createElement('li');
    out.append(li);
    try { li.innerHTML = '<b class="ok">allowed</b> ' + name + ': ' + (await run()); li.dataset.result = 'allowed'; }
    catch (e) { li.innerHTML = '<b class="blocked">blocked</b> ' + name + ': ' + e.message; li.dataset.result = 'blocked'; }
  }
  document.body.dataset.done = 'true';
})();
</script>`;

const servers = [
  serve({ fetch: handler, port: API_PORT, hostname: '127.0.0.1' }),
  serve({ fetch: () => new Response(html(page), { headers: { 'content-type': 'text/html' } }), port: PAGE_PORT, hostname: '127.0.0.1' }),
  serve({ fetch: () => new Response(html(`http://127.0.0.1:${OTHER_PORT}`), { headers: { 'content-type': 'text/html' } }), port: OTHER_PORT, hostname: '127.0.0.1' }),
];
console.log(`fetch-cors demo
  page (allowed origin):  ${page}
  page (refused origin):  http://127.0.0.1:${OTHER_PORT}
  API:                    ${api}
Press Ctrl+C to stop.`);
const stop = () => { for (const s of servers) s.close(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
