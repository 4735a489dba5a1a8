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
export class ResourceTable {
  private readonly exact: ReadonlyMap<string, Compiled>;
  /** Trailing-slash twins of exact keys that have no key of their own. */
  private readonly twins: ReadonlyMap<string, Compiled>;
  private readonly patterns: readonly Pattern[];
  private readonly regexps: boolean;
  /** Intersections of two entries, made the first time a path needs one (see `both`). */
  private readonly pairs = new Map<Compiled, Map<Compiled, Compiled>>();

  constructor(exact: Map<string, Compiled>, twins: Map<string, Compiled>, patterns: Pattern[]) {
    this.exact = exact;
    this.twins = twins;
    this.patterns = [...patterns].sort((a, b) => b.key.length - a.key.length);
    this.regexps = patterns.some((p) => p.re !== null);
  }

  /**
   * The policy governing `sent` (a pathname as sent), or `null` when no key covers it.
   *
   * Routers disagree on a path in two ways that matter here, and an attacker picks whichever
   * view lends the broader entry: strict routers serve `/admin/` apart from `/admin` while
   * non-strict ones serve them alike, and routers keep `%40`, `%3A`, … encoded for matching
   * but hand route parameters fully decoded. When the views select different entries, the
   * answer is their intersection: an origin gets CORS headers only if every one allows it.
   */
  select(sent: string): Compiled | null {
    const path = routerPath(sent);
    let p = this.views(path);
    if (path.indexOf('%') >= 0) {
      const param = paramPath(sent);
      if (param !== path) p = this.join(p, this.views(param));
    }
    return p;
  }

  /** The entry for `path` under strict and under non-strict routing, joined. */
  private views(path: string): Compiled | null {
    const hit = this.exact.get(path);
    if (hit !== undefined) return hit; // a key of its own: every router agrees
    const strict = this.patternFor(path, null);
    let loose = this.twins.get(path);
    if (loose === undefined) {
      if (!this.regexps) return strict;
      loose = this.patternFor(path, twin(path)) ?? undefined;
      if (loose === undefined) return strict;
    }
    return this.join(loose, strict);
  }

  /** The longest pattern matching `path` (a RegExp key also tried on `other`, the twin). */
  private patternFor(path: string, other: string | null): Compiled | null {
    for (const p of this.patterns) {
      if (p.base !== null) {
        if (path.startsWith(p.base) && (path.length === p.base.length || path.charCodeAt(p.base.length) === 47)) return p.policy;
      } else if (p.re !== null && (p.re.test(path) || (other !== null && p.re.test(other)))) return p.policy;
    }
    return null;
  }

  /**
   * Both entries' decision, where each view has one; `null` (no key) takes no part. `a` is the
   * entry the documented rule picks (decoded path, trailing-slash twin), whose answers are sent.
   */
  private join(a: Compiled | null, b: Compiled | null): Compiled | null {
    if (a === null || a === b) return b;
    if (b === null) return a;
    let row = this.pairs.get(a);
    if (row === undefined) this.pairs.set(a, (row = new Map()));
    let both = row.get(b);
    if (both === undefined) row.set(b, (both = intersect(a, b)));
    return both;
  }
}

/**
 * `a`'s answers, given only to origins both `a` and `b` allow. A `*` answer becomes the echoed
 * origin (with `Vary: Origin`) unless both answer `*`.
 */
function intersect(a: Compiled, b: Compiled): Compiled {
  const ra = a.origins;
  const rb = b.origins;
  const origins: OriginRule = {
    any: ra.any && rb.any,
    match(origin: string, request: Request): boolean | Promise<boolean> {
      const first = ra.match(origin, request);
      if (first === false) return false;
      if (first === true) return rb.match(origin, request);
      return first.then((ok) => ok && rb.match(origin, request));
    },
  };
  const wildcard = a.wildcard && b.wildcard;
  const { answers: _answers, ...parts } = a;
  const options = {
    ...parts,
    origins,
    wildcard,
    alwaysSend: a.alwaysSend && b.alwaysSend,
    varyActual: wildcard ? a.varyActual : (a.varyActual ?? b.varyActual ?? VARY_ORIGIN),
  };
  return Object.freeze({ ...options, answers: compileAnswers(options) });
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
 * does) except `%2F`, which would make a new segment. `/users/a%40b` is `/users/a@b`.
 *
 * @example
 * paramPath('/users/admin%40example.com'); // "/users/admin@example.com"
 */
export function paramPath(sent: string): string {
  const parts = sent.split(SLASH_ESCAPE);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part.indexOf('%') < 0) continue;
    try {
      parts[i] = decodeURIComponent(part);
    } catch {
      parts[i] = decodeRuns(part, decodeURIComponent);
    }
  }
  const joined = parts.join('%2F');
  return joined.indexOf('%') < 0 ? joined : upperEscapes(joined);
}

/** `%2F` in either case; built once. */
const SLASH_ESCAPE = /%2f/i;

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
  const twins = new Map<string, Compiled>();
  for (const [path, policy] of exact) {
    const other = twin(path);
    if (!exact.has(other)) twins.set(other, policy);
  }
  return ok ? new ResourceTable(exact, twins, patterns) : undefined;
}
