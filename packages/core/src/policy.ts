/**
 * `createCors`: validates and compiles options once into a frozen policy, the object every
 * adapter drives with `handle`, or with `preflight` and `apply` around its own routing.
 */
import { applyActual, applyActualFrom } from './actual.js';
import type { Compiled } from './compiled.js';
import { compileOptions } from './config.js';
import { IssueList, show } from './errors.js';
import { ACRM, ORIGIN } from './names.js';
import { mergeOptions, OPTION_NAMES, type CorsOptions } from './options.js';
import { answerPreflight } from './preflight.js';
import { compileResources, pathnameOf, type ResourceTable } from './resources.js';
import { callHook, NotAResponse } from './hooks.js';
import { isResponse } from './mutate.js';
import { isThenable, type MaybePromise } from './promise.js';
import { guardUpgrade, WS_PASS } from './websocket.js';

/**
 * A compiled CORS policy. Frozen; safe to share between requests and handlers.
 *
 * @example
 * const cors = createCors({ origins: ['https://app.example.com'] });
 * export default { fetch: (req: Request) => cors.handle(req, () => new Response('hi')) };
 */
export interface CorsPolicy {
  /**
   * Runs `next` under the policy: a preflight is answered without calling it (with
   * `automaticOptions`), any other request gets its CORS headers, and a throw or an answer that
   * is not a Response (`null`, `undefined`) becomes a 500 that keeps them.
   */
  handle(request: Request, next: () => MaybePromise<Response | undefined | void>): MaybePromise<Response | undefined>;
  /** The policy's own answer when `request` is a preflight it answers itself, else `undefined`. */
  preflight(request: Request): MaybePromise<Response> | undefined;
  /** Adds the CORS headers to the handler's `response` (in place, or on a copy when immutable). */
  apply(request: Request, response: Response): MaybePromise<Response>;
  /** The 500 answer for a handler that threw, with the CORS headers; the error is reported. */
  error(request: Request, error: unknown): MaybePromise<Response>;
  /**
   * The `websocket` guard's `403` when `request` is a WebSocket upgrade it refuses, else
   * `undefined` (or a Promise of either, when an async origin function decides). `handle`
   * runs it before the handler; an adapter that routes by itself calls it first.
   */
  upgrade(request: Request): Response | Promise<Response | undefined> | undefined;
}

const RESOURCE_OPTIONS = OPTION_NAMES.filter((n) => n !== 'resources');

/**
 * The policy's answer when `request` is a preflight (Fetch: an OPTIONS request with Origin and
 * Access-Control-Request-Method), else `undefined`. Each request header is read once.
 */
function answerIfPreflight(p: Compiled, request: Request): MaybePromise<Response> | undefined {
  if (request.method !== 'OPTIONS') return undefined;
  const headers = request.headers;
  const origin = headers.get(ORIGIN);
  if (origin === null) return undefined;
  const method = headers.get(ACRM);
  if (method === null) return undefined;
  return answerPreflight(p, request, origin, method);
}

/**
 * The 500 answer to a handler that threw or answered no Response, reported to `onError`: the
 * policy's, or for a path no `resources` key covers (`p === null`), the top-level `onError`
 * (`fallback`), and that answer carries no CORS headers.
 */
function serverError(p: Compiled | null, fallback: Compiled['onError'], request: Request, error: unknown): MaybePromise<Response> {
  const response = new Response('Internal Server Error', {
    status: 500,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
  callHook('onError', p === null ? fallback : p.onError, error, request);
  return p === null ? response : applyActual(p, request, response);
}

/**
 * The handler's answer under `p` (`null`: a path no `resources` key covers). Anything but a
 * Response is a 500 with the CORS headers, except `undefined` when `upgrade` is set (Bun's
 * `server.upgrade` has answered the request itself).
 */
function finish(p: Compiled | null, fallback: Compiled['onError'], request: Request, response: unknown, upgrade: boolean): MaybePromise<Response | undefined> {
  if (response === undefined && upgrade) return undefined;
  try {
    if (!isResponse(response)) throw new NotAResponse(response);
    if (p === null) return response;
    const out = applyActual(p, request, response);
    return out instanceof Promise ? out.catch((error: unknown) => serverError(p, fallback, request, error)) : out;
  } catch (error) {
    return serverError(p, fallback, request, error);
  }
}

async function settle(
  p: Compiled | null,
  fallback: Compiled['onError'],
  request: Request,
  pending: PromiseLike<unknown>,
  upgrade: boolean,
): Promise<Response | undefined> {
  let response: unknown;
  try {
    response = await pending;
  } catch (error) {
    return serverError(p, fallback, request, error);
  }
  return finish(p, fallback, request, response, upgrade);
}

/** Calls the handler; stays synchronous when the handler (and the origin check) is. */
function invoke(
  p: Compiled | null,
  fallback: Compiled['onError'],
  request: Request,
  handler: (...args: never[]) => unknown,
  self: unknown,
  args: ArrayLike<unknown>,
  upgrade: boolean,
): MaybePromise<Response | undefined> {
  let response: unknown;
  try {
    response = handler.apply(self, args as never);
  } catch (error) {
    return serverError(p, fallback, request, error);
  }
  return isThenable(response) ? settle(p, fallback, request, response, upgrade) : finish(p, fallback, request, response, upgrade);
}

const NO_ARGS: readonly unknown[] = Object.freeze([]);

/**
 * What `withCors` runs: the compiled policy and `run`. `Policy` adds the `CorsPolicy` methods
 * adapters drive, so a `withCors` bundle carries none of them.
 */
class Runner {
  constructor(
    protected readonly base: Compiled | null,
    protected readonly table: ResourceTable | null,
    /** The top-level `onError`: reports handler failures on paths no `resources` key covers. */
    protected readonly onError: Compiled['onError'],
  ) {}

  /** The compiled entry that answers `request` (`null`: a path no `resources` key covers). */
  select(request: Request): Compiled | null {
    return this.table === null ? this.base : this.table.select(pathnameOf(request.url));
  }

  /** `handle` without a closure per request: `handler.apply(self, args)` is the next step. */
  run(request: Request, handler: (...args: never[]) => unknown, self: unknown, args: ArrayLike<unknown>, upgrade = false): MaybePromise<Response | undefined> {
    const p = this.select(request);
    if (p !== null && p.automaticOptions) {
      const answer = answerIfPreflight(p, request);
      if (answer !== undefined) return answer;
    }
    if (p !== null && p.websocket !== WS_PASS) {
      const refused = guardUpgrade(p, request);
      if (refused instanceof Promise) {
        return refused.then((answer) => answer ?? invoke(p, this.onError, request, handler, self, args, upgrade));
      }
      if (refused !== undefined) return refused;
    }
    return invoke(p, this.onError, request, handler, self, args, upgrade);
  }
}

/** The policy `createCors` makes (exported for the core's own modules, not from the package). */
export class Policy extends Runner implements CorsPolicy {
  handle(request: Request, next: () => MaybePromise<Response | undefined | void>): MaybePromise<Response | undefined> {
    return this.run(request, next, undefined, NO_ARGS);
  }

  preflight(request: Request): MaybePromise<Response> | undefined {
    const p = this.select(request);
    return p === null || !p.automaticOptions ? undefined : answerIfPreflight(p, request);
  }

  apply(request: Request, response: Response): MaybePromise<Response> {
    const p = this.select(request);
    return p === null ? response : applyActual(p, request, response);
  }

  error(request: Request, error: unknown): MaybePromise<Response> {
    return serverError(this.select(request), this.onError, request, error);
  }

  upgrade(request: Request): Response | Promise<Response | undefined> | undefined {
    // Called on every request by routing adapters: no path parse unless it could matter.
    if (this.table === null) return this.base === null || this.base.websocket === WS_PASS ? undefined : guardUpgrade(this.base, request);
    if (!request.headers.has('upgrade')) return undefined;
    const p = this.table.select(pathnameOf(request.url));
    return p === null ? undefined : guardUpgrade(p, request);
  }

  /** `apply`, with the request's `Origin` (or `null`) read by the caller. */
  applyOrigin(request: Request, origin: string | null, response: Response): MaybePromise<Response> {
    const p = this.select(request);
    return p === null ? response : applyActualFrom(p, request, origin, response);
  }
}

/**
 * `policy.apply(request, response)` for an adapter on Node that has read the request's
 * `Origin` (or `null` when absent) more cheaply than through `request.headers`, as the Hono
 * adapter does on @hono/node-server. `origin` must be the header's value as `Headers#get`
 * gives it. The response is written as `apply` writes it.
 *
 * @example
 * applyWithOrigin(policy, c.req.raw, incoming.headers.origin ?? null, c.res);
 */
export function applyWithOrigin(policy: CorsPolicy, request: Request, origin: string | null, response: Response): MaybePromise<Response> {
  if (policy instanceof Policy) return policy.applyOrigin(request, origin, response);
  return policy.apply(request, response);
}

/**
 * Runs `handler` with `args` under `policy`: straight through for a policy made by
 * `createCors`, through `handle` for any other `CorsPolicy`. With `upgrade`, a handler's
 * `undefined` (Bun's `server.upgrade` answered) passes through instead of becoming a 500.
 */
export function runWithPolicy(
  policy: CorsPolicy,
  request: Request,
  handler: (...args: never[]) => unknown,
  self: unknown,
  args: ArrayLike<unknown>,
  upgrade = false,
): MaybePromise<Response | undefined> {
  if (policy instanceof Runner) return policy.run(request, handler, self, args, upgrade);
  return policy.handle(request, () => handler.apply(self, args as never) as MaybePromise<Response | undefined>);
}

/**
 * Validates and compiles `options` once. Every problem is collected and thrown together as a
 * `CorsConfigError`; nothing is checked again per request. Keys whose value is `undefined`
 * count as unset, so `{ ...optionsFromEnv(env), ...options }` merges as expected.
 *
 * @example
 * const cors = createCors({ origins: ['https://app.example.com'], supportsCredentials: true });
 * const response = await cors.handle(request, () => handler(request));
 */
export function createCors(options: CorsOptions = {}): CorsPolicy {
  return Object.freeze(new Policy(...compilePolicy(options)));
}

/**
 * `createCors` for `withCors`: the same checks and errors, compiled into a `Runner`, which
 * `runWithPolicy` drives as it drives a `Policy`.
 *
 * @example
 * runWithPolicy(createRunner({ origins: ['https://app.example.com'] }), request, handler, undefined, [request]);
 */
export function createRunner(options: CorsOptions = {}): CorsPolicy {
  return Object.freeze(new Runner(...compilePolicy(options))) as unknown as CorsPolicy;
}

/** Validates and compiles `options`: what `Runner` and `Policy` are built from. */
function compilePolicy(options: CorsOptions): [base: Compiled | null, table: ResourceTable | null, onError: Compiled['onError']] {
  const issues = new IssueList();
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    issues.add('options', 'wrong-type', `${show(options)} is not an options object; pass { origins: ... } or nothing.`);
    issues.throwIfAny();
  }
  const top = mergeOptions(options) as Record<string, unknown>;
  const { resources, ...rest } = top;
  if (resources === undefined) {
    const base = compileOptions(rest, issues, OPTION_NAMES);
    issues.throwIfAny();
    return [base ?? null, null, (base as Compiled).onError];
  }
  const topLevel = compileOptions(rest, issues, OPTION_NAMES, false);
  const topIssues = new Set(issues.items.map((i) => `${i.option}\n${i.message}`));
  const table = compileResources(resources, issues, (where, entry) => {
    const own = new IssueList();
    const compiled = compileOptions({ ...rest, ...(mergeOptions(entry) as Record<string, unknown>) }, own, RESOURCE_OPTIONS);
    for (const i of own.items) {
      if (!topIssues.has(`${i.option}\n${i.message}`)) issues.add(`${where}.${i.option}`, i.code, i.message);
    }
    return compiled;
  });
  issues.throwIfAny();
  return [null, table ?? null, (topLevel as Compiled).onError];
}
