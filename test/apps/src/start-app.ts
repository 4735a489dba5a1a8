/**
 * Start and stop the example apps of `apps/` the way docs/behaviour.md#example-apps says a user does:
 * `pnpm --filter <package name> start` from the repository root, with `PORT`
 * and `CORS_*` in the environment.
 *
 * ```ts
 * import { APPS, startApp } from '@fetch-cors/app-tests/start-app';
 *
 * const app = await startApp('@fetch-cors/app-hono', { CORS_ORIGINS: 'http://allowed.test' });
 * const res = await fetch(`${app.url}/hello`);
 * await app.stop();
 * ```
 *
 * Each app runs in its own process group, so `stop()` ends pnpm, the runtime
 * and anything the runtime started (workerd, ...). Groups still running when
 * the test process exits are killed then.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Every example app, by package name. */
export const APPS = ['@fetch-cors/app-hono', '@fetch-cors/app-cloudflare-worker', '@fetch-cors/app-deno', '@fetch-cors/app-bun'] as const;

export type AppName = (typeof APPS)[number];

/** The repository root (this file is test/apps/src/start-app.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export interface RunningApp {
  /** Package name of the app. */
  readonly name: string;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Process id of the group leader (pnpm). */
  readonly pid: number;
  /** Everything the app printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Kill the whole process group and wait until every process in it is gone. Idempotent. */
  stop(): Promise<void>;
}

export interface StartOptions {
  /** How long to wait for the first answer on `GET /hello` (default 90 s). */
  readonly timeoutMs?: number;
  /** Path polled until the app answers (default `/hello`). */
  readonly readyPath?: string;
}

const PNPM_VERSION = '10.34.8';
/**
 * The script that starts each app. The Worker's `start` is `wrangler dev` (its vars come from
 * wrangler.toml); the tests run the same Worker in workerd through Miniflare, which takes
 * PORT and CORS_* from the environment like every other app.
 */
const START_SCRIPT: Readonly<Record<string, string>> = { '@fetch-cors/app-cloudflare-worker': 'start:miniflare' };
const running = new Set<number>();

/** A free TCP port on 127.0.0.1, picked by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port assigned'));
        return;
      }
      server.close(() => resolvePort(address.port));
    });
  });
}

/**
 * The pnpm command line: the pnpm that runs this test when there is one
 * (`npm_execpath` under `pnpm test`), else `npx --yes pnpm@10.34.8`.
 */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath !== undefined && /pnpm\.[cm]?js$/.test(execPath) && existsSync(execPath)) {
    return [process.execPath, [execPath]];
  }
  return ['npx', ['--yes', `pnpm@${PNPM_VERSION}`]];
}

/** The environment for the app: ours without CORS_* and PORT, then `env`, then PORT. */
function childEnv(env: Readonly<Record<string, string>>, port: number): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('CORS_') || key === 'PORT') continue;
    out[key] = value;
  }
  // Runtimes and the repo's Node 24 come from the install.
  out.PATH = [join(REPO_ROOT, 'node_modules', '.bin'), process.env.PATH ?? ''].join(':');
  Object.assign(out, env);
  out.PORT = String(port);
  return out;
}

/**
 * Whether any process of the group `pgid` still runs. On Linux, /proc is read so
 * that zombies (dead, waiting for init to reap them) do not count as running.
 */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/stat')) return true;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid && state !== 'Z' && state !== 'X') return true;
  }
  return false;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function stopGroup(child: ChildProcess, pid: number): Promise<void> {
  killGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 5000;
  while (groupAlive(pid) && Date.now() < deadline) await sleep(50);
  if (groupAlive(pid)) {
    killGroup(pid, 'SIGKILL');
    const hardDeadline = Date.now() + 5000;
    while (groupAlive(pid) && Date.now() < hardDeadline) await sleep(50);
  }
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((r) => {
      child.once('exit', () => r());
      setTimeout(r, 1000);
    });
  }
  running.delete(pid);
}

let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of running) killGroup(pid, 'SIGKILL');
  });
}

/**
 * Start the example app `name` (a package name from {@link APPS}) with `PORT`
 * set to a free port and `env` (the `CORS_*` settings) in its environment.
 * Resolves once `GET /hello` answers; rejects (after stopping the app) if the
 * app exits first or does not answer within `timeoutMs`, with its output in
 * the error message.
 */
export async function startApp(name: string, env: Readonly<Record<string, string>> = {}, options: StartOptions = {}): Promise<RunningApp> {
  const { timeoutMs = 90_000, readyPath = '/hello' } = options;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const [command, prefix] = pnpmCommand();
  const child = spawn(command, [...prefix, '--filter', name, START_SCRIPT[name] ?? 'start'], {
    cwd: REPO_ROOT,
    env: childEnv(env, port),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${name}: could not spawn ${command}`);
  installExitHook();
  running.add(pid);

  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (output += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (output += d));
  let exited: string | undefined;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? code}`));

  let stopped: Promise<void> | undefined;
  const app: RunningApp = {
    name,
    url,
    port,
    pid,
    output: () => output,
    stop: () => (stopped ??= stopGroup(child, pid)),
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited !== undefined) {
      await app.stop();
      throw new Error(`${name} ${exited} before answering on ${url}${readyPath}\n${output}`);
    }
    try {
      const res = await fetch(url + readyPath, { signal: AbortSignal.timeout(2000) });
      await res.body?.cancel();
      return app;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await app.stop();
      throw new Error(`${name} did not answer on ${url}${readyPath} within ${timeoutMs} ms\n${output}`);
    }
    await sleep(100);
  }
}
