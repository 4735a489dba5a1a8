// Example: Hono on Node with @fetch-cors/hono.
// The whole CORS configuration comes from CORS_* environment variables;
// the server listens on 127.0.0.1 at $PORT and serves the routes of the
// example-app routes of docs/behaviour.md#example-apps.
import { serve } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { cors } from '@fetch-cors/hono';
import { appCors, EXTRA_PATHS, extraRoute } from '../extra-routes/extra.mjs';

const hostname = '127.0.0.1';
const port = Number(process.env.PORT ?? 8787);

const app = new Hono();
const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });

// APP_CORS=off serves the same app without CORS and APP_CORS=hono with hono/cors (given
// CORS_ORIGINS, CORS_SUPPORTS_CREDENTIALS, CORS_EXPOSE_HEADERS), so `pnpm load` can compare.
// Hono on Node gets no CORS_* in c.env; read them from the process environment.
const mode = appCors(process.env.APP_CORS);
if (mode === 'on') app.use(cors({ env: process.env }));
if (mode === 'hono') app.use(honoCors(honoCorsOptions(process.env)));

app.get('/hello', (c) => c.text('hello'));

app.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/echo', async (c) => c.json({ method: c.req.method, body: await c.req.text() }));

app.get('/expose', (c) => c.text('expose', 200, { 'X-Request-Id': '42' }));

// Response.redirect: a response whose headers are immutable.
app.get('/redirect', (c) => Response.redirect(new URL('/hello', c.req.url).href, 302));

// fetch(): another response with immutable headers, and an upstream that already
// carries CORS headers of its own.
app.get('/proxy', () => fetch(`http://${hostname}:${port}/hello`));

app.get('/stream', () => {
  const encoder = new TextEncoder();
  const chunks = ['a', 'b', 'c'];
  const body = new ReadableStream({
    async pull(controller) {
      const chunk = chunks.shift();
      if (chunk === undefined) {
        controller.close();
        return;
      }
      if (chunk !== 'a') await new Promise((resolve) => setTimeout(resolve, 60));
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
});

app.get('/error', () => {
  throw new Error('the /error route always throws');
});

for (const path of EXTRA_PATHS) app.get(path, (c) => extraRoute(c.req.raw, path));

app.get(
  '/ws',
  upgradeWebSocket(() => ({
    onMessage(event, ws) {
      ws.send(event.data);
    },
  })),
);

const server = serve({ fetch: app.fetch, hostname, port }, (info) => {
  console.log(`app-hono listening on http://${hostname}:${info.port}`);
});
injectWebSocket(server);

/** hono/cors options read from the same CORS_* variables (only what hono/cors has). */
function honoCorsOptions(env) {
  const list = (v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const origins = list(env.CORS_ORIGINS);
  return {
    origin: origins.length === 0 || origins.includes('*') ? '*' : origins,
    credentials: env.CORS_SUPPORTS_CREDENTIALS === 'true',
    exposeHeaders: list(env.CORS_EXPOSE_HEADERS),
  };
}
