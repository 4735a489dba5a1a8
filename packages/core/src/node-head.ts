/**
 * The policy's headers on a Node response head (`ServerResponse`, `Http2ServerResponse`) as
 * @hono/node-server writes it: the Node response is duck-typed, nothing here imports Node.
 * Its own module, beside head.ts, so that a bundle of `withCors` alone does not carry it.
 */
import type { ActualHead, HeadRecord } from './head.js';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA } from './names.js';

/**
 * The part of Node's `ServerResponse` (and `Http2ServerResponse`) that {@link writeOnNodeHead}
 * uses: a response whose head is not written yet.
 *
 * @example
 * const outgoing: NodeOutgoing | undefined = nodeOutgoing(c.env);
 */
export interface NodeOutgoing {
  headersSent: boolean;
  writeHead(status: number, ...rest: unknown[]): unknown;
  getHeaderNames(): string[];
  getHeader(name: string): unknown;
  removeHeader(name: string): void;
}

/** Where a response keeps the heads its policies decided, until Node writes it. */
const PENDING = Symbol('fetch-cors pending heads');

/** A Node response with what the policies of it still have to write on its head, innermost first. */
type Pending = NodeOutgoing & { [PENDING]?: (ActualHead | null)[] | undefined };

/** The CORS response headers every policy owns, in lower case as Node's `getHeaderNames` gives them. */
const OWNED = [ACAO, ACAC, ACEH, ACAM, ACAH, ACAPN, ACMA];

/** node-server's Content-Type for an answer whose headers it turns into a record (`buildOutgoingHttpHeaders`). */
const DEFAULT_TYPE = 'text/plain; charset=UTF-8';

/**
 * The Node response in the bindings @hono/node-server passes as `env` (`{ incoming, outgoing }`),
 * while its head is still unwritten; `undefined` on any other host (and for @hono/node-ws's
 * upgrades, which have none).
 *
 * @example
 * const outgoing = nodeOutgoing(c.env);
 * if (outgoing !== undefined) writeOnNodeHead(outgoing, head);
 */
export function nodeOutgoing(env: unknown): NodeOutgoing | undefined {
  const outgoing = (env as { outgoing?: Partial<NodeOutgoing> } | undefined)?.outgoing;
  if (typeof outgoing !== 'object' || outgoing === null || outgoing.headersSent !== false) return undefined;
  if (typeof outgoing.writeHead !== 'function' || typeof outgoing.getHeaderNames !== 'function' || typeof outgoing.removeHeader !== 'function') {
    return undefined;
  }
  return outgoing as NodeOutgoing;
}

/**
 * Makes `head` (from {@link actualHead}) part of `outgoing`'s head when Node writes it: this one
 * response's `writeHead` gets the record the host made from the handler's answer and passes on
 * `head.record(...)` of it, so the host can keep its plain header record (no `Headers` object).
 * Headers set earlier with `setHeader` are covered too: the policy's names are removed, `Vary`
 * is merged. `null` stands for the policy's own answer (a preflight's, a WebSocket guard's, a
 * 500) sent as the response: only the CORS headers set with `setHeader` are removed, so that
 * none reaches a refused origin beside it.
 *
 * Nested policies on one response each add their head; they are applied innermost first (call
 * this from the innermost first, as middlewares return), so that the outermost has the last
 * word. A policy's own answer (`null`) replaces whatever the policies inside it decided. A
 * `101` head passes untouched; a header Node refuses turns an actual response's head into a
 * `500` with the policy's headers, and the error is rethrown.
 *
 * @example
 * const outgoing = nodeOutgoing(c.env);
 * const head = outgoing && (await actualHead(policy, request, origin, c.res));
 * if (head) writeOnNodeHead(outgoing, head); // then the host calls outgoing.writeHead(200, record)
 */
export function writeOnNodeHead(outgoing: NodeOutgoing, head: ActualHead | null): void {
  const response = outgoing as Pending;
  const pending = response[PENDING];
  if (pending !== undefined) {
    if (head === null) pending.length = 0;
    pending.push(head);
    return;
  }
  const heads = [head];
  response[PENDING] = heads;
  const writeHead = outgoing.writeHead;
  outgoing.writeHead = function corsWriteHead(this: NodeOutgoing, status: number, reasonOrHeaders?: unknown, headers?: unknown) {
    outgoing.writeHead = writeHead;
    response[PENDING] = undefined;
    // eslint-disable-next-line prefer-rest-params
    if (status === 101) return writeHead.apply(this, arguments as unknown as [number, ...unknown[]]);
    const reason = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : undefined;
    const given = reason === undefined ? reasonOrHeaders : headers;
    // The first head of an actual response merges a `Vary` set with `setHeader`; a policy's own
    // answer leaves it to Node (its record's `Vary` wins).
    const actual = heads[0] !== null;
    let vary: string | null = null;
    let typed = !actual;
    const names = this.getHeaderNames();
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (name.charCodeAt(0) === 97 && OWNED.includes(name)) this.removeHeader(name);
      else if (name === 'content-type') typed = true;
      else if (actual && name === 'vary') {
        const value = this.getHeader(name);
        vary = Array.isArray(value) ? value.join(', ') : String(value);
        this.removeHeader(name);
      }
    }
    let record = toRecord(given);
    // node-server writes a handler's plain header record as it is, but gives every answer whose
    // headers were read (as `apply` reads them elsewhere) this Content-Type when it has none.
    const untyped = !typed && reason === undefined && record !== undefined && !Array.isArray(given) && !hasContentType(record);
    record = withHeads(heads, record, vary);
    if (untyped) (record as Record<string, unknown>)['content-type'] = DEFAULT_TYPE;
    try {
      if (record === given) return writeHead.apply(this, arguments as unknown as [number, ...unknown[]]);
      return reason === undefined ? writeHead.call(this, status, record) : writeHead.call(this, status, reason, record);
    } catch (error) {
      // Node refused a header of the answer (a name or value a `Headers` refuses too, where reading
      // the response would have made it the policy's 500): the head becomes a 500 with the policy's
      // headers, and the host, seeing the error, ends it and reports the error as it does.
      if (!actual || this.headersSent) throw error;
      const set = this.getHeaderNames();
      for (let i = 0; i < set.length; i++) this.removeHeader(set[i] as string);
      // The refused call kept its reason phrase; Node's own for 500 instead (HTTP/2 has none).
      const self = this as NodeOutgoing & { statusMessage?: string };
      if (self.statusMessage) self.statusMessage = '';
      writeHead.call(this, 500, withHeads(heads, { 'content-type': DEFAULT_TYPE }, null));
      throw error;
    }
  };
}

/** `record` as the heads of one response write it, innermost first. */
function withHeads(heads: readonly (ActualHead | null)[], record: HeadRecord | undefined, vary: string | null): HeadRecord | undefined {
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i];
    if (h === null || h === undefined) continue;
    record = h.record(record, vary);
    vary = null;
  }
  return record;
}

/** Whether `record` has a `Content-Type`, in any case of the name. */
function hasContentType(record: HeadRecord): boolean {
  const names = Object.keys(record);
  for (let i = 0; i < names.length; i++) {
    const name = names[i] as string;
    if (name.length === 12 && name.toLowerCase() === 'content-type') return true;
  }
  return false;
}

/**
 * `writeHead`'s headers as a record: it also takes a flat `[name, value, …]` list or `[name, value]`
 * pairs; node-server passes on a handler's `Map` (or other iterable of pairs) as it is.
 */
function toRecord(given: unknown): HeadRecord | undefined {
  if (given === undefined || given === null) return undefined;
  let headers: unknown[];
  if (Array.isArray(given)) headers = given;
  else if (typeof (given as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') headers = Array.from(given as Iterable<unknown>);
  else return given as HeadRecord;
  const out: Record<string, string | string[]> = {};
  const add = (name: unknown, value: unknown) => {
    const key = String(name);
    const have = out[key];
    const values = Array.isArray(value) ? value.map(String) : [String(value)];
    out[key] = have === undefined ? (values.length === 1 ? (values[0] as string) : values) : [...(Array.isArray(have) ? have : [have]), ...values];
  };
  if (Array.isArray(headers[0])) for (const pair of headers as unknown[][]) add(pair[0], pair[1]);
  else for (let i = 0; i + 1 < headers.length; i += 2) add(headers[i], headers[i + 1]);
  return out;
}
