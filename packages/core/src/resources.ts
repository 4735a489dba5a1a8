/**
 * Resources: per-path options, Flask-CORS's per-route decorator for single-entry handlers.
 * Keys are matched against the pathname the way routers see it: percent-decoded as
 * `decodeURI` does (`%2F`, `%3F`, `%23` and the other reserved characters stay encoded),
 * case-sensitive. An exact path (which also governs its trailing-slash twin) beats any
 * pattern, and among patterns (`/api/*` prefixes and `^…` RegExp sources) the longest key wins.
 */
import { compileAnswers } from './answer-headers.js';
import type { Compiled } from './compiled.js';
import { type IssueList, show } from './errors.js';
import type { OriginRule } from './origin.js';
import { VARY_ACTUAL as VARY_ORIGIN } from './vary.js';

interface Pattern {
  readonly key: string;
  readonly policy: Compiled;
  /** For `/api/*`: `/api`; `null` for a RegExp key. */
  readonly base: string | null;
  readonly re: RegExp | null;
}

/** The compiled `resources` table. */
export interface ResourceTable {
  /**
   * The policy governing `sent` (a pathname as sent), or `null` when no key covers it.
   *
   * Routers read one path in more than one way, and an attacker picks whichever reading lends
   * the broader entry: non-strict routers serve `/admin/` as `/admin` while strict ones serve it
   * apart, and routers match on the path with `%40`, `%3A`, … escaped but hand route parameters
   * decoded. Each reading selects an entry; when they select more than one, an origin gets CORS
   * headers only if every one of them allows it and they answer alike in everything else
   * (credentials, methods, headers, private network, the WebSocket guard…); entries that would
   * answer differently refuse every origin there.
   */
  select(sent: string): Compiled | null;
  /** Answers for paths that routers read as more than one entry, made on first use, at most 1,024. */
  readonly combined: ReadonlyMap<string, Compiled>;
}

function resourceTable(exact: ReadonlyMap<string, Compiled>, unsorted: readonly Pattern[]): ResourceTable {
  const patterns = [...unsorted].sort((a, b) => b.key.length - a.key.length);
  const combined = new Map<string, Compiled>();
  /**
   * Whether a path and its twin can select different patterns: only through a RegExp key or a
   * prefix whose base ends in `/`. Otherwise the twin's pattern is the path's, and a request
   * pays one map look-up for the twin reading.
   */
  const twinPatterns = patterns.some((p) => p.re !== null || (p.base !== null && p.base.endsWith('/')));
  /** Path → the entry of the exact key that is its trailing-slash twin (`exact.get(twin(path))`), built once. */
  const twinKeys = new Map<string, Compiled>();
  for (const [key, policy] of exact) {
    // Every path whose twin is `key`: `key/`, and `key` without its slash where that is a twin.
    twinKeys.set(`${key}/`, policy);
    const bare = key.slice(0, -1);
    if (key.length > 1 && key.endsWith('/') && (!bare.endsWith('/') || bare === '/')) twinKeys.set(bare, policy);
  }
  const ids = new Map<Compiled, number>();
  for (const p of [...exact.values(), ...patterns.map((x) => x.policy)]) if (!ids.has(p)) ids.set(p, ids.size);

  /** The entry for one reading of a path: its exact key, else the longest pattern. */
  const entry = (path: string): Compiled | null => {
    const hit = exact.get(path);
    if (hit !== undefined) return hit;
    for (const p of patterns) {
      if (p.base !== null) {
        if (path.startsWith(p.base) && (path.length === p.base.length || path.charCodeAt(p.base.length) === 47)) return p.policy;
      } else if (p.re !== null && p.re.test(path)) return p.policy;
    }
    return null;
  };

  /** One answer for `found` (two to four entries), led by `lead` when the rules select one. */
  const combine = (lead: Compiled | null, found: ReadonlySet<Compiled>): Compiled => {
    const list = [...found];
    const key = list
      .map((p) => ids.get(p))
      .sort((x, y) => (x as number) - (y as number))
      .join(',');
    let answer = combined.get(key);
    if (answer === undefined) {
      answer = intersect(lead ?? (list[0] as Compiled), list);
      // Bounded: a table of E entries has at most E^4 such sets; past this many, compile afresh.
      if (combined.size < MAX_COMBINED) combined.set(key, answer);
    }
    return answer;
  };

  return {
    combined,
    select(sent: string): Compiled | null {
      const path = routerPath(sent);
      const own = exact.get(path);
      if (own !== undefined) return own; // a key of its own: every router agrees
      const first = entry(path);
      const twinKey = twinKeys.get(path);
      const second = twinKey ?? (twinPatterns ? entry(twin(path)) : first);
      let param: string | null = null;
      if (path.indexOf('%') >= 0) {
        param = paramPath(sent);
        if (param === path) param = null;
      }
      if (param === null && (second === null || second === first)) return first;
      const found = new Set<Compiled>();
      if (first !== null) found.add(first);
      if (second !== null) found.add(second);
      if (param !== null) {
        const p1 = exact.get(param) ?? entry(param);
        const p2 = entry(twin(param));
        if (p1 !== null) found.add(p1);
        if (p2 !== null) found.add(p2);
      }
      if (found.size <= 1) return first ?? (found.values().next().value as Compiled | undefined) ?? null;
      // The entry the documented rules pick leads: an exact key governs its trailing-slash twin.
      return combine(twinKey ?? first, found);
    },
  };
}

const MAX_COMBINED = 1024;

/** Never allows an origin: the answer where entries would answer differently. */
const NO_ORIGIN: OriginRule = Object.freeze({ any: false, match: () => false });

/** Fields `sameAnswers` compares by their parts (the rules), or that are no part of the answer. */
type ComparedApart = 'origins' | 'methods' | 'headers' | 'onReject' | 'onError' | 'answers';

/**
 * The fields that decide an answer besides the origins: entries must agree on them to share
 * one. Keyed by every other `Compiled` field, so a new one fails the type check until it is
 * listed (unlisted, two entries that differ in it would share one answer).
 */
const ANSWER_FIELDS = Object.keys({
  credentials: 1,
  expose: 1,
  maxAge: 1,
  alwaysSend: 1,
  automaticOptions: 1,
  privateNetwork: 1,
  preflightStatus: 1,
  debug: 1,
  websocket: 1,
  varyActual: 1,
  varyPreflight: 1,
  wildcard: 1,
} satisfies { readonly [K in Exclude<keyof Compiled, ComparedApart>]: 1 }) as ReadonlyArray<Exclude<keyof Compiled, ComparedApart>>;

function sameAnswers(a: Compiled, b: Compiled): boolean {
  return (
    ANSWER_FIELDS.every((k) => a[k] === b[k]) &&
    a.methods.any === b.methods.any &&
    a.methods.header === b.methods.header &&
    a.headers.any === b.headers.any &&
    a.headers.header === b.headers.header &&
    a.origins.any === b.origins.any
  );
}

/**
 * `lead`'s answers, given only to origins every entry of `all` allows, when they all answer
 * alike otherwise; else an answer that refuses every origin (and, where any entry guards
 * WebSocket upgrades, every upgrade that carries an Origin).
 */
function intersect(lead: Compiled, all: readonly Compiled[]): Compiled {
  const alike = all.every((p) => sameAnswers(lead, p));
  const rules = all.map((p) => p.origins);
  const origins: OriginRule = alike
    ? {
        any: rules.every((r) => r.any),
        match(origin: string, request: Request): boolean | Promise<boolean> {
          return allAllow(rules, 0, origin, request);
        },
      }
    : NO_ORIGIN;
  const { answers: _answers, ...parts } = lead;
  const options = {
    ...parts,
    origins,
    wildcard: alike && lead.wildcard,
    websocket: Math.max(...all.map((p) => p.websocket)),
    varyActual: lead.varyActual ?? VARY_ORIGIN,
  };
  return Object.freeze({ ...options, answers: compileAnswers(options) });
}

function allAllow(rules: readonly OriginRule[], from: number, origin: string, request: Request): boolean | Promise<boolean> {
  for (let i = from; i < rules.length; i++) {
    const ok = (rules[i] as OriginRule).match(origin, request);
    if (ok === false) return false;
    if (ok !== true) return ok.then((yes) => yes && allAllow(rules, i + 1, origin, request));
  }
  return true;
}

/**
 * The pathname as routers see it: percent-decoded as `decodeURI` does, so an escaped reserved
 * character (`%2F`, `%3F`, `%23`, …) stays escaped. A malformed escape stays as sent, and the
 * well-formed runs of escapes around it are still decoded, each on its own (as Hono's router
 * does), so `/api/%61dmin/x%zz` is `/api/admin/x%zz`. Only a path holding '%' is decoded, so
 * the usual request pays one `indexOf`.
 *
 * @example
 * routerPath('/api/%61dmin/users'); // "/api/admin/users"
 * routerPath('/a%2Fb');             // "/a%2Fb"
 */
export function routerPath(pathname: string): string {
  if (pathname.indexOf('%') < 0) return pathname;
  let decoded: string;
  try {
    decoded = decodeURI(pathname);
  } catch {
    decoded = decodeRuns(pathname, decodeURI);
  }
  return decoded.indexOf('%') < 0 ? decoded : upperEscapes(decoded);
}

/**
 * The pathname as route parameters see it: every escape decoded once (as `decodeURIComponent`
 * does) except `%2F`, which would make a new segment, and `%3F` and `%23`, which no key can
 * hold decoded. `/users/a%40b` is `/users/a@b`.
 *
 * @example
 * paramPath('/users/admin%40example.com'); // "/users/admin@example.com"
 */
export function paramPath(sent: string): string {
  // Split with the escape captured: the escapes split on stay at the odd indices, as sent
  // (upper-cased below), since a key cannot hold '?' or '#'.
  const parts = sent.split(KEPT_ESCAPES);
  for (let i = 0; i < parts.length; i += 2) {
    const part = parts[i] as string;
    if (part.indexOf('%') < 0) continue;
    try {
      parts[i] = decodeURIComponent(part);
    } catch {
      parts[i] = decodeRuns(part, decodeURIComponent);
    }
  }
  const joined = parts.join('');
  return joined.indexOf('%') < 0 ? joined : upperEscapes(joined);
}

/** `%2F`, `%3F` and `%23` in either case: a slash makes a segment, `?` and `#` end the path. */
const KEPT_ESCAPES = /(%2f|%3f|%23)/i;

/** Upper-cases the hex digits of every `%xx` left in a decoded path, so `%2f` is `%2F`. */
function upperEscapes(path: string): string {
  let out = '';
  let last = 0;
  for (let i = path.indexOf('%'); i >= 0 && i + 2 < path.length; i = path.indexOf('%', i + 1)) {
    const hex = path.slice(i + 1, i + 3);
    const up = hex.toUpperCase();
    if (hex !== up && isHexCode(hex.charCodeAt(0)) && isHexCode(hex.charCodeAt(1))) {
      out += path.slice(last, i + 1) + up;
      last = i + 3;
    }
  }
  return last === 0 ? path : out + path.slice(last);
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** Decodes each maximal run of `%XX` escapes on its own, keeping a run `decode` refuses; one pass. */
function decodeRuns(path: string, decode: (s: string) => string): string {
  let out = '';
  let last = 0;
  const n = path.length;
  let i = path.indexOf('%');
  while (i >= 0 && i < n) {
    let end = i;
    while (end + 2 < n && path.charCodeAt(end) === 37 && isHexCode(path.charCodeAt(end + 1)) && isHexCode(path.charCodeAt(end + 2))) end += 3;
    if (end > i) {
      const run = path.slice(i, end);
      let decoded = run;
      try {
        decoded = decode(run);
      } catch {
        // an incomplete or invalid UTF-8 sequence: keep it as sent
      }
      out += path.slice(last, i) + decoded;
      last = end;
      i = path.indexOf('%', end);
    } else i = path.indexOf('%', i + 1);
  }
  return out + path.slice(last);
}

/** The trailing-slash twin of a path: `/login` ↔ `/login/`, `/` ↔ `//` (non-strict routers serve both alike). */
function twin(path: string): string {
  return path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : `${path}/`;
}

/** Why a path key can never match a pathname, or `undefined`. */
function pathKeyProblem(raw: string, decoded: string): string | undefined {
  if (raw.includes('?')) return "has a '?': keys are matched against the path alone, never the query string; remove it.";
  if (raw.includes('#')) return "has a '#': browsers never send the fragment; remove it.";
  // A decoded key can hold '%3F' etc. only as the literal escape, which is fine; dot segments
  // are resolved by the URL parser before any request reaches a handler.
  const segments = decoded.split('/');
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s === '.' || s === '..') return `has the dot segment ${show(s)}, which URLs resolve away before a request arrives; write the resolved path.`;
  }
  return undefined;
}

/** The pathname of an absolute URL as sent (not decoded), without parsing the whole URL. */
export function pathnameOf(url: string): string {
  const scheme = url.indexOf('://');
  const start = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
  if (start < 0) return '/';
  let end = url.length;
  const q = url.indexOf('?', start);
  if (q >= 0) end = q;
  const h = url.indexOf('#', start);
  if (h >= 0 && h < end) end = h;
  return url.slice(start, end);
}

/**
 * Compiles `resources`; `compileEntry` compiles one entry's options merged over the top level.
 */
export function compileResources(
  value: unknown,
  issues: IssueList,
  compileEntry: (key: string, entry: Readonly<Record<string, unknown>>) => Compiled | undefined,
): ResourceTable | undefined {
  const proto = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) {
    issues.add('resources', 'wrong-type', `${show(value)} is not a record of path pattern to options, as in { '/api/*': { origins: [...] } }.`);
    return undefined;
  }
  const exact = new Map<string, Compiled>();
  const patterns: Pattern[] = [];
  let ok = true;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const where = `resources[${show(key)}]`;
    let base: string | null = null;
    let re: RegExp | null = null;
    let path = key;
    if (key.startsWith('^')) {
      try {
        re = new RegExp(key);
      } catch (error) {
        issues.add(where, 'resource-key-invalid', `is not a valid RegExp source: ${(error as Error).message}.`);
        ok = false;
      }
    } else if (key.startsWith('/')) {
      path = routerPath(key);
      const problem = pathKeyProblem(key, path);
      if (problem !== undefined) {
        issues.add(where, 'resource-key-invalid', problem);
        ok = false;
      }
      const star = path.indexOf('*');
      if (star >= 0) {
        if (star !== path.length - 1 || !path.endsWith('/*')) {
          issues.add(where, 'resource-key-invalid', "has '*' where it does not belong; '*' may only end a prefix pattern, as in '/api/*'.");
          ok = false;
        } else base = path.slice(0, -2);
      }
    } else {
      issues.add(where, 'resource-key-invalid', "is neither a path ('/login', '/api/*') nor a RegExp source starting with '^'.");
      ok = false;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.add(where, 'wrong-type', `${show(entry)} is not an options object.`);
      ok = false;
      continue;
    }
    if ('resources' in entry) {
      issues.add(`${where}.resources`, 'resources-nested', 'resources cannot be nested; flatten the paths into one table.');
      ok = false;
      continue;
    }
    const policy = compileEntry(where, entry as Record<string, unknown>);
    if (policy === undefined) {
      ok = false;
      continue;
    }
    if (re === null && base === null) {
      if (exact.has(path)) {
        issues.add(where, 'resource-key-duplicate', `is the same path as another key once decoded (${show(path)}); keep one.`);
        ok = false;
      }
      exact.set(path, policy);
    } else patterns.push({ key: path, policy, base, re });
  }
  // An exact key also governs its trailing-slash twin (routers with non-strict matching serve
  // both), unless the twin has a key of its own.
  return ok ? resourceTable(exact, patterns) : undefined;
}
