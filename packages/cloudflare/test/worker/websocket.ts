/**
 * The WebSocket origin guard in workerd: `/<mode>/ws` is an echo socket (`new WebSocketPair()`)
 * behind `withCors` with that mode's policy; `/stats` tells the test how often a handler ran
 * and what `onReject` heard.
 */
import { withCors, type CloudflareCorsOptions } from '../../src/index';
import { GUARD_POLICIES, type GuardMode } from '../../../../test/conformance/src/websocket-guard';

let runs = 0;
const rejections: string[] = [];

function echoSocket(request: Request): Response {
  runs += 1;
  if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return new Response('Upgrade Required', { status: 426 });
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.addEventListener('message', (event) => server.send(event.data));
  return new Response(null, { status: 101, webSocket: client });
}

const byMode = new Map<string, (request: Request, env: unknown, ctx: unknown) => Response | Promise<Response>>(
  (Object.keys(GUARD_POLICIES) as GuardMode[]).map((mode) => {
    const options: CloudflareCorsOptions = { ...GUARD_POLICIES[mode], env: false, onReject: (r) => void rejections.push(r.reason) };
    return [`/${mode}/ws`, withCors((request: Request) => echoSocket(request), options)] as const;
  }),
);

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname === '/stats') return Response.json({ runs, rejections });
    const handler = byMode.get(pathname);
    return handler ? handler(request, env, ctx) : new Response('not found', { status: 404 });
  },
};
