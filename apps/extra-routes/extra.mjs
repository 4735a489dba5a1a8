/* @ts-self-types="./extra.d.mts" */
/**
 * Routes beyond the example-app contract, served by every example app: what the fault tests
 * and `pnpm load` drive. Plain JavaScript, so Node, Deno, Bun and the Worker bundle load it
 * as it is.
 *
 *   GET /json                   200, a 10 KB JSON document serialized on each request
 *   GET /faults/long-stream     "x" every 20 ms, 200 chunks; a client that leaves is logged once
 *   GET /faults/stream-throws   "a", then the body stream fails (the runtime logs the error)
 *   GET /faults/hang            no answer; logged once when the client gives up (request.signal)
 *   GET /faults/big             8 MiB in 64 KiB chunks, made only as fast as the client reads
 *
 * Log lines start with `app:` and name the route, so a test can count them.
 */

const encoder = new TextEncoder();

/** About 10 KB of JSON: 40 records of a dozen fields. */
const DOCUMENT = {
  items: Array.from({ length: 40 }, (_, i) => ({
    id: i,
    name: `item ${i}`,
    sku: `SKU-${String(i).padStart(6, '0')}`,
    price: Math.round(i * 137.5) / 10,
    tags: ['alpha', 'beta', 'gamma'],
    inStock: i % 3 !== 0,
    updated: '2026-01-01T00:00:00.000Z',
    owner: { id: 1000 + i, region: 'eu-west' },
  })),
};

const BIG_CHUNK = new Uint8Array(64 * 1024).fill(120); // "x"
const BIG_CHUNKS = 128; // 8 MiB

/** @param {string} route @param {string} what */
function log(route, what) {
  console.error(`app: ${route} ${what}`);
}

function json() {
  return new Response(JSON.stringify(DOCUMENT), { headers: { 'Content-Type': 'application/json' } });
}

function longStream() {
  let sent = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const body = new ReadableStream({
    pull(controller) {
      return new Promise((resolve) => {
        timer = setTimeout(
          () => {
            try {
              if (sent++ >= 200) controller.close();
              else controller.enqueue(encoder.encode('x'));
            } catch {
              // The client left and the runtime closed the stream without cancelling it.
            }
            resolve(undefined);
          },
          sent === 0 ? 0 : 20,
        );
      });
    },
    cancel() {
      clearTimeout(timer);
      log('/faults/long-stream', 'client went away before the end');
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/octet-stream' } });
}

function streamThrows() {
  let step = 0;
  const body = new ReadableStream({
    async pull(controller) {
      if (step++ === 0) {
        controller.enqueue(encoder.encode('a'));
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
      // The runtime reports the failed body (the response was already on its way).
      controller.error(new Error('stream failed on purpose'));
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/octet-stream' } });
}

/** @param {Request} request */
function hang(request) {
  return new Promise((resolve) => {
    // A client that never gives up would hold the handler for at most a minute.
    const limit = setTimeout(() => resolve(new Response('gave up waiting', { status: 504 })), 60_000);
    request.signal.addEventListener(
      'abort',
      () => {
        clearTimeout(limit);
        log('/faults/hang', 'client gave up');
        resolve(new Response(null, { status: 499 }));
      },
      { once: true },
    );
  });
}

function big() {
  let sent = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (sent++ >= BIG_CHUNKS) controller.close();
      else controller.enqueue(BIG_CHUNK.slice());
    },
  });
  return new Response(body, { headers: { 'Content-Type': 'application/octet-stream', 'Content-Length': String(BIG_CHUNKS * BIG_CHUNK.length) } });
}

/**
 * The answer of an extra route for `request`, or `undefined` when `pathname` is not one.
 *
 * @param {Request} request
 * @param {string} pathname
 * @returns {Response | Promise<Response> | undefined}
 */
export function extraRoute(request, pathname) {
  if (request.method !== 'GET') return undefined;
  switch (pathname) {
    case '/json':
      return json();
    case '/faults/long-stream':
      return longStream();
    case '/faults/stream-throws':
      return streamThrows();
    case '/faults/hang':
      return hang(request);
    case '/faults/big':
      return big();
    default:
      return undefined;
  }
}

/** Paths served by {@link extraRoute}. */
export const EXTRA_PATHS = ['/json', '/faults/long-stream', '/faults/stream-throws', '/faults/hang', '/faults/big'];

/**
 * Which CORS the app runs, from `APP_CORS`: `on` (default, fetch-cors), `off` (no CORS at all,
 * to measure the wrapper's cost) or, in the Hono app only, `hono` (hono/cors, for comparison).
 *
 * @param {string | undefined} value
 * @returns {'on' | 'off' | 'hono'}
 */
export function appCors(value) {
  if (value === undefined || value === '' || value === 'on') return 'on';
  if (value === 'off' || value === 'hono') return value;
  throw new Error(`APP_CORS must be on, off or hono, got ${JSON.stringify(value)}`);
}
