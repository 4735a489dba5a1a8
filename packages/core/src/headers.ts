/**
 * Request and response header lists: `allowHeaders` and `exposeHeaders` are read once; a
 * preflight's `Access-Control-Request-Headers` is read in one bounded pass.
 */
import type { IssueList } from './errors.js';
import { isTchar, readNames } from './lists.js';

/** Longest `Access-Control-Request-Headers` read; a longer one is refused unread. */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;

/** Fetch "forbidden request-header" names (a page can never send these), each between commas. */
const FORBIDDEN =
  ',accept-charset,accept-encoding,access-control-request-headers,access-control-request-method,' +
  'access-control-request-private-network,connection,content-length,cookie,cookie2,date,dnt,' +
  'expect,host,keep-alive,origin,referer,set-cookie,te,trailer,transfer-encoding,upgrade,via,';

/** Whether the token `lower` (lower case, so holding no comma) is a forbidden request-header name. */
function isForbidden(lower: string): boolean {
  return FORBIDDEN.includes(`,${lower},`) || lower.startsWith('proxy-') || lower.startsWith('sec-');
}

/** A compiled `allowHeaders` option. */
export interface HeaderRule {
  /** `allowHeaders: '*'`: echo what the preflight asks for. */
  readonly any: boolean;
  /** `Access-Control-Allow-Headers` as configured (`null` for `'*'` or an empty list). */
  readonly header: string | null;
  /** Allowed names, lower-cased. */
  readonly names: ReadonlySet<string>;
}

/**
 * Compiles `allowHeaders`.
 *
 * @example
 * compileAllowHeaders(['Content-Type', 'X-Api-Key'], issues)!.header; // "Content-Type, X-Api-Key"
 */
export function compileAllowHeaders(value: unknown, issues: IssueList): HeaderRule | undefined {
  const list =
    value === undefined
      ? '*'
      : readNames('allowHeaders', value, issues, 'a header name', (h) =>
          isForbidden(h.toLowerCase()) ? ['forbidden-header', 'is a forbidden request header that browsers never let a page send; remove it'] : undefined,
        );
  if (list === undefined) return undefined;
  if (list === '*') return { any: true, header: null, names: new Set() };
  return { any: false, header: list.length > 0 ? list.join(', ') : null, names: new Set(list.map((h) => h.toLowerCase())) };
}

/**
 * Compiles `exposeHeaders` to its header value (`null` when none). That `'*'` cannot go with
 * credentials is checked across options, in config.ts.
 *
 * @example
 * compileExposeHeaders('X-Request-Id, X-Trace', issues); // "X-Request-Id, X-Trace"
 */
export function compileExposeHeaders(value: unknown, issues: IssueList): string | null | undefined {
  if (value === undefined) return null;
  const list = readNames('exposeHeaders', value, issues, 'a header name');
  if (list === undefined || list === '*') return list;
  return list.length > 0 ? list.join(', ') : null;
}

/** Outcome of reading `Access-Control-Request-Headers`. */
export interface RequestHeadersCheck {
  /** The name (or a sentence) that made the preflight fail, or `null` when allowed. */
  readonly refused: string | null;
  /** With `allowHeaders: '*'`: the requested names lower-cased, joined with ","; `''` for none. */
  readonly echo: string;
}

const NONE: RequestHeadersCheck = Object.freeze({ refused: null, echo: '' });

function refused(what: string): RequestHeadersCheck {
  return { refused: what, echo: '' };
}

/**
 * Reads `Access-Control-Request-Headers` in one pass, bounded by MAX_REQUEST_HEADERS_LENGTH.
 * A browser sends lower-case names joined by "," (Fetch "CORS-unsafe request-header names"),
 * which is echoed as it came; any other spelling is normalised.
 */
export function checkRequestHeaders(value: string | null, rule: HeaderRule): RequestHeadersCheck {
  if (value === null || value === '') return NONE;
  const n = value.length;
  if (n > MAX_REQUEST_HEADERS_LENGTH) {
    return refused(`Access-Control-Request-Headers is ${n} characters long, over the limit of ${MAX_REQUEST_HEADERS_LENGTH}; send fewer request headers`);
  }
  let clean = true;
  let parts: string[] | null = null;
  let i = 0;
  while (i <= n) {
    const before = i;
    while (i < n && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) i++;
    const start = i;
    let upper = false;
    while (i < n) {
      const c = value.charCodeAt(i);
      if (!isTchar(c)) break;
      if (c >= 65 && c <= 90) upper = true;
      i++;
    }
    const end = i;
    while (i < n && (value.charCodeAt(i) === 32 || value.charCodeAt(i) === 9)) i++;
    if (i < n && value.charCodeAt(i) !== 44)
      return refused(`Access-Control-Request-Headers has a character at position ${i} that no header name may hold; no allowHeaders setting can allow it`);
    const tidy = start === before && end === i && end > start && !upper;
    if (clean && !tidy) {
      clean = false;
      if (rule.any) parts = before > 0 ? value.slice(0, before - 1).split(',') : [];
    }
    if (end > start && (!rule.any || parts !== null)) {
      let name = value.slice(start, end);
      if (upper) name = name.toLowerCase();
      if (!rule.any && !rule.names.has(name)) return refused(name);
      if (parts !== null) parts.push(name);
    }
    i++; // the comma
  }
  if (!rule.any) return NONE;
  return { refused: null, echo: clean ? value : (parts ?? []).join(',') };
}
