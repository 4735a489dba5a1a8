/**
 * The WebSocket origin guard, checked the same way in every runtime: a server under test
 * serves `/ws` (an echo socket behind the adapter, the handler counting its calls) with one
 * policy per mode, and each row opens a real handshake over TCP and a real WebSocket client.
 *
 * Runtime-neutral: uses only the global `WebSocket` (Node, Deno and Bun all let a client set
 * `Origin` on it) and a raw handshake the runtime's test passes in (`node:net` in Node and
 * Bun, `Deno.connect` in Deno), since the WebSocket API never shows a refused handshake's
 * status. Each runtime's test file loops over `GUARD_ROWS` and asserts that `checkGuardRow`
 * finds no problem.
 */
export const WS_ALLOWED = 'https://app.example.com';
export const WS_REFUSED = 'https://evil.example.net';

/** The policy options of each mode's server. */
export const GUARD_POLICIES = {
  guard: { origins: [WS_ALLOWED], websocket: 'guard' },
  'require-origin': { origins: [WS_ALLOWED], websocket: 'require-origin' },
  pass: { origins: [WS_ALLOWED] },
} as const;

export type GuardMode = keyof typeof GUARD_POLICIES;

export interface GuardRow {
  readonly rule: string;
  readonly mode: GuardMode;
  /** The handshake's `Origin`, or `null` for a client that sends none. */
  readonly origin: string | null;
  /** The handshake's status: `101` (switched) or `403` (refused by the guard). */
  readonly status: 101 | 403;
  /**
   * Whether `onReject` was told, with reason `'origin'`; `null`: not checked (without the
   * guard, the CORS answer to the handshake may report the origin, depending on whether the
   * runtime shows the policy its 101).
   */
  readonly reported: boolean | null;
}

export const GUARD_ROWS: readonly GuardRow[] = [
  { rule: 'guard: an allowed origin connects and its messages are echoed', mode: 'guard', origin: WS_ALLOWED, status: 101, reported: false },
  { rule: 'guard: a refused origin gets 403 and the handler never runs', mode: 'guard', origin: WS_REFUSED, status: 403, reported: true },
  { rule: 'guard: an opaque origin (null) not listed gets 403', mode: 'guard', origin: 'null', status: 403, reported: true },
  { rule: 'guard: an upgrade without Origin (a non-browser client) reaches the handler', mode: 'guard', origin: null, status: 101, reported: false },
  { rule: 'require-origin: an upgrade without Origin gets 403 and the handler never runs', mode: 'require-origin', origin: null, status: 403, reported: true },
  { rule: 'require-origin: an allowed origin connects and its messages are echoed', mode: 'require-origin', origin: WS_ALLOWED, status: 101, reported: false },
  { rule: 'require-origin: a refused origin gets 403', mode: 'require-origin', origin: WS_REFUSED, status: 403, reported: true },
  { rule: 'pass (the default): a refused origin still reaches the handler, which decides', mode: 'pass', origin: WS_REFUSED, status: 101, reported: null },
];

/** What a server under test lets the row see. */
export interface GuardServer {
  /** `ws://127.0.0.1:<port>/ws` (or another path) of the mode's server. */
  readonly url: string;
  /** How many times the handler has run so far, and the `onReject` reasons reported so far. */
  stats(): GuardStats | Promise<GuardStats>;
}

export interface GuardStats {
  readonly runs: number;
  readonly rejections: readonly string[];
}

/** Sends a WebSocket handshake to `url` and returns the answer's status (101, 403, …). */
export type Handshake = (url: string, origin: string | null) => Promise<number>;

/** The handshake request, as a client writes it on the wire. */
export function handshakeRequest(url: string, origin: string | null): string {
  const { hostname, port, pathname } = new URL(url);
  const lines = [
    `GET ${pathname} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
  ];
  if (origin !== null) lines.push(`Origin: ${origin}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/**
 * Opens a real WebSocket with `Origin` set (when given), sends `ping` and waits for the echo.
 * Resolves `'echo'` when it came back, `'refused'` when the connection failed before opening.
 */
export function echoOnce(url: string, origin: string | null): Promise<'echo' | 'refused' | string> {
  const init = origin === null ? undefined : { headers: { Origin: origin } };
  // Node, Deno and Bun all take `{ headers }` as the second argument of `new WebSocket`.
  const ws = new (WebSocket as unknown as new (url: string, init?: unknown) => WebSocket)(url, init);
  return new Promise((resolve) => {
    let opened = false;
    ws.addEventListener('open', () => {
      opened = true;
      ws.send('ping');
    });
    ws.addEventListener('message', (event) => {
      const data = String((event as MessageEvent).data);
      resolve(data === 'ping' ? 'echo' : `unexpected message ${data}`);
      ws.close();
    });
    ws.addEventListener('error', () => {
      if (!opened) resolve('refused');
    });
    ws.addEventListener('close', () => {
      resolve(opened ? 'closed before the echo' : 'refused');
    });
  });
}

/**
 * Runs one row against `server` (the row's mode's server) and lists what differs from the
 * row: the handshake's status, whether a real client connected and got its echo, whether the
 * handler ran, and what `onReject` heard. An empty list means the row holds.
 */
export async function checkGuardRow(row: GuardRow, server: GuardServer, handshake: Handshake): Promise<string[]> {
  const problems: string[] = [];
  const before = await server.stats();
  const runsBefore = before.runs;
  const heardBefore = before.rejections.length;

  const status = await handshake(server.url, row.origin);
  if (status !== row.status) problems.push(`handshake: status ${status}, expected ${row.status}`);
  if (row.origin !== null) {
    const client = await echoOnce(server.url, row.origin);
    const expected = row.status === 101 ? 'echo' : 'refused';
    if (client !== expected) problems.push(`WebSocket client: ${client}, expected ${expected}`);
  }

  const after = await server.stats();
  const runs = after.runs - runsBefore;
  if (row.status === 403 && runs !== 0) problems.push(`the handler ran ${runs} time(s) for a refused upgrade`);
  if (row.status === 101 && runs === 0) problems.push('the handler never ran for an allowed upgrade');

  if (row.reported === null) return problems;
  const heard = after.rejections.slice(heardBefore);
  const expectedHeard = row.reported ? ['origin'] : [];
  // A refused row is reported once per attempt (the TCP handshake and the client's).
  const distinct = [...new Set(heard)];
  if (JSON.stringify(distinct) !== JSON.stringify(expectedHeard)) {
    problems.push(`onReject heard ${JSON.stringify(heard)}, expected ${JSON.stringify(expectedHeard)}`);
  }
  return problems;
}
