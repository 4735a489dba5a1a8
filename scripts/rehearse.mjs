#!/usr/bin/env node
// The release, rehearsed: Verdaccio on 127.0.0.1 (temporary storage; packages other than
// @fetch-cors/* are proxied from the npm registry), `scripts/release.mjs` publishes every package
// to it, then each README example marked `<!-- rehearse: name -->` runs as written in a new
// project outside the workspace, installed from that registry: Node (core, Hono with
// @hono/node-server), Bun, Deno (npm: through NPM_CONFIG_REGISTRY) and a Worker under
// `wrangler dev`. Each makes real requests and checks the CORS headers; each TypeScript example
// is type-checked too. Writes test-results/rehearsal.xml.
//   node scripts/rehearse.mjs [--keep]   (--keep: leave the temporary directory)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeJunit } from './junit.mjs';

const root = join(import.meta.dirname, '..');
const rootBin = (name) => join(root, 'node_modules', '.bin', name);
const NODE = rootBin('node');
const TSC = rootBin('tsc');
const DENO = join(root, 'packages', 'deno', 'node_modules', '.bin', 'deno');
const BUN = join(root, 'packages', 'bun', 'node_modules', '.bin', 'bun');
const WRANGLER = join(root, 'apps', 'cloudflare-worker', 'node_modules', '.bin', 'wrangler');
const work = mkdtempSync(join(tmpdir(), 'fetch-cors-rehearsal-'));
const cases = [];
const children = new Set();
const started = Date.now();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...opts, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env } });
  const output = `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  if (r.status !== 0) throw new Error(`${cmd.split('/').pop()} ${args.join(' ')} failed (exit ${r.status})\n${output}`);
  return output;
}
/** A long-running process, in its own process group so that it stops with everything it started. */
function background(cmd, args, opts) {
  const child = spawn(cmd, args, { ...opts, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...opts.env } });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
  children.add(child);
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
        for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
        try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
      }
      children.delete(child);
    },
  };
}
process.on('exit', () => { for (const c of children) { try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ } } });

async function waitFor(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode} before answering\n${proc.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch { await sleep(200); }
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s\n${proc.output()}`);
}

async function check(name, fn) {
  const t = Date.now();
  try {
    const output = (await fn()) ?? '';
    cases.push({ name, ok: true, seconds: (Date.now() - t) / 1000, output });
    console.log(`ok   ${name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  } catch (error) {
    const output = error?.stack ?? String(error);
    cases.push({ name, ok: false, seconds: (Date.now() - t) / 1000, message: output.split('\n')[0], output });
    console.log(`FAIL ${name}\n${output.replace(/^/gm, '     ')}`);
  }
}

/** What a request must (or must not) get back. */
async function expectCors(url, { method = 'GET', origin, headers = {}, status, want = {}, absent = [], body }) {
  const res = await fetch(url, { method, headers: { ...(origin ? { Origin: origin } : {}), ...headers }, redirect: 'manual' });
  const text = await res.text();
  const problems = [];
  if (status !== undefined && res.status !== status) problems.push(`status ${res.status}, want ${status}`);
  for (const [h, v] of Object.entries(want)) {
    const got = res.headers.get(h);
    if (v instanceof RegExp ? !v.test(got ?? '') : got !== v) problems.push(`${h}: ${JSON.stringify(got)}, want ${v}`);
  }
  for (const h of absent) if (res.headers.has(h)) problems.push(`${h} present (${res.headers.get(h)}), want none`);
  if (body !== undefined && text !== body) problems.push(`body ${JSON.stringify(text)}, want ${JSON.stringify(body)}`);
  if (problems.length) throw new Error(`${method} ${url} (Origin: ${origin ?? 'none'}): ${problems.join('; ')}`);
}

/** Every README (the root's and each package's). */
const READMES = ['README.md', ...readdirSync(join(root, 'packages')).map((d) => join('packages', d, 'README.md'))]
  .filter((f) => existsSync(join(root, f)));
/**
 * The code blocks marked `<!-- rehearse: name -->` in every README, by name. A name used in
 * several READMEs must mark the same code in each, so running it once runs all of them.
 */
function readmeExamples() {
  const out = {};
  const where = {};
  const differ = [];
  for (const file of READMES) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/^(.*)\n```(ts|tsx|js|toml)\n/gm)) {
      if (!/<!-- rehearse: [\w-]+ -->/.test(m[1])) differ.push(`a \`\`\`${m[2]} block in ${file} is not marked <!-- rehearse: name -->, so nothing runs it`);
    }
    for (const m of text.matchAll(/<!-- rehearse: ([\w-]+) -->\s*\n```\w*\n([\s\S]*?)\n```/g)) {
      const code = `${m[2]}\n`;
      if (out[m[1]] !== undefined && out[m[1]] !== code) differ.push(`"${m[1]}" in ${file} differs from the one in ${where[m[1]]}`);
      out[m[1]] ??= code;
      where[m[1]] ??= file;
    }
  }
  return { examples: out, where, differ };
}
function replaceOnce(text, from, to) {
  if (!text.includes(from)) throw new Error(`the README example no longer contains ${JSON.stringify(from)}`);
  return text.replace(from, to);
}
function project(name, files) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, content] of Object.entries({ 'package.json': JSON.stringify({ name: `rehearse-${name}`, private: true, type: 'module' }, null, 2), ...files })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}
const TSCONFIG = (types, extra = {}) => JSON.stringify({
  compilerOptions: { strict: true, noEmit: true, target: 'es2022', lib: ['es2022'], module: 'preserve', moduleResolution: 'bundler', skipLibCheck: true, types, allowImportingTsExtensions: true, ...extra },
}, null, 2);

// --- the registry ---------------------------------------------------------------------------
const port = await freePort();
const registry = `http://127.0.0.1:${port}/`;
const home = join(work, 'home');
mkdirSync(home, { recursive: true });
writeFileSync(join(work, 'verdaccio.yaml'), `storage: ${join(work, 'storage')}
auth:
  htpasswd:
    file: ${join(work, 'htpasswd')}
    max_users: 10
uplinks:
  npmjs:
    url: https://registry.npmjs.org/
    timeout: 60s
packages:
  '@fetch-cors/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    publish: $authenticated
    proxy: npmjs
server:
  keepAliveTimeout: 60
log: { type: stdout, format: pretty, level: warn }
`);
const verdaccio = background(rootBin('verdaccio'), ['--config', join(work, 'verdaccio.yaml'), '--listen', `127.0.0.1:${port}`], { cwd: work, env: {} });
const npmEnv = { HOME: home, NPM_CONFIG_USERCONFIG: join(home, '.npmrc'), NPM_CONFIG_REGISTRY: registry, npm_config_registry: registry, NPM_CONFIG_CACHE: join(work, 'npm-cache'), NPM_CONFIG_UPDATE_NOTIFIER: 'false', NPM_CONFIG_FUND: 'false', NPM_CONFIG_AUDIT: 'false' };
let registryUp = false;
await check('Verdaccio starts on 127.0.0.1 and takes a publisher', async () => {
  await waitFor(`${registry}-/ping`, verdaccio, 60_000);
  const res = await fetch(`${registry}-/user/org.couchdb.user:rehearsal`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-password', type: 'user', roles: [], date: new Date().toISOString() }),
  });
  const { token } = await res.json();
  if (!token) throw new Error(`no token from Verdaccio (status ${res.status})`);
  writeFileSync(join(home, '.npmrc'), `registry=${registry}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  registryUp = true;
});

// --- the release, against the local registry ---------------------------------------------------
const packages = ['core', 'hono', 'cloudflare', 'deno', 'bun'].map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')));
if (registryUp) {
  await check('pnpm release publishes core, then the adapters (npm part, to Verdaccio)', () =>
    run(process.execPath, [join(root, 'scripts', 'release.mjs'), '--registry', registry, '--no-jsr', '--no-build'], { cwd: root, env: npmEnv }));
  for (const pkg of packages) {
    await check(`${pkg.name}@${pkg.version} is installable from the registry`, async () => {
      const res = await fetch(`${registry}${pkg.name.replace('/', '%2f')}`);
      const doc = await res.json();
      const published = doc.versions?.[pkg.version];
      if (!published) throw new Error(`${pkg.name}@${pkg.version} is not on the registry`);
      const deps = JSON.stringify(published.dependencies ?? {});
      if (deps.includes('workspace:')) throw new Error(`published with workspace: ranges: ${deps}`);
    });
  }
}

// --- the README examples, each in a project of its own ------------------------------------------
const { examples: ex, where, differ } = readmeExamples();
const RUNNERS = ['core', 'hono-node', 'hono-worker', 'worker', 'worker-config', 'deno', 'bun'];
await check(`README examples (${READMES.join(', ')}): every code example is marked, has a runner and one text`, () => {
  const problems = [...differ, ...Object.keys(ex).filter((n) => !RUNNERS.includes(n)).map((n) => `"${n}" (${where[n]}) has no runner here`),
    ...RUNNERS.filter((n) => !ex[n]).map((n) => `no README marks an example "${n}"`)];
  if (problems.length) throw new Error(problems.join('\n'));
});
const ORIGIN = 'https://app.example.com';
const EVIL = 'https://evil.example';

if (registryUp) {
  await check('README example "Any Fetch handler" runs in Node and type-checks', () => {
    const dir = project('core', { 'main.ts': ex.core, 'tsconfig.json': TSCONFIG([], { lib: ['es2022', 'dom'] }) });
    run('npm', ['install', '@fetch-cors/core'], { cwd: dir, env: npmEnv });
    const out = run(NODE, ['main.ts'], { cwd: dir });
    if (!out.includes('200 https://pr-7.preview.example.com')) throw new Error(`printed something else:\n${out}`);
    run(TSC, ['-p', '.'], { cwd: dir });
  });

  await check('README example "Hono" on Node (@hono/node-server) answers with CORS headers and type-checks', async () => {
    const p = await freePort();
    const dir = project('hono-node', { 'server.ts': replaceOnce(ex['hono-node'], 'port: 8787', `port: ${p}`), 'tsconfig.json': TSCONFIG([]) });
    run('npm', ['install', '@fetch-cors/hono', 'hono', '@hono/node-server'], { cwd: dir, env: npmEnv });
    run(TSC, ['-p', '.'], { cwd: dir });
    const server = background(NODE, ['server.ts'], { cwd: dir, env: {} });
    try {
      const url = `http://127.0.0.1:${p}/hello`;
      await waitFor(url, server);
      await expectCors(url, { origin: ORIGIN, status: 200, body: 'hello', want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', vary: /Origin/ } });
      await expectCors(url, { method: 'OPTIONS', origin: ORIGIN, headers: { 'Access-Control-Request-Method': 'PUT' }, status: 204, want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /PUT/ } });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin', 'access-control-allow-credentials'] });
    } finally { await server.stop(); }
  });

  await check('README example "Cloudflare Workers" under wrangler dev answers with CORS headers and type-checks', async () => {
    const p = await freePort();
    const dir = project('worker', {
      'src/index.ts': ex.worker,
      'wrangler.toml': ex['worker-config'],
      'tsconfig.json': TSCONFIG(['@cloudflare/workers-types'], { lib: ['es2022'] }),
    });
    run('npm', ['install', '@fetch-cors/cloudflare'], { cwd: dir, env: npmEnv });
    run('npm', ['install', '-D', '@cloudflare/workers-types'], { cwd: dir, env: npmEnv });
    run(TSC, ['-p', '.'], { cwd: dir });
    const dev = background(WRANGLER, ['dev', '--ip', '127.0.0.1', '--port', String(p)], {
      cwd: dir, env: { HOME: home, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
    });
    try {
      const url = `http://127.0.0.1:${p}/hello`;
      await waitFor(url, dev, 90_000);
      const preview = 'https://pr-1.preview.example.com';
      await expectCors(url, { origin: preview, status: 200, body: 'hello from /hello', want: { 'access-control-allow-origin': preview, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': /X-Request-Id/i } });
      await expectCors(url, { method: 'OPTIONS', origin: ORIGIN, headers: { 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' }, status: 204, want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /DELETE/, 'access-control-allow-headers': 'authorization' } });
      await expectCors(url, { origin: 'https://example.com', status: 200, absent: ['access-control-allow-origin'] });
    } finally { await dev.stop(); }
  });

  await check('README example "Hono on Workers" (packages/hono) under wrangler dev reads CORS_ORIGINS from c.env and type-checks', async () => {
    const p = await freePort();
    const dir = project('hono-worker', {
      'src/index.ts': ex['hono-worker'],
      'wrangler.toml': 'name = "hono-api"\nmain = "src/index.ts"\ncompatibility_date = "2026-07-01"\n\n[vars]\nCORS_ORIGINS = "https://app.example.com"\n',
      'tsconfig.json': TSCONFIG([], { lib: ['es2022', 'dom'] }),
    });
    run('npm', ['install', '@fetch-cors/hono', 'hono'], { cwd: dir, env: npmEnv });
    run(TSC, ['-p', '.'], { cwd: dir });
    const dev = background(WRANGLER, ['dev', '--ip', '127.0.0.1', '--port', String(p)], {
      cwd: dir, env: { HOME: home, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
    });
    try {
      const url = `http://127.0.0.1:${p}/hello`;
      await waitFor(url, dev, 90_000);
      await expectCors(url, { origin: ORIGIN, status: 200, body: 'hello', want: { 'access-control-allow-origin': ORIGIN, vary: /Origin/ } });
      await expectCors(`http://127.0.0.1:${p}/no-route`, { method: 'OPTIONS', origin: ORIGIN, headers: { 'Access-Control-Request-Method': 'PUT' }, status: 204, want: { 'access-control-allow-origin': ORIGIN } });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally { await dev.stop(); }
  });

  await check('README example "Deno" (deno add npm:@fetch-cors/deno) answers with CORS headers and type-checks', async () => {
    const p = await freePort();
    const dir = project('deno', { 'main.ts': replaceOnce(ex.deno, 'port: 8000', `port: ${p}`) });
    rmSync(join(dir, 'package.json'));
    // Deno installs nothing published in the last 24 hours by default; these were published now.
    writeFileSync(join(dir, 'deno.json'), '{ "minimumDependencyAge": 0 }\n');
    const denoEnv = { NPM_CONFIG_REGISTRY: registry, DENO_DIR: join(work, 'deno-dir'), DENO_NO_UPDATE_CHECK: '1' };
    run(DENO, ['add', 'npm:@fetch-cors/deno'], { cwd: dir, env: denoEnv });
    run(DENO, ['check', 'main.ts'], { cwd: dir, env: denoEnv });
    const server = background(DENO, ['run', '--allow-net', '--allow-env=CORS_*', 'main.ts'], { cwd: dir, env: { ...denoEnv, CORS_ORIGINS: ORIGIN } });
    try {
      const url = `http://127.0.0.1:${p}/`;
      await waitFor(url, server);
      await expectCors(url, { origin: ORIGIN, status: 200, body: 'hello', want: { 'access-control-allow-origin': ORIGIN, 'access-control-expose-headers': /X-Request-Id/i, vary: /Origin/ } });
      await expectCors(url, { method: 'OPTIONS', origin: ORIGIN, headers: { 'Access-Control-Request-Method': 'PATCH' }, status: 204, want: { 'access-control-allow-methods': /PATCH/ } });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally { await server.stop(); }
  });

  await check('README example "Bun" answers with CORS headers on routes and fetch, and type-checks', async () => {
    const p = await freePort();
    const dir = project('bun', { 'main.ts': replaceOnce(ex.bun, 'port: 3000', `port: ${p}`), 'tsconfig.json': TSCONFIG(['bun'], { lib: ['esnext'], target: 'esnext' }) });
    const bunEnv = { NPM_CONFIG_REGISTRY: registry, BUN_CONFIG_REGISTRY: registry, BUN_INSTALL_CACHE_DIR: join(work, 'bun-cache'), HOME: home };
    run(BUN, ['add', '@fetch-cors/bun'], { cwd: dir, env: bunEnv });
    run(BUN, ['add', '-d', '@types/bun'], { cwd: dir, env: bunEnv });
    run(TSC, ['-p', '.'], { cwd: dir });
    const server = background(BUN, ['main.ts'], { cwd: dir, env: bunEnv });
    try {
      const base = `http://127.0.0.1:${p}`;
      await waitFor(`${base}/health`, server);
      await expectCors(`${base}/health`, { origin: ORIGIN, status: 200, body: 'ok', want: { 'access-control-allow-origin': ORIGIN, vary: /Origin/ } });
      await expectCors(`${base}/users/42`, { origin: ORIGIN, status: 200, body: '{"id":"42"}', want: { 'access-control-allow-origin': ORIGIN } });
      await expectCors(`${base}/items`, { method: 'OPTIONS', origin: ORIGIN, headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' }, status: 204, want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /POST/ } });
      await expectCors(`${base}/nowhere`, { origin: ORIGIN, status: 404, want: { 'access-control-allow-origin': ORIGIN } });
      await expectCors(`${base}/health`, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally { await server.stop(); }
  });
}

await verdaccio.stop();
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
writeJunit('rehearsal', cases);
const failed = cases.filter((c) => !c.ok).length;
console.log(`rehearsal: ${cases.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failed ? 1 : 0;
