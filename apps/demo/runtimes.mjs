// The example apps of the other runtimes (apps/deno, apps/bun, apps/cloudflare-worker in workerd),
// started on demand on a loopback port with the policy in CORS_* variables, as a user runs them:
// `pnpm --filter <app> start` (the Worker: `start:miniflare`, since its `start` is `wrangler dev`
// on port 8787 with the vars of wrangler.toml). One process per runtime; a new policy restarts it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { ENV_VARIABLES } from '@fetch-cors/core';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const here = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

/** The runtimes on offer, each available when its binary is installed (and the Worker is built). */
export const RUNTIMES = [
  { id: 'deno', label: 'Deno (apps/deno)', pkg: '@fetch-cors/app-deno', script: 'start', needs: ['apps/deno/node_modules/.bin/deno'] },
  { id: 'bun', label: 'Bun (apps/bun)', pkg: '@fetch-cors/app-bun', script: 'start', needs: ['apps/bun/node_modules/.bin/bun'] },
  {
    id: 'workerd',
    label: 'Cloudflare Worker in workerd (apps/cloudflare-worker)',
    pkg: '@fetch-cors/app-cloudflare-worker',
    // `start` is `wrangler dev` (port 8787, vars from wrangler.toml); this one reads PORT and CORS_*.
    script: 'start:miniflare',
    needs: ['apps/cloudflare-worker/node_modules/.bin/miniflare', 'apps/cloudflare-worker/dist/worker.js'],
  },
].map((r) => ({ ...r, available: r.needs.every((path) => existsSync(here(path))) }));

/** `supportsCredentials` → `CORS_SUPPORTS_CREDENTIALS`, as the core names an option's variable. */
const variableOf = (option) => `CORS_${option.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;

/**
 * The CORS_* variables that carry `options` to an app in another process, or the options
 * that no variable can carry (`debug`, `preflightStatus`, `resources`, a RegExp origin, ...).
 * The variables are the core's (`ENV_VARIABLES`); `options` have passed `createCors`, so each
 * value already has its option's type: a string, a list, a boolean or seconds.
 */
export function envFromOptions(options) {
  const env = {};
  const left = [];
  for (const [key, value] of Object.entries(options)) {
    const name = variableOf(key);
    const scalar = typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number';
    const list = Array.isArray(value) && value.every((v) => typeof v === 'string' && !v.includes(','));
    const text = scalar ? String(value) : list ? value.join(',') : undefined;
    if (ENV_VARIABLES.includes(name) && text !== undefined) env[name] = text;
    else left.push(key);
  }
  return { env, left };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** pnpm: the one running `pnpm demo`, else the repository's own. */
function pnpm() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm\.[cm]?js$/.test(execPath) && existsSync(execPath)) return [process.execPath, [execPath]];
  return [here('node_modules/.bin/pnpm'), []];
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Forwards a Fetch request to 127.0.0.1:`port` unchanged (Host included), redirects not followed. */
export async function forward(port, request) {
  const url = new URL(request.url);
  const headers = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers.host ??= url.host;
  const body = request.method === 'GET' || request.method === 'HEAD' ? null : Buffer.from(await request.arrayBuffer());
  if (body !== null) headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = http.request({ host: '127.0.0.1', port, method: request.method, path: url.pathname + url.search, headers }, (answer) => {
      const out = new Headers();
      for (let i = 0; i < answer.rawHeaders.length; i += 2) {
        const name = answer.rawHeaders[i].toLowerCase();
        if (name === 'connection' || name === 'transfer-encoding' || name === 'keep-alive') continue;
        out.append(name, answer.rawHeaders[i + 1]);
      }
      const status = answer.statusCode ?? 502;
      const nullBody = request.method === 'HEAD' || status === 204 || status === 304;
      if (nullBody) answer.resume();
      resolve(new Response(nullBody ? null : Readable.toWeb(answer), { status, statusText: answer.statusMessage, headers: out }));
    });
    upstream.once('error', reject);
    upstream.end(body ?? undefined);
  });
}

/**
 * Starts and stops the runtime apps. `ensure(id, env)` resolves to the port of the app running
 * with exactly `env`, starting it (and stopping the one with another policy) when needed.
 */
export function createRuntimes() {
  /** Runtime id → { key: the env it was started with, ready: Promise of the started app }. */
  const running = new Map();
  /** Process groups started and not yet stopped. */
  const groups = new Set();

  function stopGroup(pid) {
    groups.delete(pid);
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }

  async function start(runtime, env) {
    const port = await freePort();
    const childEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('CORS_') && k !== 'PORT') childEnv[k] = v;
    Object.assign(childEnv, env, { PORT: String(port), PATH: `${here('node_modules/.bin')}:${process.env.PATH ?? ''}` });
    const [command, prefix] = pnpm();
    const child = spawn(command, [...prefix, '--filter', runtime.pkg, runtime.script], {
      cwd: REPO,
      env: childEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    groups.add(child.pid);
    const app = { port, pid: child.pid, output: '', exited: null };
    child.stdout.setEncoding('utf8').on('data', (d) => (app.output = (app.output + d).slice(-4000)));
    child.stderr.setEncoding('utf8').on('data', (d) => (app.output = (app.output + d).slice(-4000)));
    child.once('exit', (code, signal) => (app.exited = signal ?? code));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (app.exited !== null) {
        stopGroup(app.pid);
        throw new Error(`${runtime.label} exited (${app.exited}) before answering:\n${app.output}`);
      }
      try {
        const res = await fetch(`http://127.0.0.1:${port}/hello`, { signal: AbortSignal.timeout(2000) });
        await res.body?.cancel();
        return app;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        stopGroup(app.pid);
        throw new Error(`${runtime.label} did not answer within 60 s:\n${app.output}`);
      }
      await sleep(150);
    }
  }

  /** The port of runtime `id` running with exactly `env`; starts it, stopping the one with another policy. */
  async function ensure(id, env) {
    const runtime = RUNTIMES.find((r) => r.id === id);
    if (!runtime?.available) throw new Error(`${id} is not installed`);
    const key = JSON.stringify(env);
    const current = running.get(id);
    if (current) {
      const app = await current.ready.catch(() => null);
      if (current.key === key && app !== null && app.exited === null) return app.port;
      if (running.get(id) === current) running.delete(id);
      if (app !== null) stopGroup(app.pid);
    }
    const next = running.get(id) ?? { key, ready: start(runtime, env) };
    running.set(id, next);
    if (next.key !== key) return ensure(id, env);
    try {
      return (await next.ready).port;
    } catch (error) {
      if (running.get(id) === next) running.delete(id);
      throw error;
    }
  }

  /** Stops every app started, whole process groups, at once (safe in an exit handler). */
  function stopAll() {
    for (const pid of [...groups]) stopGroup(pid);
  }

  return { ensure, stopAll };
}
