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
  nodeOutgoing,
  withCorsPerEnv,
  writeOnNodeHead,
  type CorsPolicy,
  type EnvCorsOptions,
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
          // On @hono/node-server the core writes the policy's headers on the Node response head,
          // leaving `c.res` (node-server's lightweight response) untouched: docs/decisions/0006.
          const decided = actualHead(policy, request, origin, downstream);
          if (decided !== null) {
            const head = isThenable(decided) ? await decided : decided;
            if (head !== undefined) writeOnNodeHead(outgoing, head);
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

/**
 * The policy's own answer (a preflight's, the WebSocket guard's, a 500) as `c.res`; on Node the
 * CORS headers a middleware put on the response with `setHeader` are dropped from its head too,
 * so that they cannot reach a refused origin beside it.
 */
function answerWith(c: Context, response: Response): void {
  replaceResponse(c, response);
  const outgoing = nodeOutgoing(c.env);
  if (outgoing !== undefined) writeOnNodeHead(outgoing, null);
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
