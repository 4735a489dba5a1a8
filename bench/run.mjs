#!/usr/bin/env node
// `pnpm bench` (from the repository root, after `pnpm build`):
//   node bench/run.mjs               Node, then Bun, then Deno
//   node bench/run.mjs node|bun|deno one runtime alone (several may be named)
//   node bench/run.mjs ops [runtime…]  micro-benchmarks of single Headers/Response operations
//   node bench/run.mjs summary         rewrite results/README.md from the saved results
// Environment: BENCH_ROUNDS (default 5), BENCH_TIME_MS per measurement (default 100),
// BENCH_ONLY=<substring> to run only matching cases.
// Writes bench/results/<runtime>.json and bench/results/README.md (tables for every runtime
// that has results, ready to paste into the root README).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allocTable,
  analyse,
  checkAnswers,
  quietTable,
  summaryTable,
  bigTable,
  preflightTable,
  createTable,
  detailTables,
  floorTable,
  headerTable,
  mdTable,
  overheadTable,
  targetTable,
  textTable,
} from './src/report.mjs';
import { sizes } from './src/size.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const results = join(here, 'results');
const bin = (dir, name) => join(dir, 'node_modules', '.bin', name);

const RUNTIMES = {
  // the repository's Node (devDependency "node"), not whatever `node` is first on PATH
  node: () => [existsSync(bin(root, 'node')) ? bin(root, 'node') : process.execPath, ['--expose-gc']],
  bun: () => [bin(here, 'bun'), []],
  deno: () => [bin(here, 'deno'), ['run', '-A', '--no-lock', '--v8-flags=--expose-gc']],
};

const argv = process.argv.slice(2);
const opsMode = argv[0] === 'ops';
const summaryMode = argv[0] === 'summary';
const asked = opsMode || summaryMode ? argv.slice(1) : argv;
for (const a of asked) {
  if (!RUNTIMES[a]) {
    console.error(`unknown runtime "${a}"; use one or more of: ${Object.keys(RUNTIMES).join(', ')}`);
    process.exit(2);
  }
}
const runtimes = asked.length ? asked : Object.keys(RUNTIMES);

if (opsMode) {
  runOps(runtimes);
  process.exit(0);
}
if (summaryMode) {
  writeSummary(await sizes());
  console.log('rewrote bench/results/README.md from bench/results/*.json');
  process.exit(0);
}

if (!existsSync(join(root, 'packages/core/dist/index.js')) && process.env.BENCH_ALLOW_MISSING !== '1') {
  console.error('packages/core/dist/index.js is missing: run `pnpm build` first.');
  process.exit(1);
}
mkdirSync(results, { recursive: true });

const started = Date.now();
let failed = false;
for (const rt of runtimes) {
  const [cmd, flags] = RUNTIMES[rt]();
  const out = join(tmpdir(), `fetch-cors-bench-${rt}-${process.pid}.json`);
  console.log(`\n=== ${rt} (${cmd})`);
  const r = spawnSync(cmd, [...flags, join(here, 'src/suite.mjs'), out], {
    cwd: here,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (r.status !== 0 || !existsSync(out)) {
    console.error(`${rt}: benchmark process failed (${r.error?.message ?? `exit ${r.status}`})`);
    failed = true;
    continue;
  }
  const raw = JSON.parse(readFileSync(out, 'utf8'));
  rmSync(out);
  const analysis = analyse(raw);
  analysis.problems = checkAnswers(raw.answers);
  for (const p of analysis.problems) console.error(`WARNING ${rt}: ${p}`);
  // a partial run (BENCH_ONLY) never replaces the committed results
  const file = process.env.BENCH_ONLY ? join(tmpdir(), `fetch-cors-bench-${rt}.partial.json`) : join(results, `${rt}.json`);
  writeFileSync(file, `${JSON.stringify({ ...raw, analysis }, null, 1)}\n`);
  printRuntime(raw, analysis);
}

const size = await sizes();
console.log('\n=== bundle size (minified by esbuild, gzip -9)');
console.log(
  textTable(
    ['bundle', 'bytes', 'gzip'],
    Object.entries(size.rows).map(([k, v]) => [k, v.bytes, v.gzip]),
  ),
);
console.log(`@fetch-cors/core runtime dependencies: ${size.coreDependencies.length ? size.coreDependencies.join(', ') : 'none'}`);

if (!process.env.BENCH_ONLY) {
  writeFileSync(join(results, 'size.json'), `${JSON.stringify(size, null, 1)}\n`);
  writeSummary(size);
  console.log(`\nwrote bench/results/{${runtimes.join(',')}}.json and bench/results/README.md in ${((Date.now() - started) / 1000).toFixed(0)} s`);
} else {
  console.log(`\npartial run (BENCH_ONLY): results kept in ${tmpdir()}, bench/results untouched`);
}
process.exit(failed ? 1 : 0);

function printRuntime(raw, a) {
  const print = (title, t) => console.log(`\n--- ${raw.runtime} ${raw.version}: ${title}\n${textTable(t.head, t.body)}`);
  print(`ns/op, median of ${raw.rounds} rounds [min–max of the round medians]`, detailTables(a));
  print('actual requests: overhead over the bare handler / the bare app (peer ÷ withCors)', overheadTable(a));
  print('preflights: total ns/op (itty ÷ withCors, hono/cors ÷ @fetch-cors/hono)', preflightTable(a));
  print('floors', floorTable(a));
  print('core vs floor with a body-less handler (less noise)', quietTable(a));
  print('1,000 exact origins + 100 patterns vs 3 origins (withCors)', bigTable(a));
  print('long Access-Control-Request-Headers (preflight, defaults)', headerTable(a, raw.answers));
  print('createCors', createTable(a));
  if (a.alloc?.length) print('allocation (V8 heapUsed delta, median of 40 runs of 100 calls)', allocTable(a));
  print('targets', targetTable(a));
}

function writeSummary(size) {
  const parts = [
    '# Benchmark results',
    '',
    'Generated by `pnpm bench` (`node bench/run.mjs`). Numbers are ns per request, the median of',
    "several interleaved rounds, each round's value itself a median over thousands of calls.",
    '"Overhead" is the time over the same handler without CORS (for Hono and h3: the same app',
    "without the middleware); the figure in brackets is that library's overhead divided by ours",
    '(`withCors` of `@fetch-cors/core`). The machine was shared while measuring: compare ratios',
    'within one runtime, not absolute numbers across runs.',
  ];
  const byRuntime = Object.keys(RUNTIMES)
    .filter((rt) => existsSync(join(results, `${rt}.json`)))
    .map((rt) => [rt, JSON.parse(readFileSync(join(results, `${rt}.json`), 'utf8'))]);
  parts.push(
    '',
    '## Summary',
    '',
    'Actual requests: ns added to the bare handler (Hono, h3: to the same app without CORS); preflights:',
    'ns per answered preflight. In brackets: itty-router and h3 ÷ `withCors`; hono/cors ÷ `withCors` for',
    'actual requests and ÷ `@fetch-cors/hono` (same Hono app) for preflights.',
    '',
    mdTable(summaryTable(byRuntime).head, summaryTable(byRuntime).body),
  );
  for (const [rt, r] of byRuntime) {
    const a = r.analysis;
    const md = (t) => mdTable(t.head, t.body);
    parts.push(
      '',
      `## ${rt} ${r.version} (${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.rounds} rounds)`,
      '',
      '### Actual requests: overhead over the bare handler (ns; in brackets: peer ÷ ours)',
      '',
      md(overheadTable(a)),
      '',
      '### Preflights: total ns per request (in brackets: itty ÷ withCors, hono/cors ÷ @fetch-cors/hono)',
      '',
      md(preflightTable(a)),
      '',
      '### Floors (hand-written minimum)',
      '',
      md(floorTable(a)),
      '',
      '### Core vs floor, body-less handler (`new Response(null)`: less noise, same CORS work)',
      '',
      md(quietTable(a)),
      '',
      '### 1,000 exact origins + 100 subdomain patterns vs 3 origins',
      '',
      md(bigTable(a)),
      '',
      '### Long `Access-Control-Request-Headers`',
      '',
      md(headerTable(a, r.answers)),
      '',
      '### `createCors` (compile once)',
      '',
      md(createTable(a)),
      ...(a.alloc?.length ? ['', '### JS heap allocated per request', '', md(allocTable(a))] : []),
      '',
      '### Targets',
      '',
      md(targetTable(a)),
      '',
      '<details><summary>All cases</summary>',
      '',
      md(detailTables(a)),
      '',
      '</details>',
    );
  }
  parts.push(
    '',
    '## Bundle size',
    '',
    mdTable(
      ['bundle', 'bytes', 'gzip'],
      Object.entries(size.rows).map(([k, v]) => [k, v.bytes.toLocaleString('en-US'), v.gzip.toLocaleString('en-US')]),
    ),
    '',
    `\`@fetch-cors/core\` runtime dependencies: ${size.coreDependencies.length ? size.coreDependencies.join(', ') : 'none'}.`,
    '',
  );
  writeFileSync(join(results, 'README.md'), parts.join('\n'));
}

function runOps(list) {
  const byRt = {};
  for (const rt of list) {
    const [cmd, flags] = RUNTIMES[rt]();
    const out = join(tmpdir(), `fetch-cors-ops-${rt}-${process.pid}.json`);
    const r = spawnSync(cmd, [...flags, join(here, 'src/ops.mjs'), out], { cwd: here, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) {
      console.error(`${rt}: ops failed`);
      continue;
    }
    byRt[rt] = JSON.parse(readFileSync(out, 'utf8'));
    rmSync(out);
  }
  const rts = Object.keys(byRt);
  const med = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
  const names = Object.keys(byRt[rts[0]]?.samples ?? {});
  const head = ['operation', ...rts.map((rt) => `${rt} ns/op`), ...rts.map((rt) => `${rt} cost`)];
  const body = names.map((n) => [
    n,
    ...rts.map((rt) => Math.round(med(byRt[rt].samples[n])).toLocaleString('en-US')),
    ...rts.map((rt) => {
      if (!n.startsWith('+')) return '';
      const base = byRt[rt].samples['handler: new Response(null, {headers: content-type})'];
      return Math.round(med(byRt[rt].samples[n].map((v, i) => v - base[i]))).toLocaleString('en-US');
    }),
  ]);
  console.log(textTable(head, body));
  writeFileSync(join(results, 'ops.json'), `${JSON.stringify(byRt, null, 1)}\n`);
  writeFileSync(join(results, 'ops.md'), `# Single operations (ns/op; "cost" = minus the body-less handler response)\n\n${mdTable(head, body)}\n`);
}
