// The APIs the playground can put under a policy. Both serve the routes of the example apps
// (apps/hono): /hello, /echo, /expose, /redirect, /stream, /error, and run in this process so
// that the policy can change per request and `onReject` can be recorded.
import { Hono } from 'hono';
import { cors } from '@fetch-cors/hono';
import { withCors } from '@fetch-cors/core';

/** The routes a request can be composed for, with the methods each one answers. */
export const ROUTES = [
  { path: '/hello', methods: ['GET'], note: 'text "hello"' },
  { path: '/echo', methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], note: 'JSON: the method and body it received' },
  { path: '/expose', methods: ['GET'], note: 'sets X-Request-Id: 42 (readable only if exposed)' },
  { path: '/redirect', methods: ['GET'], note: '302 to /hello on the same API' },
  { path: '/stream', methods: ['GET'], note: 'a streamed body: a, b, c' },
  { path: '/error', methods: ['GET'], note: 'the handler throws: a 500 that keeps the CORS headers' },
];

const ECHO_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function stream() {
  const encoder = new TextEncoder();
  const chunks = ['a', 'b', 'c'];
  return new ReadableStream({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
}

/**
 * Hono on Node with `@fetch-cors/hono`, as apps/hono serves it. `onError` is told of a route
 * that throws (Hono answers it with its own error handler, which the middleware then covers).
 */
function honoApp(options, onError) {
  const app = new Hono();
  app.use(cors({ ...options, onError }));
  app.get('/hello', (c) => c.text('hello'));
  app.on(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], '/echo', async (c) => c.json({ method: c.req.method, body: await c.req.text() }));
  app.get('/expose', (c) => c.text('expose', 200, { 'X-Request-Id': '42' }));
  app.get('/redirect', (c) => Response.redirect(new URL('/hello', c.req.url).href, 302));
  app.get('/stream', () => new Response(stream(), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } }));
  app.get('/error', () => {
    throw new Error('the /error route always throws');
  });
  app.onError((error, c) => {
    onError(error, c.req.raw);
    return c.text('Internal Server Error', 500);
  });
  return (request) => app.fetch(request);
}

/** A plain `(Request) => Response` handler wrapped in `withCors` from `@fetch-cors/core`. */
function plainApp(options, onError) {
  const handler = async (request) => {
    const { pathname } = new URL(request.url);
    const method = request.method;
    const get = method === 'GET' || method === 'HEAD';
    if (pathname === '/hello' && get) return new Response('hello', { headers: { 'Content-Type': 'text/plain' } });
    if (pathname === '/echo' && ECHO_METHODS.has(method)) return Response.json({ method, body: await request.text() });
    if (pathname === '/expose' && get) return new Response('expose', { headers: { 'X-Request-Id': '42' } });
    if (pathname === '/redirect' && get) return Response.redirect(new URL('/hello', request.url).href, 302);
    if (pathname === '/stream' && get) return new Response(stream(), { headers: { 'Content-Type': 'text/plain' } });
    if (pathname === '/error' && get) throw new Error('the /error route always throws');
    return new Response('Not Found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
  };
  return withCors(handler, { ...options, onError });
}

/** The APIs on offer: id, label, and how to build one under a policy. */
export const APPS = [
  { id: 'hono', label: 'Hono on Node (@fetch-cors/hono)', build: honoApp },
  { id: 'node', label: 'Plain handler on Node (withCors from @fetch-cors/core)', build: plainApp },
];
