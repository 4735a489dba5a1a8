/**
 * CORS middleware for Hono, built on `@fetch-cors/core`.
 *
 * All CORS decisions live in the core policy; this file only connects it to
 * Hono's context: where the request is, where the response is, and where the
 * Workers environment is.
 *
 * @module
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import {
  actualHead,
  applyWithOrigin,
  envPolicy,
  isThenable,
  withCorsPerEnv,
  type ActualHead,
  type CorsPolicy,
  type EnvCorsOptions,
  type HeadRecord,
} from '@fetch-cors/core';

// The same core names in every adapter package, each meaning what it means in the core.
export {
  createCors,
  CONFIG_ISSUE_CODES,
  CorsConfigError,
  DEFAULT_METHODS,
  mergeOptions,
  optionsFromEnv,
  type ConfigIssueCode,
  type CorsConfigIssue,
  type CorsOptions,
  type CorsPolicy,
  type CorsRejection,
  type EnvCorsOptions,
  type EnvRecord,
  type MaybePromise,
  type OriginFunction,
  type OriginsOption,
  type RejectReason,
  type ResourceOptions,
  type WebSocketOption,
} from '@fetch-cors/core';

/**
 * Options of {@link cors} and {@link withCors}: every core option, plus `env`, which says where
 * the application-wide `CORS_*` settings come from. Options given in code win over them.
 *
 * - `true` (default): the app's bindings, `c.env` (the `env` argument of `app.fetch`), when
 *   they carry `CORS_*` keys: a Worker's vars. Where the bindings carry none (Node's
 *   `@hono/node-server` passes `{ incoming, outgoing }`, Bun its server, Deno its info) the
 *   options in code are the whole configuration; the process environment is never read
 *   behind your back. On Node pass `env: process.env`, on Deno `env: Deno.env.toObject()`.
 * - `false`: the options in code are the whole configuration; `c.env` is never read.
 * - a record: `CORS_*` read from it once, when `cors()` is called.
 */
export type HonoCorsOptions = EnvCorsOptions;

/**
 * Hono middleware that answers CORS preflights and adds CORS headers to every
 * other response, including those made by `app.notFound` and `app.onError`.
 *
 * - Preflights are answered before routing: a path with no `OPTIONS` handler,
 *   or no route at all, still gets the policy's answer (`204`, or `403` when refused).
 * - Options are validated once, when `cors()` is called; invalid options throw
 *   `CorsConfigError` there, never per request.
 * - `CORS_*` bindings in `c.env` (a Worker's vars) are read as the application-wide
 *   settings (see {@link HonoCorsOptions} for `env: false` or a record); options given here
 *   win. The merged policy is compiled once per `env` object.
 * - With `websocket: 'guard'`, a WebSocket upgrade from an origin the policy refuses gets
 *   `403` here, before the route's `upgradeWebSocket` handler runs.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { cors } from '@fetch-cors/hono';
 *
 * const app = new Hono();
 * app.use(cors({ origins: ['https://app.example.com'], supportsCredentials: true }));
 * app.get('/hello', (c) => c.text('hello'));
 * export default app;
 * ```
 */
export function cors<E extends Env = Env>(options: HonoCorsOptions | CorsPolicy = {}): MiddlewareHandler<E> {
  const policyFor = envPolicy(options);

  return async function corsMiddleware(c: Context<E>, next) {
    const policy = policyFor(c.env);
    const request = c.req.raw;
    const preflight = policy.preflight(request);
    if (preflight !== undefined) {
      answerWith(c, await preflight);
      return;
    }
    // The `websocket` guard answers before any route, so `upgradeWebSocket` never runs for it.
    const guard = policy.upgrade(request);
    if (guard !== undefined) {
      const refused = await guard;
      if (refused !== undefined) {
        answerWith(c, refused);
        return;
      }
    }
    try {
      await next();
    } catch (error) {
      // Hono rethrows what is not an Error; the policy still answers with its 500.
      answerWith(c, await policy.error(request, error));
      return;
    }
    const downstream = c.res;
    let answer: Response;
    try {
      const origin = nodeOrigin(c.env);
      if (origin !== undefined) {
        const outgoing = nodeOutgoing(c.env);
        if (outgoing !== undefined) {
          const decided = actualHead(policy, request, origin, downstream);
          if (decided !== null) {
            const head = isThenable(decided) ? await decided : decided;
            if (head !== undefined) onHead(outgoing, head);
            return;
          }
        }
      }
      const applied = origin === undefined ? policy.apply(request, downstream) : applyWithOrigin(policy, request, origin, downstream);
      answer = isThenable(applied) ? await applied : applied;
    } catch (error) {
      answerWith(c, await policy.error(request, error));
      return;
    }
    if (answer !== downstream) replaceResponse(c, answer);
  };
}

/** The part of Node's `ServerResponse` (and `Http2ServerResponse`) the adapter uses. */
interface NodeOutgoing {
  headersSent: boolean;
  writeHead(status: number, ...rest: unknown[]): unknown;
  getHeaderNames(): string[];
  getHeader(name: string): unknown;
  removeHeader(name: string): void;
  /** What the policies of this response still have to write on its head, innermost first. */
  [PENDING]?: (ActualHead | null)[] | undefined;
}

/** Where a response keeps the heads its `cors()` middlewares decided, until Node writes it. */
const PENDING = Symbol('fetch-cors pending heads');

/** The CORS response headers every policy owns, in lower case as Node's `getHeaderNames` gives them. */
const OWNED = [
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-expose-headers',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-allow-private-network',
  'access-control-max-age',
];

/** node-server's Content-Type for an answer whose headers it turns into a record (`buildOutgoingHttpHeaders`). */
const DEFAULT_TYPE = 'text/plain; charset=UTF-8';

/**
 * @hono/node-server's `c.env.outgoing`, the Node response it writes Hono's answer to, while its
 * head is still unwritten; `undefined` on any other host (and for @hono/node-ws's upgrades,
 * which have none).
 */
function nodeOutgoing(env: unknown): NodeOutgoing | undefined {
  const outgoing = (env as { outgoing?: Partial<NodeOutgoing> } | undefined)?.outgoing;
  if (typeof outgoing !== 'object' || outgoing === null || outgoing.headersSent !== false) return undefined;
  if (typeof outgoing.writeHead !== 'function' || typeof outgoing.getHeaderNames !== 'function' || typeof outgoing.removeHeader !== 'function') {
    return undefined;
  }
  return outgoing as NodeOutgoing;
}

/**
 * The policy's own answer (a preflight's, the WebSocket guard's, a 500) as `c.res`; on Node the
 * CORS headers a middleware put on the response with `setHeader` are dropped from its head too,
 * so that they cannot reach a refused origin beside it.
 */
function answerWith(c: Context, response: Response): void {
  replaceResponse(c, response);
  const outgoing = nodeOutgoing(c.env);
  if (outgoing !== undefined) onHead(outgoing, null);
}

/**
 * Makes the policy's headers part of the response head when Node writes it: `outgoing.writeHead`
 * of this one response gets the record node-server made from the handler's answer, and passes
 * on `head.record(...)` of it. `c.res` is left as the handler made it, so node-server keeps its
 * lightweight response (a plain header record, no `Headers` object; docs/decisions/0006).
 * Headers set earlier with `setHeader` are covered too: the policy's names are removed, `Vary`
 * is merged. `null` stands for the policy's own answer in `c.res`: only the `setHeader` part.
 *
 * Nested `cors()` middlewares each add their head; they are applied innermost first, so that the
 * outermost has the last word, as it has where each writes `c.res` in turn. A policy's own answer
 * replaces whatever the middlewares inside it decided.
 */
function onHead(outgoing: NodeOutgoing, head: ActualHead | null): void {
  const pending = outgoing[PENDING];
  if (pending !== undefined) {
    if (head === null) pending.length = 0;
    pending.push(head);
    return;
  }
  const heads = [head];
  outgoing[PENDING] = heads;
  const writeHead = outgoing.writeHead;
  outgoing.writeHead = function corsWriteHead(this: NodeOutgoing, status: number, reasonOrHeaders?: unknown, headers?: unknown) {
    outgoing.writeHead = writeHead;
    outgoing[PENDING] = undefined;
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
      // `c.res` would have made it the policy's 500): the head becomes a 500 with the policy's
      // headers, and node-server, seeing the error, ends it and reports the error as it does.
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

/** What @hono/node-server passes as `c.env`: the Node request it made `c.req.raw` from. */
interface NodeBindings {
  incoming?: { headers?: Record<string, string | string[] | undefined>; rawHeaders?: unknown };
}

/**
 * The request's `Origin` read from @hono/node-server's `c.env.incoming` (Node's parsed
 * headers: duplicates joined with ", " as `Headers#get` joins them), or `undefined` on any
 * other host. Reading `c.req.raw.headers` there would build a `Headers` object of every
 * request header just to read this one.
 */
function nodeOrigin(env: unknown): string | null | undefined {
  const incoming = (env as NodeBindings | undefined)?.incoming;
  if (typeof incoming !== 'object' || incoming === null || !Array.isArray(incoming.rawHeaders)) return undefined;
  const value = incoming.headers?.origin;
  if (value === undefined) return null;
  return typeof value === 'string' ? value : value.join(', ');
}

/**
 * Wraps a handler shaped like `app.fetch`, `(request, env, ctx)`, under the same rules as
 * {@link cors}: `CORS_*` from the `env` argument (the bindings Hono would see as `c.env`), or
 * as the `env` option says. Use it to put a whole app (or any Fetch handler) behind the policy
 * from outside; inside an app, `app.use(cors())` also covers `notFound` and `onError`.
 *
 * @example
 * ```ts
 * const app = new Hono().get('/hello', (c) => c.text('hello'));
 * export default { fetch: withCors(app.fetch, { origins: ['https://app.example.com'] }) };
 * ```
 */
export const withCors = withCorsPerEnv;

/**
 * Hono's `c.res` setter copies the previous response's headers onto the new one, which
 * would bring back CORS headers the policy removed; clear it first.
 */
function replaceResponse(c: Context, response: Response): void {
  c.res = undefined;
  c.res = response;
}
