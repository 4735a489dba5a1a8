#!/usr/bin/env node
// `pnpm release`: publishes every package whose version is not on the registry yet, in order:
// the core, then the adapters, then the command-line checker (npm), then JSR (core, then the
// Deno adapter). Versions come from
// `pnpm changeset version` (which also runs `node scripts/jsr.mjs sync`), so run that first and
// commit. Stops at the first failure, so an adapter is never published without its core.
//   node scripts/release.mjs [--registry <url>] [--no-jsr] [--no-build] [--dry-run]
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
/**
 * npm publishing order: every public package under packages/, each after the workspace
 * packages it depends on (so the core first, then the adapters), ties by this list. The cli
 * needs no other package at run time; it goes last, after the packages its docs install with it.
 */
const PREFERRED = ['core', 'hono', 'cloudflare', 'deno', 'bun', 'cli'];
export function npmOrder() {
  const pkgs = readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .sort((a, b) => (PREFERRED.indexOf(a.dir) + 1 || 99) - (PREFERRED.indexOf(b.dir) + 1 || 99) || a.dir.localeCompare(b.dir));
  const names = new Set(pkgs.map((p) => p.pkg.name));
  const done = new Set();
  const order = [];
  while (order.length < pkgs.length) {
    const next = pkgs.find(
      (p) => !done.has(p.pkg.name) && Object.keys({ ...p.pkg.dependencies, ...p.pkg.peerDependencies }).every((d) => !names.has(d) || done.has(d)),
    );
    if (!next) throw new Error('the workspace packages depend on each other in a cycle');
    done.add(next.pkg.name);
    order.push(next.dir);
  }
  return order;
}

const args = process.argv.slice(2);
const registryAt = args.indexOf('--registry');
const registry = registryAt >= 0 ? args[registryAt + 1] : undefined;
const dryRun = args.includes('--dry-run');
const jsr = !args.includes('--no-jsr');
const pnpm = process.env.npm_execpath && /pnpm/.test(process.env.npm_execpath) ? [process.execPath, [process.env.npm_execpath]] : ['pnpm', []];

function sh(cmd, cmdArgs, opts = {}) {
  console.log(`$ ${[cmd, ...cmdArgs].join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: root, ...opts });
  if (r.status !== 0) {
    console.error(`release stopped: ${cmd} ${cmdArgs.join(' ')} failed`);
    process.exit(1);
  }
}
const registryArgs = registry ? ['--registry', registry] : [];

sh(process.execPath, [join(root, 'scripts', 'jsr.mjs'), 'check']);
if (!args.includes('--no-build')) sh(pnpm[0], [...pnpm[1], 'build']);
const order = npmOrder();
console.log(`publishing to npm in this order: ${order.join(', ')}`);
for (const dir of order) {
  const pkg = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
  const seen = spawnSync('npm', ['view', `${pkg.name}@${pkg.version}`, 'version', ...registryArgs], { encoding: 'utf8' });
  if (seen.status === 0 && seen.stdout.trim() === pkg.version) {
    console.log(`${pkg.name}@${pkg.version} is already published`);
    continue;
  }
  // pnpm publish turns workspace:* into the version of the package it names.
  sh(pnpm[0], [...pnpm[1], 'publish', '--access', 'public', '--no-git-checks', ...registryArgs, ...(dryRun ? ['--dry-run'] : [])], {
    cwd: join(root, 'packages', dir),
  });
}
if (jsr) sh(process.execPath, [join(root, 'scripts', 'jsr.mjs'), dryRun ? 'dry-run' : 'publish']);
