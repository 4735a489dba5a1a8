/**
 * The WebSocket origin guard of `cors()` in Hono on Node: a real `@hono/node-server` with
 * `@hono/node-ws`'s `upgradeWebSocket` on `/ws`, and Node's own WebSocket client.
 */
import { serve, type ServerType } from '@hono/node-server';
import { createNodeWebSocket } from '@hono/node-ws';
import { Hono } from 'hono';
import { afterAll, describe, expect, test } from 'vitest';
import { cors, type HonoCorsOptions } from '../src/index';
import { checkGuardRow, GUARD_POLICIES, GUARD_ROWS, type GuardMode } from '../../../test/conformance/src/websocket-guard';
import { handshakeStatus } from '../../../test/conformance/src/websocket-handshake-node';

interface Served {
  readonly url: string;
  readonly runs: () => number;
  readonly rejections: string[];
  readonly server: ServerType;
}

const servers = new Map<GuardMode, Promise<Served>>();

/** One server per mode, started on first use. */
function serverFor(mode: GuardMode): Promise<Served> {
  let served = servers.get(mode);
  if (served === undefined) {
    served = new Promise((resolve) => {
      let runs = 0;
      const rejections: string[] = [];
      const app = new Hono();
      const { injectWebSocket, upgradeWebSocket } = createNodeWebSocket({ app });
      const options: HonoCorsOptions = { ...GUARD_POLICIES[mode], env: false, onReject: (r) => rejections.push(r.reason) };
      app.use(cors(options));
      app.get(
        '/ws',
        upgradeWebSocket(() => {
          runs += 1;
          return { onMessage: (event, ws) => ws.send(event.data as string) };
        }),
      );
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve({ url: `ws://127.0.0.1:${info.port}/ws`, runs: () => runs, rejections, server }),
      );
      injectWebSocket(server);
    });
    servers.set(mode, served);
  }
  return served;
}

afterAll(async () => {
  for (const served of servers.values()) {
    const { server } = await served;
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

describe('hono on @hono/node-server: the WebSocket origin guard, with a real WebSocket client', () => {
  test.each(GUARD_ROWS.map((row) => [row.rule, row] as const))('%s', async (_rule, row) => {
    const served = await serverFor(row.mode);
    const problems = await checkGuardRow(row, { url: served.url, stats: () => ({ runs: served.runs(), rejections: served.rejections }) }, handshakeStatus);
    expect(problems).toEqual([]);
  });
});
