/**
 * Resources: per-path options, the seed's per-route decorator for single-entry handlers.
 * Keys are matched against the pathname as sent: an exact path beats any pattern, and among
 * patterns (`/api/*` prefixes and `^…` RegExp sources) the longest key wins.
 */
import type { Compiled } from './config.js';
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

  /** The policy of the entry matching `pathname`, or `null` when none does. */
  select(pathname: string): Compiled | null {
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

/** The pathname of an absolute URL as sent (no decoding), without parsing the whole URL. */
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
    issues.add('resources', `${show(value)} is not a record of path pattern to options, as in { '/api/*': { origins: [...] } }.`);
    return undefined;
  }
  const exact = new Map<string, Compiled>();
  const patterns: Pattern[] = [];
  let ok = true;
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    const where = `resources[${show(key)}]`;
    let base: string | null = null;
    let re: RegExp | null = null;
    if (key.startsWith('^')) {
      try {
        re = new RegExp(key);
      } catch (error) {
        issues.add(where, `is not a valid RegExp source: ${(error as Error).message}.`);
        ok = false;
      }
    } else if (key.startsWith('/')) {
      const star = key.indexOf('*');
      if (star >= 0) {
        if (star !== key.length - 1 || !key.endsWith('/*')) {
          issues.add(where, "has '*' where it does not belong; '*' may only end a prefix pattern, as in '/api/*'.");
          ok = false;
        } else base = key.slice(0, -2);
      }
    } else {
      issues.add(where, "is neither a path ('/login', '/api/*') nor a RegExp source starting with '^'.");
      ok = false;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      issues.add(where, `${show(entry)} is not an options object.`);
      ok = false;
      continue;
    }
    if ('resources' in entry) {
      issues.add(`${where}.resources`, 'resources cannot be nested; flatten the paths into one table.');
      ok = false;
      continue;
    }
    const policy = compileEntry(where, entry as Record<string, unknown>);
    if (policy === undefined) {
      ok = false;
      continue;
    }
    if (re === null && base === null) exact.set(key, policy);
    else patterns.push({ key, policy, base, re });
  }
  return ok ? new ResourceTable(exact, patterns) : undefined;
}
