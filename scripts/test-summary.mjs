#!/usr/bin/env node
// Totals every JUnit file in test-results/ and prints one line: `tests: N passed, M failed`.
// A suite that was expected but wrote no file counts as one failure, so a crashed runner
// cannot pass unnoticed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'test-results');
const expected = process.argv.slice(2);
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.xml')) : [];
let passed = 0;
let failed = 0;
const rows = [];
for (const file of files.sort()) {
  const xml = readFileSync(join(dir, file), 'utf8');
  const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
  let bad = 0;
  let skipped = 0;
  for (const c of cases) {
    if (/<(failure|error)\b/.test(c)) bad++;
    else if (/<skipped\b/.test(c)) skipped++;
  }
  const good = cases.length - bad - skipped;
  passed += good;
  failed += bad + skipped; // CI runs every test: a skipped one is not a pass
  rows.push(
    `  ${file.replace(/\.xml$/, '').padEnd(28)} ${String(good).padStart(5)} passed, ${bad} failed${skipped ? `, ${skipped} skipped (counted failed)` : ''}`,
  );
}
for (const suite of expected) {
  if (!files.includes(`${suite}.xml`)) {
    failed += 1;
    rows.push(`  ${suite.padEnd(28)} wrote no results (counted as 1 failed)`);
  }
}
const extra = Number(process.env.EXTRA_FAILED ?? 0);
if (extra > 0) {
  failed += extra;
  rows.push(`  ${'typecheck'.padEnd(28)} failed (counted as ${extra} failed)`);
}
console.log('Test suites:');
console.log(rows.join('\n'));
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
