/**
 * The WebSocket origin guard. Browsers apply no CORS check to a WebSocket handshake: any page
 * may open one to any server, with the user's cookies, and the server sees only the `Origin`
 * header (RFC 6455 section 4.1, step 8 of the client's requirements). With the `websocket`
 * option the policy checks that Origin against `origins` before the handler runs, so a page
 * the policy refuses cannot hijack a session over a WebSocket.
 */
import type { Compiled } from './compiled.js';
import { type IssueList, show } from './errors.js';
import { ORIGIN } from './names.js';
import type { WebSocketOption } from './options.js';
import { callHook } from './hooks.js';
import { report } from './reject.js';

/** Compiled `websocket` values. */
export const WS_PASS = 0;
export const WS_GUARD = 1;
export const WS_REQUIRE_ORIGIN = 2;

const MODES: Readonly<Record<WebSocketOption, number>> = {
  pass: WS_PASS,
  guard: WS_GUARD,
  'require-origin': WS_REQUIRE_ORIGIN,
};

/** Reads the `websocket` option, recording a problem in `issues`. */
export function compileWebSocket(value: unknown, issues: IssueList): number {
  if (value === undefined) return WS_PASS;
  if (typeof value === 'string' && Object.hasOwn(MODES, value)) return MODES[value as WebSocketOption];
  issues.add(
    'websocket',
    'unknown-mode',
    `${show(value)} is not a WebSocket mode; write 'guard' (refuse upgrades from origins the policy refuses), 'require-origin' (also refuse upgrades without Origin) or 'pass'.`,
  );
  return WS_PASS;
}

const WEBSOCKET = 'websocket';

/** Whether `value[from..to)` is the protocol name `websocket` (any case), with or without a `/version`. */
function isWebSocketToken(value: string, from: number, to: number): boolean {
  const slash = value.indexOf('/', from);
  const end = slash !== -1 && slash < to ? slash : to;
  if (end - from !== WEBSOCKET.length) return false;
  for (let i = 0; i < WEBSOCKET.length; i++) {
    if ((value.charCodeAt(from + i) | 0x20) !== WEBSOCKET.charCodeAt(i)) return false;
  }
  return true;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Whether an `Upgrade` header value names the WebSocket protocol: it is a comma-separated list
 * of protocols (RFC 9110 section 7.8), compared case-insensitively. Read in one pass, no RegExp.
 *
 * @example
 * upgradesToWebSocket('WebSocket'); // true
 * upgradesToWebSocket('h2c');       // false
 */
export function upgradesToWebSocket(value: string): boolean {
  const n = value.length;
  let start = 0;
  while (start <= n) {
    let end = value.indexOf(',', start);
    if (end === -1) end = n;
    let a = start;
    let b = end;
    while (a < b && isSpace(value.charCodeAt(a))) a++;
    while (b > a && isSpace(value.charCodeAt(b - 1))) b--;
    if (isWebSocketToken(value, a, b)) return true;
    start = end + 1;
  }
  return false;
}

function refusal(): Response {
  return new Response('Forbidden: this origin may not open a WebSocket here.', {
    status: 403,
    statusText: 'Forbidden',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

function verdict(p: Compiled, request: Request, origin: string, allowed: boolean): Response | undefined {
  if (allowed) return undefined;
  report(p, request, 'origin', origin);
  return refusal();
}

/**
 * The guard's answer for `request` under `p`: `undefined` when the request may go on to the
 * handler (not an upgrade, no guard, or an allowed origin), else a `403` (the refusal reported
 * to `onReject` with reason `'origin'`). A Promise only when an async origin function decides.
 */
export function guardUpgrade(p: Compiled, request: Request): Response | Promise<Response | undefined> | undefined {
  if (p.websocket === WS_PASS) return undefined;
  const headers = request.headers;
  const upgrade = headers.get('upgrade');
  if (upgrade === null || !upgradesToWebSocket(upgrade)) return undefined;
  const origin = headers.get(ORIGIN);
  if (origin === null) {
    if (p.websocket !== WS_REQUIRE_ORIGIN) return undefined;
    if (p.onReject !== null) {
      callHook('onReject', p.onReject, {
        request,
        reason: 'origin',
        detail: "A WebSocket upgrade without Origin is refused; set websocket: 'guard' to let non-browser clients connect.",
      });
    }
    return refusal();
  }
  const allowed = p.origins.match(origin, request);
  if (allowed === true || allowed === false) return verdict(p, request, origin, allowed);
  return allowed.then((ok) => verdict(p, request, origin, ok));
}
