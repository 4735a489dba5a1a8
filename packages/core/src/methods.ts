/**
 * Methods: `methods` is read once; a preflight's requested method is checked with one set
 * look-up. Names are normalised as the Fetch standard does ("normalize a method").
 */
import { type IssueList, show } from './errors.js';
import { isToken, readList } from './lists.js';
import { DEFAULT_METHODS } from './options.js';

/** Fetch: these six are upper-cased whatever their case; any other method keeps its case. */
const NORMALIZED: ReadonlySet<string> = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);
/** CORS-safelisted methods: browsers never check them against the answer, so they are never refused. */
const SAFELISTED: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);
/** Methods the Fetch standard forbids a page to send. */
const FORBIDDEN: ReadonlySet<string> = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Fetch "normalize a method": `delete get head options post put` become upper case. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

/** A compiled `methods` option. */
export interface MethodRule {
  /** `methods: '*'`. */
  readonly any: boolean;
  /** `Access-Control-Allow-Methods` as configured, joined once (`*` for any). */
  readonly header: string;
  /** Whether a preflight may ask for `requested` (the raw `Access-Control-Request-Method`). */
  allows(requested: string): boolean;
}

class MethodSet implements MethodRule {
  constructor(
    readonly any: boolean,
    readonly header: string,
    private readonly set: ReadonlySet<string>,
  ) {}

  allows(requested: string): boolean {
    if (this.set.has(requested) || SAFELISTED.has(requested)) return isToken(requested);
    if (!isToken(requested)) return false;
    if (this.any) return true;
    const normal = normalizeMethod(requested);
    return normal !== requested && (this.set.has(normal) || SAFELISTED.has(normal));
  }
}

/**
 * Compiles the `methods` option, recording problems in `issues`.
 *
 * @example
 * compileMethods('get, post, PURGE', issues)!.header; // "GET, POST, PURGE"
 */
export function compileMethods(value: unknown, issues: IssueList): MethodRule | undefined {
  const list = value === undefined ? DEFAULT_METHODS : readList('methods', value, issues);
  if (list === undefined) return undefined;
  if (list === '*') return new MethodSet(true, '*', new Set());
  const names: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const m of list) {
    if (!isToken(m)) {
      issues.add('methods', 'not-a-token', `${show(m)} is not an HTTP method name (a token: letters, digits, !#$%&'*+-.^_\`|~).`);
      ok = false;
    } else if (FORBIDDEN.has(m.toUpperCase())) {
      issues.add('methods', 'forbidden-method', `${show(m)} is a method browsers never send; remove it.`);
      ok = false;
    } else {
      const normal = normalizeMethod(m);
      if (!seen.has(normal)) {
        seen.add(normal);
        names.push(normal);
      }
    }
  }
  return ok ? new MethodSet(false, names.join(', '), new Set(names)) : undefined;
}
