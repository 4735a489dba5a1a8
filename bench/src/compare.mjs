#!/usr/bin/env node
// Two builds of @fetch-cors/core in one process (Node, Bun or Deno), in interleaved rounds:
// did a change make the request path slower?
//
//   node bench/src/compare.mjs <baseline core dist> [<candidate core dist>]
//
// A dist is a path to `packages/core/dist/index.js`, to its `dist/` folder or to a checkout
// (`/tmp/base`); the candidate defaults to this checkout's build. Build both first (`pnpm build`).
// Environment: COMPARE_ROUNDS (default 21), COMPARE_MS (target milliseconds per measurement,
// default 20; the iteration count is fixed from it once, before the rounds), COMPARE_ONLY
// (substring of a case name).
//
// Every round runs every (case, path) once, in a new seeded order, and within it A then B
// (B then A on odd rounds, so neither build always runs right after the other's garbage).
// Paths: withCors, the policy's apply (or preflight), and @fetch-cors/hono in a Hono app when
// packages/hono/dist is built beside both cores (each adapter imports its own core).
// Reported: ns/op of A and B (medians of the rounds), the median of the per-round ratios B/A
// and their min–max, and the same ratio on the overhead, i.e. after subtracting the handler
// alone (or the Hono app alone) measured in the same round (actual requests only; a preflight
// never calls it). Control rows time the handler and the app alone as A and as B: the spread of
// a ratio where nothing changed.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bigOrigins, configs, honoApp, mixedOrigins, ORIGINS3, quiet } from './cases.mjs';
import { shuffled } from './shuffle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.COMPARE_ROUNDS ?? 21);
const TARGET_MS = Number(process.env.COMPARE_MS ?? 20);
const ONLY = process.env.COMPARE_ONLY;

function distFile(arg) {
  const p = resolve(arg);
  if (existsSync(p) && statSync(p).isFile()) return p;
  for (const rel of ['index.js', 'dist/index.js', 'packages/core/dist/index.js']) {
    if (existsSync(join(p, rel))) return join(p, rel);
  }
  throw new Error(`no core build at ${arg} (looked for index.js, dist/index.js, packages/core/dist/index.js); run pnpm build there`);
}
function commitOf(file) {
  try {
    return execFileSync('git', ['-C', dirname(file), 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '?';
  }
}

const [baseArg, candArg] = process.argv.slice(2);
if (!baseArg) {
  console.error('usage: node bench/src/compare.mjs <baseline core dist> [<candidate core dist>]');
  process.exit(2);
}
const files = { A: distFile(baseArg), B: distFile(candArg ?? join(here, '../../packages/core/dist/index.js')) };
const cores = { A: await import(pathToFileURL(files.A).href), B: await import(pathToFileURL(files.B).href) };
// @fetch-cors/hono built beside each core (packages/hono/dist), which imports that same core
const honoFile = (f) => join(dirname(f), '../../hono/dist/index.js');
const adapters =
  existsSync(honoFile(files.A)) && existsSync(honoFile(files.B))
    ? { A: await import(pathToFileURL(honoFile(files.A)).href), B: await import(pathToFileURL(honoFile(files.B)).href) }
    : null;
const runtime = globalThis.Bun ? `Bun ${Bun.version}` : globalThis.Deno ? `Deno ${Deno.version.deno}` : `Node ${process.versions.node}`;

// ---------------------------------------------------------------- requests and cases
const URL_ = 'http://api.example.com/';
const ALLOWED = ORIGINS3[2];
const REFUSED = 'https://evil.example.net';
const get = (origin, path = '/') => new Request(URL_ + path.slice(1), origin ? { headers: { origin } } : undefined);
const preflight = (origin) =>
  new Request(URL_, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type,x-requested-with' },
  });

const list = configs.list.ours; // 3 origins, credentials, 2 exposed headers
const big = { origins: bigOrigins(), supportsCredentials: true };
const CASES = [
  { name: 'exact allowed (list of 3, credentials)', options: list, request: get(ALLOWED) },
  { name: 'refused origin', options: list, request: get(REFUSED) },
  { name: 'no Origin', options: list, request: get(undefined) },
  { name: "origins: '*'", options: { origins: '*' }, request: get(ALLOWED) },
  { name: 'subdomain pattern match', options: { origins: mixedOrigins(), supportsCredentials: true }, request: get('https://eu.tenant99.example.net') },
  { name: 'preflight allowed', options: list, request: preflight(ALLOWED), preflight: true },
  { name: 'preflight refused', options: list, request: preflight(REFUSED), preflight: true },
  { name: 'sync origin function', options: { origins: (origin) => ORIGINS3.includes(origin), supportsCredentials: true }, request: get(ALLOWED) },
  {
    name: 'resources, 3 keys',
    options: {
      resources: {
        '/api/*': { origins: ORIGINS3, supportsCredentials: true },
        '/api/admin/*': { origins: [ORIGINS3[1]], supportsCredentials: true },
        '/health': { origins: '*' },
      },
    },
    request: get(ALLOWED, '/api/users'),
  },
  { name: '1,000 + 100 patterns: exact, last', options: big, request: get('https://app999.example.com') },
  { name: '1,000 + 100 patterns: pattern, last', options: big, request: get('https://eu.tenant99.example.net') },
  { name: '1,000 + 100 patterns: refused', options: big, request: get(REFUSED) },
].filter((c) => !ONLY || c.name.includes(ONLY));

/**
 * The ways a request meets the policy: the wrapped handler, the policy driven directly, and
 * (when both builds have it) the Hono middleware in a Hono app; each with the control its
 * overhead is taken over.
 */
function paths(k, c) {
  const core = cores[k];
  const wrapped = core.withCors(quiet, c.options);
  const policy = core.createCors(c.options);
  const out = {
    withCors: { control: 'handler', fn: (req) => wrapped(req) },
    // for a preflight the direct route is policy.preflight (apply is for the handler's response)
    [c.preflight ? 'createCors.preflight' : 'createCors.apply']: {
      control: 'handler',
      fn: c.preflight ? (req) => policy.preflight(req) : (req) => policy.apply(req, quiet()),
    },
  };
  if (adapters) out['@fetch-cors/hono'] = { control: 'hono', fn: honoApp(quiet, adapters[k].cors(c.options)) };
  return out;
}

// ---------------------------------------------------------------- timing
const isThenable = (v) => v !== null && typeof v === 'object' && typeof v.then === 'function';
// written, never read: keeps each answer reachable until the next call replaces it
let _sink;
/** ns per call of `fn(req)` over `n` calls; awaits only when the answer is a Promise. */
async function time(fn, req, n, async) {
  const t0 = process.hrtime.bigint();
  if (async) for (let i = 0; i < n; i++) _sink = await fn(req);
  else for (let i = 0; i < n; i++) _sink = fn(req);
  return Number(process.hrtime.bigint() - t0) / n;
}

async function answerOf(fn, req) {
  const r = await fn(req);
  if (!r) return String(r);
  return `${r.status} ${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('; ')}`;
}

const units = [];
for (const c of CASES) {
  const pa = paths('A', c);
  const pb = paths('B', c);
  for (const p of Object.keys(pa)) {
    const control = pa[p].control;
    [pa[p], pb[p]] = [pa[p].fn, pb[p].fn];
    const first = { A: pa[p](c.request), B: pb[p](c.request) };
    const unit = {
      case: c.name,
      path: p,
      req: c.request,
      preflight: !!c.preflight,
      control,
      fn: { A: pa[p], B: pb[p] },
      async: { A: isThenable(first.A), B: isThenable(first.B) },
    };
    const [a, b] = [await answerOf(pa[p], c.request), await answerOf(pb[p], c.request)];
    if (a !== b) unit.differs = `A: ${a}\n      B: ${b}`;
    units.push(unit);
  }
}
// each control is the same function timed as A and as B
const honoAlone = honoApp(quiet);
const controls = {
  handler: { case: 'control: handler alone', path: 'quiet()', req: undefined, fn: { A: quiet, B: quiet }, async: { A: false, B: false } },
};
if (adapters) {
  const req = new Request('http://api.example.com/');
  controls.hono = {
    case: 'control: Hono app alone',
    path: 'app.fetch',
    req,
    fn: { A: honoAlone, B: honoAlone },
    async: { A: isThenable(honoAlone(req)), B: isThenable(honoAlone(req)) },
  };
}
const controlUnits = Object.values(controls);

// warm up every function, then fix each unit's iteration count from A's speed
for (const u of [...units, ...controlUnits]) {
  for (const k of ['A', 'B']) await time(u.fn[k], u.req, 3000, u.async[k]);
  // the fastest of 5 trials: the one least disturbed by the machine or the garbage collector
  let ns = Infinity;
  for (let t = 0; t < 5; t++) ns = Math.min(ns, await time(u.fn.A, u.req, 1000, u.async.A));
  u.n = Math.max(500, Math.round((TARGET_MS * 1e6) / ns / 100) * 100);
  u.rounds = { A: [], B: [] };
}

const load0 = loadavg();
const started = Date.now();
for (let r = 0; r < ROUNDS; r++) {
  const order = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
  for (const u of shuffled([...units, ...controlUnits], 0x9e3779b9 + r)) {
    for (const k of order) u.rounds[k].push(await time(u.fn[k], u.req, u.n, u.async[k]));
  }
}
const load1 = loadavg();

// ---------------------------------------------------------------- report
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const f2 = (x) => x.toFixed(2);
const range = (xs) => `${f2(median(xs))} [${f2(Math.min(...xs))}–${f2(Math.max(...xs))}]`;
// the handler's cost per round, from both of its measurements
const controlNs = Object.fromEntries(Object.entries(controls).map(([k, u]) => [k, u.rounds.A.map((a, i) => (a + u.rounds.B[i]) / 2)]));

const rows = [['case', 'path', 'iterations', 'A ns/op', 'B ns/op', 'B/A total', 'B/A overhead']];
// the same function timed as A and as B: how far the method's ratios stray when nothing changed
for (const u of controlUnits) {
  rows.push([
    u.case,
    u.path,
    String(u.n),
    median(u.rounds.A).toFixed(0),
    median(u.rounds.B).toFixed(0),
    range(u.rounds.B.map((b, i) => b / u.rounds.A[i])),
    '',
  ]);
}
for (const u of units) {
  const ratios = u.rounds.B.map((b, i) => b / u.rounds.A[i]);
  const floor = controlNs[u.control];
  const overhead = u.preflight ? null : u.rounds.B.map((b, i) => (b - floor[i]) / (u.rounds.A[i] - floor[i]));
  rows.push([
    u.case,
    u.path + (u.async.A === u.async.B ? (u.async.A ? ' (awaited)' : '') : ` (a Promise from ${u.async.A ? 'A' : 'B'} only)`),
    String(u.n),
    median(u.rounds.A).toFixed(0),
    median(u.rounds.B).toFixed(0),
    range(ratios),
    overhead ? range(overhead) : '(= total)',
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(`A (baseline):  ${files.A} (checkout at ${commitOf(files.A)})`);
console.log(`B (candidate): ${files.B} (checkout at ${commitOf(files.B)})`);
if (!adapters) console.log('(no packages/hono/dist beside both cores: the Hono middleware is not compared)');
console.log(
  `${runtime}, ${ROUNDS} rounds, ~${TARGET_MS} ms per measurement, ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
    `load average ${load0.map(f2).join(' ')} before, ${load1.map(f2).join(' ')} after\n`,
);
console.log(line(rows[0]));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows.slice(1)) console.log(line(r));
const differing = units.filter((u) => u.differs);
if (differing.length) {
  console.log('\nAnswers that differ between A and B (the builds do not do the same work there):');
  for (const u of differing) console.log(`  ${u.case} / ${u.path}\n      ${u.differs}`);
}
