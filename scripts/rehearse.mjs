#!/usr/bin/env node
// The release, rehearsed: Verdaccio on 127.0.0.1 (temporary storage; packages other than
// @fetch-cors/* are proxied from the npm registry), `scripts/release.mjs` publishes every package
// to it, then each README example marked `<!-- rehearse: name -->` runs as written in a new
// project outside the workspace, installed from that registry: Node (core, Hono with
// @hono/node-server), Bun, Deno (npm: through NPM_CONFIG_REGISTRY), a Worker under
// `wrangler dev`, and the cli: `npx fetch-cors` against real withCors servers in Node 20 and
// the current Node, its README's output shown as printed, its vitest example run by vitest. Each
// makes real requests and checks the CORS headers; each TypeScript example is type-checked too.
// Writes test-results/rehearsal.xml.
//   node scripts/rehearse.mjs [--keep]   (--keep: leave the temporary directory)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { deepStrictEqual } from 'node:assert/strict';
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
/** Runs a command to its end; `status` is its exit status, `output` the command and all it printed. */
function exec(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 180_000, ...opts, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env } });
  const output = `$ ${cmd} ${args.join(' ')}\n${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  return { status: r.status, stdout: r.stdout ?? '', output };
}
function run(cmd, args, opts = {}) {
  const { status, output } = exec(cmd, args, opts);
  if (status !== 0) throw new Error(`${cmd.split('/').pop()} ${args.join(' ')} failed (exit ${status})\n${output}`);
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
        try {
          process.kill(-child.pid, 'SIGTERM');
        } catch {
          /* gone */
        }
        for (let i = 0; i < 50 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      children.delete(child);
    },
  };
}
process.on('exit', () => {
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
});

/** `wrangler dev` of the project in `dir` on 127.0.0.1:`port`, offline and without metrics. */
function wranglerDev(dir, port) {
  return background(WRANGLER, ['dev', '--ip', '127.0.0.1', '--port', String(port)], {
    cwd: dir,
    env: { HOME: home, WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', CI: 'true' },
  });
}

async function waitFor(url, proc, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`exited with ${proc.child.exitCode} before answering\n${proc.output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch {
      await sleep(200);
    }
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
const READMES = ['README.md', ...readdirSync(join(root, 'packages')).map((d) => join('packages', d, 'README.md'))].filter((f) => existsSync(join(root, f)));
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
    for (const m of text.matchAll(/^(.*)\n```(ts|tsx|js|mjs|toml|json|console)\n/gm)) {
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
  for (const [file, content] of Object.entries({
    'package.json': JSON.stringify({ name: `rehearse-${name}`, private: true, type: 'module' }, null, 2),
    ...files,
  })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), content);
  }
  return dir;
}
const TSCONFIG = (types, extra = {}) =>
  JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: 'es2022',
        lib: ['es2022'],
        module: 'preserve',
        moduleResolution: 'bundler',
        skipLibCheck: true,
        types,
        allowImportingTsExtensions: true,
        ...extra,
      },
    },
    null,
    2,
  );

// --- the registry ---------------------------------------------------------------------------
const port = await freePort();
const registry = `http://127.0.0.1:${port}/`;
const home = join(work, 'home');
mkdirSync(home, { recursive: true });
writeFileSync(
  join(work, 'verdaccio.yaml'),
  `storage: ${join(work, 'storage')}
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
`,
);
const verdaccio = background(rootBin('verdaccio'), ['--config', join(work, 'verdaccio.yaml'), '--listen', `127.0.0.1:${port}`], { cwd: work, env: {} });
const npmEnv = {
  HOME: home,
  NPM_CONFIG_USERCONFIG: join(home, '.npmrc'),
  NPM_CONFIG_REGISTRY: registry,
  npm_config_registry: registry,
  NPM_CONFIG_CACHE: join(work, 'npm-cache'),
  NPM_CONFIG_UPDATE_NOTIFIER: 'false',
  NPM_CONFIG_FUND: 'false',
  NPM_CONFIG_AUDIT: 'false',
};
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
const RELEASE_ORDER = ['core', 'hono', 'cloudflare', 'deno', 'bun', 'cli'];
const packages = RELEASE_ORDER.map((dir) => JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')));
if (registryUp) {
  await check('pnpm release publishes core, then the adapters, then the cli (npm part, to Verdaccio)', () => {
    const out = run(process.execPath, [join(root, 'scripts', 'release.mjs'), '--registry', registry, '--no-jsr', '--no-build'], { cwd: root, env: npmEnv });
    const order = /publishing to npm in this order: (.*)/.exec(out)?.[1];
    if (order !== RELEASE_ORDER.join(', ')) throw new Error(`published in the order ${order}, want ${RELEASE_ORDER.join(', ')}\n${out}`);
    return out;
  });
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
const RUNNERS = [
  'core',
  'origins-lookup',
  'hono-node',
  'hono-worker',
  'worker',
  'worker-config',
  'deno',
  'bun',
  'cli-check-text',
  'cli-check-json',
  'cli-check-refused',
  'cli-vitest',
];
await check(`README examples (${READMES.join(', ')}): every code example is marked, has a runner and one text`, () => {
  const problems = [
    ...differ,
    ...Object.keys(ex)
      .filter((n) => !RUNNERS.includes(n))
      .map((n) => `"${n}" (${where[n]}) has no runner here`),
    ...RUNNERS.filter((n) => !ex[n]).map((n) => `no README marks an example "${n}"`),
  ];
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

  await check('README example "Origins from a database, with a timeout and a cache" runs in Node, prints what its comments say, and type-checks', () => {
    const dir = project('origins-lookup', { 'main.ts': ex['origins-lookup'], 'tsconfig.json': TSCONFIG([], { lib: ['es2022', 'dom'] }) });
    run('npm', ['install', '@fetch-cors/core'], { cwd: dir, env: npmEnv });
    const out = run(NODE, ['main.ts'], { cwd: dir });
    const want = [
      "[ 'https://acme.example.com', 'https://acme.example.com' ] 1", // two concurrent requests, one lookup
      'https://acme.example.com 1', // the cache answers
      'null', // no tenant
      'warn: fetch-cors: the origins lookup for "https://slow.example.com" did not answer within 200 ms (originTimeout); the origin is refused.',
      'null', // refused after the timeout
    ].join('\n');
    const printed = out.split('\n').slice(1).join('\n').trim();
    if (printed !== want) throw new Error(`printed:\n${printed}\nwant:\n${want}`);
    run(TSC, ['-p', '.'], { cwd: dir });
    return out;
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
      await expectCors(url, {
        origin: ORIGIN,
        status: 200,
        body: 'hello',
        want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', vary: /Origin/ },
      });
      await expectCors(url, {
        method: 'OPTIONS',
        origin: ORIGIN,
        headers: { 'Access-Control-Request-Method': 'PUT' },
        status: 204,
        want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /PUT/ },
      });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin', 'access-control-allow-credentials'] });
    } finally {
      await server.stop();
    }
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
    const dev = wranglerDev(dir, p);
    try {
      const url = `http://127.0.0.1:${p}/hello`;
      await waitFor(url, dev, 90_000);
      const preview = 'https://pr-1.preview.example.com';
      await expectCors(url, {
        origin: preview,
        status: 200,
        body: 'hello from /hello',
        want: { 'access-control-allow-origin': preview, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': /X-Request-Id/i },
      });
      await expectCors(url, {
        method: 'OPTIONS',
        origin: ORIGIN,
        headers: { 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' },
        status: 204,
        want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /DELETE/, 'access-control-allow-headers': 'authorization' },
      });
      await expectCors(url, { origin: 'https://example.com', status: 200, absent: ['access-control-allow-origin'] });
    } finally {
      await dev.stop();
    }
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
    const dev = wranglerDev(dir, p);
    try {
      const url = `http://127.0.0.1:${p}/hello`;
      await waitFor(url, dev, 90_000);
      await expectCors(url, { origin: ORIGIN, status: 200, body: 'hello', want: { 'access-control-allow-origin': ORIGIN, vary: /Origin/ } });
      await expectCors(`http://127.0.0.1:${p}/no-route`, {
        method: 'OPTIONS',
        origin: ORIGIN,
        headers: { 'Access-Control-Request-Method': 'PUT' },
        status: 204,
        want: { 'access-control-allow-origin': ORIGIN },
      });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally {
      await dev.stop();
    }
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
      await expectCors(url, {
        origin: ORIGIN,
        status: 200,
        body: 'hello',
        want: { 'access-control-allow-origin': ORIGIN, 'access-control-expose-headers': /X-Request-Id/i, vary: /Origin/ },
      });
      await expectCors(url, {
        method: 'OPTIONS',
        origin: ORIGIN,
        headers: { 'Access-Control-Request-Method': 'PATCH' },
        status: 204,
        want: { 'access-control-allow-methods': /PATCH/ },
      });
      await expectCors(url, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally {
      await server.stop();
    }
  });

  await check('README example "Bun" answers with CORS headers on routes and fetch, and type-checks', async () => {
    const p = await freePort();
    const dir = project('bun', {
      'main.ts': replaceOnce(ex.bun, 'port: 3000', `port: ${p}`),
      'tsconfig.json': TSCONFIG(['bun'], { lib: ['esnext'], target: 'esnext' }),
    });
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
      await expectCors(`${base}/items`, {
        method: 'OPTIONS',
        origin: ORIGIN,
        headers: { 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
        status: 204,
        want: { 'access-control-allow-origin': ORIGIN, 'access-control-allow-methods': /POST/ },
      });
      await expectCors(`${base}/nowhere`, { origin: ORIGIN, status: 404, want: { 'access-control-allow-origin': ORIGIN } });
      await expectCors(`${base}/health`, { origin: EVIL, status: 200, absent: ['access-control-allow-origin'] });
    } finally {
      await server.stop();
    }
  });

  // --- the cli: `npx fetch-cors` from a project that installed it, in Node 20 and the current Node ---
  const cliDir = project('cli', {
    // The servers the command is pointed at, all withCors on @hono/node-server.
    'server.mjs': `import { serve } from '@hono/node-server';
import { withCors } from '@fetch-cors/core';

const [strict, open, readme, plain] = process.argv.slice(2).map(Number);
const hello = () => new Response('hello');
serve({ fetch: withCors(hello, { origins: ['${ORIGIN}'], supportsCredentials: true, methods: ['GET', 'POST'] }), hostname: '127.0.0.1', port: strict });
// Every origin allowed with credentials: what audit exists to catch.
serve({ fetch: withCors(hello, { origins: () => true, supportsCredentials: true }), hostname: '127.0.0.1', port: open });
// The packages/cli README's example: DELETE is not allowed, and debug answers the preflight with the policy's headers.
serve({ fetch: withCors(() => Response.json([]), { origins: ['http://localhost:5173'], methods: ['GET', 'POST'], debug: true }), hostname: '127.0.0.1', port: readme });
// The same policy without debug: a refused preflight is a bare 403.
serve({ fetch: withCors(() => Response.json([]), { origins: ['http://localhost:5173'], methods: ['GET', 'POST'] }), hostname: '127.0.0.1', port: plain });
console.log('listening');
`,
  });
  let cliInstalled = false;
  await check('@fetch-cors/cli installs from the registry with npm install --save-dev (the fetch-cors command, tldts)', () => {
    const out = run('npm', ['install', '--save-dev', '@fetch-cors/cli'], { cwd: cliDir, env: npmEnv });
    run('npm', ['install', '@fetch-cors/core', '@hono/node-server'], { cwd: cliDir, env: npmEnv });
    if (!existsSync(join(cliDir, 'node_modules', '.bin', 'fetch-cors'))) throw new Error(`npm linked no fetch-cors command\n${out}`);
    cliInstalled = true;
    return out;
  });
  // npx and the command's #! line (/usr/bin/env node) take `node` from PATH.
  const node20 = [process.env.NODE20_PATH, '/usr/bin/node', '/usr/local/bin/node'].find(
    (n) => n && existsSync(n) && /^v20\./.test(exec(n, ['--version']).stdout),
  );
  const cliNodes = [
    { label: 'Node 20', dir: node20 && dirname(node20) },
    { label: `Node ${exec(NODE, ['--version']).stdout.trim().slice(1)}`, dir: dirname(NODE) },
  ];
  const [strictPort, openPort, readmePort, plainPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const servers = {
    strict: `http://127.0.0.1:${strictPort}`,
    open: `http://127.0.0.1:${openPort}`,
    readme: `http://127.0.0.1:${readmePort}`,
    plain: `http://127.0.0.1:${plainPort}`,
    closed: `http://127.0.0.1:${await freePort()}`,
  };
  /** What `npx fetch-cors <args>` must exit with and print (its --json output: `json` fields equal, `finding` among the findings). */
  const CLI_CASES = [
    {
      name: 'check: a credentialed GET from the allowed origin is allowed (exit 0)',
      args: ['check', `${servers.strict}/items`, '--origin', ORIGIN, '--credentials', '--json'],
      exit: 0,
      json: { verdict: 'allowed', check: null, preflight: false, status: 200 },
    },
    {
      name: 'check: a DELETE the policy does not list is blocked at the preflight (exit 1)',
      args: ['check', `${servers.strict}/items`, '--origin', ORIGIN, '--method', 'DELETE', '--json'],
      exit: 1,
      json: { verdict: 'blocked', stage: 'preflight', check: 'allow-origin-missing', preflight: true },
    },
    {
      name: 'check: a GET from an origin not on the list is blocked (exit 1)',
      args: ['check', `${servers.strict}/items`, '--origin', EVIL, '--json'],
      exit: 1,
      json: { verdict: 'blocked', stage: 'actual', check: 'allow-origin-missing' },
    },
    {
      name: 'check: nothing listening is a network error (exit 2)',
      args: ['check', `${servers.closed}/items`, '--origin', ORIGIN, '--json'],
      exit: 2,
      json: { error: /^network error/ },
    },
    { name: 'check: no --origin is a usage error (exit 2)', args: ['check', `${servers.strict}/items`], exit: 2 },
    {
      name: 'audit: a policy with one listed origin has no findings (exit 0)',
      args: ['audit', `${servers.strict}/items`, '--origin', ORIGIN, '--credentials', '--json'],
      exit: 0,
      json: { findings: [] },
    },
    {
      name: 'audit: a policy that allows every origin with credentials is critical (exit 1)',
      args: ['audit', `${servers.open}/items`, '--origin', ORIGIN, '--credentials', '--json'],
      exit: 1,
      finding: { kind: 'arbitrary', severity: 'critical', credentials: true },
    },
  ];
  if (cliInstalled) {
    const server = background(NODE, ['server.mjs', String(strictPort), String(openPort), String(readmePort), String(plainPort)], { cwd: cliDir, env: {} });
    try {
      await check('the cli rehearsal servers (withCors on @hono/node-server) start', async () => {
        for (const url of [servers.strict, servers.open, servers.readme, servers.plain]) await waitFor(url, server);
      });
      for (const { label, dir } of cliNodes) {
        const env = { ...npmEnv, PATH: `${dir}:${process.env.PATH}` };
        for (const c of CLI_CASES) {
          await check(`npx fetch-cors in ${label}: ${c.name}`, () => {
            if (!dir) throw new Error('no Node 20 found (/usr/bin/node, /usr/local/bin/node or NODE20_PATH): the cli supports Node 20 and must be run in it');
            const r = exec('npx', ['fetch-cors', ...c.args], { cwd: cliDir, env });
            const problems = r.status === c.exit ? [] : [`exit ${r.status}, want ${c.exit}`];
            let json;
            try {
              json = c.json || c.finding ? JSON.parse(r.stdout) : undefined;
            } catch {
              throw new Error(`printed no JSON\n${r.output}`);
            }
            for (const [k, v] of Object.entries(c.json ?? {})) {
              if (v instanceof RegExp ? !v.test(json[k]) : JSON.stringify(json[k]) !== JSON.stringify(v))
                problems.push(`${k}: ${JSON.stringify(json[k])}, want ${v}`);
            }
            if (c.finding && !json.findings?.some((f) => Object.entries(c.finding).every(([k, v]) => f[k] === v)))
              problems.push(`no finding ${JSON.stringify(c.finding)}`);
            if (problems.length) throw new Error(`${problems.join('; ')}\n${r.output}`);
            return r.output;
          });
        }
      }
      await check('README (packages/cli): `fetch-cors check` prints what the README shows, as text and as --json', () => {
        const text = ex['cli-check-text'].replaceAll('http://localhost:8787', servers.readme).trimEnd();
        const [command, ...shown] = text.split('\n');
        const args = command.replace(/^\$ fetch-cors /, '').split(' ');
        const r = exec('npx', ['fetch-cors', ...args], { cwd: cliDir, env: npmEnv });
        if (r.status !== 1) throw new Error(`exit ${r.status}, want 1 (blocked)\n${r.output}`);
        if (r.stdout.trimEnd() !== shown.join('\n')) throw new Error(`printed:\n${r.stdout}\nthe README shows:\n${shown.join('\n')}`);
        const j = exec('npx', ['fetch-cors', ...args, '--json'], { cwd: cliDir, env: npmEnv });
        deepStrictEqual(JSON.parse(j.stdout), JSON.parse(ex['cli-check-json'].replaceAll('http://localhost:8787', servers.readme)));
        return `${r.output}\n${j.output}`;
      });
      await check('README (packages/cli): without debug, `fetch-cors check` ends as the README shows (the refused preflight named as such)', () => {
        const text = ex['cli-check-refused'].replaceAll('http://localhost:8787', servers.plain).trimEnd();
        const [command, ellipsis, ...tail] = text.split('\n');
        if (ellipsis !== '…') throw new Error('the README example should elide the start of the output with a line "…"');
        const args = command.replace(/^\$ fetch-cors /, '').split(' ');
        const r = exec('npx', ['fetch-cors', ...args], { cwd: cliDir, env: npmEnv });
        if (r.status !== 1) throw new Error(`exit ${r.status}, want 1 (blocked)\n${r.output}`);
        if (!r.stdout.trimEnd().endsWith(tail.join('\n'))) throw new Error(`printed:\n${r.stdout}\nthe README shows, at its end:\n${tail.join('\n')}`);
        return r.output;
      });
    } finally {
      await server.stop();
    }
  }

  await check('README example "checkCors in your own tests" (packages/cli) passes under vitest and type-checks', () => {
    const dir = project('cli-vitest', {
      'test/cors.test.ts': ex['cli-vitest'],
      // What the example imports: the app under test.
      'src/app.ts': `import { cors } from '@fetch-cors/hono';
import { Hono } from 'hono';

export const app = new Hono();
app.use(cors({ origins: ['${ORIGIN}'], supportsCredentials: true }));
app.get('/items/:id', (c) => c.json({ id: c.req.param('id') }));
app.put('/items/:id', (c) => c.json({ id: c.req.param('id') }));
`,
      'tsconfig.json': TSCONFIG([], { lib: ['es2022', 'dom'] }),
    });
    run('npm', ['install', '@fetch-cors/hono', 'hono'], { cwd: dir, env: npmEnv });
    run('npm', ['install', '--save-dev', '@fetch-cors/cli', 'vitest'], { cwd: dir, env: npmEnv });
    run(TSC, ['-p', '.'], { cwd: dir });
    const r = exec('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=vitest.json'], {
      cwd: dir,
      env: { ...npmEnv, CI: 'true' },
    });
    const report = existsSync(join(dir, 'vitest.json')) ? JSON.parse(readFileSync(join(dir, 'vitest.json'), 'utf8')) : {};
    if (r.status !== 0 || report.numTotalTests !== 2 || report.numPassedTests !== 2) {
      throw new Error(`vitest: exit ${r.status}, ${report.numPassedTests} of ${report.numTotalTests} tests passed, want 2 of 2\n${r.output}`);
    }
    return r.output;
  });
}

await verdaccio.stop();
if (!process.argv.includes('--keep')) rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
writeJunit('rehearsal', cases);
const failed = cases.filter((c) => !c.ok).length;
console.log(`rehearsal: ${cases.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = failed ? 1 : 0;
