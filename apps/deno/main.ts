/**
 * Example Deno server for fetch-cors, following docs/behaviour.md#example-apps: its whole CORS
 * configuration comes from CORS_* in the environment, it listens on 127.0.0.1:$PORT.
 *
 *   CORS_ORIGINS=https://app.example.com PORT=8000 pnpm --filter @fetch-cors/app-deno start
 */
import { withCors } from '@fetch-cors/deno';
import { appCors, extraRoute } from '../extra-routes/extra.mjs';

const port = Number(Deno.env.get('PORT') ?? '8000');
const ECHO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
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

function echoSocket(request: Request): Response {
  if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') {
    return new Response('Upgrade Required', { status: 426, headers: { Upgrade: 'websocket' } });
  }
  const { socket, response } = Deno.upgradeWebSocket(request);
  socket.onmessage = (event) => socket.send(event.data);
  return response;
}

async function handler(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const method = request.method;
  const get = method === 'GET' || method === 'HEAD';
  if (pathname === '/hello' && get) return new Response('hello', { headers: { 'Content-Type': 'text/plain' } });
  if (pathname === '/echo' && ECHO_METHODS.has(method)) {
    return Response.json({ method, body: await request.text() }, { headers: { 'Content-Type': 'application/json' } });
  }
  if (pathname === '/expose' && get) return new Response('expose', { headers: { 'X-Request-Id': '42' } });
  if (pathname === '/redirect' && get) return Response.redirect(new URL('/hello', request.url), 302);
  if (pathname === '/proxy' && get) return fetch(new URL('/hello', origin));
  if (pathname === '/stream' && get) return new Response(stream(), { headers: { 'Content-Type': 'text/plain' } });
  if (pathname === '/error' && get) throw new Error('/error: this handler always throws');
  if (pathname === '/ws' && method === 'GET') return echoSocket(request);
  const extra = extraRoute(request, pathname);
  if (extra !== undefined) return extra;
  return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
}

const server = Deno.serve(
  {
    hostname: '127.0.0.1',
    port,
    onListen: ({ hostname, port }) => console.log(`app-deno listening on http://${hostname}:${port}`),
  },
  // APP_CORS=off: the same app without CORS, for `pnpm load`.
  appCors(Deno.env.get('APP_CORS')) === 'off' ? handler : withCors(handler),
);
origin = `http://127.0.0.1:${server.addr.port}`;
