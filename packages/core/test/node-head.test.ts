/**
 * `nodeOutgoing` and `writeOnNodeHead` on a real Node `ServerResponse` (no socket is listened on):
 * each row checks the head Node then writes, status line and headers, as a client reads it.
 */
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { actualHead, createCors, nodeOutgoing, writeOnNodeHead, type ActualHead, type CorsOptions, type NodeOutgoing } from '../src/index.js';
import { request } from './helpers.js';

const ALLOWED = 'https://app.example.com';
const REFUSED = 'https://evil.example';
const LISTED: CorsOptions = { origins: [ALLOWED], exposeHeaders: ['X-Id'], supportsCredentials: true };
const TEXT = 'text/plain; charset=UTF-8';

/** A Node response whose head is not written yet. */
function response(): ServerResponse {
  return new ServerResponse(new IncomingMessage(new Socket()));
}

/** The head Node wrote: the status line, and the headers with lower-case names (Date and Connection left out). */
function wire(res: ServerResponse): { status: string; headers: Record<string, string> } {
  const raw = (res as unknown as { _header: string | null })._header;
  if (typeof raw !== 'string') throw new Error('no head was written');
  const [status, ...lines] = raw.split('\r\n').filter((line) => line !== '');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(':');
    const name = line.slice(0, at).toLowerCase();
    if (name === 'date' || name === 'connection') continue;
    const value = line.slice(at + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { status: status as string, headers };
}

/** The policy's head for one request from `origin` (`undefined`: none), as the Hono adapter gets it. */
async function headFor(options: CorsOptions, origin: string | undefined): Promise<ActualHead> {
  const req = origin === undefined ? request() : request({ origin });
  const head = await actualHead(createCors(options), req, origin ?? null, new Response('ok'));
  if (head === undefined || head === null) throw new Error('no head');
  return head;
}

describe('nodeOutgoing finds the Node response whose head is still to be written', () => {
  const rows: { rule: string; env: () => unknown; found: boolean }[] = [
    { rule: "node-server's bindings with an unwritten response", env: () => ({ incoming: {}, outgoing: response() }), found: true },
    {
      rule: 'a response whose head is written already',
      env: () => {
        const outgoing = response();
        outgoing.writeHead(200);
        return { outgoing };
      },
      found: false,
    },
    { rule: "a Worker's bindings (no outgoing)", env: () => ({ CORS_ORIGINS: ALLOWED }), found: false },
    { rule: 'no bindings at all', env: () => undefined, found: false },
    { rule: 'an outgoing that is not a Node response', env: () => ({ outgoing: { headersSent: false } }), found: false },
  ];
  it.each(rows)('$rule', ({ env, found }) => {
    const bindings = env() as { outgoing?: unknown } | undefined;
    expect(nodeOutgoing(bindings)).toBe(found ? bindings?.outgoing : undefined);
  });
});

interface Row {
  rule: string;
  /** The heads written on the response, innermost first (`own`: the policy answered itself, `null` is written). */
  heads: { options: CorsOptions; origin?: string; own?: true }[];
  /** Headers put on the response with `setHeader` before the head. */
  set?: Record<string, string | string[]>;
  /** The arguments node-server passes to `writeHead`. */
  write: [number, ...unknown[]];
  status: string;
  headers: Record<string, string>;
}

const rows: Row[] = [
  {
    rule: "an allowed origin gets the policy's headers on the handler's record",
    heads: [{ options: LISTED, origin: ALLOWED }],
    write: [200, { 'Content-Type': 'text/plain' }],
    status: 'HTTP/1.1 200 OK',
    headers: {
      'content-type': 'text/plain',
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Id',
      vary: 'Origin',
    },
  },
  {
    rule: 'a refused origin gets Vary and no CORS header, also none set with setHeader',
    heads: [{ options: LISTED, origin: REFUSED }],
    set: { 'Access-Control-Allow-Origin': '*', 'access-control-allow-credentials': 'true' },
    write: [200, { 'content-type': 'text/plain', 'Access-Control-Expose-Headers': 'X-Secret' }],
    status: 'HTTP/1.1 200 OK',
    headers: { 'content-type': 'text/plain', vary: 'Origin' },
  },
  {
    rule: 'a Vary set with setHeader is merged with the record and Origin',
    heads: [{ options: LISTED, origin: ALLOWED }],
    set: { Vary: ['Cookie', 'Accept-Language'] },
    write: [200, { 'content-type': 'text/plain', Vary: 'Accept' }],
    status: 'HTTP/1.1 200 OK',
    headers: {
      'content-type': 'text/plain',
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Id',
      vary: 'Cookie, Accept-Language, Accept, Origin',
    },
  },
  {
    rule: "a record without Content-Type gets node-server's text/plain",
    heads: [{ options: {}, origin: ALLOWED }],
    write: [200, { 'x-a': '1' }],
    status: 'HTTP/1.1 200 OK',
    headers: { 'x-a': '1', 'access-control-allow-origin': '*', 'content-type': TEXT },
  },
  {
    rule: 'a Content-Type set with setHeader is kept, and none is added',
    heads: [{ options: {}, origin: ALLOWED }],
    set: { 'Content-Type': 'application/json' },
    write: [200, { 'x-a': '1' }],
    status: 'HTTP/1.1 200 OK',
    headers: { 'content-type': 'application/json', 'x-a': '1', 'access-control-allow-origin': '*' },
  },
  {
    rule: "a reason phrase is kept, and the record is the handler's",
    heads: [{ options: {}, origin: ALLOWED }],
    write: [201, 'Made', { 'x-a': '1' }],
    status: 'HTTP/1.1 201 Made',
    headers: { 'x-a': '1', 'access-control-allow-origin': '*' },
  },
  {
    rule: 'a flat list of names and values is read as a record, array values kept apart',
    heads: [{ options: {}, origin: ALLOWED }],
    write: [200, ['X-A', ['1', '2'], 'Access-Control-Allow-Origin', 'https://other.example']],
    status: 'HTTP/1.1 200 OK',
    headers: { 'x-a': '1, 2', 'access-control-allow-origin': '*' },
  },
  {
    rule: 'a Map of headers is read as a record',
    heads: [{ options: {}, origin: ALLOWED }],
    write: [200, new Map([['x-a', '1']])],
    status: 'HTTP/1.1 200 OK',
    headers: { 'x-a': '1', 'access-control-allow-origin': '*', 'content-type': TEXT },
  },
  {
    rule: 'a 101 head passes untouched',
    heads: [{ options: LISTED, origin: ALLOWED }],
    set: { 'Access-Control-Allow-Origin': '*' },
    write: [101, { Upgrade: 'websocket' }],
    status: 'HTTP/1.1 101 Switching Protocols',
    headers: { 'access-control-allow-origin': '*', upgrade: 'websocket' },
  },
  {
    rule: "the policy's own answer drops the CORS headers set with setHeader and keeps its record and Vary",
    heads: [{ options: LISTED, own: true }],
    set: { 'Access-Control-Allow-Origin': '*', Vary: 'Cookie' },
    write: [403, { vary: 'Origin' }],
    status: 'HTTP/1.1 403 Forbidden',
    headers: { vary: 'Origin' },
  },
  {
    rule: 'nested policies apply innermost first, so the outermost has the last word',
    heads: [
      { options: { origins: '*', exposeHeaders: ['X-Inner'] }, origin: ALLOWED },
      { options: LISTED, origin: ALLOWED },
    ],
    write: [200, { 'content-type': 'text/plain' }],
    status: 'HTTP/1.1 200 OK',
    headers: {
      'content-type': 'text/plain',
      'access-control-allow-origin': ALLOWED,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'X-Id',
      vary: 'Origin',
    },
  },
  {
    rule: "an outer policy's own answer replaces the heads the inner policies decided",
    heads: [
      { options: { origins: '*' }, origin: ALLOWED },
      { options: LISTED, own: true },
    ],
    write: [204, { vary: 'Origin' }],
    status: 'HTTP/1.1 204 No Content',
    headers: { vary: 'Origin' },
  },
];

describe('writeOnNodeHead puts the policy on the head Node writes', () => {
  it.each(rows)('$rule', async ({ heads, set, write, status, headers }) => {
    const res = response();
    for (const [name, value] of Object.entries(set ?? {})) res.setHeader(name, value);
    const outgoing = nodeOutgoing({ outgoing: res }) as NodeOutgoing;
    for (const h of heads) writeOnNodeHead(outgoing, h.own ? null : await headFor(h.options, h.origin));
    res.writeHead(...(write as [number, Record<string, string>]));
    expect(wire(res)).toEqual({ status, headers });
  });

  it('a header Node refuses makes the head a 500 with the policy headers, and the error is thrown', async () => {
    const res = response();
    writeOnNodeHead(res, await headFor(LISTED, ALLOWED));
    expect(() => res.writeHead(200, { 'x-a': 'bad\nvalue' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_CHAR' }));
    expect(wire(res)).toEqual({
      status: 'HTTP/1.1 500 Internal Server Error',
      headers: {
        'content-type': TEXT,
        'access-control-allow-origin': ALLOWED,
        'access-control-allow-credentials': 'true',
        'access-control-expose-headers': 'X-Id',
        vary: 'Origin',
      },
    });
  });
});
