#!/usr/bin/env node
// The JSR side of a release. Each package Deno users need has its JSR config beside its
// package.json (packages/core/jsr.json, packages/deno/deno.json); package.json holds the version.
//   node scripts/jsr.mjs sync       write package.json's version into the JSR configs (and the
//                                   range the Deno adapter asks of core)
//   node scripts/jsr.mjs check      fail if a JSR config's version differs from package.json's
//   node scripts/jsr.mjs dry-run    `deno publish --dry-run` of every JSR package, offline
//   node scripts/jsr.mjs publish    `deno publish` of every JSR package (core first)
// dry-run and publish work on a staged copy: a Deno workspace of the packages, where the Deno
// adapter imports `jsr:@fetch-cors/core` (resolved to the staged core, so no network is needed
// for the dry run) and relative `.js` imports name their `.ts` files as Deno resolves them.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
/** Published to JSR, in publishing order: directory under packages/ and its JSR config file. */
export const JSR_PACKAGES = [
  { dir: 'core', config: 'jsr.json' },
  { dir: 'deno', config: 'deno.json' },
];
const CORE_IMPORT = '@fetch-cors/core';

const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));
const writeJson = (file, value) => writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);

function load() {
  return JSR_PACKAGES.map(({ dir, config }) => {
    const pkgDir = join(root, 'packages', dir);
    return { dir, pkgDir, configFile: join(pkgDir, config), pkg: readJson(join(pkgDir, 'package.json')), jsr: readJson(join(pkgDir, config)) };
  });
}

/** What each JSR config should say, given the package.json versions. */
function expected(entries) {
  const coreVersion = entries.find((e) => e.dir === 'core').pkg.version;
  return entries.map((e) => {
    const jsr = structuredClone(e.jsr);
    jsr.name = e.pkg.name;
    jsr.version = e.pkg.version;
    if (jsr.imports?.[CORE_IMPORT]) jsr.imports[CORE_IMPORT] = jsr.imports[CORE_IMPORT].replace(/@\^?[0-9][^/]*$/, `@^${coreVersion}`);
    return { ...e, want: jsr };
  });
}

function filesOf(pkgDir, include) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else out.push(relative(pkgDir, file));
    }
  };
  for (const pattern of include) {
    const m = /^(.*?)\/\*\*\/\*(\.\w+)$/.exec(pattern);
    if (m) {
      if (existsSync(join(pkgDir, m[1]))) {
        const before = out.length;
        walk(join(pkgDir, m[1]));
        out.splice(before, out.length - before, ...out.slice(before).filter((f) => f.endsWith(m[2])));
      }
    } else if (existsSync(join(pkgDir, pattern))) out.push(pattern);
  }
  return out;
}

function stage(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'fetch-cors-jsr-'));
  for (const e of entries) {
    const to = join(dir, e.dir);
    for (const file of filesOf(e.pkgDir, e.want.publish?.include ?? ['src/**/*.ts'])) {
      cpSync(join(e.pkgDir, file), join(to, file), { recursive: true });
      if (file.endsWith('.ts')) {
        const target = join(to, file);
        const text = readFileSync(target, 'utf8').replace(/(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.js\2/g, (all, head, q, spec) =>
          existsSync(join(dirname(join(e.pkgDir, file)), `${spec}.ts`)) ? `${head}${q}${spec}.ts${q}` : all,
        );
        writeFileSync(target, text);
      }
    }
    const config = { name: e.want.name, version: e.want.version, license: e.want.license, exports: e.want.exports, publish: e.want.publish };
    if (e.want.imports) {
      config.imports = Object.fromEntries(
        Object.entries(e.want.imports).map(([k, v]) => [k, k === CORE_IMPORT ? `jsr:${CORE_IMPORT}@${v.split('@').pop()}` : v]),
      );
    }
    writeJson(join(to, 'jsr.json'), config);
  }
  writeJson(join(dir, 'deno.json'), { workspace: entries.map((e) => `./${e.dir}`) });
  return dir;
}

function deno() {
  const bin = join(root, 'packages', 'deno', 'node_modules', '.bin', process.platform === 'win32' ? 'deno.cmd' : 'deno');
  return existsSync(bin) ? bin : 'deno';
}

const command = process.argv[2];
const entries = expected(load());
if (command === 'sync') {
  for (const e of entries) {
    if (JSON.stringify(e.want) !== JSON.stringify(e.jsr)) {
      writeJson(e.configFile, e.want);
      console.log(`${relative(root, e.configFile)}: version ${e.want.version}`);
    }
  }
} else if (command === 'check') {
  let bad = 0;
  for (const e of entries) {
    if (JSON.stringify(e.want) !== JSON.stringify(e.jsr)) {
      bad++;
      console.error(
        `${relative(root, e.configFile)} differs from package.json (${e.jsr.name}@${e.jsr.version}${e.jsr.imports?.[CORE_IMPORT] ? `, core ${e.jsr.imports[CORE_IMPORT]}` : ''}; want ${e.want.name}@${e.want.version}${e.want.imports?.[CORE_IMPORT] ? `, core ${e.want.imports[CORE_IMPORT]}` : ''}): run node scripts/jsr.mjs sync`,
      );
    }
  }
  if (!bad) console.log(`JSR configs match package.json: ${entries.map((e) => `${e.want.name}@${e.want.version}`).join(', ')}`);
  process.exitCode = bad ? 1 : 0;
} else if (command === 'dry-run' || command === 'publish') {
  const dir = stage(entries);
  const args = ['publish', ...(command === 'dry-run' ? ['--dry-run'] : []), ...process.argv.slice(3)];
  const run = spawnSync(deno(), args, { cwd: dir, stdio: 'inherit', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } });
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = run.status ?? 1;
} else {
  console.error('usage: node scripts/jsr.mjs sync|check|dry-run|publish');
  process.exitCode = 2;
}
