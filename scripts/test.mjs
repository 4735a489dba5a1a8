#!/usr/bin/env node
// `pnpm test`: every suite through turbo, one after another, then the total of every JUnit file
// in test-results/ as one last line, `tests: N passed, M failed`. A suite whose inputs have not
// changed since it last passed is not run again: turbo restores its JUnit file from the cache
// (`pnpm test --force` runs everything). Results of the suites listed
// in .ci/suites are cleared first, so a suite that did not run cannot pass on a stale file;
// other files there (checks CI ran before the tests) are counted as they are, and those named in
// EXPECT_RESULTS (space-separated; .ci/run sets it) count as one failure when missing.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const suites = readFileSync(join(root, '.ci', 'suites'), 'utf8')
  .split(/\s+/)
  .filter(Boolean);
for (const suite of suites) rmSync(join(root, 'test-results', `${suite}.xml`), { force: true });

const turbo = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'turbo.cmd' : 'turbo');
const run = spawnSync(existsSync(turbo) ? turbo : 'turbo', ['run', 'test', '--continue', '--concurrency=1', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
if (run.error) console.error(`could not start turbo: ${run.error.message}`);

// Every Markdown link points at a file and anchor that exist (test-results/docs.xml).
const links = spawnSync(process.execPath, [join(root, 'scripts', 'check-links.mjs')], { cwd: root, stdio: 'inherit' });

const expected = [...suites, ...(process.env.EXPECT_RESULTS ?? '').split(/\s+/).filter(Boolean)];
const summary = spawnSync(process.execPath, [join(root, 'scripts', 'test-summary.mjs'), ...expected], { cwd: root, stdio: 'inherit' });
process.exitCode = run.status === 0 && links.status === 0 && summary.status === 0 ? 0 : 1;
