/**
 * What @fetch-cors/deno adds to the core, inside a real Deno process: real Deno.serve servers on
 * 127.0.0.1, real fetch and WebSocket clients. What the policy answers is specified by the
 * conformance vectors (test/conformance), which run against `withCors` in Deno, directly and
 * over Deno.serve, with `Deno.env`; the rows here are Deno's own: the `info` argument,
 * `Deno.upgradeWebSocket` and the WebSocket guard, responses with immutable headers, streaming,
 * and `CORS_*` from `Deno.env` with and without the env permission.
 */
import { assert, assertEquals, assertMatch, assertStringIncludes } from './assert.ts';
import { CorsConfigError, createDenoCors, withCors, type DenoCorsOptions } from '../src/index.ts';
import { checkGuardRow, GUARD_POLICIES, GUARD_ROWS, handshakeRequest } from '../../../test/conformance/src/websocket-guard.ts';

import { ACAC, ACAO, ACEH, ALLOWED, REFUSED } from '../../../test/conformance/src/test-names.ts';

type Handler = (request: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) => Response | Promise<Response>;

/** Starts Deno.serve on 127.0.0.1, port 0; runs `fn` against it; shuts it down. */
async function withServer(handler: Handler, fn: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A small router standing for an application; counts the calls that reach it. */
function makeApp() {
  const calls: string[] = [];
  const handler: Handler = (request, info) => {
    const { pathname, origin: base } = new URL(request.url);
    calls.push(`${request.method} ${pathname}`);
    switch (pathname) {
      case '/hello':
        return new Response('hello', { headers: { 'Content-Type': 'text/plain', 'X-Request-Id': '42' } });
      case '/proxy':
        return fetch(`${base}/hello`);
      case '/redirect':
        return Response.redirect(`${base}/hello`, 302);
      case '/info':
        return Response.json({ remote: info.remoteAddr.hostname });
      default:
        return new Response('not found', { status: 404 });
    }
  };
  return { handler, calls };
}

interface Row {
  rule: string;
  path: string;
  init?: RequestInit;
  status: number;
  headers: Record<string, string>;
  body?: string;
}

const list: DenoCorsOptions = { env: false, origins: [ALLOWED] };

const rows: Row[] = [
  {
    rule: 'immutable: a fetch() response gets the CORS headers on a copy; status, headers and body kept',
    path: '/proxy',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED, 'content-type': 'text/plain', 'x-request-id': '42' },
    body: 'hello',
  },
  {
    rule: 'immutable: Response.redirect keeps 302 and Location and gets the CORS headers',
    path: '/redirect',
    init: { headers: { Origin: ALLOWED }, redirect: 'manual' },
    status: 302,
    headers: { [ACAO]: ALLOWED, location: '/hello' },
  },
  {
    rule: 'the info argument passes through to the handler',
    path: '/info',
    init: { headers: { Origin: ALLOWED } },
    status: 200,
    headers: { [ACAO]: ALLOWED },
    body: '{"remote":"127.0.0.1"}',
  },
];

for (const row of rows) {
  Deno.test(`deno adapter: ${row.rule}`, async () => {
    const app = makeApp();
    const reported: unknown[] = [];
    await withServer(withCors(app.handler, { ...list, onError: (error) => reported.push(error) }), async (base) => {
      const response = await fetch(`${base}${row.path}`, row.init);
      const body = await response.text();
      assertEquals(response.status, row.status);
      for (const [name, value] of Object.entries(row.headers)) {
        const actual = response.headers.get(name);
        if (name === 'location') assertEquals(actual?.endsWith(value), true, `location ${actual}`);
        else assertEquals(actual, value, name);
      }
      if (row.body !== undefined) assertEquals(body, row.body);
      assertEquals(app.calls.includes(`GET ${row.path}`), true, 'handler reached');
    });
    assertEquals(reported, [], 'nothing told to onError');
  });
}

Deno.test('deno adapter: WebSocket upgrade (101) passes through untouched and echoes', async () => {
  let upgradeStatus = 0;
  const handler = withCors((request: Request) => {
    const { socket, response } = Deno.upgradeWebSocket(request);
    upgradeStatus = response.status;
    socket.onmessage = (event) => socket.send(`echo:${event.data}`);
    return response;
  }, list);
  await withServer(handler, async (base) => {
    const ws = new WebSocket(`${base.replace('http', 'ws')}/ws`, { headers: { Origin: ALLOWED } } as unknown as string[]);
    const closed = new Promise<void>((resolve) => (ws.onclose = () => resolve()));
    const reply = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send('ping');
      ws.onmessage = (event) => resolve(String(event.data));
      ws.onerror = (event) => reject(new Error(`websocket error: ${(event as ErrorEvent).message}`));
    });
    ws.close();
    await closed;
    assertEquals(reply, 'echo:ping');
    assertEquals(upgradeStatus, 101);
  });
});

Deno.test('deno adapter: streamed body is not buffered (first chunk arrives before the last is written)', async () => {
  const encoder = new TextEncoder();
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let lastWritten = false;
  const handler = withCors(
    () =>
      new Response(
        new ReadableStream<Uint8Array>({
          async start(controller) {
            controller.enqueue(encoder.encode('a'));
            await gate;
            controller.enqueue(encoder.encode('b'));
            lastWritten = true;
            controller.enqueue(encoder.encode('c'));
            controller.close();
          },
        }),
      ),
    list,
  );
  await withServer(handler, async (base) => {
    const response = await fetch(`${base}/stream`, { headers: { Origin: ALLOWED } });
    assertEquals(response.headers.get(ACAO), ALLOWED);
    const reader = response.body!.getReader();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const first = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('first chunk did not arrive: body buffered?')), 3000))),
      ]);
      assertEquals(new TextDecoder().decode(first.value), 'a');
      assertEquals(lastWritten, false);
    } finally {
      clearTimeout(timer);
      release();
    }
    let rest = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) rest += new TextDecoder().decode(r.value);
    assertEquals(rest, 'bc');
  });
});

// --- configuration from Deno.env -------------------------------------------------------------

const ENV_NAMES = ['CORS_ORIGINS', 'CORS_EXPOSE_HEADERS', 'CORS_SUPPORTS_CREDENTIALS', 'CORS_MAX_AGE'];

interface EnvRow {
  rule: string;
  env: Record<string, string>;
  options: DenoCorsOptions;
  origin: string;
  headers: Record<string, string | null>;
}

const envRows: EnvRow[] = [
  {
    rule: 'CORS_* from Deno.env is the policy',
    env: { CORS_ORIGINS: ALLOWED, CORS_SUPPORTS_CREDENTIALS: 'true' },
    options: {},
    origin: ALLOWED,
    headers: { [ACAO]: ALLOWED, [ACAC]: 'true' },
  },
  {
    rule: 'an option set to undefined in code leaves the Deno.env value',
    env: { CORS_ORIGINS: ALLOWED },
    options: { origins: undefined },
    origin: REFUSED,
    headers: { [ACAO]: null },
  },
  {
    rule: 'env: false ignores Deno.env',
    env: { CORS_ORIGINS: REFUSED },
    options: { env: false },
    origin: ALLOWED,
    headers: { [ACAO]: '*' },
  },
  {
    rule: 'an env record is read instead of Deno.env',
    env: { CORS_ORIGINS: REFUSED },
    options: { env: { CORS_ORIGINS: ALLOWED } },
    origin: ALLOWED,
    headers: { [ACAO]: ALLOWED },
  },
];

function setEnv(values: Record<string, string>): () => void {
  for (const name of ENV_NAMES) Deno.env.delete(name);
  for (const [name, value] of Object.entries(values)) Deno.env.set(name, value);
  return () => {
    for (const name of ENV_NAMES) Deno.env.delete(name);
  };
}

for (const row of envRows) {
  Deno.test(`deno adapter env: ${row.rule}`, async () => {
    const restore = setEnv(row.env);
    let handler: Handler;
    try {
      handler = withCors(() => new Response('ok'), row.options);
    } finally {
      restore();
    }
    await withServer(handler, async (base) => {
      const response = await fetch(`${base}/`, { headers: { Origin: row.origin } });
      await response.body?.cancel();
      for (const [name, value] of Object.entries(row.headers)) assertEquals(response.headers.get(name), value, name);
    });
  });
}

Deno.test('deno adapter env: an unreadable CORS_MAX_AGE is a CorsConfigError naming the variable', () => {
  const restore = setEnv({ CORS_MAX_AGE: 'ten' });
  try {
    let caught: unknown;
    try {
      withCors(() => new Response('ok'));
    } catch (error) {
      caught = error;
    }
    assert(caught instanceof CorsConfigError, 'CorsConfigError thrown at construction');
    assertStringIncludes((caught as Error).message, 'CORS_MAX_AGE');
  } finally {
    restore();
  }
});

Deno.test('deno adapter env: a policy from createDenoCors is accepted by withCors, env read once', async () => {
  const restore = setEnv({ CORS_ORIGINS: ALLOWED });
  let handler: Handler;
  try {
    handler = withCors(() => new Response('ok'), createDenoCors({ exposeHeaders: ['X-Request-Id'] }));
  } finally {
    restore();
  }
  await withServer(handler, async (base) => {
    const response = await fetch(`${base}/`, { headers: { Origin: ALLOWED } });
    await response.body?.cancel();
    assertEquals([response.headers.get(ACAO), response.headers.get(ACEH)], [ALLOWED, 'X-Request-Id']);
  });
});

Deno.test('deno adapter env: the adapter key `env` never reaches the core as an unknown option', () => {
  withCors(() => new Response('ok'), { env: false });
  withCors(() => new Response('ok'), { env: {} });
});

// --- env permission, checked in sub-processes --------------------------------------------------

const fixture = new URL('./fixtures/env-permission.ts', import.meta.url).pathname;
const packageDir = new URL('..', import.meta.url).pathname;

async function runFixture(permissions: string[], mode: string): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ['run', '--no-prompt', ...permissions, fixture, mode],
    cwd: packageDir,
    env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    stdout: 'piped',
    stderr: 'piped',
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
  return stdout;
}

const permissionRows: { rule: string; permissions: string[]; mode: string; expect: RegExp }[] = [
  {
    rule: 'without --allow-env, reading Deno.env fails at construction naming --allow-env and env: false',
    permissions: [],
    mode: 'default',
    expect: /^CorsConfigError: [\s\S]*--allow-env[\s\S]*env: false/,
  },
  { rule: 'env: false needs no env permission', permissions: [], mode: 'env-false', expect: /^constructed$/ },
  { rule: '--allow-env is enough', permissions: ['--allow-env'], mode: 'default', expect: /^constructed$/ },
  { rule: '--allow-env=CORS_* is enough', permissions: ['--allow-env=CORS_*'], mode: 'default', expect: /^constructed$/ },
];

for (const row of permissionRows) {
  Deno.test(`deno adapter permission: ${row.rule}`, async () => {
    assertMatch(await runFixture(row.permissions, row.mode), row.expect);
  });
}

// --- WebSocket origin guard --------------------------------------------------------------------

/** A raw WebSocket handshake over `Deno.connect`: the status the WebSocket API never shows. */
async function handshakeStatus(url: string, origin: string | null): Promise<number> {
  const { hostname, port } = new URL(url);
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(handshakeRequest(url, origin)));
    let head = '';
    const buffer = new Uint8Array(1024);
    while (!head.includes('\r\n')) {
      const n = await conn.read(buffer);
      if (n === null) break;
      head += new TextDecoder().decode(buffer.subarray(0, n));
    }
    return Number(head.slice(9, 12));
  } finally {
    conn.close();
  }
}

for (const row of GUARD_ROWS) {
  Deno.test(`deno adapter websocket guard: ${row.rule}`, async () => {
    let runs = 0;
    const rejections: string[] = [];
    const options: DenoCorsOptions = { ...GUARD_POLICIES[row.mode], env: false, onReject: (r) => rejections.push(r.reason) };
    const sockets: WebSocket[] = [];
    const handler = withCors((request: Request) => {
      runs += 1;
      if (request.headers.get('upgrade')?.toLowerCase() !== 'websocket') return new Response('Upgrade Required', { status: 426 });
      const { socket, response } = Deno.upgradeWebSocket(request);
      sockets.push(socket);
      socket.onmessage = (event) => socket.send(event.data);
      return response;
    }, options);
    await withServer(handler, async (base) => {
      const problems = await checkGuardRow(row, { url: `${base.replace('http:', 'ws:')}/ws`, stats: () => ({ runs, rejections }) }, handshakeStatus);
      for (const socket of sockets) if (socket.readyState === WebSocket.OPEN) socket.close();
      assertEquals(problems, []);
    });
  });
}
