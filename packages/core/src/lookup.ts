/**
 * Origin lookups that cannot stall: `originTimeout` and `originCache` around an `origins`
 * function that asks a database, a KV store or a tenant service.
 *
 * Built only when one of the two options is set; every other policy keeps its plain
 * `OriginRule` and pays nothing for this file.
 */
import { type IssueList, show } from './errors.js';
import type { OriginFunction } from './options.js';
import { isValidOrigin, type OriginRule } from './origin.js';
import { isThenable } from './promise.js';
import { callHook } from './hooks.js';

/** Largest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days). */
const MAX_MS = 2_147_483_647;
/** Default `originCache.max`. */
const DEFAULT_MAX = 1000;
const MAX_ENTRIES = 10_000_000;

/** The checked `originTimeout` and `originCache`. */
export interface LookupSettings {
  /** Milliseconds, or `null` for no timeout. */
  readonly timeout: number | null;
  readonly cache: { readonly ttl: number; readonly max: number } | null;
}

/** Why the lookup for a refused request failed, when it timed out (read by `onReject`'s detail). */
const timedOut = new WeakMap<Request, number>();
let anyTimedOut = false;

/**
 * The `onReject` detail for a request whose origin lookup timed out, else `undefined`.
 *
 * @example
 * lookupDetail(request, 'https://app.example.com'); // 'Origin "https://app.example.com" was refused: ...'
 */
export function lookupDetail(request: Request, origin: string): string | undefined {
  if (!anyTimedOut) return undefined;
  const ms = timedOut.get(request);
  if (ms === undefined) return undefined;
  return `Origin ${JSON.stringify(origin)} was refused: the origins lookup did not answer within ${ms} ms (originTimeout); it is asked again on a later request.`;
}

/** What `onError` receives when an origins lookup does not answer within `originTimeout`. */
export class OriginLookupTimeout extends Error {
  constructor(
    readonly origin: string,
    readonly timeout: number,
  ) {
    super(`fetch-cors: the origins lookup for ${JSON.stringify(origin)} did not answer within ${timeout} ms (originTimeout); the origin is refused.`);
    this.name = 'OriginLookupTimeout';
  }
}

function wholeMs(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/**
 * Reads `originTimeout` and `originCache`, recording every problem in `issues`. Returns
 * `null` when neither is set (or they are wrong). That they need a function `origins` is
 * checked across options, in config.ts.
 */
export function readLookupOptions(timeout: unknown, cache: unknown, issues: IssueList): LookupSettings | null {
  if (timeout === undefined && cache === undefined) return null;
  const before = issues.items.length;
  if (timeout !== undefined && !wholeMs(timeout, 1, MAX_MS)) {
    issues.add('originTimeout', 'timeout-range', `${show(timeout)} is not a timeout; give whole milliseconds from 1 to ${MAX_MS}, as in originTimeout: 200.`);
  }
  let ttl = 0;
  let max = DEFAULT_MAX;
  if (cache !== undefined) {
    if (typeof cache !== 'object' || cache === null || Array.isArray(cache)) {
      issues.add('originCache', 'wrong-type', `${show(cache)} is not a cache setting; write originCache: { ttl: 60000, max: 1000 } (milliseconds, entries).`);
    } else {
      const c = cache as Record<string, unknown>;
      for (const key of Object.keys(c)) {
        if (key !== 'ttl' && key !== 'max')
          issues.add(`originCache.${key}`, 'unknown-option', 'is not a cache setting; the settings are ttl (milliseconds) and max (entries).');
      }
      if (!wholeMs(c.ttl, 1, MAX_MS)) {
        issues.add('originCache.ttl', 'cache-range', `${show(c.ttl)} is not a time-to-live; give whole milliseconds from 1 to ${MAX_MS}, as in ttl: 60000.`);
      } else ttl = c.ttl as number;
      if (c.max !== undefined) {
        if (!wholeMs(c.max, 1, MAX_ENTRIES)) {
          issues.add(
            'originCache.max',
            'cache-range',
            `${show(c.max)} is not a size; give a whole number of entries from 1 to ${MAX_ENTRIES}, as in max: 1000.`,
          );
        } else max = c.max as number;
      }
    }
  }
  if (issues.items.length > before) return null;
  return Object.freeze({
    timeout: timeout === undefined ? null : (timeout as number),
    cache: cache === undefined ? null : Object.freeze({ ttl, max }),
  });
}

interface Decision {
  readonly allow: boolean;
  readonly expires: number;
}

/** The answer a shared lookup settles with: a decision, or TIMEOUT. */
const TIMEOUT = 2;
type Outcome = boolean | typeof TIMEOUT;

/**
 * An `origins` function behind a timeout and a decision cache.
 *
 * - A cached decision younger than `ttl` answers without a lookup; the least recently used
 *   entry goes when there are more than `max`.
 * - With a cache, concurrent requests for an origin that is not cached share one lookup.
 * - A lookup that throws, rejects or times out refuses the request and is reported once
 *   (`onError`, else `console.error`); it is not cached, so the next request asks again.
 *   A lookup that answers after its timeout still fills the cache.
 *
 * @example
 * lookupOrigins(async (o) => db.allowed(o), { timeout: 200, cache: { ttl: 60_000, max: 1000 } }, undefined);
 */
export function lookupOrigins(fn: OriginFunction, settings: LookupSettings, onError: ((error: unknown, request: Request) => void) | undefined): OriginRule {
  const { timeout, cache } = settings;
  const decisions = cache === null ? null : new Map<string, Decision>();
  const pending = new Map<string, Promise<Outcome>>();

  const fail = (error: unknown, request: Request): void => {
    if (onError !== undefined) callHook('onError', onError, error, request);
    else if (error instanceof OriginLookupTimeout) console.error(error.message);
    else console.error('fetch-cors: the origins function failed; the origin is refused.', error);
  };

  const store = (origin: string, allow: boolean): void => {
    if (decisions === null || cache === null) return;
    decisions.delete(origin);
    decisions.set(origin, { allow, expires: Date.now() + cache.ttl });
    if (decisions.size > cache.max) {
      const oldest = decisions.keys().next();
      if (!oldest.done) decisions.delete(oldest.value);
    }
  };

  const lookup = (origin: string, request: Request): boolean | Promise<boolean> => {
    let answer: unknown;
    try {
      answer = fn(origin, request);
    } catch (error) {
      fail(error, request);
      return false;
    }
    if (!isThenable(answer)) {
      const allow = answer === true;
      store(origin, allow);
      return allow;
    }
    const outcome = new Promise<Outcome>((resolve) => {
      let done = false;
      const finish = (value: Outcome): void => {
        done = true;
        if (timer !== undefined) clearTimeout(timer);
        if (pending.get(origin) === outcome) pending.delete(origin);
        resolve(value);
      };
      const timer =
        timeout === null
          ? undefined
          : setTimeout(() => {
              if (done) return;
              finish(TIMEOUT);
              fail(new OriginLookupTimeout(origin, timeout), request);
            }, timeout);
      Promise.resolve(answer).then(
        (value) => {
          const allow = value === true;
          store(origin, allow); // a late answer still fills the cache
          if (!done) finish(allow);
        },
        (error: unknown) => {
          if (done) return; // timed out: already reported
          finish(false);
          fail(error, request);
        },
      );
    });
    if (decisions !== null) pending.set(origin, outcome);
    return settleFor(outcome, request, timeout);
  };

  return {
    any: false,
    match(origin: string, request: Request): boolean | Promise<boolean> {
      if (!isValidOrigin(origin)) return false;
      if (decisions !== null) {
        const hit = decisions.get(origin);
        if (hit !== undefined) {
          decisions.delete(origin);
          if (hit.expires > Date.now()) {
            decisions.set(origin, hit); // most recently used goes last
            return hit.allow;
          }
        }
        const shared = pending.get(origin);
        if (shared !== undefined) return settleFor(shared, request, timeout);
      }
      return lookup(origin, request);
    },
  };
}

/** The request's own view of a (possibly shared) lookup; a timeout is remembered for `onReject`. */
function settleFor(outcome: Promise<Outcome>, request: Request, timeout: number | null): Promise<boolean> {
  return outcome.then((value) => {
    if (value === TIMEOUT) {
      anyTimedOut = true;
      timedOut.set(request, timeout ?? 0);
      return false;
    }
    return value;
  });
}
