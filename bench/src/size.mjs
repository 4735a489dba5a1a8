// Gzipped size of the core's built bundle next to hono/cors's, both minified by esbuild.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const benchDir = fileURLToPath(new URL('..', import.meta.url));
const coreDist = fileURLToPath(new URL('../../packages/core/dist/index.js', import.meta.url));
const corePkg = fileURLToPath(new URL('../../packages/core/package.json', import.meta.url));

async function minified(contents) {
  const out = await build({
    stdin: { contents, resolveDir: benchDir, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    target: 'es2022',
  });
  return out.outputFiles[0].contents;
}
const gz = (buf) => gzipSync(buf, { level: 9 }).length;

/**
 * Gzipped bytes each row may not exceed (checked by test/size.test.mjs). Set a little above the
 * size measured when the budget was last set (docs/decisions/0008-bundle-size.md).
 */
export const BUDGETS = [
  { row: '@fetch-cors/core, `withCors` only (esbuild --minify)', gzip: 13_200 },
  { row: '@fetch-cors/core, every export (esbuild --minify)', gzip: 16_450 },
];

export async function sizes() {
  const rows = {};
  if (existsSync(coreDist)) {
    const raw = readFileSync(coreDist);
    rows['@fetch-cors/core dist/index.js (as built)'] = { bytes: raw.length, gzip: gz(raw) };
    const min = await minified(`export * from ${JSON.stringify(coreDist)};`);
    rows['@fetch-cors/core, every export (esbuild --minify)'] = { bytes: min.length, gzip: gz(min) };
    const only = await minified(`export { withCors } from ${JSON.stringify(coreDist)};`);
    rows['@fetch-cors/core, `withCors` only (esbuild --minify)'] = { bytes: only.length, gzip: gz(only) };
  }
  const hono = await minified(`export { cors } from 'hono/cors';`);
  rows['hono/cors (esbuild --minify)'] = { bytes: hono.length, gzip: gz(hono) };
  const pkg = JSON.parse(readFileSync(corePkg, 'utf8'));
  const deps = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });
  return { rows, coreDependencies: deps };
}
