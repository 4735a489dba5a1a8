#!/usr/bin/env node
// What one middleware costs a hello-world Hono app on @hono/node-server, over loopback:
//   node bench/node-cost.mjs [--rounds 5] [--seconds 3] [--connections 32] [--prof]
// Runs none | noop | read-headers | fetch-cors | hono-cors side by side (one server each),
// interleaved rounds in a shuffled order, and prints median req/s, [min–max] and the change
// against `none`. With --prof, each server runs under `node --cpu-prof` and writes its profile
// to bench/results/profiles/<variant>.cpuprofile when stopped.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
// The node binary itself (run this with the repository's Node): a shim would not pass signals on.
const NODE = process.execPath;
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  return i < 0 ? fallback : Number(argv[i + 1]);
};
const ROUNDS = opt('--rounds', 5);
const SECONDS = opt('--seconds', 3);
const CONNECTIONS = opt('--connections', 32);
const PROF = argv.includes('--prof');
const only = argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const VARIANTS = only ?? ['none', 'noop', 'read-headers', 'fetch-cors', 'hono-cors'];
const profiles = join(here, 'results/profiles');
if (PROF) mkdirSync(profiles, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const cannon = (url, seconds) =>
  new Promise((resolve, reject) =>
    autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: { origin: 'http://allowed.test' } }, (e, r) => (e ? reject(e) : resolve(r))),
  );

const servers = [];
process.once('exit', () => {
  for (const s of servers) s.child.kill('SIGKILL');
});
for (const v of VARIANTS) {
  const port = await freePort();
  const args = PROF ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=${v}.cpuprofile`] : [];
  const child = spawn(NODE, [...args, join(here, 'src/hono-node-app.mjs')], { env: { ...process.env, MW: v, PORT: String(port) }, stdio: 'inherit' });
  servers.push({ v, url: `http://127.0.0.1:${port}/hello`, child });
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
  s.requests = (await cannon(s.url, 1)).requests.total; // warm-up
}
const rps = Object.fromEntries(VARIANTS.map((v) => [v, []]));
for (let i = 0; i < ROUNDS; i++) {
  for (const s of [...servers].sort(() => Math.random() - 0.5)) {
    const r = await cannon(s.url, SECONDS);
    if (r.errors || r.non2xx) throw new Error(`${s.v}: ${r.errors} errors, ${r.non2xx} non-2xx`);
    rps[s.v].push(r.requests.total / SECONDS);
    s.requests += r.requests.total;
  }
}
for (const s of servers) {
  s.child.kill('SIGINT');
  await new Promise((r) => s.child.once('exit', r));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = rps.none ? median(rps.none) : undefined;
console.log(`${ROUNDS} rounds × ${SECONDS} s, ${CONNECTIONS} connections; median req/s [min–max]`);
for (const v of VARIANTS) {
  const m = median(rps[v]);
  const change = base && v !== 'none' ? ` (${(((m - base) / base) * 100).toFixed(0)}%)` : '';
  const served = servers.find((s) => s.v === v).requests;
  console.log(`${v.padEnd(13)} ${m.toFixed(0).padStart(6)} [${Math.min(...rps[v]).toFixed(0)}–${Math.max(...rps[v]).toFixed(0)}]${change}  (${served} requests served)`);
}
