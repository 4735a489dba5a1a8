/**
 * Faults under each runtime's example app, over real HTTP on 127.0.0.1: a client that leaves
 * in the middle of a streamed response, a body stream that fails after the response started,
 * a handler that never answers (the client gives up), slow clients reading a large body, a
 * handler that throws. After each one the server is still up, the problem was reported once
 * (counted in what the app printed: its own log lines, the runtime's report or the CORS
 * policy's `onError`), and the next requests get the right answer and the right CORS headers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startApp, type RunningApp } from '@fetch-cors/app-tests/start-app';
import { ACAM, ACAO, VARY } from '../../conformance/src/test-names';

const ALLOWED = 'http://allowed.test';
const REFUSED = 'http://refused.test';
const BIG = 8 * 1024 * 1024;

interface Runtime {
  /** Package name of the example app. */
  app: string;
  /**
   * Whether the runtime tells the handler that its client left (`request.signal`, a body
   * stream's `cancel`). Miniflare's HTTP front does not pass a disconnect on to workerd:
   * there the handler runs to its end, unreported.
   */
  tellsHandlerClientLeft: boolean;
}

const RUNTIMES: Runtime[] = [
  { app: '@fetch-cors/app-hono', tellsHandlerClientLeft: true },
  { app: '@fetch-cors/app-cloudflare-worker', tellsHandlerClientLeft: false },
  { app: '@fetch-cors/app-deno', tellsHandlerClientLeft: true },
  { app: '@fetch-cors/app-bun', tellsHandlerClientLeft: true },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function get(app: RunningApp, path: string, init: RequestInit & { origin?: string } = {}): Promise<Response> {
  const { origin = ALLOWED, ...rest } = init;
  return fetch(app.url + path, { ...rest, headers: { Origin: origin } });
}

/** Reads `body` to its end (or its failure), slowly when `pauseMs` is set; returns the bytes read. */
async function drain(body: ReadableStream<Uint8Array>, pauseMs = 0): Promise<{ bytes: number; failed: boolean }> {
  const reader = body.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { bytes, failed: false };
      bytes += value.byteLength;
      if (pauseMs > 0) await sleep(pauseMs);
    }
  } catch {
    return { bytes, failed: true };
  }
}

interface Fault {
  /** The rule the row checks. */
  rule: string;
  /** Causes the fault and checks what the client saw. */
  cause(app: RunningApp): Promise<void>;
  /** What reports the problem in the app's output. */
  report: RegExp;
  /** How many times it must be reported. */
  times(runtime: Runtime): number;
}

const FAULTS: Fault[] = [
  {
    rule: 'a client that leaves in the middle of a streamed response',
    async cause(app) {
      const leave = new AbortController();
      const res = await get(app, '/faults/long-stream', { signal: leave.signal });
      expect([res.status, res.headers.get(ACAO)]).toEqual([200, ALLOWED]);
      const reader = res.body!.getReader();
      await reader.read();
      await reader.read();
      leave.abort();
      await reader.read().catch(() => undefined);
    },
    report: /app: \/faults\/long-stream client went away/g,
    times: (r) => (r.tellsHandlerClientLeft ? 1 : 0),
  },
  {
    rule: 'a handler whose body stream fails after the response started',
    async cause(app) {
      const res = await get(app, '/faults/stream-throws');
      // The status and CORS headers were sent before the body failed.
      expect([res.status, res.headers.get(ACAO)]).toEqual([200, ALLOWED]);
      const { bytes } = await drain(res.body!);
      expect(bytes, 'the client gets at most the chunk sent before the failure').toBeLessThanOrEqual(1);
    },
    report: /error: stream failed on purpose/gi,
    times: () => 1,
  },
  {
    rule: 'a handler that never answers, and a client that gives up',
    async cause(app) {
      const outcome = await get(app, '/faults/hang', { signal: AbortSignal.timeout(500) }).then(
        () => 'answered',
        (error: unknown) => (error as Error).name,
      );
      expect(outcome).toBe('TimeoutError');
    },
    report: /app: \/faults\/hang client gave up/g,
    times: (r) => (r.tellsHandlerClientLeft ? 1 : 0),
  },
  {
    rule: 'slow clients reading a large body while others are served',
    async cause(app) {
      const readers = await Promise.all([1, 2, 3].map(() => get(app, '/faults/big')));
      for (const res of readers) expect([res.status, res.headers.get(ACAO)]).toEqual([200, ALLOWED]);
      const slow = readers.map((res) => drain(res.body!, 1));
      // Served while the slow readers are still reading.
      const meanwhile = await get(app, '/hello');
      expect([meanwhile.status, meanwhile.headers.get(ACAO), await meanwhile.text()]).toEqual([200, ALLOWED, 'hello']);
      for (const result of await Promise.all(slow)) expect(result).toEqual({ bytes: BIG, failed: false });
    },
    report: /error/gi,
    times: () => 0,
  },
  {
    rule: 'a handler that throws before answering',
    async cause(app) {
      const res = await get(app, '/error');
      expect([res.status, res.headers.get(ACAO)]).toEqual([500, ALLOWED]);
      await res.body?.cancel();
    },
    report: /(^|[\s.])error: [^\n]*always (throws|fails)/gim,
    times: () => 1,
  },
];

function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(pattern)].length;
}

/** Waits until `pattern` shows up `times` times in what the app printed after `from`, then a little longer for extras. */
async function reported(app: RunningApp, from: number, pattern: RegExp, times: number): Promise<number> {
  const deadline = Date.now() + 5000;
  while (times > 0 && count(app.output().slice(from), pattern) < times && Date.now() < deadline) await sleep(50);
  await sleep(times > 0 ? 300 : 700);
  return count(app.output().slice(from), pattern);
}

/** The requests after a fault: answered, with the right CORS headers. */
async function nextRequestsAnswered(app: RunningApp): Promise<void> {
  const allowed = await get(app, '/hello');
  expect([allowed.status, allowed.headers.get(ACAO), await allowed.text()]).toEqual([200, ALLOWED, 'hello']);
  expect(allowed.headers.get(VARY) ?? '').toMatch(/\borigin\b/i);
  const refused = await get(app, '/hello', { origin: REFUSED });
  expect([refused.status, refused.headers.get(ACAO), await refused.text()]).toEqual([200, null, 'hello']);
  const preflight = await fetch(`${app.url}/echo`, {
    method: 'OPTIONS',
    headers: { Origin: ALLOWED, 'Access-Control-Request-Method': 'PUT' },
  });
  await preflight.body?.cancel();
  expect([preflight.status, preflight.headers.get(ACAO)]).toEqual([204, ALLOWED]);
  expect(preflight.headers.get(ACAM) ?? '').toContain('PUT');
}

describe.each(RUNTIMES)('$app', (runtime) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(runtime.app, { CORS_ORIGINS: ALLOWED });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test.each(FAULTS)('$rule: the server stays up, it is reported once at most, the next request is answered', async (fault) => {
    const from = app.output().length;
    await fault.cause(app);
    expect(await reported(app, from, fault.report, fault.times(runtime)), `reports in:\n${app.output().slice(from)}`).toBe(fault.times(runtime));
    await nextRequestsAnswered(app);
  });
});
