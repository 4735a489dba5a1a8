#!/usr/bin/env node
// Writes test-results/<suite>.xml for a check that is not a test runner, so the total counts it:
//   node scripts/junit.mjs <suite> <case name> <exit code> [<case name> <exit code>]...
// An exit code of 0 is a pass; anything else is a failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Writes one JUnit file. Example: writeJunit('packaging', [{ name: 'publint core', ok: true }]) */
export function writeJunit(suite, cases) {
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const failures = cases.filter((c) => !c.ok).length;
  const body = cases
    .map(
      (c) =>
        `    <testcase classname="${esc(suite)}" name="${esc(c.name)}"${c.seconds != null ? ` time="${c.seconds}"` : ''}>${
          c.ok ? '' : `<failure message="${esc(c.message ?? 'failed')}">${esc(c.output ?? '')}</failure>`
        }</testcase>`,
    )
    .join('\n');
  const dir = join(import.meta.dirname, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${suite}.xml`),
    `<?xml version="1.0" encoding="UTF-8"?>
<testsuites><testsuite name="${esc(suite)}" tests="${cases.length}" failures="${failures}">
${body}
</testsuite></testsuites>
`,
  );
}

if (process.argv[1] === import.meta.filename) {
  const [suite, ...rest] = process.argv.slice(2);
  const cases = [];
  for (let i = 0; i + 1 < rest.length; i += 2) cases.push({ name: rest[i], ok: rest[i + 1] === '0', message: `exit ${rest[i + 1]}` });
  writeJunit(suite, cases);
}
