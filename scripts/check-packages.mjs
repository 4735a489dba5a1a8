#!/usr/bin/env node
// What npm and JSR users get, checked on the packed tarballs of every packages/* package:
// publishing metadata, publint, Are the Types Wrong (ESM-only profile: the packages are ESM,
// loaded by require() through Node's require(esm)), a real require() and import in each Node
// found, each package's command (`bin`) run by its #! line in each Node, the JSR versions and
// `deno publish --dry-run`. Writes test-results/packaging.xml.
//   node scripts/check-packages.mjs [--keep <dir>]   (--keep: leave the tarballs in <dir>)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeJunit } from './junit.mjs';

const root = join(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const keepAt = process.argv.indexOf('--keep');
const packs = keepAt > 0 ? process.argv[keepAt + 1] : mkdtempSync(join(tmpdir(), 'fetch-cors-packs-'));
mkdirSync(packs, { recursive: true });
const cases = [];

function check(name, fn) {
  const started = Date.now();
  let ok = false;
  let output = '';
  try {
    const result = fn();
    ok = result === true || result?.ok === true;
    output = typeof result === 'object' ? (result.output ?? '') : '';
  } catch (error) {
    output = error.stack ?? String(error);
  }
  cases.push({ name, ok, output, message: ok ? '' : (output.split('\n').find(Boolean) ?? 'failed'), seconds: (Date.now() - started) / 1000 });
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok ? '' : `\n${output.replace(/^/gm, '     ')}`}`);
}
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...opts.env } });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
}

const packages = readdirSync(join(root, 'packages'))
  .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
  .map((dir) => ({ dir, path: join(root, 'packages', dir), pkg: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.pkg.private);

// The rules every published package keeps; each returns the problems it finds.
const RULES = [
  ({ pkg }) => (pkg.license === 'MIT' ? [] : [`license is ${pkg.license}, not MIT`]),
  ({ path }) => (existsSync(join(path, 'LICENSE')) && /MIT License/.test(readFileSync(join(path, 'LICENSE'), 'utf8')) ? [] : ['no MIT LICENSE file']),
  ({ path }) =>
    existsSync(join(path, 'README.md')) && readFileSync(join(path, 'README.md'), 'utf8').split('\n').length >= 10 ? [] : ['no README.md of 10 lines or more'],
  ({ path }) => (existsSync(join(path, 'CHANGELOG.md')) ? [] : ['no CHANGELOG.md']),
  ({ pkg }) => (pkg.publishConfig?.access === 'public' ? [] : ['publishConfig.access is not "public"']),
  ({ pkg, dir }) => (pkg.repository?.url && pkg.repository?.directory === `packages/${dir}` ? [] : [`repository needs url and directory "packages/${dir}"`]),
  ({ pkg }) => (typeof pkg.homepage === 'string' && pkg.homepage.startsWith('https://') ? [] : ['no https homepage']),
  ({ pkg }) => (pkg.bugs?.url || typeof pkg.bugs === 'string' ? [] : ['no bugs url']),
  ({ pkg }) => (Array.isArray(pkg.keywords) && pkg.keywords.includes('cors') ? [] : ['keywords must include "cors"']),
  ({ pkg }) => (pkg.engines?.node ? [] : ['no engines.node']),
  ({ pkg }) => {
    if (!pkg.exports && !pkg.main && pkg.bin) return []; // a command-line tool only
    const dot = pkg.exports?.['.'];
    return dot && dot.types && dot.import && dot.default && Object.keys(dot).at(-1) === 'default' && Object.keys(dot)[0] === 'types'
      ? []
      : ['exports["."] needs types (first), import and default (last)'];
  },
  ({ pkg }) =>
    pkg.devDependencies?.['@types/bun'] && !(pkg.peerDependencies?.['@types/bun'] && pkg.peerDependenciesMeta?.['@types/bun']?.optional)
      ? ['@types/bun must be an optional peer dependency']
      : [],
  ({ pkg }) => (pkg.sideEffects === false ? [] : ['sideEffects is not false']),
];

const tarballs = {};
for (const p of packages) {
  check(`${p.pkg.name}: publishing metadata`, () => {
    const problems = RULES.flatMap((rule) => rule(p));
    return { ok: problems.length === 0, output: problems.join('\n') };
  });
  check(`${p.pkg.name}: packs`, () => {
    const r = run(bin('pnpm'), ['pack', '--pack-destination', packs], { cwd: p.path });
    const file = readdirSync(packs).find((f) => f.startsWith(`${p.pkg.name.slice(1).replace('/', '-')}-${p.pkg.version}`) && f.endsWith('.tgz'));
    if (file) tarballs[p.dir] = join(packs, file);
    return { ok: r.ok && !!file, output: r.output };
  });
  const tgz = tarballs[p.dir];
  if (!tgz) continue;
  check(`${p.pkg.name}: publint --strict`, () => {
    const r = run(bin('publint'), ['run', tgz, '--strict']);
    return { ok: r.ok && /All good/.test(r.output), output: r.output };
  });
  check(`${p.pkg.name}: attw (esm-only profile)`, () => run(bin('attw'), [tgz, '--profile', 'esm-only', '--format', 'ascii', '--no-emoji']));
}

// require() and import of the packed packages, as a user's node_modules holds them.
const project = mkdtempSync(join(tmpdir(), 'fetch-cors-require-'));
const scope = join(project, 'node_modules', '@fetch-cors');
mkdirSync(scope, { recursive: true });
for (const [dir, tgz] of Object.entries(tarballs)) {
  mkdirSync(join(scope, dir));
  execFileSync('tar', ['-xzf', tgz, '-C', join(scope, dir), '--strip-components=1']);
}
// Their runtime and peer dependencies from outside the workspace (hono, tldts), as installed for each package.
for (const { dir, pkg } of packages) {
  for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })) {
    const installed = join(root, 'packages', dir, 'node_modules', dep);
    const target = join(project, 'node_modules', dep);
    if (dep.startsWith('@fetch-cors/') || !existsSync(installed) || existsSync(target)) continue;
    mkdirSync(dirname(target), { recursive: true });
    symlinkSync(realpathSync(installed), target, 'dir');
  }
}
const nodes = new Map();
for (const candidate of [bin('node'), '/usr/bin/node', '/usr/local/bin/node']) {
  if (!existsSync(candidate)) continue;
  const version = run(candidate, ['--version']).output.trim();
  const [major, minor] = version.slice(1).split('.').map(Number);
  if ((major === 20 && minor >= 19) || (major === 22 && minor >= 12) || major > 22) nodes.set(version, candidate);
}
/** The export each package is checked for; any other package: require() and import agree. */
const EXPORT = { core: 'withCors', hono: 'cors', cloudflare: 'withCors', deno: 'withCors', bun: 'withCors', cli: 'checkCors' };
for (const [version, node] of nodes) {
  for (const dir of Object.keys(tarballs)) {
    const name = `@fetch-cors/${dir}`;
    const pkg = packages.find((p) => p.dir === dir).pkg;
    if (!pkg.exports && !pkg.main) continue; // nothing to require: a command-line tool only
    const want = EXPORT[dir];
    check(`${name}: require() and import in Node ${version}`, () =>
      run(
        node,
        [
          '-e',
          `
      const want = ${JSON.stringify(want ?? null)};
      const viaRequire = require(${JSON.stringify(name)});
      if (want ? typeof viaRequire[want] !== 'function' : Object.keys(viaRequire).length === 0) throw new Error('require() gave no ' + (want ?? 'exports'));
      import(${JSON.stringify(name)}).then((viaImport) => {
        const same = want ? viaImport[want] === viaRequire[want] : Object.keys(viaImport).every((k) => viaImport[k] === viaRequire[k]);
        if (!same) throw new Error('require() and import gave different modules');
      }).catch((e) => { console.error(e); process.exit(1); });`,
        ],
        { cwd: project },
      ),
    );
  }
  // Each command a package installs, run as npm links it: the file itself, by its #! line.
  for (const dir of Object.keys(tarballs)) {
    const pkg = packages.find((p) => p.dir === dir).pkg;
    const bins = typeof pkg.bin === 'string' ? { [pkg.name.split('/').pop()]: pkg.bin } : (pkg.bin ?? {});
    for (const [command, file] of Object.entries(bins)) {
      check(`@fetch-cors/${dir}: the ${command} command prints its help in Node ${version}`, () => {
        const script = join(scope, dir, file);
        if (!readFileSync(script, 'utf8').startsWith('#!/usr/bin/env node\n')) return { ok: false, output: `${file} does not start with #!/usr/bin/env node` };
        const r = run(script, ['--help'], { cwd: project, env: { PATH: `${dirname(node)}:${process.env.PATH}` } });
        return { ok: r.ok && r.output.includes(command), output: r.output };
      });
    }
  }
}
rmSync(project, { recursive: true, force: true });

check('JSR configs carry the package.json versions', () => run(process.execPath, [join(root, 'scripts', 'jsr.mjs'), 'check']));
check('JSR: deno publish --dry-run', () => run(process.execPath, [join(root, 'scripts', 'jsr.mjs'), 'dry-run']));

// The example Worker as `wrangler deploy` would upload it (bundled by wrangler, not uploaded).
check('example Worker bundles with wrangler deploy --dry-run', () => {
  const app = join(root, 'apps', 'cloudflare-worker');
  const outdir = mkdtempSync(join(tmpdir(), 'fetch-cors-wrangler-'));
  const r = run(join(app, 'node_modules', '.bin', 'wrangler'), ['deploy', '--dry-run', '--outdir', outdir], {
    cwd: app,
    env: { WRANGLER_SEND_METRICS: 'false' },
  });
  rmSync(outdir, { recursive: true, force: true });
  const size = /Total Upload: ([\d.]+ \w+) \/ gzip: ([\d.]+ \w+)/.exec(r.output);
  if (size) console.log(`     wrangler bundle of apps/cloudflare-worker: ${size[1]}, gzip ${size[2]}`);
  return { ok: r.ok && !!size, output: r.output };
});

if (keepAt < 0) rmSync(packs, { recursive: true, force: true });
writeJunit('packaging', cases);
const failed = cases.filter((c) => !c.ok).length;
console.log(`packaging: ${cases.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
