/**
 * Resources: per-path options, Flask-CORS's per-route decorator for single-entry handlers.
 * Keys are matched against the pathname the way routers see it: percent-decoded as
 * `decodeURI` does (`%2F`, `%3F`, `%23` and the other reserved characters stay encoded),
 * case-sensitive. An exact path (which also governs its trailing-slash twin) beats any
 * pattern, and among patterns (`/api/*` prefixes and `^…` RegExp sources) the longest key wins.
 */
import type { Compiled } from './compiled.js';
import { type IssueList, show } from './errors.js';

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
  private readonly patterns: readonly Pattern[];

  constructor(exact: Map<string, Compiled>, patterns: Pattern[]) {
    this.exact = exact;
    this.patterns = [...patterns].sort((a, b) => b.key.length - a.key.length);
  }

  /** The policy of the entry matching `pathname` (as sent), or `null` when none does. */
  select(sent: string): Compiled | null {
    const pathname = routerPath(sent);
    const hit = this.exact.get(pathname);
    if (hit !== undefined) return hit;
    for (const p of this.patterns) {
      if (p.base !== null) {
        if (pathname.startsWith(p.base) && (pathname.length === p.base.length || pathname.charCodeAt(p.base.length) === 47)) return p.policy;
      } else if (p.re !== null && p.re.test(pathname)) return p.policy;
    }
    return null;
  }
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
  try {
    return decodeURI(pathname);
  } catch {
    return decodeRuns(pathname);
  }
}

function isHexCode(c: number): boolean {
  return (c >= 48 && c <= 57) || ((c | 0x20) >= 97 && (c | 0x20) <= 102);
}

/** Decodes each maximal run of `%XX` escapes on its own, keeping a run `decodeURI` refuses; one pass. */
function decodeRuns(path: string): string {
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
        decoded = decodeURI(run);
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

/** The trailing-slash twin of an exact path: `/login` ↔ `/login/`; `null` for `/`. */
function twin(path: string): string | null {
  if (path === '/') return null;
  return path.endsWith('/') ? path.slice(0, -1) : `${path}/`;
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
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
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
  const twins: [string, Compiled][] = [];
  for (const [path, policy] of exact) {
    const other = twin(path);
    if (other !== null && !exact.has(other)) twins.push([other, policy]);
  }
  for (const [path, policy] of twins) exact.set(path, policy);
  return ok ? new ResourceTable(exact, patterns) : undefined;
}
