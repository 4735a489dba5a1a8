/**
 * Origins: the `origins` option is read and compiled once; at request time an Origin is
 * matched with set look-ups and string compares, never a RegExp built on the spot.
 *
 * A serialized origin (Fetch standard, "origin" / HTML "serialization of an origin") is
 * `scheme://host[:port]` with no default port, or the opaque `null`.
 */
import { type ConfigIssueCode, type IssueList, show } from './errors.js';
import { callHook } from './hooks.js';
import type { OriginFunction } from './options.js';
import { isThenable } from './promise.js';

/** Longest request Origin looked at; longer ones are refused unread (no DNS name is this long). */
const MAX_ORIGIN_LENGTH = 1024;
const INVALID = 0;
const CANONICAL = 1;
const NON_CANONICAL = 2;

/** A compiled `origins` option. */
export interface OriginRule {
  /** `origins: '*'`: every origin, `null` included. */
  readonly any: boolean;
  /** Whether the Origin (as sent) is allowed; a function rule may answer with a Promise. */
  match(origin: string, request: Request): boolean | Promise<boolean>;
}

// ---------------------------------------------------------------- request time

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}
function isLowerOrDigit(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
}

/** Whether the scheme `s[0..end)` is `name` (lower case), compared case-insensitively. */
function schemeIs(s: string, end: number, name: string): boolean {
  if (end !== name.length) return false;
  for (let i = 0; i < end; i++) if ((s.charCodeAt(i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * Whether `s[from..to)` is one or more dot-separated DNS labels: INVALID, CANONICAL (lower
 * case) or NON_CANONICAL (upper-case letters in it).
 */
function labels(s: string, from: number, to: number): number {
  if (to <= from) return INVALID;
  let canonical = true;
  let label = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (label === 0) return INVALID;
      label = 0;
    } else if (isLowerOrDigit(c) || c === 45 || c === 95) label++;
    else if (isUpper(c)) {
      label++;
      canonical = false;
    } else return INVALID;
  }
  if (label === 0) return INVALID;
  return canonical ? CANONICAL : NON_CANONICAL;
}

/**
 * Checks that `s` is a serialized origin without allocating. Returns INVALID,
 * CANONICAL (lower case, no default port: comparable as is) or NON_CANONICAL.
 */
function classify(s: string): number {
  const n = s.length;
  if (n > MAX_ORIGIN_LENGTH || n < 4) return s === 'null' ? CANONICAL : INVALID;
  if (s === 'null') return CANONICAL;
  let canonical = true;
  let c = s.charCodeAt(0);
  if (!((c | 0x20) >= 97 && (c | 0x20) <= 122)) return INVALID;
  let i = 0;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c === 58) break; // ':'
    if (isUpper(c)) canonical = false;
    else if (!(isLowerOrDigit(c) || c === 43 || c === 45 || c === 46)) return INVALID; // + - .
  }
  const schemeEnd = i;
  if (s.charCodeAt(i + 1) !== 47 || s.charCodeAt(i + 2) !== 47) return INVALID; // '//'
  i += 3;
  if (i >= n) return INVALID;
  if (s.charCodeAt(i) === 91) {
    // '[' IPv6 literal: rare in an Origin, so the URL parser judges it (allocating).
    const start = i;
    for (i++; i < n; i++) {
      c = s.charCodeAt(i);
      if (c === 93) break; // ']'
      if (isUpper(c)) canonical = false;
      else if (!(isLowerOrDigit(c) || c === 58)) return INVALID;
    }
    if (i >= n || !isSerializedHost(s.slice(start, ++i).toLowerCase())) return INVALID;
  } else {
    const colon = s.indexOf(':', i);
    const hostEnd = colon < 0 ? n : colon;
    // A fully qualified name keeps its trailing dot (`https://app.example.com.`): browsers send
    // it so, as another origin than the name without it.
    const nameEnd = hostEnd - i >= 2 && s.charCodeAt(hostEnd - 1) === 46 ? hostEnd - 1 : hostEnd;
    const host = labels(s, i, nameEnd);
    if (host === INVALID) return INVALID;
    // A last label that starts with a digit may be an IPv4 address, or refused as one (WHATWG
    // URL "ends in a number checker"): past the dotted-decimal form browsers write, the URL
    // parser judges it (allocating; rare in an Origin).
    const dot = s.lastIndexOf('.', nameEnd - 1);
    if (isDigit(s.charCodeAt(dot < i ? i : dot + 1)) && !isDottedQuad(s, i, hostEnd) && !isSerializedHost(s.slice(i, hostEnd).toLowerCase())) {
      return INVALID;
    }
    if (host === NON_CANONICAL) canonical = false;
    i = hostEnd;
  }
  if (i < n) {
    if (s.charCodeAt(i) !== 58) return INVALID;
    i++;
    const digits = n - i;
    if (digits < 1 || digits > 5 || s.charCodeAt(i) === 48) return INVALID;
    let port = 0;
    for (; i < n; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) return INVALID;
      port = port * 10 + (c - 48);
    }
    if (port > 65535) return INVALID;
    if (port === defaultPort(s, schemeEnd)) canonical = false;
  }
  return canonical ? CANONICAL : NON_CANONICAL;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Whether `s[from..to)` is IPv4 as browsers write it: four decimal parts 0-255, no leading zeros. */
function isDottedQuad(s: string, from: number, to: number): boolean {
  let parts = 0;
  let value = 0;
  let len = 0;
  for (let i = from; i <= to; i++) {
    const c = i < to ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (len === 0 || ++parts > 4) return false;
      len = 0;
      value = 0;
    } else {
      if (!isDigit(c) || (len > 0 && value === 0)) return false;
      value = value * 10 + c - 48;
      if (value > 255) return false;
      len++;
    }
  }
  return parts === 4;
}

/** Whether the URL parser writes the host `h` (lower case) as it is: `[::1]`, `1.2.3.4`, `a.b.`. */
function isSerializedHost(h: string): boolean {
  return serializedHost(h) === h;
}

/** The WHATWG URL host parser's serialization of `host`, or `undefined` when it refuses it. */
function serializedHost(host: string): string | undefined {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

function defaultPort(s: string, schemeEnd: number): number {
  if (schemeIs(s, schemeEnd, 'https') || schemeIs(s, schemeEnd, 'wss')) return 443;
  if (schemeIs(s, schemeEnd, 'http') || schemeIs(s, schemeEnd, 'ws')) return 80;
  return -1;
}

/** Lower-cases a valid origin and drops a default port. */
function canonicalize(s: string): string {
  const lower = s.toLowerCase();
  const schemeEnd = lower.indexOf(':');
  const colon = lower.lastIndexOf(':');
  if (colon > schemeEnd && colon > lower.lastIndexOf(']')) {
    if (Number(lower.slice(colon + 1)) === defaultPort(lower, schemeEnd)) return lower.slice(0, colon);
  }
  return lower;
}

/** `scheme://*.base[:port]`: one or more labels before `base`, never `base` itself. */
interface SubdomainPattern {
  readonly prefix: string; // "https://"
  readonly suffix: string; // ".example.com" or ".example.com:8443"
}

const HASH_MASK = 0x3fffffff; // stays a small integer: no heap number per step

/** Hash of `s.slice(from)` read backwards, as the request-time scan computes it. */
function suffixHash(s: string, from: number): number {
  let h = 0;
  for (let i = s.length - 1; i >= from; i--) h = (Math.imul(h, 31) + s.charCodeAt(i)) & HASH_MASK;
  return h;
}

/** A list of exact origins, subdomain patterns, port patterns and RegExps. */
function originList(exact: ReadonlySet<string>, subs: readonly SubdomainPattern[], ports: readonly string[], regexps: readonly RegExp[]): OriginRule {
  /** Subdomain patterns indexed by the hash of their suffix: one look-up per dot of the Origin. */
  const index = new Map<number, SubdomainPattern[]>();
  for (const p of subs) {
    const h = suffixHash(p.suffix, 0);
    const bucket = index.get(h);
    if (bucket) bucket.push(p);
    else index.set(h, [p]);
  }
  const patterns = index.size > 0;

  /** Port patterns and RegExps, for a valid canonical origin `c`. */
  const matchRest = (c: string): boolean => {
    if (c !== 'null') {
      for (const prefix of ports) {
        if (c.startsWith(prefix) && (c.length === prefix.length || c.charCodeAt(prefix.length) === 58)) return true;
      }
    }
    for (const re of regexps) if (re.test(c)) return true;
    return false;
  };

  /**
   * One backward walk over the host: at each dot, the suffix hash picks the patterns whose
   * suffix this could be; a hit also needs the scheme and valid lower-case labels before it.
   */
  const matchSubdomain = (o: string): boolean => {
    const n = o.length;
    if (n > MAX_ORIGIN_LENGTH) return false;
    let h = 0;
    for (let i = n - 1; i > 0; i--) {
      const code = o.charCodeAt(i);
      if (code === 47) return false; // '/': the start of the host
      h = (Math.imul(h, 31) + code) & HASH_MASK;
      if (code !== 46) continue;
      const bucket = index.get(h);
      if (bucket === undefined) continue;
      for (const p of bucket) {
        if (p.suffix.length === n - i && o.startsWith(p.prefix) && o.endsWith(p.suffix) && labels(o, p.prefix.length, i) === CANONICAL) {
          return true;
        }
      }
    }
    return false;
  };

  return {
    any: false,
    match(origin: string): boolean {
      if (exact.has(origin)) return true;
      // Browsers send canonical origins: a pattern match on the Origin as sent needs no
      // separate validity scan (the walk checks the labels it matched).
      if (patterns && matchSubdomain(origin)) return true;
      const kind = classify(origin);
      if (kind === INVALID) return false;
      if (kind === CANONICAL) return matchRest(origin);
      const c = canonicalize(origin);
      if (exact.has(c) || (patterns && matchSubdomain(c))) return true;
      return matchRest(c);
    },
  };
}

/** `origins: '*'`: every valid origin. */
const ANY_ORIGIN: OriginRule = { any: true, match: (origin) => classify(origin) !== INVALID };

/** Where a failing `origins` function is reported: the user's `onError`, else `console.error`. */
export type OriginErrorReport = ((error: unknown, request: Request) => void) | undefined;

const isTrue = (value: unknown): boolean => value === true;

/**
 * An `origins` function, asked only about valid origins; a throw or a rejection refuses the
 * origin and is reported once.
 */
function functionOrigin(fn: OriginFunction, onError: OriginErrorReport): OriginRule {
  const refuse = (error: unknown, request: Request): false => {
    if (onError !== undefined) callHook('onError', onError, error, request);
    else console.error('fetch-cors: the origins function threw; the origin is refused.', error);
    return false;
  };
  return {
    any: false,
    match(origin: string, request: Request): boolean | Promise<boolean> {
      if (classify(origin) === INVALID) return false;
      let answer: boolean | Promise<boolean>;
      try {
        answer = fn(origin, request);
      } catch (error) {
        return refuse(error, request);
      }
      if (isThenable(answer)) {
        return Promise.resolve(answer).then(isTrue, (error: unknown) => refuse(error, request));
      }
      return answer === true;
    },
  };
}

/**
 * Whether `s` is a valid serialized origin (`null` included), checked without allocating.
 *
 * @example
 * isValidOrigin('https://app.example.com'); // true
 */
export function isValidOrigin(s: string): boolean {
  return classify(s) !== INVALID;
}

// ---------------------------------------------------------------- construction

const SCHEME = /^[a-z][a-z0-9+.-]*$/;
const LABEL = /^[a-z0-9_-]+$/;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
/**
 * Special-use names (RFC 6761, RFC 6762, RFC 8375, ICANN's `internal`): no public registry hands
 * out names under them, so a subdomain wildcard over one is the deployment's own. Any other
 * single label (`https://*.com`) is refused. Names under a public suffix of more labels
 * (`*.github.io`, `*.co.uk`) cannot be told apart without the Public Suffix List, which the
 * core does not carry; see SECURITY.md.
 */
const SPECIAL_USE: ReadonlySet<string> = new Set(['localhost', 'test', 'internal', 'local', 'example', 'invalid']);

/** Why an entry is refused: its code and the sentence after the entry. */
type Problem = readonly [code: ConfigIssueCode, message: string];

type Entry =
  | { readonly kind: 'exact'; readonly origin: string }
  | { readonly kind: 'subdomain'; readonly pattern: SubdomainPattern }
  | { readonly kind: 'port'; readonly prefix: string };

/** Why `host` (lower case) is not a valid host, or `undefined`. */
function hostProblem(host: string): Problem | undefined {
  if (host === '') return ['origin-bad-host', 'has no host'];
  if (!isAscii(host)) return ['origin-bad-host', 'has a non-ASCII host; write internationalised names in punycode (xn--…)'];
  if (!host.startsWith('[') && !IPV4.test(host)) {
    const labels = host.split('.');
    if (labels.some((l) => l === '')) return ['origin-bad-host', 'has an empty label in its host'];
    if (!labels.every((l) => LABEL.test(l))) return ['origin-bad-host', 'has a host that is not a DNS name (letters, digits and hyphens)'];
    if (labels.some((l) => l.length > 63)) return ['origin-bad-host', 'has a label longer than 63 characters'];
    if (labels.some((l) => l.startsWith('-') || l.endsWith('-'))) return ['origin-bad-host', 'has a label that starts or ends with a hyphen'];
  }
  // A browser sends the host as the URL parser serializes it; an entry spelled otherwise
  // ([0:0::1], 127.000.0.1) could never match.
  const serialized = serializedHost(host);
  if (serialized === undefined) return ['origin-bad-host', 'has a host that is not a valid DNS name or IP address'];
  if (serialized !== host) return ['origin-not-canonical', `has a host that browsers write as ${show(serialized)}; write that`];
  return undefined;
}

/** Reads one origin entry; returns a problem (code and sentence) when it is not one. */
function parseEntry(v: string): Entry | Problem {
  const trimmed = v.trim();
  if (v !== trimmed) return ['surrounding-space', `has leading or trailing spaces; write ${show(trimmed)}`];
  if (v === 'null') return { kind: 'exact', origin: 'null' };
  if (v.includes(',')) return ['origin-several', 'holds several origins; give them as an array of strings'];
  const sep = v.indexOf('://');
  if (sep <= 0) return ['origin-no-scheme', `has no scheme; write ${show(`https://${v.replace(/^\/+/, '')}`)}`];
  const scheme = v.slice(0, sep).toLowerCase();
  if (!SCHEME.test(scheme)) return ['origin-bad-scheme', `has an invalid scheme ${show(v.slice(0, sep))}`];
  let rest = v.slice(sep + 3);
  const cut = rest.search(/[/?#]/);
  if (cut >= 0) {
    const tail = rest.slice(cut);
    const bare = `${v.slice(0, sep + 3)}${rest.slice(0, cut)}`;
    if (tail === '/') return ['origin-trailing-slash', `has a trailing slash; write ${show(bare)}`];
    return ['origin-has-path', `has a path, query or fragment (${show(tail)}); an origin is scheme://host[:port], write ${show(bare)}`];
  }
  if (rest.includes('@')) return ['origin-has-userinfo', 'has user info; an origin is scheme://host[:port]'];
  rest = rest.toLowerCase();
  let host = rest;
  let port = '';
  const close = rest.lastIndexOf(']');
  const colon = rest.lastIndexOf(':');
  if (colon > close) {
    host = rest.slice(0, colon);
    port = rest.slice(colon + 1);
  }
  const stars = (v.match(/\*/g) ?? []).length;
  if (stars > 1)
    return ['pattern-bad-wildcard', "has more than one '*'; a pattern has one, for subdomains (https://*.example.com) or the port (http://localhost:*)"];
  if (port !== '' && port !== '*') {
    if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return ['origin-bad-port', 'has a port that is not a number from 1 to 65535'];
    if (port.charCodeAt(0) === 48)
      return ['origin-not-canonical', `has a port with a leading zero (${show(port)}); browsers send ${show(String(Number(port)))}, write that`];
    port = String(Number(port));
    if (Number(port) === defaultPort(scheme, scheme.length)) port = '';
  } else if (port === '' && colon > close) return ['origin-bad-port', 'has an empty port'];
  if (stars === 0) {
    const problem = hostProblem(host);
    if (problem) return problem;
    return { kind: 'exact', origin: `${scheme}://${host}${port ? `:${port}` : ''}` };
  }
  if (port === '*') {
    if (host.includes('*')) return ['pattern-bad-wildcard', "has more than one '*'"];
    const problem = hostProblem(host);
    if (problem) return problem;
    return { kind: 'port', prefix: `${scheme}://${host}` };
  }
  if (host === '*' || host === '*.') return ['pattern-too-broad', `matches nearly every origin; name the site, as in ${show(`${scheme}://*.example.com`)}`];
  if (!host.startsWith('*.')) {
    return [
      'pattern-bad-wildcard',
      "has '*' where a pattern does not allow it; '*' stands only for the leading labels (https://*.example.com) or the port (http://localhost:*)",
    ];
  }
  const base = host.slice(2);
  if (base.includes('*')) return ['pattern-bad-wildcard', "has more than one '*'"];
  if (base.startsWith('[') || /^[\d.]+$/.test(base)) return ['pattern-on-ip', "uses '*' with an IP address; list the exact origins"];
  const problem = hostProblem(base);
  if (problem) return problem;
  const labels = base.split('.');
  if ((labels.length < 2 && !SPECIAL_USE.has(base)) || /^\d+$/.test(labels[labels.length - 1] ?? '')) {
    return ['pattern-too-broad', `matches nearly every origin (every name under ${show(base)}); name the site, as in ${show(`${scheme}://*.example.${base}`)}`];
  }
  return { kind: 'subdomain', pattern: { prefix: `${scheme}://`, suffix: `.${base}${port ? `:${port}` : ''}` } };
}

function wholeMatch(re: RegExp): RegExp {
  const flags = [...new Set(re.flags.replace(/[gym]/g, '') + 'i')].join('');
  return new RegExp(`^(?:${re.source})$`, flags);
}

/**
 * Compiles the `origins` option, recording every problem in `issues`. A function that throws or
 * rejects is reported to `onError` when given, else with `console.error`.
 *
 * @example
 * compileOrigins(['https://app.example.com', 'https://*.example.org'], issues)!.match('https://a.example.org', req); // true
 */
export function compileOrigins(value: unknown, issues: IssueList, onError?: OriginErrorReport): OriginRule | undefined {
  if (value === '*') return ANY_ORIGIN;
  if (typeof value === 'function') return functionOrigin(value as OriginFunction, onError);
  const list: unknown[] = Array.isArray(value) ? value : [value];
  if (Array.isArray(value) && value.length === 0) {
    issues.add('origins', 'empty-list', "is an empty list; list at least one origin, or write '*' to allow any");
    return undefined;
  }
  const exact = new Set<string>();
  const subs: SubdomainPattern[] = [];
  const ports: string[] = [];
  const regexps: RegExp[] = [];
  let ok = true;
  for (const item of list) {
    if (item instanceof RegExp) {
      regexps.push(wholeMatch(item));
      continue;
    }
    if (typeof item !== 'string') {
      issues.add('origins', 'wrong-type', `${show(item)} is not an origin; give strings, RegExps, '*' or a function`);
      ok = false;
      continue;
    }
    if (item === '*') {
      issues.add('origins', 'wildcard-in-list', "'*' inside a list; write origins: '*' alone to allow any origin");
      ok = false;
      continue;
    }
    const entry = parseEntry(item);
    if (!('kind' in entry)) {
      issues.add('origins', entry[0], `${show(item)} ${entry[1]}.`);
      ok = false;
    } else if (entry.kind === 'exact') exact.add(entry.origin);
    else if (entry.kind === 'port') ports.push(entry.prefix);
    else subs.push(entry.pattern);
  }
  return ok ? originList(exact, subs, ports, regexps) : undefined;
}
