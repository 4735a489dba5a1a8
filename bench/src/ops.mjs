// Micro-benchmarks of the single Fetch API operations a CORS layer is made of, in the
// current runtime. Each case builds the handler's fresh Response and then does one thing,
// so "cost" = case − the body-less handler response. Used to explain where the core's time goes.
// Usage: <runtime> src/ops.mjs <out.json>
import { writeFileSync } from 'node:fs';
import { measure } from 'mitata';
import { shuffled } from './shuffle.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const env = (k) => (globalThis.Deno ? Deno.env.get(k) : process.env[k]);
const ROUNDS = Number(env('BENCH_ROUNDS') ?? 3);
const TIME_MS = Number(env('BENCH_TIME_MS') ?? 80);
const runtime = globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : 'node';
const version = globalThis.Bun ? Bun.version : globalThis.Deno ? Deno.version.deno : process.versions.node;

const ORIGIN = 'https://www.example.org';
const req = new Request('http://api.example.com/', { headers: { origin: ORIGIN } });
const pre = new Request('http://api.example.com/', {
  method: 'OPTIONS',
  headers: { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type, x-requested-with' },
});
const CORS_NAMES = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-allow-private-network',
];
const SIX = {
  'access-control-allow-origin': ORIGIN,
  'access-control-allow-credentials': 'true',
  'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE',
  'access-control-allow-headers': 'content-type,x-requested-with',
  'access-control-max-age': '600',
  vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
};
const SIX_ENTRIES = Object.entries(SIX);
const originSet = new Set(['https://app.example.com', 'https://admin.example.com', ORIGIN]);
let sink;
// the handler's response: body-less, so that its own cost and garbage stay small
const mk = () => new Response(null, { headers: { 'content-type': 'text/plain;charset=UTF-8' } });

const cases = {
  'new Response("hello")': () => new Response('hello'),
  'handler: new Response(null, {headers: content-type})': () => mk(),
  '+ res.headers (getter)': () => {
    const r = mk();
    sink = r.headers;
    return r;
  },
  '+ req.method': () => {
    const r = mk();
    sink = req.method;
    return r;
  },
  '+ req.url': () => {
    const r = mk();
    sink = req.url;
    return r;
  },
  '+ new URL(req.url).pathname': () => {
    const r = mk();
    sink = new URL(req.url).pathname;
    return r;
  },
  '+ req.headers.get(origin) present': () => {
    const r = mk();
    sink = req.headers.get('origin');
    return r;
  },
  '+ req.headers.get(Origin) mixed case': () => {
    const r = mk();
    sink = req.headers.get('Origin');
    return r;
  },
  '+ req.headers.get(x) absent': () => {
    const r = mk();
    sink = req.headers.get('access-control-request-method');
    return r;
  },
  '+ 3× req.headers.get (preflight)': () => {
    const r = mk();
    const h = pre.headers;
    sink = h.get('origin') + h.get('access-control-request-method') + h.get('access-control-request-headers');
    return r;
  },
  '+ origin toLowerCase + Set.has': () => {
    const r = mk();
    sink = originSet.has(req.headers.get('origin').toLowerCase());
    return r;
  },
  '+ 1× res.headers.set': () => {
    const r = mk();
    r.headers.set('access-control-allow-origin', ORIGIN);
    return r;
  },
  '+ 3× res.headers.set': () => {
    const r = mk();
    const h = r.headers;
    h.set('access-control-allow-origin', ORIGIN);
    h.set('access-control-allow-credentials', 'true');
    h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
    return r;
  },
  '+ 1× res.headers.append(vary)': () => {
    const r = mk();
    r.headers.append('vary', 'Origin');
    return r;
  },
  '+ res.headers.get(vary) absent': () => {
    const r = mk();
    sink = r.headers.get('vary');
    return r;
  },
  '+ res.headers.has(x) absent': () => {
    const r = mk();
    sink = r.headers.has('access-control-allow-origin');
    return r;
  },
  '+ 1× res.headers.delete absent': () => {
    const r = mk();
    r.headers.delete('access-control-allow-origin');
    return r;
  },
  '+ 7× res.headers.delete absent (CORS names)': () => {
    const r = mk();
    const h = r.headers;
    for (const n of CORS_NAMES) h.delete(n);
    return r;
  },
  '+ 7× res.headers.has absent (CORS names)': () => {
    const r = mk();
    const h = r.headers;
    let x = false;
    for (const n of CORS_NAMES) x ||= h.has(n);
    sink = x;
    return r;
  },
  '+ iterate res.headers once (keys)': () => {
    const r = mk();
    let x = 0;
    for (const k of r.headers.keys()) x += k.length;
    sink = x;
    return r;
  },
  '+ new Response(res.body, res) copy': () => {
    const r = new Response('hello');
    return new Response(r.body, r);
  },
  '+ Response.redirect + copy': () => {
    const r = Response.redirect('http://api.example.com/x', 302);
    return new Response(r.body, r);
  },
  'new Response(null, {status, headers: object of 6})': () => new Response(null, { status: 204, headers: SIX }),
  'new Response(null, {status, headers: entries of 6})': () => new Response(null, { status: 204, headers: SIX_ENTRIES }),
  'new Headers(object of 6) + new Response': () => new Response(null, { status: 204, headers: new Headers(SIX) }),
  'new Response(null, {status}) + 6× set': () => {
    const r = new Response(null, { status: 204 });
    const h = r.headers;
    for (const [k, v] of SIX_ENTRIES) h.set(k, v);
    return r;
  },
  'new Response(null, {status}) + 6× append': () => {
    const r = new Response(null, { status: 204 });
    const h = r.headers;
    for (const [k, v] of SIX_ENTRIES) h.append(k, v);
    return r;
  },
  'new Response(null, {status: 204})': () => new Response(null, { status: 204 }),
  // the core's actual-response sequence (allowed origin, credentials, expose), and variants
  '+ core allowed: get, 3 set, 3 delete, get+set vary': () => {
    const r = mk();
    const h = r.headers;
    const o = req.headers.get('origin');
    h.set('access-control-allow-origin', o);
    h.set('access-control-allow-credentials', 'true');
    h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
    h.delete('access-control-allow-methods');
    h.delete('access-control-allow-headers');
    h.delete('access-control-allow-private-network');
    if (h.get('vary') === null) h.set('vary', 'Origin');
    return r;
  },
  '+ same, vary by append when absent': () => {
    const r = mk();
    const h = r.headers;
    const o = req.headers.get('origin');
    h.set('access-control-allow-origin', o);
    h.set('access-control-allow-credentials', 'true');
    h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
    h.delete('access-control-allow-methods');
    h.delete('access-control-allow-headers');
    h.delete('access-control-allow-private-network');
    if (h.get('vary') === null) h.append('vary', 'Origin');
    return r;
  },
  '+ same, without the 3 deletes': () => {
    const r = mk();
    const h = r.headers;
    const o = req.headers.get('origin');
    h.set('access-control-allow-origin', o);
    h.set('access-control-allow-credentials', 'true');
    h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
    if (h.get('vary') === null) h.append('vary', 'Origin');
    return r;
  },
  '+ floor: get, 3 set, append vary': () => {
    const r = mk();
    const h = r.headers;
    const o = req.headers.get('origin');
    h.set('access-control-allow-origin', o);
    h.set('access-control-allow-credentials', 'true');
    h.set('access-control-expose-headers', 'X-Request-Id, X-Total-Count');
    h.append('vary', 'Origin');
    return r;
  },
  '+ core refused: get, 6 delete, get+set vary': () => {
    const r = mk();
    const h = r.headers;
    sink = req.headers.get('origin');
    h.delete('access-control-allow-origin');
    h.delete('access-control-allow-credentials');
    h.delete('access-control-expose-headers');
    h.delete('access-control-allow-methods');
    h.delete('access-control-allow-headers');
    h.delete('access-control-allow-private-network');
    if (h.get('vary') === null) h.set('vary', 'Origin');
    return r;
  },
  '+ refused: get, append vary': () => {
    const r = mk();
    sink = req.headers.get('origin');
    r.headers.append('vary', 'Origin');
    return r;
  },
  // the wrapper: a sync handler awaited inside an async function vs called directly
  'async wrapper: await sync handler': async () => {
    const r = await (() => mk())();
    return r;
  },
  'sync wrapper: call + instanceof Promise check': () => {
    const r = (() => mk())();
    return r instanceof Promise ? r.then((x) => x) : r;
  },
  'Promise.resolve(res) awaited': async () => await Promise.resolve(mk()),
};

const names = Object.keys(cases);
const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < ROUNDS; r++) {
  for (const n of shuffled(names, 12345 + r * 97)) samples[n].push((await measure(cases[n], { min_cpu_time: TIME_MS * 1e6 })).p50);
  console.error(`[${runtime}] ops round ${r + 1}/${ROUNDS}`);
}
const result = { runtime, version, date: new Date().toISOString(), rounds: ROUNDS, samples, sink: typeof sink };
if (args[0]) writeFileSync(args[0], JSON.stringify(result, null, 1));
else console.log(JSON.stringify(result));
