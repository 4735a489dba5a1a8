#!/usr/bin/env node
// What withCors costs a hello world under Deno.serve and Bun.serve, over loopback:
//   node bench/runtime-cost.mjs [deno] [bun] [--rounds 5] [--seconds 2] [--connections 32]
//                               [--rate 20000] [--only=none,fetch-cors] [--prof]
// Per runtime, runs none | read | read-vary | floor | fetch-cors (bench/src/runtime-hello.mjs)
// side by side, one server each, and drives them with autocannon (allowed Origin) in interleaved
// rounds in a shuffled order. Prints, per variant: median req/s [min–max]; the server's CPU time
// per request (user + system of the process and all its threads, from /proc) [min–max], which a
// shared machine and a load generator that bounds throughput disturb less than req/s; and the
// median of the per-round differences to `none`. Also the load average before and after.
// With --rate, autocannon sends that many requests per second in all (below what every variant
// can answer), so that each server does the same work per second and the CPU time per request
// is not moved by how many requests share a wake-up of the event loop.
// Writes results/runtime-cost.md. About 2 minutes with the defaults. With --prof, Bun servers
// run under `bun --cpu-prof` and write results/profiles/bun-<variant>.cpuprofile when stopped
// (Deno's `run` has no such flag; its inspector's profiler can be attached instead).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cannon as drive, cpuTicks, freePort, load, median, TICK_US } from './src/measure.mjs';

const here = dirname(fileURLToPath(import.meta.url));
// The runtimes' own executables: the npm shims would put a node process in between.
const EXE = {
  deno: join(here, 'node_modules/deno/deno'),
  bun: join(here, 'node_modules/bun/bin/bun.exe'),
};
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(name);
  if (i < 0) return fallback;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const ROUNDS = Number(opt('--rounds', 5));
const SECONDS = Number(opt('--seconds', 2));
const CONNECTIONS = Number(opt('--connections', 32));
const RATE = opt('--rate', undefined);
const PROF = argv.includes('--prof');
const only = argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const runtimes = argv.filter((a) => !a.startsWith('--'));
for (const r of runtimes) if (!EXE[r]) throw new Error(`runtime: deno or bun, not ${r}`);
const RUNTIMES = runtimes.length ? runtimes : ['deno', 'bun'];
const VARIANTS = only ?? ['none', 'read', 'read-vary', 'floor', 'fetch-cors'];
const ALLOWED = 'http://allowed.test';
const profiles = join(here, 'results/profiles');
if (PROF) mkdirSync(profiles, { recursive: true });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const running = new Set();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

function start(runtime, variant, port) {
  const script = join(here, 'src/runtime-hello.mjs');
  const prof =
    PROF && runtime === 'bun' ? ['--cpu-prof', '--cpu-prof-interval=250', `--cpu-prof-dir=${profiles}`, `--cpu-prof-name=bun-${variant}.cpuprofile`] : [];
  const args =
    runtime === 'deno'
      ? ['run', '--no-prompt', '--node-modules-dir=manual', '--allow-net=127.0.0.1', '--allow-env', `--allow-read=${join(here, '..')}`, script]
      : [...prof, script];
  const env = { ...process.env, VARIANT: variant, PORT: String(port), DENO_NO_UPDATE_CHECK: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('CORS_')) delete env[k];
  const child = spawn(EXE[runtime], args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

const version = (runtime) => {
  const text = readFileSync(join(here, `node_modules/${runtime}/package.json`), 'utf8');
  return JSON.parse(text).version;
};
const cannon = (url, seconds) => drive(url, seconds, { connections: CONNECTIONS, origin: ALLOWED, rate: RATE });
const loadBefore = load();
const out = [];
out.push(
  `${RUNTIMES.map((r) => `${r} ${version(r)}`).join(', ')}; autocannon in Node ${process.versions.node}; ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}); ${ROUNDS} interleaved rounds × ${SECONDS} s, ${CONNECTIONS} connections${RATE === undefined ? '' : ` at ${RATE} req/s in all`}, Origin allowed; ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
);
out.push('');
const f1 = (x) => x.toFixed(1);
const k = (x) => `${(x / 1000).toFixed(1)}k`;
const sign = (x, s) => `${x >= 0 ? '+' : '−'}${s(Math.abs(x))}`;
for (const runtime of RUNTIMES) {
  const servers = [];
  for (const v of VARIANTS) {
    const port = await freePort();
    servers.push({ v, url: `http://127.0.0.1:${port}/`, child: start(runtime, v, port) });
  }
  for (const s of servers) {
    for (let tries = 0; ; tries++) {
      try {
        const r = await fetch(s.url, { headers: { origin: ALLOWED } });
        s.check = { acao: r.headers.get('access-control-allow-origin'), vary: r.headers.get('vary'), body: await r.text() };
        break;
      } catch (e) {
        if (tries > 100 || s.child.exitCode !== null) throw new Error(`${runtime} ${s.v} did not start: ${e}`);
        await sleep(100);
      }
    }
    if (s.check.body !== 'hello' || (s.v === 'fetch-cors' && s.check.acao !== ALLOWED))
      throw new Error(`${runtime} ${s.v}: wrong answer ${JSON.stringify(s.check)}`);
    s.requests = (await cannon(s.url, 1)).requests.total; // warm-up
  }
  const rounds = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  for (let i = 0; i < ROUNDS; i++) {
    for (const s of [...servers].sort(() => Math.random() - 0.5)) {
      const before = cpuTicks(s.child.pid);
      const r = await cannon(s.url, SECONDS);
      const ticks = cpuTicks(s.child.pid) - before;
      if (r.errors || r.non2xx) throw new Error(`${runtime} ${s.v}: ${r.errors} errors, ${r.non2xx} non-2xx`);
      rounds[s.v].push({ rps: r.requests.total / SECONDS, cpu: (ticks * TICK_US) / r.requests.total });
      s.requests += r.requests.total;
    }
  }
  for (const s of servers) {
    const exited = new Promise((r) => s.child.once('exit', r));
    s.child.kill(PROF ? 'SIGINT' : 'SIGTERM');
    await Promise.race([exited, sleep(5000)]);
    if (running.has(s.child)) s.child.kill('SIGKILL');
  }
  if (PROF && runtime === 'bun') for (const s of servers) console.log(`bun-${s.v}: ${s.requests} requests served (results/profiles/bun-${s.v}.cpuprofile)`);
  const base = rounds.none;
  out.push(`### ${runtime === 'deno' ? 'Deno.serve' : 'Bun.serve (fetch handler)'}`);
  out.push('');
  out.push('| handler | req/s, median [min–max] | server CPU µs/request, median [min–max] | CPU over none, median of per-round differences [min–max] |');
  out.push('| --- | ---: | ---: | ---: |');
  for (const v of VARIANTS) {
    const xs = rounds[v];
    const rps = xs.map((x) => x.rps);
    const cpu = xs.map((x) => x.cpu);
    let over = '';
    if (base && v !== 'none') {
      const ds = xs.map((x, i) => x.cpu - base[i].cpu);
      const d = median(ds);
      over = `${sign(d, f1)} µs (${sign(d / median(base.map((x) => x.cpu)), (x) => `${(x * 100).toFixed(0)}%`)}) [${sign(Math.min(...ds), f1)} – ${sign(Math.max(...ds), f1)}]`;
    }
    out.push(
      `| ${v} | ${k(median(rps))} [${k(Math.min(...rps))}–${k(Math.max(...rps))}] | ${f1(median(cpu))} [${f1(Math.min(...cpu))}–${f1(Math.max(...cpu))}] | ${over} |`,
    );
  }
  out.push('');
}
out.push(`Load average (1, 5, 15 min) before: ${loadBefore}; after: ${load()}.`);
const text = `${out.join('\n')}\n`;
console.log(text);
writeFileSync(join(here, 'results/runtime-cost.md'), `# withCors on a hello world in Deno.serve and Bun.serve (\`node bench/runtime-cost.mjs\`)\n\n${text}`);
