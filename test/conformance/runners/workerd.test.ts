/**
 * Conformance vectors against @fetch-cors/cloudflare inside workerd: runners/worker.ts
 * (vectors, evaluator and adapter) is bundled with esbuild and run by Miniflare; one
 * request to it evaluates every vector in workerd, and each vector is reported here.
 * Env vectors run a second time in a Worker whose vars are those CORS_* settings, so the
 * adapter reads real workerd bindings.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../vectors.json' with { type: 'json' };
import { cases, formatProblems, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';

const file = vectors as unknown as VectorFile;
const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.join(here, '..', 'dist');

let mf: Miniflare | undefined;
let runtime = '';
const results = new Map<string, string[]>();
const envCases = cases(file).filter((c) => c.env !== undefined);
const envConfigs = [...new Set(envCases.map((c) => JSON.stringify(c.env)))];
const workerFor = (env: Record<string, string> | undefined) => `env-${envConfigs.indexOf(JSON.stringify(env))}`;

beforeAll(async () => {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'conformance-worker.js');
  await build({
    entryPoints: [path.join(here, 'worker.ts')],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    conditions: ['workerd', 'worker', 'import'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
  });
  const common = { modules: true, scriptPath: outfile, compatibilityDate: '2026-07-01' } as const;
  mf = new Miniflare({
    workers: [
      { name: 'main', ...common },
      ...envConfigs.map((env, i) => ({ name: `env-${i}`, ...common, bindings: JSON.parse(env) as Record<string, string> })),
    ],
  });
  const res = await mf.dispatchFetch('http://localhost/run');
  const text = await res.text();
  if (res.status !== 200) throw new Error(`the conformance worker answered ${res.status}: ${text}`);
  const body = JSON.parse(text) as { runtime: string; results: { id: string; problems: string[] }[] };
  runtime = body.runtime;
  for (const r of body.results) results.set(r.id, r.problems);
});

afterAll(async () => {
  await mf?.dispose();
});

describe('workerd', () => {
  it('runs the vectors in workerd', () => {
    expect(runtime).toMatch(/Cloudflare-Workers/);
    expect(results.size).toBeGreaterThanOrEqual(200);
  });
});

for (const [rule, list] of byGroup(file)) {
  describe(rule, () => {
    for (const c of list) {
      it(c.name, () => {
        const problems = results.get(c.id);
        expect(problems, `${c.id}: no result from the worker`).toBeDefined();
        expect(problems, formatProblems(c.id, problems ?? [])).toEqual([]);
      });
    }
  });
}

describe('env vectors with the CORS_* settings as real Worker vars', () => {
  for (const c of envCases) {
    it(c.id, async () => {
      const worker = await mf!.getWorker(workerFor(c.env));
      const res = await worker.fetch(`http://localhost/bindings?id=${encodeURIComponent(c.id)}`);
      const { problems } = (await res.json()) as { problems: string[] };
      expect(problems, formatProblems(c.id, problems)).toEqual([]);
    });
  }
});
