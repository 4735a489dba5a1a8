#!/usr/bin/env node
/**
 * Runs the example Worker locally in workerd through Miniflare, no network needed: what the
 * tests start. (`pnpm start` runs it under `wrangler dev` with the vars of wrangler.toml.)
 *
 *   PORT=8787 CORS_ORIGINS=https://app.example pnpm --filter @fetch-cors/app-cloudflare-worker start:miniflare
 *
 * Listens on 127.0.0.1 at $PORT (default 8787). Every CORS_* variable of this process's
 * environment becomes a var of the Worker. Stops workerd cleanly on SIGINT/SIGTERM.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';

const scriptPath = fileURLToPath(new URL('../dist/worker.js', import.meta.url));
if (!existsSync(scriptPath)) {
  console.error(`${scriptPath} is missing: run \`pnpm build\` from the repository root first.`);
  process.exit(1);
}

const port = Number(process.env.PORT ?? 8787);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const bindings = Object.fromEntries(
  Object.entries(process.env).filter(([name, value]) => (name.startsWith('CORS_') || name === 'APP_CORS') && value !== undefined),
);

const mf = new Miniflare({
  host: '127.0.0.1',
  port,
  modules: true,
  scriptPath,
  compatibilityDate: '2026-07-01',
  bindings,
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping workerd`);
  try {
    await mf.dispose();
  } finally {
    process.exit(0);
  }
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
watchLauncher();

/** The parent pid of `pid`, read from /proc (Linux); undefined elsewhere. */
function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
}

/**
 * Under `pnpm start`, pnpm sends SIGTERM/SIGINT to the shell it spawned, and a node shim
 * between that shell and this process (node_modules/.bin/node) does not pass signals on.
 * So when the launcher chain is cut (our parent or grandparent exits), stop as if signalled.
 */
function watchLauncher() {
  if (!process.env.npm_lifecycle_event?.startsWith('start')) return;
  const parent = process.ppid;
  const grandparent = parentOf(parent);
  const timer = setInterval(() => {
    if (process.ppid !== parent || (grandparent !== undefined && parentOf(parent) !== grandparent)) {
      clearInterval(timer);
      void stop('launcher exited');
    }
  }, 250);
  timer.unref();
}

try {
  const url = await mf.ready;
  const names = Object.keys(bindings);
  console.log(`cloudflare-worker example listening on ${url.href} (CORS vars: ${names.length ? names.join(', ') : 'none, defaults apply'})`);
} catch (error) {
  console.error(error);
  await mf.dispose().catch(() => {});
  process.exit(1);
}
