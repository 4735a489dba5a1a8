#!/usr/bin/env node
// What one middleware costs a Hono app on @hono/node-server, over loopback:
//   node bench/node-cost.mjs [--rounds 7] [--seconds 3] [--connections 32] [--body hello,json]
//                            [--only=none,fetch-cors] [--prof]
// Runs none | noop | read-headers | fetch-cors | hono-cors side by side (one server each),
// interleaved rounds in a shuffled order, for each body: `hello` (c.text('hello')) and `json`
// (c.json of a 10 KB object, serialized per request). Prints, per variant: median req/s and
// [min–max]; the median over rounds of its req/s divided by `none`'s in the same round; and the
// server's CPU time per request (user + system, from /proc), which a shared machine disturbs
// less than throughput. Also the load average before and after. Writes results/node-cost.md.
// With --prof, each server runs under `node --cpu-prof` and writes its profile to
// results/profiles/<body>-<variant>.cpuprofile when stopped.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cannon as drive, cpuTicks, freePort, load, median, TICK_US } from './src/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// The node binary itself (run this with the repository's Node): a shim would not pass signals on.
const NODE = process.execPath;
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : argv[i + 1];
};
const ROUNDS = Number(opt('--rounds', 7));
const SECONDS = Number(opt('--seconds', 3));
const CONNECTIONS = Number(opt('--connections', 32));
const BODIES = String(opt('--body', 'hello,json')).split(',');
const PROF = argv.includes('--prof');
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const VARIANTS = only ?? ['none', 'noop', 'read-headers', 'fetch-cors', 'hono-cors'];
const PATHS = { hello: '/hello', json: '/json' };
for (const b of BODIES) if (!PATHS[b]) throw new Error(`--body: hello or json, not ${b}`);
const profiles = join(here, 'results/profiles');
if (PROF) mkdirSync(profiles, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const servers = [];
process.once('exit', () => {
  for (const s of servers) s.child.kill('SIGKILL');
});
const cannon = (url, seconds) => drive(url, seconds, { connections: CONNECTIONS, origin: 'http://allowed.test' });
const loadBefore = load();
const out = [];
out.push(
  `Node ${process.versions.node}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); ${ROUNDS} interleaved rounds × ${SECONDS} s, ${CONNECTIONS} connections; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
);
out.push('');
for (const body of BODIES) {
  servers.length = 0;
  for (const v of VARIANTS) {
    const port = await freePort();
    const args = PROF ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=${body}-${v}.cpuprofile`] : [];
    const child = spawn(NODE, [...args, join(here, 'src/hono-node-app.mjs')], { env: { ...process.env, MW: v, PORT: String(port) }, stdio: 'inherit' });
    servers.push({ v, url: `http://127.0.0.1:${port}${PATHS[body]}`, child });
  }
  for (const s of servers) {
    for (;;) {
      try {
        await (await fetch(s.url)).text();
        break;
      } catch {
        await sleep(100);
      }
    }
    s.requests = (await cannon(s.url, 2)).requests.total; // warm-up
  }
  const rounds = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of [...servers].sort(() => Math.random() - 0.5)) {
      const before = cpuTicks(s.child.pid);
      const r = await cannon(s.url, SECONDS);
      const ticks = cpuTicks(s.child.pid) - before;
      if (r.errors || r.non2xx) throw new Error(`${s.v}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      rounds[s.v].push({ rps: r.requests.total / SECONDS, cpu: (ticks * TICK_US) / r.requests.total });
      s.requests += r.requests.total;
    }
  }
  for (const s of servers) {
    s.child.kill('SIGINT');
    await new Promise((r) => s.child.once('exit', r));
  }
  if (PROF) for (const s of servers) console.log(`${body}-${s.v}: ${s.requests} requests served (profile: results/profiles/${body}-${s.v}.cpuprofile)`);
  const base = rounds.none;
  const f1 = (x) => x.toFixed(1);
  const k = (x) => `${(x / 1000).toFixed(1)}k`;
  const pct = (x) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(0)}%`;
  out.push(`### ${body === 'hello' ? "c.text('hello')" : 'c.json(10 KB object)'}`);
  out.push('');
  out.push(
    '| middleware | req/s, median [min–max] | req/s ÷ none, same round: median [min–max] | server CPU µs/request: median [min–max] | CPU over none (median of per-round differences) |',
  );
  out.push('| --- | ---: | ---: | ---: | ---: |');
  for (const v of VARIANTS) {
    const xs = rounds[v];
    const rps = xs.map((x) => x.rps);
    const cpu = xs.map((x) => x.cpu);
    let ratio = '';
    let over = '';
    if (base && v !== 'none') {
      const rs = xs.map((x, i) => x.rps / base[i].rps - 1);
      const ds = xs.map((x, i) => x.cpu - base[i].cpu);
      ratio = `${pct(median(rs))} [${pct(Math.min(...rs))} – ${pct(Math.max(...rs))}]`;
      const d = median(ds);
      over = `${d >= 0 ? '+' : '−'}${f1(Math.abs(d))} µs (${pct(d / median(base.map((x) => x.cpu)))})`;
    }
    out.push(
      `| ${v} | ${k(median(rps))} [${k(Math.min(...rps))}–${k(Math.max(...rps))}] | ${ratio} | ${f1(median(cpu))} [${f1(Math.min(...cpu))}–${f1(Math.max(...cpu))}] | ${over} |`,
    );
  }
  out.push('');
}
out.push(`Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`);
const text = `${out.join('\n')}\n`;
console.log(text);
if (!only && !PROF) {
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results/node-cost.md'), text);
}
