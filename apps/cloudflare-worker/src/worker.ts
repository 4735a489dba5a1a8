/**
 * The fetch-cors example Worker: the example-app routes of docs/behaviour.md#example-apps, with CORS added by
 * `@fetch-cors/cloudflare`. The whole CORS configuration comes from the Worker's `CORS_*`
 * vars (wrangler.toml `[vars]`, or the environment when run with `pnpm start`).
 */
import { withCors } from '@fetch-cors/cloudflare';
import { appCors, extraRoute } from '../../extra-routes/extra.mjs';

const textPlain = { 'Content-Type': 'text/plain' };
const ECHO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `a`, `b`, `c` as three chunks, 60 ms apart (120 ms in all). Served as
 * application/octet-stream: Cloudflare's edge (and Miniflare, which copies it) gzips
 * text/plain for clients that accept it, and gzip would hold the small chunks back.
 */
function stream(): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const encoder = new TextEncoder();
  const pause = () => new Promise((resolve) => setTimeout(resolve, 60));
  void (async () => {
    await writer.write(encoder.encode('a'));
    await pause();
    await writer.write(encoder.encode('b'));
    await pause();
    await writer.write(encoder.encode('c'));
    await writer.close();
  })().catch(() => {
    // The client left: the stream is closed, and nothing is left to write.
  });
  return new Response(readable, { headers: { 'Content-Type': 'application/octet-stream' } });
}

/** A WebSocket that echoes each message back. */
function webSocket(request: Request): Response {
  if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
    return new Response('expected a WebSocket upgrade', { status: 426, headers: { ...textPlain, Upgrade: 'websocket' } });
  }
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.addEventListener('message', (event) => server.send(event.data));
  return new Response(null, { status: 101, webSocket: client });
}

async function route(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const method = request.method;
  if (pathname === '/echo') {
    if (!ECHO_METHODS.has(method)) return new Response('method not allowed', { status: 405, headers: textPlain });
    return Response.json({ method, body: await request.text() });
  }
  if (method !== 'GET' && method !== 'HEAD') return new Response('method not allowed', { status: 405, headers: textPlain });
  switch (pathname) {
    case '/hello':
      return new Response('hello', { headers: textPlain });
    case '/expose':
      return new Response('expose', { headers: { ...textPlain, 'X-Request-Id': '42' } });
    case '/redirect':
      return Response.redirect(new URL('/hello', request.url).href, 302);
    case '/proxy':
      // The response of fetch() has immutable headers; the adapter copies it to add CORS.
      return fetch(new URL('/hello', request.url).href);
    case '/stream':
      return stream();
    case '/error':
      throw new Error('/error always fails (example route)');
    case '/ws':
      return webSocket(request);
    default:
      return extraRoute(request, pathname) ?? new Response('not found', { status: 404, headers: textPlain });
  }
}

const withPolicy = withCors({
  fetch: (request: Request, _env: Record<string, unknown>, _ctx: ExecutionContext): Promise<Response> => route(request),
});

/** The Worker: `APP_CORS = "off"` serves the same routes without CORS, for `pnpm load`. */
export default {
  fetch(request: Request, env: Record<string, unknown>, ctx: ExecutionContext): Promise<Response> | Response {
    if (env.APP_CORS !== undefined && appCors(String(env.APP_CORS)) === 'off') return route(request);
    return withPolicy.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Record<string, unknown>>;
