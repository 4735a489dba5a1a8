/**
 * Conformance vectors against @fetch-cors/deno inside a real `deno test` process.
 * Each vector wraps a fresh handler with `withCors(handler, options)`; env vectors set
 * their CORS_* settings in `Deno.env` for the adapter to read, and remove them afterwards.
 */
import { withCors, type DenoCorsOptions } from '@fetch-cors/deno';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';

const file = vectors as unknown as VectorFile;

function clearCorsEnv(): void {
  for (const name of Object.keys(Deno.env.toObject())) if (name.startsWith('CORS_')) Deno.env.delete(name);
}

const deno: Target = {
  name: 'deno',
  build({ options, env, handler }) {
    clearCorsEnv();
    for (const [name, value] of Object.entries(env ?? {})) Deno.env.set(name, value);
    try {
      const wrapped = withCors((req: Request) => handler(req), options as DenoCorsOptions);
      const info = { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 40000 } };
      return { fetch: (req) => wrapped(req, info), dispose: clearCorsEnv };
    } catch (error) {
      clearCorsEnv();
      throw error;
    }
  },
};

Deno.test('deno: the vectors run in Deno', () => {
  if (typeof Deno.version?.deno !== 'string') throw new Error('not running in Deno');
  if (byGroup(file).flatMap(([, list]) => list).length < 200) throw new Error('fewer than 200 vectors');
});

for (const [rule, list] of byGroup(file)) {
  for (const c of list) {
    Deno.test(`${rule} › ${c.name}`, async () => {
      const problems = await c.run(deno);
      if (problems.length > 0) throw new Error(formatProblems(c.id, problems));
    });
  }
}
