// Runs every conformance runner (core, hono, workerd, deno, bun), each to the end even when
// an earlier one fails, then exits non-zero if any failed, naming them.
import { spawnSync } from 'node:child_process';

const runners = ['test:core', 'test:hono', 'test:workerd', 'test:deno', 'test:bun'];
const pnpm =
  process.env.npm_execpath && /pnpm\.[cm]?js$/.test(process.env.npm_execpath)
    ? [process.execPath, [process.env.npm_execpath]]
    : ['npx', ['--yes', 'pnpm@10.34.8']];
const failed = [];
for (const script of runners) {
  const result = spawnSync(pnpm[0], [...pnpm[1], 'run', script], { stdio: 'inherit' });
  if (result.status !== 0) failed.push(script);
}
if (failed.length > 0) {
  console.error(`conformance: failed runners: ${failed.join(', ')}`);
  process.exit(1);
}
console.log(`conformance: all ${runners.length} runners passed`);
