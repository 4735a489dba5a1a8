/**
 * Example Bun server for fetch-cors, following docs/behaviour.md#example-apps: its whole CORS
 * configuration comes from CORS_* in the environment, it listens on 127.0.0.1:$PORT.
 *
 *   CORS_ORIGINS=https://app.example.com PORT=8000 pnpm --filter @fetch-cors/app-bun start
 */
import { corsRoutes, createBunCors, withCors } from '@fetch-cors/bun';
import { appCors, EXTRA_PATHS, extraRoute } from '../extra-routes/extra.mjs';

const port = Number(process.env.PORT ?? '8000');
// One policy for the routes table and the fallback, from CORS_* in Bun.env only.
const cors = createBunCors();
let origin = `http://127.0.0.1:${port}`;

function stream(): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const chunks = ['a', 'b', 'c'];
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream({
    start(controller) {
      const next = () => {
        const chunk = chunks.shift();
        try {
          if (chunk === undefined) return controller.close();
          controller.enqueue(encoder.encode(chunk));
        } catch {
          // The client left and the runtime closed the stream without cancelling it: a throw
          // here, in a timer, would be uncaught and end the process.
          return;
        }
        timer = setTimeout(next, 60);
      };
      next();
    },
    cancel() {
      clearTimeout(timer);
    },
  });
}

const echo = async (request: Request) =>
  Response.json({ method: request.method, body: await request.text() }, { headers: { 'Content-Type': 'application/json' } });

// APP_CORS=off: the same app without CORS, for `pnpm load`.
const off = appCors(process.env.APP_CORS) === 'off';
const withPolicy = <R extends string>(routes: Bun.Serve.RoutesWithUpgrade<undefined, R>): Bun.Serve.RoutesWithUpgrade<undefined, R> =>
  off ? routes : corsRoutes(routes, cors);
const notFound = () => new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
const extras = Object.fromEntries(EXTRA_PATHS.map((path) => [path, { GET: (request: Request) => extraRoute(request, path) ?? notFound() }]));

const server = Bun.serve({
  hostname: '127.0.0.1',
  port,
  routes: withPolicy({
    ...extras,
    '/hello': new Response('hello', { headers: { 'Content-Type': 'text/plain' } }),
    '/echo': { GET: echo, POST: echo, PUT: echo, PATCH: echo, DELETE: echo },
    '/expose': { GET: () => new Response('expose', { headers: { 'X-Request-Id': '42' } }) },
    '/redirect': { GET: (req) => Response.redirect(new URL('/hello', req.url).href, 302) },
    '/proxy': { GET: () => fetch(new URL('/hello', origin)) },
    '/stream': { GET: () => new Response(stream(), { headers: { 'Content-Type': 'text/plain' } }) },
    '/error': {
      GET: (): Response => {
        throw new Error('/error: this handler always throws');
      },
    },
    '/ws': {
      GET: (request, server) => {
        if (server.upgrade(request)) return undefined;
        return new Response('Upgrade Required', { status: 426, headers: { Upgrade: 'websocket' } });
      },
    },
  }),
  fetch: off ? notFound : withCors(notFound, cors),
  websocket: {
    message(ws, message) {
      ws.send(message);
    },
  },
});
origin = `http://127.0.0.1:${server.port}`;
console.log(`app-bun listening on http://127.0.0.1:${server.port}`);
