/**
 * Methods: `methods` is read once; a preflight's requested method is checked with one set
 * look-up. Names are normalised as the Fetch standard does ("normalize a method").
 */
import type { IssueList } from './errors.js';
import { isToken, readNames } from './lists.js';
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

/** A method rule over the allowed set; `any` for `methods: '*'`. */
function methodSet(any: boolean, header: string, set: ReadonlySet<string>): MethodRule {
  return {
    any,
    header,
    allows(requested: string): boolean {
      if (set.has(requested) || SAFELISTED.has(requested)) return isToken(requested);
      if (!isToken(requested)) return false;
      if (any) return true;
      const normal = normalizeMethod(requested);
      return normal !== requested && (set.has(normal) || SAFELISTED.has(normal));
    },
  };
}

/**
 * Compiles the `methods` option, recording problems in `issues`.
 *
 * @example
 * compileMethods('get, post, PURGE', issues)!.header; // "GET, POST, PURGE"
 */
export function compileMethods(value: unknown, issues: IssueList): MethodRule | undefined {
  const list =
    value === undefined
      ? DEFAULT_METHODS
      : readNames(
          'methods',
          value,
          issues,
          'an HTTP method name',
          (m) => (FORBIDDEN.has(m.toUpperCase()) ? ['forbidden-method', 'is a method browsers never send; remove it'] : undefined),
          normalizeMethod,
        );
  if (list === undefined) return undefined;
  if (list === '*') return methodSet(true, '*', new Set());
  return methodSet(false, list.join(', '), new Set(list));
}
