// One hello-world server for bench/runtime-cost.mjs, in Deno (Deno.serve) or Bun (Bun.serve with
// a fetch handler, not a static route), on 127.0.0.1:$PORT. $VARIANT picks the handler:
//   none       new Response('hello')
//   read       the same, after reading the request's Origin
//   read-vary  the same, after reading the Origin, with `Vary: Origin` set on the response
//   floor      the read, with `Access-Control-Allow-Origin: <origin>` and `Vary: Origin` set: the
//              least an allowed answer can do
//   fetch-cors withCors(hello, { origins: [ALLOWED] }) from @fetch-cors/deno or @fetch-cors/bun
const deno = globalThis.Deno;
const env = (name) => (deno ? deno.env.get(name) : process.env[name]);
const PORT = Number(env('PORT'));
const VARIANT = env('VARIANT');
const ALLOWED = 'http://allowed.test';

const hello = () => new Response('hello');
let origin = null;
const handlers = {
  none: hello,
  read: (request) => {
    origin = request.headers.get('origin');
    return new Response('hello');
  },
  'read-vary': (request) => {
    origin = request.headers.get('origin');
    const response = new Response('hello');
    response.headers.set('vary', 'Origin');
    return response;
  },
  floor: (request) => {
    origin = request.headers.get('origin');
    const response = new Response('hello');
    if (origin !== null) response.headers.set('access-control-allow-origin', origin);
    response.headers.set('vary', 'Origin');
    return response;
  },
};
if (VARIANT === 'fetch-cors') {
  const { withCors } = await import(deno ? '../../packages/deno/dist/index.js' : '../../packages/bun/dist/index.js');
  handlers['fetch-cors'] = withCors(hello, { origins: [ALLOWED], env: false });
}
const handler = handlers[VARIANT];
if (handler === undefined) throw new Error(`VARIANT: none, read, read-vary, floor or fetch-cors, not ${VARIANT}`);
if (deno) deno.serve({ hostname: '127.0.0.1', port: PORT, onListen() {} }, handler);
else Bun.serve({ hostname: '127.0.0.1', port: PORT, fetch: handler });
// Keeps the read observable, so no engine can drop it.
globalThis.lastOrigin = () => origin;
// A clean exit on SIGINT, so that `bun --cpu-prof` writes its profile.
if (!deno) process.once('SIGINT', () => process.exit(0));
