/**
 * Conformance vectors against @fetch-cors/deno inside a real `deno test` process, twice:
 * - direct: the wrapped handler is called with (request, info);
 * - Deno.serve: the wrapped handler serves 127.0.0.1 and each vector is sent with fetch().
 * Each vector wraps a fresh handler with `withCors(handler, options)`; env vectors set
 * their CORS_* settings in `Deno.env` for the adapter to read, and remove them afterwards.
 */
import { withCors, type DenoCorsOptions } from '@fetch-cors/deno';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';
import { sendOverHttp } from '../src/served.ts';

const file = vectors as unknown as VectorFile;

function clearCorsEnv(): void {
  for (const name of Object.keys(Deno.env.toObject())) if (/^cors[_-]/i.test(name)) Deno.env.delete(name);
}

type Wrapped = (request: Request, info: unknown) => Response | Promise<Response>;

function wrap(options: Record<string, unknown>, env: Record<string, string> | undefined, handler: (r: Request) => Response | Promise<Response>): Wrapped {
  clearCorsEnv();
  for (const [name, value] of Object.entries(env ?? {})) Deno.env.set(name, value);
  try {
    return withCors((req: Request) => handler(req), options as DenoCorsOptions) as Wrapped;
  } catch (error) {
    clearCorsEnv();
    throw error;
  }
}

const deno: Target = {
  name: 'deno',
  build({ options, env, handler }) {
    const wrapped = wrap(options, env, handler);
    const info = { remoteAddr: { transport: 'tcp', hostname: '127.0.0.1', port: 40000 } };
    return { fetch: (req) => wrapped(req, info), dispose: clearCorsEnv };
  },
};

let current: Wrapped | undefined;
let server: Deno.HttpServer | undefined;
let base = '';

const served: Target = {
  name: 'deno-serve',
  build({ options, env, handler }) {
    current = wrap(options, env, handler);
    return {
      fetch: (req) => sendOverHttp(base, req),
      dispose: () => {
        current = undefined;
        clearCorsEnv();
      },
    };
  },
};

Deno.test('deno: the vectors run in Deno', () => {
  if (typeof Deno.version?.deno !== 'string') throw new Error('not running in Deno');
  if (byGroup(file).flatMap(([, list]) => list).length < 200) throw new Error('fewer than 200 vectors');
});

for (const [rule, list] of byGroup(file)) {
  for (const c of list) {
    Deno.test(`direct › ${rule} › ${c.name}`, async () => {
      const problems = await c.run(deno);
      if (problems.length > 0) throw new Error(formatProblems(c.id, problems));
    });
  }
}

// The server lives across the Deno.serve tests; they share it, so the per-test resource
// and op sanitizers are off for them.
const shared = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: 'Deno.serve › the server listens on 127.0.0.1',
  ...shared,
  async fn() {
    const listening = Promise.withResolvers<Deno.NetAddr>();
    server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen: (addr) => listening.resolve(addr as Deno.NetAddr) }, (req, info) =>
      current ? current(req, info) : new Response('no handler', { status: 500 }),
    );
    const addr = await listening.promise;
    base = `http://127.0.0.1:${addr.port}`;
  },
});

for (const [rule, list] of byGroup(file)) {
  for (const c of list) {
    Deno.test({
      name: `Deno.serve › ${rule} › ${c.name}`,
      ...shared,
      async fn() {
        const problems = await c.run(served);
        if (problems.length > 0) throw new Error(formatProblems(c.id, problems));
      },
    });
  }
}

Deno.test({
  name: 'Deno.serve › the server stops',
  ...shared,
  async fn() {
    await server?.shutdown();
  },
});
