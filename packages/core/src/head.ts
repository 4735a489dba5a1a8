/**
 * Actual responses for a host that writes the response head itself from a plain header record
 * (Node's `writeHead(status, headers)`), as the Hono adapter does on @hono/node-server: the
 * same decision and the same headers as `apply` (actual.ts), without a `Headers` object.
 * Its own module, so that a bundle of `withCors` alone does not carry it.
 */
import { allowOrigin, PREFIX } from './actual.js';
import type { Compiled } from './compiled.js';
import { isUpgrade } from './mutate.js';
import { Policy, type CorsPolicy } from './policy.js';
import { varyWith } from './vary.js';

/** A response head's headers as Node's `writeHead(status, headers)` takes them: names in any case. */
export type HeadRecord = Record<string, string | number | readonly string[] | undefined>;

/**
 * The policy's headers for one actual response, for a host that writes the response head
 * itself from a plain record (Node's `writeHead`) instead of a `Headers` object. Writes what
 * `writeActual` writes: the CORS response headers the policy owns are dropped in any case of
 * their names, the allowed answer's are added, and `Vary` is merged.
 */
export class ActualHead {
  constructor(
    private readonly p: Compiled,
    private readonly allowOrigin: string | null,
  ) {}

  /** Whether `name` (lower case) is one of the CORS response headers the policy owns. */
  owns(name: string): boolean {
    return this.p.answers.stripRefused.includes(name);
  }

  /**
   * A new record: `headers` (left unchanged) without the policy's names, with its own, and
   * `Vary` merged with `vary` (a `Vary` the host already holds outside `headers`, or `null`).
   *
   * @example
   * head.record({ 'Content-Type': 'text/plain' }, null); // { 'Content-Type': …, 'access-control-allow-origin': …, vary: 'Origin' }
   */
  record(headers: HeadRecord | undefined, vary: string | null): HeadRecord {
    const p = this.p;
    const out: HeadRecord = {};
    const owned = p.answers.stripRefused;
    if (headers !== undefined && headers !== null) {
      // Own names only, as Node's `writeHead` and a `Headers` made from the record read them.
      const names = Object.keys(headers);
      for (let i = 0; i < names.length; i++) {
        const name = names[i] as string;
        const value = headers[name];
        const first = name.charCodeAt(0) | 0x20;
        if (first === 97 && name.length > PREFIX.length && owned.includes(name.toLowerCase())) continue;
        if (first === 118 && name.length === 4 && name.toLowerCase() === 'vary' && value !== undefined) {
          const v = Array.isArray(value) ? value.join(', ') : String(value);
          vary = vary === null ? v : `${vary}, ${v}`;
          continue;
        }
        out[name] = value;
      }
    }
    const allow = this.allowOrigin;
    if (allow !== null) {
      const a = p.answers;
      const fixed = a.actualFixed;
      for (let i = 0; i < fixed.length; i += 2) out[fixed[i] as string] = fixed[i + 1] as string;
      const varying = a.actualVarying;
      for (let i = 0; i < varying.length; i++) {
        const rule = varying[i] as (typeof varying)[number];
        const value = rule.value(allow, '', null, false);
        if (value !== null) out[rule.name] = value;
      }
    }
    if (p.varyActual !== null) vary = varyWith(vary, p.varyActual) ?? vary;
    if (vary !== null) out.vary = vary;
    return out;
  }
}

/**
 * `applyActualFrom` for a host that writes the response head itself: the policy's decision as
 * an {@link ActualHead}, or `undefined` when `response` passes untouched (an upgrade).
 *
 * @example
 * const head = actualHeadFrom(policy, request, 'https://app.example.com', response);
 */
function actualHeadFrom(p: Compiled, request: Request, origin: string | null, response: Response): ActualHead | Promise<ActualHead> | undefined {
  if (isUpgrade(response)) return undefined;
  const allow = allowOrigin(p, request, origin);
  return typeof allow === 'object' && allow !== null ? allow.then((a) => new ActualHead(p, a)) : new ActualHead(p, allow);
}

/**
 * What `apply` would write on `response`, for a host that writes the response head itself from
 * a plain header record (Node's `writeHead(status, headers)`), as the Hono adapter does on
 * @hono/node-server: an {@link ActualHead} whose `record(headers, vary)` gives the record to
 * send; `undefined` when the response passes untouched (a path no `resources` key covers, an
 * upgrade); `null` for a policy not made by `createCors` (use `apply` then). `origin` is the
 * request's `Origin` as `Headers#get` gives it, or `null`. A refused origin is reported here, once.
 *
 * @example
 * const head = await actualHead(policy, request, incoming.headers.origin ?? null, response);
 * if (head) outgoing.writeHead(200, head.record({ 'content-type': 'text/plain' }, null));
 */
export function actualHead(
  policy: CorsPolicy,
  request: Request,
  origin: string | null,
  response: Response,
): ActualHead | Promise<ActualHead> | undefined | null {
  if (!(policy instanceof Policy)) return null;
  const p = policy.select(request);
  return p === null ? undefined : actualHeadFrom(p, request, origin, response);
}
