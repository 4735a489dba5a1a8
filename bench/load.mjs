#!/usr/bin/env node
// `pnpm load` (from the repository root, after `pnpm build`): each example app under load over
// HTTP on 127.0.0.1, with autocannon, with its CORS wrapper and without it.
//
//   pnpm load                       every runtime: node (Hono on @hono/node-server), workerd, deno, bun
//   pnpm load node deno             some of them
//   pnpm load --ci                  short check (2 s per runtime, CORS on only): fails on errors
//                                   or wrong CORS headers, never on throughput; writes JUnit
//   pnpm load --rounds 3 --seconds 2 --connections 32
//   pnpm load workerd --case mix --rounds 20 --out /tmp/long   one case; results written under /tmp/long
//
// Environment: LOAD_ROUNDS (default 5), LOAD_SECONDS per round (default 3), LOAD_CONNECTIONS
// (default 32). Per runtime and case, the variants (CORS on, off, and hono/cors in the Hono app)
// run as separate servers side by side, measured in interleaved rounds in a shuffled order;
// the table gives medians and the spread (min-max) over rounds. Every server is started here,
// listens on 127.0.0.1 only, and is stopped (its whole process group) before the script ends.
// Writes bench/results/load.json and load.md (--ci: test-results/load.xml).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { freePort, median } from './src/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const bin = (dir, name) => join(dir, 'node_modules', '.bin', name);
const NODE = existsSync(bin(root, 'node')) ? bin(root, 'node') : process.execPath;

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const CI = argv.includes('--ci');
if (CI) argv.splice(argv.indexOf('--ci'), 1);
const ROUNDS = Number(flag('--rounds') ?? process.env.LOAD_ROUNDS ?? (CI ? 1 : 5));
const SECONDS = Number(flag('--seconds') ?? process.env.LOAD_SECONDS ?? (CI ? 2 : 3));
const ONLY_CASE = flag('--case');
// Where load.json and load.md go (default bench/results); a partial or experimental run can go elsewhere.
const OUT = flag('--out') ?? join(here, 'results');
const CONNECTIONS = Number(flag('--connections') ?? process.env.LOAD_CONNECTIONS ?? 32);
for (const [name, v] of [
  ['rounds', ROUNDS],
  ['seconds', SECONDS],
  ['connections', CONNECTIONS],
]) {
  if (!Number.isInteger(v) || v < 1 || v > 1000) {
    console.error(`--${name} must be a whole number from 1 to 1000`);
    process.exit(2);
  }
}

const ALLOWED = 'http://allowed.test';
const REFUSED = 'http://refused.test';

/** How each example app is started: the command of its `start` script, without pnpm. */
const RUNTIMES = {
  node: {
    label: 'Hono on Node (@hono/node-server)',
    cwd: join(root, 'apps/hono'),
    command: () => [NODE, ['server.mjs']],
    variants: ['on', 'off', 'hono'],
  },
  workerd: {
    label: 'workerd (Miniflare)',
    cwd: join(root, 'apps/cloudflare-worker'),
    command: () => [NODE, ['scripts/start.mjs']],
    variants: ['on', 'off'],
  },
  deno: {
    label: 'Deno.serve',
    cwd: join(root, 'apps/deno'),
    command: () => [bin(here, 'deno'), ['run', '--no-prompt', '--allow-net=127.0.0.1', '--allow-env', 'main.ts']],
    variants: ['on', 'off'],
  },
  bun: {
    label: 'Bun.serve',
    cwd: join(root, 'apps/bun'),
    command: () => [bin(here, 'bun'), ['run', '--no-install', 'main.ts']],
    variants: ['on', 'off'],
  },
};
const VARIANT_LABEL = { on: 'fetch-cors', off: 'no CORS', hono: 'hono/cors' };
const CASE_LABEL = { mix: 'mix', hello: 'hello world', json: '10 KB JSON' };

for (const a of argv) {
  if (!RUNTIMES[a]) {
    console.error(`unknown runtime "${a}"; use one or more of: ${Object.keys(RUNTIMES).join(', ')}`);
    process.exit(2);
  }
}
const runtimes = argv.length ? argv : Object.keys(RUNTIMES);
if (!existsSync(join(root, 'packages/core/dist/index.js')) || !existsSync(join(root, 'apps/cloudflare-worker/dist/worker.js'))) {
  console.error('built packages are missing: run `pnpm build` first.');
  process.exit(1);
}

// ------------------------------------------------------------------ requests

/**
 * The request mix. `expect` is what a response must show under fetch-cors (CORS on); the
 * other variants are only counted.
 */
const MIX = [
  {
    name: 'preflight allowed',
    method: 'OPTIONS',
    path: '/echo',
    headers: { origin: ALLOWED, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
    expect: { status: 204, acao: ALLOWED, acam: /PUT/ },
  },
  { name: 'GET allowed', method: 'GET', path: '/hello', headers: { origin: ALLOWED }, expect: { status: 200, acao: ALLOWED, vary: true } },
  { name: 'GET refused', method: 'GET', path: '/hello', headers: { origin: REFUSED }, expect: { status: 200, acao: null, vary: true } },
  { name: 'GET no Origin', method: 'GET', path: '/hello', headers: {}, expect: { status: 200, acao: null } },
  {
    name: 'POST allowed',
    method: 'POST',
    path: '/echo',
    headers: { origin: ALLOWED, 'content-type': 'text/plain' },
    body: 'ping',
    expect: { status: 200, acao: ALLOWED, vary: true },
  },
  {
    name: 'preflight refused',
    method: 'OPTIONS',
    path: '/echo',
    headers: { origin: REFUSED, 'access-control-request-method': 'PUT' },
    expect: { status: 403, acao: null },
  },
];
/** Beside the mix, on 2 connections: streamed answers (120 ms each) and a throwing handler. */
const SIDE = [
  { name: 'GET /stream', method: 'GET', path: '/stream', headers: { origin: ALLOWED }, expect: { status: 200, acao: ALLOWED, body: 'abc' } },
  { name: 'GET /error', method: 'GET', path: '/error', headers: { origin: ALLOWED }, expect: { status: 500, acao: ALLOWED } },
];
/** The hello-world: one allowed GET answered with a short text, the app's cheapest route. */
const HELLO_CASE = [{ name: 'GET /hello', method: 'GET', path: '/hello', headers: { origin: ALLOWED }, expect: { status: 200, acao: ALLOWED, vary: true } }];
const JSON_CASE = [
  { name: 'GET /json (10 KB)', method: 'GET', path: '/json', headers: { origin: ALLOWED }, expect: { status: 200, acao: ALLOWED, vary: true } },
];
const CASES = (
  CI
    ? [{ name: 'mix', requests: MIX, side: SIDE }]
    : [
        { name: 'mix', requests: MIX, side: SIDE },
        { name: 'hello', requests: HELLO_CASE, side: null },
        { name: 'json', requests: JSON_CASE, side: null },
      ]
).filter((c) => ONLY_CASE === undefined || c.name === ONLY_CASE);
if (CASES.length === 0) {
  console.error('--case must be mix, hello or json');
  process.exit(2);
}

/** Checks one response against `expect`; returns a sentence when it is wrong. */
function wrongness(expect, status, body, headers) {
  const h = {};
  for (const [k, v] of Object.entries(headers)) h[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  if (status !== expect.status) return `status ${status}, expected ${expect.status}`;
  const acao = h['access-control-allow-origin'] ?? null;
  if (acao !== expect.acao) return `Access-Control-Allow-Origin ${JSON.stringify(acao)}, expected ${JSON.stringify(expect.acao)}`;
  if (expect.acao === null) {
    const leaked = Object.keys(h).filter((k) => k.startsWith('access-control-allow-') || k === 'access-control-expose-headers');
    if (leaked.length) return `refused, yet sent ${leaked.join(', ')}`;
  }
  if (expect.vary && !/\borigin\b/i.test(h.vary ?? '')) return `Vary ${JSON.stringify(h.vary ?? null)} lacks Origin`;
  if (expect.acam && !expect.acam.test(h['access-control-allow-methods'] ?? ''))
    return `Access-Control-Allow-Methods ${JSON.stringify(h['access-control-allow-methods'])}`;
  if (expect.body !== undefined && body !== expect.body) return `body ${JSON.stringify(body)}, expected ${JSON.stringify(expect.body)}`;
  return undefined;
}

/** autocannon request specs for `list`; under CORS every 4th response of each kind is checked. */
function requestSpecs(list, variant, tally) {
  return list.map((r) => {
    let n = 0;
    return {
      method: r.method,
      path: r.path,
      headers: r.headers,
      ...(r.body !== undefined ? { body: r.body } : {}),
      onResponse(status, body, _context, headers) {
        if (variant !== 'on' || n++ % 4 !== 0) return;
        tally.checked++;
        const wrong = wrongness(r.expect, status, body, headers);
        if (wrong !== undefined) {
          tally.wrong++;
          if (tally.examples.length < 5) tally.examples.push(`${r.name}: ${wrong}`);
        }
      },
    };
  });
}

function cannon(opts) {
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, timeout: 10 }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** Statuses outside what the variant answers count as errors: 5xx outside /error, anything unknown. */
function unexpectedStatuses(result, list, variant) {
  const allowed = new Set(list.map((r) => r.expect.status));
  if (variant !== 'on') for (const s of [204, 403, 404, 405]) allowed.add(s);
  let n = 0;
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) if (!allowed.has(Number(code))) n += count;
  return n;
}

// ------------------------------------------------------------------ servers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const running = new Set();
process.once('exit', () => {
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

/** Processes of the group `pgid` (Linux /proc), without zombies. */
function groupPids(pgid) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(pgrp) === pgid && state !== 'Z') pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** Resident memory of every process of the server's group, in MiB. */
function rssMiB(pgid) {
  let kib = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kib += Number(m[1]);
    } catch {}
  }
  return kib / 1024;
}

/** User + system CPU time of every process of the server's group, in clock ticks (10 ms). */
function cpuTicks(pgid) {
  let ticks = 0;
  for (const pid of groupPids(pgid)) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks;
}
const TICK_US = 1e6 / 100; // USER_HZ = 100 on Linux

async function startServer(runtime, variant) {
  const spec = RUNTIMES[runtime];
  const port = await freePort();
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CORS_') && k !== 'PORT' && k !== 'APP_CORS') env[k] = v;
  Object.assign(env, {
    PATH: [join(root, 'node_modules/.bin'), process.env.PATH ?? ''].join(':'),
    DENO_NO_UPDATE_CHECK: '1',
    PORT: String(port),
    CORS_ORIGINS: ALLOWED,
    APP_CORS: variant,
    NODE_ENV: 'production',
  });
  const [command, args] = spec.command();
  const child = spawn(command, args, { cwd: spec.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child.pid);
  const server = { runtime, variant, port, url: `http://127.0.0.1:${port}`, pid: child.pid, child, lines: 0, tail: '' };
  const onData = (d) => {
    const s = String(d);
    server.lines += s.split('\n').length - 1;
    server.tail = (server.tail + s).slice(-2000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exited = false;
  child.once('exit', (code, signal) => {
    exited = true;
    server.exit = `exited with ${signal ?? code}`;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (exited) throw new Error(`${runtime} (${variant}) exited before answering:\n${server.tail}`);
    try {
      const res = await fetch(`${server.url}/hello`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) return server;
    } catch {}
    if (Date.now() > deadline) {
      await stopServer(server);
      throw new Error(`${runtime} (${variant}) did not answer within 90 s:\n${server.tail}`);
    }
    await sleep(100);
  }
}

async function stopServer(server) {
  const kill = (signal) => {
    try {
      process.kill(-server.pid, signal);
    } catch {}
  };
  kill('SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupPids(server.pid).length && Date.now() < deadline) await sleep(50);
  if (groupPids(server.pid).length) kill('SIGKILL');
  running.delete(server.pid);
}

// ------------------------------------------------------------------ measuring

function shuffle(xs) {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** One round of `kase` against `server`: the main lane, and the side lane beside it. */
async function round(server, kase, seconds, tally) {
  const main = cannon({
    url: server.url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: requestSpecs(kase.requests, server.variant, tally),
  });
  const side = kase.side
    ? cannon({ url: server.url, connections: 2, duration: seconds, requests: requestSpecs(kase.side, server.variant, tally) })
    : Promise.resolve(null);
  const ticks = cpuTicks(server.pid);
  const [m, s] = await Promise.all([main, side]);
  const used = cpuTicks(server.pid) - ticks;
  const errors =
    m.errors +
    m.timeouts +
    unexpectedStatuses(m, kase.requests, server.variant) +
    (s ? s.errors + s.timeouts + unexpectedStatuses(s, kase.side, server.variant) : 0);
  const sideRequests = s ? s.requests.total : 0;
  const cpu = (used * TICK_US) / Math.max(1, m.requests.total + sideRequests);
  return { rps: m.requests.total / seconds, p50: m.latency.p50, p99: m.latency.p99, errors, sideRequests, cpu };
}

/** The origin lookup under load: 1,000 concurrent requests, a lookup taking 5 ms, 10 origins. */
async function lookupCheck() {
  const port = await freePort();
  const child = spawn(NODE, [join(here, 'src/lookup-server.mjs')], {
    cwd: here,
    env: { ...process.env, PORT: String(port), LOOKUP_DELAY_MS: '5', LOOKUP_TIMEOUT_MS: '250' },
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  running.add(child.pid);
  const server = { pid: child.pid };
  const url = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        const r = await fetch(`${url}/lookups`);
        await r.text();
        break;
      } catch {}
      if (Date.now() > deadline) throw new Error('lookup server did not start');
      await sleep(100);
    }
    const ORIGINS = Array.from({ length: 10 }, (_, i) => `https://tenant${i}.example`);
    let i = 0;
    let wrong = 0;
    const result = await cannon({
      url,
      connections: 1000,
      amount: 1000,
      requests: [
        {
          method: 'GET',
          path: '/hello',
          setupRequest(req) {
            const origin = ORIGINS[i++ % ORIGINS.length];
            return { ...req, headers: { ...req.headers, origin } };
          },
          onResponse(status, _body, _ctx, headers) {
            const acao = headers['access-control-allow-origin'] ?? null;
            if (status !== 200 || acao === null || !ORIGINS.includes(acao)) wrong++;
          },
        },
      ],
    });
    const counted = await (await fetch(`${url}/lookups`)).json();
    return {
      requests: result.requests.total,
      errors: result.errors + result.timeouts + result.non2xx,
      wrong,
      origins: ORIGINS.length,
      lookups: counted.lookups,
      maxLatency: result.latency.max,
      timeout: 250,
      margin: 2000,
    };
  } finally {
    await stopServer(server);
  }
}

// ------------------------------------------------------------------ run

const loadavg = () => os.loadavg().map((l) => Number(l.toFixed(1)));
const started = new Date();
const report = { started: started.toISOString(), ci: CI, rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, machine: machine(), runtimes: {} };
const failures = [];

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    os: `${os.type()} ${os.release()}`,
  };
}

function versionOf(runtime) {
  try {
    if (runtime === 'node' || runtime === 'workerd') {
      const hono = JSON.parse(readFileSync(join(root, 'apps/hono/node_modules/hono/package.json'), 'utf8')).version;
      const ns = JSON.parse(readFileSync(join(root, 'apps/hono/node_modules/@hono/node-server/package.json'), 'utf8')).version;
      const mf = JSON.parse(readFileSync(join(root, 'apps/cloudflare-worker/node_modules/miniflare/package.json'), 'utf8')).version;
      return runtime === 'node' ? `node ${process.versions.node}, hono ${hono}, @hono/node-server ${ns}` : `miniflare ${mf}`;
    }
    const [command] = RUNTIMES[runtime].command();
    const out = spawnSyncText(command, ['--version']);
    return out.split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

function spawnSyncText(command, args) {
  return String(spawnSync(command, args).stdout);
}

console.log(
  `pnpm load${CI ? ' --ci' : ''}: ${ROUNDS} round(s) × ${SECONDS} s per variant, ${CONNECTIONS} connections (+2 on /stream and /error beside the mix)`,
);
for (const runtime of runtimes) {
  const spec = RUNTIMES[runtime];
  const variants = CI ? ['on'] : spec.variants;
  const r = { label: spec.label, version: '', cases: {}, loadBefore: loadavg() };
  report.runtimes[runtime] = r;
  const servers = [];
  try {
    for (const v of variants) servers.push(await startServer(runtime, v));
    for (const kase of CASES) {
      const tallies = Object.fromEntries(variants.map((v) => [v, { checked: 0, wrong: 0, examples: [] }]));
      // Warm-up (not counted), then memory. A runtime's heaps keep growing for 10-20 s of a
      // new load: the first case warms up for at least 12 s, the next ones for a round.
      const warm = kase === CASES[0] && !CI ? Math.max(SECONDS, 12) : SECONDS;
      for (const s of servers) await round(s, kase, warm, { checked: 0, wrong: 0, examples: [] });
      const rssWarm = Object.fromEntries(servers.map((s) => [s.variant, rssMiB(s.pid)]));
      const rounds = Object.fromEntries(variants.map((v) => [v, []]));
      // Resident memory after every round too, to tell a steady climb (a leak) from a runtime
      // that settles after its first minutes.
      const rssTrail = Object.fromEntries(variants.map((v) => [v, []]));
      for (let i = 0; i < ROUNDS; i++) {
        for (const s of shuffle(servers)) {
          rounds[s.variant].push(await round(s, kase, SECONDS, tallies[s.variant]));
          rssTrail[s.variant].push(Number(rssMiB(s.pid).toFixed(1)));
        }
      }
      await sleep(500);
      const rssAfter = Object.fromEntries(servers.map((s) => [s.variant, rssMiB(s.pid)]));
      const out = {};
      r.cases[kase.name] = out;
      for (const v of variants) {
        const xs = rounds[v];
        const rps = xs.map((x) => x.rps);
        const cpu = xs.map((x) => x.cpu);
        // Paired by round: each round measures every variant once, so slow drift of the shared
        // machine lands on both sides of a ratio.
        const base = rounds.off;
        const ratios = base && v !== 'off' ? xs.map((x, i) => x.rps / base[i].rps - 1) : null;
        const cpuOver = base && v !== 'off' ? xs.map((x, i) => x.cpu / base[i].cpu - 1) : null;
        out[v] = {
          rps: median(rps),
          rpsMin: Math.min(...rps),
          rpsMax: Math.max(...rps),
          ...(ratios ? { paired: median(ratios), pairedMin: Math.min(...ratios), pairedMax: Math.max(...ratios) } : {}),
          cpu: median(cpu),
          cpuMin: Math.min(...cpu),
          cpuMax: Math.max(...cpu),
          ...(cpuOver ? { cpuOver: median(cpuOver), cpuOverMin: Math.min(...cpuOver), cpuOverMax: Math.max(...cpuOver) } : {}),
          p50: median(xs.map((x) => x.p50)),
          p99: median(xs.map((x) => x.p99)),
          p99Max: Math.max(...xs.map((x) => x.p99)),
          errors: xs.reduce((n, x) => n + x.errors, 0),
          checked: tallies[v].checked,
          wrong: tallies[v].wrong,
          examples: tallies[v].examples,
          rssWarm: rssWarm[v],
          rssAfter: rssAfter[v],
          rssTrail: rssTrail[v],
          growth: (rssAfter[v] - rssWarm[v]) / rssWarm[v],
          // The second half of the rounds: a leak keeps climbing there, a runtime's heap that
          // grows during its first minute of load has settled by then.
          lateGrowth: (rssAfter[v] - rssTrail[v][(ROUNDS - 1) >> 1]) / rssTrail[v][(ROUNDS - 1) >> 1],
        };
        const o = out[v];
        const where = `${runtime} ${kase.name} ${VARIANT_LABEL[v]}`;
        if (o.errors > 0) failures.push(`${where}: ${o.errors} errors`);
        if (o.wrong > 0) failures.push(`${where}: ${o.wrong} of ${o.checked} checked responses had wrong CORS headers (${o.examples.join('; ')})`);
        if (v === 'on' && o.checked === 0) failures.push(`${where}: no response was checked`);
      }
      // Memory: what CORS adds, not what the runtime does under any load. workerd's resident
      // memory grows by half during its first minute of load and then stays, with or without
      // CORS, and Node's moves with its garbage collector (bench/README.md). A leak keeps
      // climbing: growth over the second half of the rounds is judged beside the same app
      // without CORS. (From the warm-up on, the two variants are caught at different points of
      // that growth: 473 and 581 MiB after the same warm-up, both 770 at the end, in one run.)
      const on = out.on;
      const off = out.off;
      if (!CI && on !== undefined && off !== undefined) {
        const where = `${runtime} ${kase.name} ${VARIANT_LABEL.on}`;
        const rss = (x) => `${(x * 100).toFixed(1)}%`;
        if (ROUNDS >= 4 && on.lateGrowth - off.lateGrowth > 0.1) {
          failures.push(`${where}: resident memory grew ${rss(on.lateGrowth)} over the second half of the rounds, ${rss(off.lateGrowth)} without CORS`);
        }
      }
      printCase(runtime, kase.name, out);
      for (const s of servers) {
        if (s.exit !== undefined) throw new Error(`${runtime} (${VARIANT_LABEL[s.variant]}) ${s.exit} under load; its last output:\n${s.tail}`);
      }
    }
  } catch (error) {
    failures.push(`${runtime}: ${error instanceof Error ? error.message : String(error)}`);
    console.error(error);
  } finally {
    for (const s of servers) await stopServer(s);
  }
  r.version = versionOf(runtime);
  r.loadAfter = loadavg();
}

if (!argv.length || argv.includes('node')) {
  const l = await lookupCheck().catch((error) => ({ error: String(error) }));
  report.lookup = l;
  if (l.error) failures.push(`origin lookup: ${l.error}`);
  else {
    console.log(
      `\norigin lookup (function taking 5 ms, originCache, originTimeout 250 ms): ${l.requests} concurrent requests from ${l.origins} origins → ` +
        `${l.lookups} lookups, slowest request ${l.maxLatency} ms, ${l.errors} errors, ${l.wrong} wrong`,
    );
    if (l.lookups !== l.origins) failures.push(`origin lookup: ${l.lookups} lookups for ${l.origins} origins`);
    if (l.errors || l.wrong) failures.push(`origin lookup: ${l.errors} errors, ${l.wrong} wrong`);
    if (l.requests !== 1000) failures.push(`origin lookup: ${l.requests} of 1000 requests answered`);
    if (l.maxLatency > l.timeout + l.margin) failures.push(`origin lookup: slowest request ${l.maxLatency} ms > ${l.timeout} + ${l.margin} ms`);
  }
}

report.failures = failures;
// A run of some runtimes keeps the saved figures of the others (each says when it was measured).
const saved = join(OUT, 'load.json');
if (!CI && argv.length && existsSync(saved)) {
  const before = JSON.parse(readFileSync(saved, 'utf8'));
  for (const [name, r] of Object.entries(before.runtimes ?? {})) {
    const now = report.runtimes[name];
    if (now === undefined) report.runtimes[name] = { started: before.started, ...r };
    else {
      // A run of one case keeps the runtime's saved figures of the other cases, with their time.
      for (const [kase, out] of Object.entries(r.cases ?? {})) {
        if (kase in now.cases) continue;
        now.cases[kase] = out;
        now.caseStarted = { ...now.caseStarted, [kase]: r.caseStarted?.[kase] ?? r.started ?? before.started };
      }
    }
  }
  if (!report.lookup && before.lookup) report.lookup = before.lookup;
}
for (const r of Object.values(report.runtimes)) r.started ??= report.started;
const md = markdown(report);
if (CI) {
  writeJunit(report, failures);
} else {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'load.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(OUT, 'load.md'), md);
}
console.log(`\n${md}`);
if (failures.length) {
  console.error(`\nload: ${failures.length} problem(s):\n  - ${failures.join('\n  - ')}`);
  process.exit(1);
}
console.log('load: 0 errors, 0 wrong CORS headers');

// ------------------------------------------------------------------ output

function fmt(n) {
  return n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
}
function pct(a, b) {
  return `${(((a - b) / b) * 100).toFixed(0)}%`;
}
function pctOf(x) {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}%`;
}

function printCase(runtime, kase, out) {
  for (const [v, o] of Object.entries(out)) {
    console.log(
      `${runtime.padEnd(7)} ${kase.padEnd(5)} ${VARIANT_LABEL[v].padEnd(10)} ${fmt(o.rps).padStart(6)} req/s [${fmt(o.rpsMin)}–${fmt(o.rpsMax)}]  ` +
        (o.paired !== undefined ? `per round ${pctOf(o.paired)} [${pctOf(o.pairedMin)} – ${pctOf(o.pairedMax)}]  ` : '') +
        `CPU ${o.cpu.toFixed(1)} µs/req [${o.cpuMin.toFixed(1)}–${o.cpuMax.toFixed(1)}]` +
        (o.cpuOver !== undefined ? ` (${pctOf(o.cpuOver)} [${pctOf(o.cpuOverMin)} – ${pctOf(o.cpuOverMax)}])  ` : '  ') +
        `p50 ${o.p50} ms  p99 ${o.p99} ms  errors ${o.errors}  checked ${o.checked}, wrong ${o.wrong}  ` +
        `RSS ${o.rssWarm.toFixed(0)} → ${o.rssAfter.toFixed(0)} MiB (${(o.growth * 100).toFixed(1)}%; 2nd half ${(o.lateGrowth * 100).toFixed(1)}%)`,
    );
  }
}

function markdown(rep) {
  const lines = [];
  lines.push(`Measured on ${rep.machine.cpu}, ${rep.machine.memory}, ${rep.machine.os}; each row names its runtime's version and when it was measured (UTC).`);
  lines.push(
    `${rep.rounds} interleaved rounds × ${rep.seconds} s per variant, ${rep.connections} connections (+2 on \`/stream\` and \`/error\` beside the mix); medians, [min–max] over rounds.`,
  );
  lines.push(
    '"vs no CORS, per round": the median over rounds of req/s ÷ the app without CORS in the same round, − 1. "CPU µs/req": user + system time of ' +
      'every process of the server\'s group per request answered; "CPU vs no CORS": its per-round ratio, − 1. The load generator runs on the same machine. ' +
      'RSS: after the warm-up → after the rounds, and the growth over the second half of the rounds.',
  );
  lines.push('');
  lines.push(
    '| runtime | case | variant | req/s | vs no CORS, per round | CPU µs/req | CPU vs no CORS | p50 ms | p99 ms | errors | checked / wrong | RSS warm → after (MiB) | load average before → after |',
  );
  lines.push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [runtime, r] of Object.entries(rep.runtimes)) {
    for (const [kase, out] of Object.entries(r.cases)) {
      for (const [v, o] of Object.entries(out)) {
        const base = out.off;
        lines.push(
          `| ${runtime} (${r.version}; ${(r.caseStarted?.[kase] ?? r.started).slice(0, 16).replace('T', ' ')}) | ${CASE_LABEL[kase] ?? kase} | ${VARIANT_LABEL[v]} | ${fmt(o.rps)} [${fmt(o.rpsMin)}–${fmt(o.rpsMax)}] | ` +
            `${o.paired !== undefined ? `${pctOf(o.paired)} [${pctOf(o.pairedMin)} – ${pctOf(o.pairedMax)}]` : base && v !== 'off' ? pct(o.rps, base.rps) : ''} | ` +
            `${o.cpu !== undefined ? `${o.cpu.toFixed(1)} [${o.cpuMin.toFixed(1)}–${o.cpuMax.toFixed(1)}]` : ''} | ` +
            `${o.cpuOver !== undefined ? `${pctOf(o.cpuOver)} [${pctOf(o.cpuOverMin)} – ${pctOf(o.cpuOverMax)}]` : ''} | ` +
            `${o.p50} | ${o.p99} | ${o.errors} | ${v === 'on' ? `${o.checked} / ${o.wrong}` : '–'} | ` +
            `${o.rssWarm.toFixed(0)} → ${o.rssAfter.toFixed(0)} (${o.growth >= 0 ? '+' : ''}${(o.growth * 100).toFixed(1)}%` +
            `${o.lateGrowth !== undefined ? `; 2nd half ${o.lateGrowth >= 0 ? '+' : ''}${(o.lateGrowth * 100).toFixed(1)}%` : ''}) | ` +
            `${r.loadBefore ? `${r.loadBefore.join(' ')} → ${r.loadAfter?.join(' ') ?? '?'}` : ''} |`,
        );
      }
    }
  }
  if (rep.lookup && !rep.lookup.error) {
    const l = rep.lookup;
    lines.push('');
    lines.push(
      `Origin lookup (a function taking 5 ms behind \`originCache\` and \`originTimeout: 250\`, Hono on Node): ${l.requests} concurrent requests from ` +
        `${l.origins} origins made ${l.lookups} lookups; slowest request ${l.maxLatency} ms; ${l.errors} errors, ${l.wrong} wrong.`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function writeJunit(rep, fails) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const cases = [];
  for (const runtime of Object.keys(rep.runtimes)) {
    const mine = fails.filter((f) => f.startsWith(`${runtime} `) || f.startsWith(`${runtime}:`));
    cases.push(
      `<testcase classname="load" name="${esc(`${runtime}: under load, 0 errors and 0 wrong CORS headers`)}">` +
        (mine.length ? `<failure message="${esc(mine.join('; '))}"/>` : '') +
        '</testcase>',
    );
  }
  if (rep.lookup) {
    const mine = fails.filter((f) => f.startsWith('origin lookup'));
    cases.push(
      `<testcase classname="load" name="1,000 concurrent requests: one origin lookup per origin, none slower than the timeout plus a margin">` +
        (mine.length ? `<failure message="${esc(mine.join('; '))}"/>` : '') +
        '</testcase>',
    );
  }
  const failed = cases.filter((c) => c.includes('<failure')).length;
  const dir = join(root, 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'load.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="load" tests="${cases.length}" failures="${failed}">\n<testsuite name="load" tests="${cases.length}" failures="${failed}">\n${cases.join('\n')}\n</testsuite>\n</testsuites>\n`,
  );
}
