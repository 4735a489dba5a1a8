#!/usr/bin/env node
// Writes the option tables of README.md and docs/behaviour.md from the option table
// (packages/core/src/options.ts) and the option docs (packages/core/src/option-docs.ts), between
// the markers <!-- options-table --> … <!-- /options-table --> (and <!-- env-table --> … in
// docs/behaviour.md). The core tests (packages/core/test/options-table.test.ts) fail when a
// committed table differs from what this writes.
//
//   node scripts/options-table.mjs          # from the repository root, with Node 24 (reads the .ts sources)
//   node scripts/options-table.mjs --check  # exit 1 when a committed table is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

/** `supportsCredentials` → `CORS_SUPPORTS_CREDENTIALS` (the core's `envVariable`). */
function envVariable(name) {
  let out = 'CORS_';
  for (const c of name) out += c >= 'A' && c <= 'Z' ? `_${c}` : c.toUpperCase();
  return out;
}

const READERS = { list: 'comma-separated', bool: '`true`/`false`/`1`/`0`', seconds: 'digits' };

/** The options table; `linkBase` is put before `#anchor` links (the README's points into docs/behaviour.md). */
export function optionsTable(table, docs, linkBase = '') {
  const rows = ['| option | type | default | `CORS_*` variable | meaning |', '| --- | --- | --- | --- | --- |'];
  for (const [name, row] of Object.entries(table)) {
    const doc = docs[name];
    const def = doc.default ?? `\`${row.bool}\``;
    const env = row.env ? `\`${envVariable(name)}\` (${READERS[row.env]})` : 'none';
    const meaning = doc.meaning.replaceAll('](#', `](${linkBase}#`);
    rows.push(`| \`${name}\` | ${doc.type} | ${def} | ${env} | ${meaning} |`);
  }
  return rows.join('\n');
}

/** The `CORS_*` variables table of docs/behaviour.md. */
export function envTable(table) {
  const value = { list: "comma-separated; `*` alone means `'*'`", bool: 'boolean', seconds: 'seconds, digits, 0..86400' };
  const rows = ['| variable | option | value |', '| --- | --- | --- |'];
  for (const [name, row] of Object.entries(table)) {
    if (row.env) rows.push(`| \`${envVariable(name)}\` | \`${name}\` | ${value[row.env]} |`);
  }
  return rows.join('\n');
}

/** `text` with the part between `<!-- marker -->` and `<!-- /marker -->` replaced by `body`. */
export function replaceBetween(text, marker, body) {
  const open = `<!-- ${marker} -->`;
  const close = `<!-- /${marker} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`markers ${open} … ${close} not found`);
  return `${text.slice(0, a + open.length)}\n${body}\n${text.slice(b)}`;
}

/** Every generated file as it should read: `[path, expected text]`. */
export function generated(table, docs, read = (p) => readFileSync(resolve(root, p), 'utf8')) {
  const readme = replaceBetween(read('README.md'), 'options-table', optionsTable(table, docs, 'docs/behaviour.md'));
  let behaviour = replaceBetween(read('docs/behaviour.md'), 'options-table', optionsTable(table, docs));
  behaviour = replaceBetween(behaviour, 'env-table', envTable(table));
  return [
    ['README.md', readme],
    ['docs/behaviour.md', behaviour],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { OPTION_TABLE } = await import('../packages/core/src/options.ts');
  const { OPTION_DOCS } = await import('../packages/core/src/option-docs.ts');
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [path, text] of generated(OPTION_TABLE, OPTION_DOCS)) {
    if (readFileSync(resolve(root, path), 'utf8') === text) continue;
    stale++;
    if (check) console.error(`${path}: the option table is stale; run node scripts/options-table.mjs`);
    else writeFileSync(resolve(root, path), text);
  }
  if (check && stale > 0) process.exit(1);
}
