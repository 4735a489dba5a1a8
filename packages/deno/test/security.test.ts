/**
 * Deno's own error path in a real Deno.serve: a handler answering `undefined` (which Bun reads as
 * "upgraded" but Deno never does) gets a 500 with the CORS headers, told to `onError`. Each row
 * names the attack it tries. (Paths, `null` answers and misspelt `CORS_*` in Deno.env are the
 * vectors' to specify: they run in Deno, over Deno.serve, with Deno.env.)
 */
import { assertEquals } from './assert.ts';
import { withCors } from '../src/index.ts';
import { ACAO, ALLOWED, REFUSED } from '../../../test/conformance/src/test-names.ts';

async function serve(handler: (request: Request) => Response | Promise<Response>, fn: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

const undefinedAnswers: { attack: string; origin: string; allowOrigin: string | null }[] = [
  { attack: 'a handler answering undefined, allowed origin: a 500 with its CORS headers', origin: ALLOWED, allowOrigin: ALLOWED },
  { attack: 'a handler answering undefined, refused origin: a 500 without them', origin: REFUSED, allowOrigin: null },
];
for (const { attack, origin, allowOrigin } of undefinedAnswers) {
  Deno.test(`Deno.serve: ${attack}`, async () => {
    const reported: unknown[] = [];
    const handler = withCors(() => undefined as unknown as Response, { env: false, origins: [ALLOWED], onError: (error) => reported.push(error) });
    await serve(handler, async (base) => {
      const res = await fetch(`${base}/x`, { headers: { Origin: origin } });
      await res.text();
      assertEquals([res.status, res.headers.get(ACAO)], [500, allowOrigin]);
    });
    assertEquals(reported.length, 1, 'told to onError once');
  });
}
