/**
 * Request and response header lists: `allowHeaders` and `exposeHeaders` are read once; a
 * preflight's `Access-Control-Request-Headers` is read in one bounded pass.
 */
import { type IssueList, show } from './errors.js';
import { isTchar, isToken, readList } from './lists.js';

/** Longest `Access-Control-Request-Headers` read; a longer one is refused unread. */
export const MAX_REQUEST_HEADERS_LENGTH = 4096;

/** Fetch "forbidden request-header" names: a page can never send these. */
const FORBIDDEN: ReadonlySet<string> = new Set([
  'accept-charset', 'accept-encoding', 'access-control-request-headers', 'access-control-request-method',
  'access-control-request-private-network', 'connection', 'content-length', 'cookie', 'cookie2', 'date', 'dnt',
  'expect', 'host', 'keep-alive', 'origin', 'referer', 'set-cookie', 'te', 'trailer', 'transfer-encoding',
  'upgrade', 'via',
]);

function isForbidden(lower: string): boolean {
  return FORBIDDEN.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-');
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
  const list = value === undefined ? '*' : readList('allowHeaders', value, issues);
  if (list === undefined) return undefined;
  if (list === '*') return { any: true, header: null, names: new Set() };
  const names = new Set<string>();
  const spelled: string[] = [];
  let ok = true;
  for (const h of list) {
    const lower = h.toLowerCase();
    if (!isToken(h)) {
      issues.add('allowHeaders', 'not-a-token', `${show(h)} is not a header name (a token: letters, digits, !#$%&'*+-.^_\`|~).`);
      ok = false;
    } else if (isForbidden(lower)) {
      issues.add('allowHeaders', 'forbidden-header', `${show(h)} is a forbidden request header that browsers never let a page send; remove it.`);
      ok = false;
    } else if (!names.has(lower)) {
      names.add(lower);
      spelled.push(h);
    }
  }
  if (!ok) return undefined;
  return { any: false, header: spelled.length > 0 ? spelled.join(', ') : null, names };
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
  const list = readList('exposeHeaders', value, issues);
  if (list === undefined) return undefined;
  if (list === '*') return '*';
  let ok = true;
  const names: string[] = [];
  const seen = new Set<string>();
  for (const h of list) {
    if (!isToken(h)) {
      issues.add('exposeHeaders', 'not-a-token', `${show(h)} is not a header name (a token: letters, digits, !#$%&'*+-.^_\`|~).`);
      ok = false;
    } else if (!seen.has(h.toLowerCase())) {
      seen.add(h.toLowerCase());
      names.push(h);
    }
  }
  if (!ok) return undefined;
  return names.length > 0 ? names.join(', ') : null;
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
    if (i < n && value.charCodeAt(i) !== 44) return refused(`Access-Control-Request-Headers has a character at position ${i} that no header name may hold; no allowHeaders setting can allow it`);
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
