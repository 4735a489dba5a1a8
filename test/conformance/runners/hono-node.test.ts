/**
 * Conformance vectors against @fetch-cors/hono the way Hono runs on Node: the app is
 * served over real HTTP by @hono/node-server (which also installs its own global
 * Request/Response classes) and handed its bindings ({ incoming, outgoing }) as `serve()`
 * hands them, so the adapter writes its headers on Node's response head; each vector is sent
 * with fetch() to 127.0.0.1.
 * Node has no per-request env bindings, so env vectors are given to `cors()` as its `env`
 * record, as apps/hono does with `env: process.env`.
 */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { cors, type HonoCorsOptions } from '@fetch-cors/hono';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../vectors.json' with { type: 'json' };
import { formatProblems, type Target, type VectorFile } from '../src/harness.ts';
import { byGroup } from '../src/groups.ts';
import { sendOverHttp } from '../src/served.ts';

const file = vectors as unknown as VectorFile;

let current: Hono | undefined;
let server: Server | undefined;
let base = '';

beforeAll(async () => {
  const listener = getRequestListener((request, bindings) => {
    if (!current) return new Response('no app', { status: 500 });
    return current.fetch(request, bindings);
  });
  server = createServer(listener);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

const honoNode: Target = {
  name: 'hono-node',
  build({ options, env, handler }) {
    const app = new Hono();
    app.use(cors({ ...options, env: env ?? false } as HonoCorsOptions));
    app.all('*', (c) => handler(c.req.raw));
    // Hono hands a handler's Error to app.onError: it reports to the vector's onError as an app
    // reports to its logger, and answers as Hono's default does.
    app.onError((error, c) => {
      (options.onError as (error: unknown, request: Request) => void)(error, c.req.raw);
      return c.text('Internal Server Error', 500);
    });
    current = app;
    return {
      fetch: (request) => sendOverHttp(base, request),
      dispose: () => {
        current = undefined;
      },
    };
  },
};

describe('hono on @hono/node-server', () => {
  for (const [rule, list] of byGroup(file)) {
    describe(rule, () => {
      for (const c of list) {
        it(c.name, async () => {
          const problems = await c.run(honoNode);
          expect(problems, formatProblems(c.id, problems)).toEqual([]);
        });
      }
    });
  }
});
