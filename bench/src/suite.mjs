// One benchmark process for the current runtime (Node, Bun or Deno).
// Usage: <runtime> src/suite.mjs <out.json>
// Runs every case in several rounds, in a different order each round, so that noise
// from the machine spreads over all cases alike; records each round's median ns/op.
import { writeFileSync } from 'node:fs';
import { measure } from 'mitata';
import {
  bare,
  quiet,
  bigHeaderRequest,
  bigOrigins,
  mixedOrigins,
  bigScenarios,
  capHeaderRequest,
  configs,
  floors,
  honoApp,
  honoCors,
  implementations,
  scenarios,
  BIG_HEADER,
} from './cases.mjs';
import { shuffled } from './shuffle.mjs';

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const env = (k) => (globalThis.Deno ? Deno.env.get(k) : process.env[k]);
const outFile = args[0];
const ROUNDS = Number(env('BENCH_ROUNDS') ?? 5);
const TIME_MS = Number(env('BENCH_TIME_MS') ?? 100);
const ONLY = env('BENCH_ONLY'); // substring filter on case ids, for development

const runtime = globalThis.Bun ? 'bun' : globalThis.Deno ? 'deno' : 'node';
const version = globalThis.Bun ? Bun.version : globalThis.Deno ? Deno.version.deno : process.versions.node;
const log = (s) => console.error(`[${runtime}] ${s}`);

async function tryImport(name) {
  try {
    return await import(name);
  } catch (e) {
    if (env('BENCH_ALLOW_MISSING') === '1') {
      log(`${name} not available (${e.message.split('\n')[0]}); its cases are skipped`);
      return undefined;
    }
    throw new Error(`cannot import ${name}: run \`pnpm build\` first (${e.message})`);
  }
}
const core = await tryImport('@fetch-cors/core');
const honoAdapter = await tryImport('@fetch-cors/hono');

// ---------------------------------------------------------------- case list
/** @type {{id: string, fn: () => any, req?: Request, minTime?: number}[]} */
const cases = [];
const add = (id, handler, makeReq, extra) => {
  const req = makeReq();
  cases.push({ id, req, fn: () => handler(req), ...extra });
};

const impls = implementations({ core, honoAdapter });
for (const [cfgName, cfg] of Object.entries(configs)) {
  for (const [scName, sc] of Object.entries(scenarios)) {
    // with origins '*' nothing is refused: those rows exist only for the list
    if (sc.needsList && cfgName === 'defaults') continue;
    for (const [implName, impl] of Object.entries(impls)) {
      if ((implName === 'ours' || implName === 'policy sync') && !core) continue;
      add(`matrix/${cfgName}/${scName}/${implName}`, impl.build(cfg), sc.make);
    }
  }
}
for (const [name, f] of Object.entries(floors)) add(`floor/${name}`, f.fn(bare), f.make);

// The same actual requests with the body-less handler, for the overhead-vs-floor targets.
if (core) {
  for (const [cfgName, cfg] of Object.entries(configs)) {
    for (const [scName, sc] of Object.entries(scenarios)) {
      if (sc.preflight || (sc.needsList && cfgName === 'defaults')) continue;
      add(`quiet/${cfgName}/${scName}/bare`, quiet, sc.make);
      add(`quiet/${cfgName}/${scName}/ours`, core.withCors(quiet, cfg.ours), sc.make);
      const policy = core.createCors(cfg.ours);
      add(`quiet/${cfgName}/${scName}/policy sync`, (req) => policy.preflight(req) ?? policy.apply(req, quiet(req)), sc.make);
      // and in a Hono app, for the hono/cors comparison
      add(`quiet/${cfgName}/${scName}/hono app`, honoApp(quiet), sc.make);
      add(`quiet/${cfgName}/${scName}/hono/cors`, honoApp(quiet, honoCors(cfg.hono)), sc.make);
      if (honoAdapter) add(`quiet/${cfgName}/${scName}/@fetch-cors/hono`, honoApp(quiet, honoAdapter.cors(cfg.ours)), sc.make);
      // what any middleware costs in Hono (its dispatch and the async step), with no CORS work
      add(
        `quiet/${cfgName}/${scName}/hono no-op middleware`,
        honoApp(quiet, async (_c, next) => {
          await next();
        }),
        sc.make,
      );
    }
  }
  for (const [name, f] of Object.entries(floors)) if (!name.startsWith('preflight')) add(`quiet/floor/${name}`, f.fn(quiet), f.make);
}

if (core) {
  const big = core.withCors(bare, { ...configs.list.ours, origins: bigOrigins() });
  for (const [name, make] of Object.entries(bigScenarios)) add(`big/${name}/ours`, big, make);
  const mixed = core.withCors(bare, { ...configs.list.ours, origins: mixedOrigins() });
  for (const [name, make] of Object.entries(bigScenarios)) {
    // only where the 3-entry list answers alike (its pattern covers the pattern case)
    if (/pattern|refused/.test(name)) add(`big/${name}/ours (3 incl. pattern)`, mixed, make);
  }
}

// 64 KiB Access-Control-Request-Headers: every implementation with its defaults
for (const [implName, impl] of Object.entries(impls)) {
  if (implName === 'policy sync' || (implName === 'ours' && !core)) continue;
  add(`header64k/${implName}`, impl.build(configs.defaults), bigHeaderRequest);
}
if (core) {
  add('header64k/ours (list)', impls.ours.build(configs.list), bigHeaderRequest);
  add('header4k/ours', impls.ours.build(configs.defaults), capHeaderRequest);
  add('header4k/bare', impls.bare.build(), capHeaderRequest);
  // by hand: echo the header as it came, in a finished preflight (no parsing)
  add(
    'header4k/floor: echo unparsed',
    (req) =>
      new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': req.headers.get('origin'),
          'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE',
          'access-control-allow-headers': req.headers.get('access-control-request-headers'),
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
      }),
    capHeaderRequest,
  );
}

if (core) {
  for (const n of [1, 100, 10000]) {
    const origins = Array.from({ length: n }, (_, i) => `https://app${i}.example.com`);
    const options = { origins, supportsCredentials: true, exposeHeaders: ['X-Request-Id'] };
    cases.push({ id: `create/${n} origins`, fn: () => core.createCors(options) });
  }
}

const selected = ONLY ? cases.filter((c) => c.id.includes(ONLY)) : cases;

// ---------------------------------------------------------------- answers
// What each case answers, so that a broken setup shows up next to its numbers.
const H = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-expose-headers',
  'vary',
];
const answers = {};
for (const c of selected) {
  if (!c.req) continue;
  const res = await c.fn();
  const headers = {};
  for (const h of H) {
    const v = res?.headers.get(h);
    if (v != null) headers[h] = v.length > 120 ? `${v.slice(0, 60)}… (${v.length} chars)` : v;
  }
  answers[c.id] = { status: res?.status, headers };
}

// ---------------------------------------------------------------- measure

const samples = Object.fromEntries(selected.map((c) => [c.id, []]));
const t0 = Date.now();
log(`${version}: ${selected.length} cases × ${ROUNDS} rounds, ~${TIME_MS} ms each`);
for (let r = 0; r < ROUNDS; r++) {
  for (const c of shuffled(selected, 0x9e3779b9 ^ ((r + 1) * 7919))) {
    const stats = await measure(c.fn, { min_cpu_time: (c.minTime ?? TIME_MS) * 1e6 });
    samples[c.id].push(stats.p50);
  }
  log(`round ${r + 1}/${ROUNDS} done (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

// ---------------------------------------------------------------- allocation
// JS-heap bytes per call (Node and Deno: V8 heapUsed between young-generation collections),
// each call awaited.
// The median of many short runs; a run with a collection in it shows as a negative delta
// and is dropped.
const heapUsed = globalThis.Deno ? () => Deno.memoryUsage().heapUsed : runtime === 'node' ? () => process.memoryUsage().heapUsed : undefined;
const alloc = {};
if (heapUsed) {
  const keep = new Array(100);
  for (const c of selected) {
    if (!/^(matrix\/[^/]+\/GET [^/]+\/(bare|ours|policy sync|itty)|floor\/(actual|refused).*)$/.test(c.id)) continue;
    const deltas = [];
    for (let t = 0; t < 40; t++) {
      const h0 = heapUsed();
      // awaited, as a server does: work left in a microtask is counted too
      for (let i = 0; i < 100; i++) keep[i] = await c.fn();
      const h1 = heapUsed();
      if (h1 >= h0) deltas.push((h1 - h0) / 100);
    }
    deltas.sort((a, b) => a - b);
    alloc[c.id] = deltas.length ? deltas[deltas.length >> 1] : null;
  }
  keep.fill(undefined);
}

const result = {
  runtime,
  version,
  date: new Date().toISOString(),
  rounds: ROUNDS,
  timeMsPerMeasure: TIME_MS,
  bigHeaderChars: BIG_HEADER.length,
  samples,
  alloc,
  answers,
};
if (outFile) writeFileSync(outFile, JSON.stringify(result, null, 1));
else console.log(JSON.stringify(result));
