/**
 * Routes shared by the test Workers. Each route returns what a real Worker would:
 * fresh responses, immutable ones (fetch, redirect, cache), a stream, a WebSocket, a throw.
 */
import { CorsConfigError, withCors } from '../../src/index';

export interface TestEnv {
  SOME_VAR: string;
  UPSTREAM: string;
  [key: string]: unknown;
}

/** What the scheduled handler saw (module state: one isolate per Worker). */
export const state: { scheduled?: unknown } = {};

function immutable(headers: Headers): boolean {
  try {
    headers.set('x-probe', '1');
    headers.delete('x-probe');
    return false;
  } catch {
    return true;
  }
}

async function cached(request: Request): Promise<Response> {
  const key = new Request(new URL('/cached-entry', request.url).href);
  await caches.default.put(key, new Response('cached body', { headers: { 'Cache-Control': 'max-age=600', 'X-Cached': 'yes' } }));
  const hit = await caches.default.match(key);
  return hit ?? new Response('cache miss', { status: 500 });
}

/**
 * Writes `a`, then waits for the test to open the gate (a request to the test's upstream
 * server, real I/O, so workerd does not see a hung request), then writes `b` and `c`.
 */
function gatedStream(env: TestEnv): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      controller.enqueue(encoder.encode('a'));
      await (await fetch(`${env.UPSTREAM}/gate`)).arrayBuffer();
      controller.enqueue(encoder.encode('b'));
      controller.enqueue(encoder.encode('c'));
      controller.close();
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'text/plain' } });
}

function webSocketEcho(): Response {
  const pair = new WebSocketPair();
  const server = pair[1];
  server.accept();
  server.addEventListener('message', (event) => server.send(`echo:${String(event.data)}`));
  return new Response(null, { status: 101, webSocket: pair[0] });
}

/** Counts how often the adapter reads CORS_ORIGINS from one env object across requests. */
async function compileCount(ctx: ExecutionContext): Promise<Response> {
  let reads = 0;
  const makeEnv = () =>
    new Proxy({ CORS_ORIGINS: 'https://count.example' } as Record<string, string>, {
      get(target, key) {
        if (key === 'CORS_ORIGINS') reads++;
        return Reflect.get(target, key);
      },
    });
  const wrapped = withCors(() => new Response('counted'));
  const request = () => new Request('https://worker.test/', { headers: { Origin: 'https://count.example' } });
  const env = makeEnv();
  const first = await wrapped(request(), env, ctx);
  const afterOne = reads;
  await wrapped(request(), env, ctx);
  await wrapped(request(), env, ctx);
  const afterThree = reads;
  await wrapped(request(), makeEnv(), ctx);
  const afterNewEnv = reads;
  return Response.json({
    afterOne,
    afterThree,
    afterNewEnv,
    allowOrigin: first.headers.get('access-control-allow-origin'),
  });
}

function configErrors(ctx: ExecutionContext): Response {
  const report = (run: () => unknown) => {
    try {
      run();
      return { thrown: false };
    } catch (error) {
      return {
        thrown: true,
        isCorsConfigError: error instanceof CorsConfigError,
        message: error instanceof Error ? error.message : String(error),
      };
    }
  };
  const wrapped = withCors(() => new Response('never'));
  return Response.json({
    // An unknown option in code fails when withCors is called.
    code: report(() => withCors(() => new Response('never'), { origin: 'https://x.example' } as never)),
    // A var optionsFromEnv cannot read fails when that env is first used.
    env: report(() => wrapped(new Request('https://worker.test/'), { CORS_MAX_AGE: 'ten' }, ctx)),
    // A binding (an object) under a CORS_* name is not a setting.
    binding: report(() => wrapped(new Request('https://worker.test/'), { CORS_ORIGINS: { get() {} } }, ctx)),
    // A JSON var that is an empty list is set but holds no origins: never read as '*'.
    emptyList: report(() => wrapped(new Request('https://worker.test/'), { CORS_ORIGINS: [] }, ctx)),
    // A misspelt name and another framework's name would leave the default '*' in force.
    typo: report(() => wrapped(new Request('https://worker.test/'), { CORS_ORIGIN: 'https://x.example' }, ctx)),
    foreign: report(() => wrapped(new Request('https://worker.test/'), { CORS_ALLOWED_ORIGINS: 'https://x.example' }, ctx)),
  });
}

/** The application's routes, as a plain Worker fetch function. */
export async function routes(request: Request, env: TestEnv, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  switch (url.pathname) {
    case '/hello':
      return new Response('hello', { headers: { 'Content-Type': 'text/plain' } });
    case '/expose':
      return new Response('exposed', { headers: { 'X-Request-Id': '42' } });
    case '/env': {
      ctx.waitUntil(Promise.resolve());
      return Response.json({ someVar: env.SOME_VAR, waitUntil: typeof ctx.waitUntil });
    }
    case '/redirect':
      return Response.redirect(new URL('/hello', request.url).href, 302);
    case '/upstream':
      return fetch(`${env.UPSTREAM}/upstream`);
    case '/upstream-stream':
      return fetch(`${env.UPSTREAM}/stream`);
    case '/cache':
      return cached(request);
    case '/immutability': {
      const redirect = Response.redirect(new URL('/hello', request.url).href, 302);
      const upstream = await fetch(`${env.UPSTREAM}/upstream`);
      await upstream.arrayBuffer();
      const cache = await cached(request);
      await cache.arrayBuffer();
      return Response.json({
        redirect: immutable(redirect.headers),
        fetch: immutable(upstream.headers),
        cache: immutable(cache.headers),
      });
    }
    case '/stream':
      return gatedStream(env);
    case '/ws':
      return webSocketEcho();
    case '/error':
      throw new Error('boom (expected by the test)');
    case '/state':
      return Response.json(state);
    case '/compile-count':
      return compileCount(ctx);
    case '/config-errors':
      return configErrors(ctx);
    default:
      return new Response('not found', { status: 404 });
  }
}
