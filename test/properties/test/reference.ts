/**
 * Reference predicates, written independently of the library on top of the WHATWG URL parser
 * (`new URL`), against which the generated attacks are judged.
 */

export const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443', ws: '80', wss: '443' };

export interface ParsedOrigin {
  readonly scheme: string;
  readonly host: string;
  /** '' for none or the scheme's default port. */
  readonly port: string;
}

const SHAPE = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^:/?#@[\]\\]*)(?::([\s\S]*))?$/;
const LABEL = /^[a-z0-9_-]+$/;

/** What the WHATWG host parser makes of `host`, or null when it fails. */
function whatwgHost(host: string): string | null {
  try {
    return new URL(`http://${host}/`).hostname;
  } catch {
    return null;
  }
}

/**
 * A request Origin, as the library must read it: valid iff, lower-cased and with a default
 * port dropped, it is exactly what a browser serializes for an http(s) URL, namely
 * `scheme://host[:port]` where
 * - the host is a name of non-empty labels of letters, digits, `-` and `_`, with at most a
 *   trailing dot (no userinfo, no path, no spaces) that the WHATWG host parser leaves as it is (which
 *   refuses `256.1.1.1`, `0x100.1.1.1`, `1.2.3` and `a.123`: names ending in a number are
 *   IPv4 addresses), or an IP literal in the form the parser writes (`[1::2]`, not
 *   `[1:0:0:0:0:0:0:2]`);
 * - the port is 1..65535 written without leading zeros.
 * Upper case and a spelled-out default port are accepted as the same origin (the project's
 * documented choice: compared case-insensitively, default ports normalised).
 * Returns the canonical form, `'null'` for the opaque origin, or `null` when invalid.
 */
export function canonicalOrigin(origin: string): string | null {
  const p = parseOrigin(origin);
  if (p === null) return null;
  if (p === 'null') return 'null';
  return `${p.scheme}://${p.host}${p.port === '' ? '' : `:${p.port}`}`;
}

export function parseOrigin(origin: string): ParsedOrigin | 'null' | null {
  if (origin === 'null') return 'null';
  if (!/^[\x21-\x7e]+$/.test(origin)) return null;
  const m = SHAPE.exec(origin.toLowerCase());
  if (m === null) return null;
  const scheme = m[1]!;
  const host = m[2]!;
  let port = m[3];
  if (host === '') return null;
  if (host.startsWith('[')) {
    if (whatwgHost(host) !== host) return null;
  } else {
    // A fully qualified name may keep its trailing dot: browsers send it (another origin than
    // the name without it); the host parser below refuses it on an IPv4 address.
    const name = host.length > 1 && host.endsWith('.') ? host.slice(0, -1) : host;
    if (!name.split('.').every((l) => LABEL.test(l))) return null;
    if (whatwgHost(host) !== host) return null;
  }
  if (port !== undefined) {
    if (!/^[1-9][0-9]{0,4}$/.test(port) || Number(port) > 65535) return null;
    if (DEFAULT_PORTS[scheme] === port) port = undefined;
  }
  return { scheme, host, port: port ?? '' };
}

// ---------------------------------------------------------------- policies

/** One generated `origins` entry, kept with what it means. */
export type OriginEntry =
  | { readonly kind: 'exact'; readonly text: string }
  | { readonly kind: 'subdomain'; readonly text: string; readonly scheme: string; readonly base: string; readonly port: string }
  | { readonly kind: 'port'; readonly text: string; readonly scheme: string; readonly host: string }
  | { readonly kind: 'null' }
  | { readonly kind: 'regexp'; readonly re: RegExp };

export interface OriginFn {
  readonly name: string;
  readonly test: (origin: string) => boolean;
  readonly async: boolean;
}

export type OriginPolicy =
  | { readonly kind: 'any' }
  | { readonly kind: 'list'; readonly entries: readonly OriginEntry[] }
  | { readonly kind: 'fn'; readonly fn: OriginFn };

/** The `origins` option a generated policy stands for. */
export function originsOption(p: OriginPolicy): unknown {
  if (p.kind === 'any') return '*';
  if (p.kind === 'fn') return p.fn.async ? (o: string) => Promise.resolve(p.fn.test(o)) : (o: string) => p.fn.test(o);
  return p.entries.map((e) => (e.kind === 'null' ? 'null' : e.kind === 'regexp' ? e.re : e.text));
}

function entryAllows(e: OriginEntry, c: string): boolean {
  switch (e.kind) {
    case 'null':
      return c === 'null';
    case 'regexp':
      // A RegExp must match the whole origin.
      return new RegExp(`^(?:${e.re.source})$`).test(c);
    case 'exact':
      return c !== 'null' && canonicalOrigin(e.text) === c;
    case 'subdomain': {
      const p = parseOrigin(c);
      if (p === null || p === 'null') return false;
      const suffix = `.${e.base}`;
      return p.scheme === e.scheme && p.port === e.port && p.host.endsWith(suffix) && p.host.length > suffix.length;
    }
    case 'port': {
      const p = parseOrigin(c);
      if (p === null || p === 'null') return false;
      return p.scheme === e.scheme && p.host === e.host;
    }
  }
}

/** Whether the policy allows the Origin header value `origin` (as the server reads it). */
export function allows(policy: OriginPolicy, origin: string): boolean {
  const c = canonicalOrigin(origin);
  if (c === null) return false;
  if (policy.kind === 'any') return true;
  if (policy.kind === 'fn') return policy.fn.test(origin);
  return policy.entries.some((e) => entryAllows(e, c));
}

// ---------------------------------------------------------------- resources

/** Each run of `%XX` escapes decoded on its own with `decode`, a run it refuses kept as sent. */
function decodeEachRun(path: string, decode: (s: string) => string): string {
  return path.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decode(run);
    } catch {
      return run;
    }
  });
}

/** Hex digits of the escapes left in a decoded path in upper case (`%2f` is `%2F`). */
const upper = (path: string): string => path.replace(/%[0-9a-fA-F]{2}/g, (e) => e.toUpperCase());

/** The pathname the way routers match it: `decodeURI` (reserved escapes kept), run by run when an escape is malformed. */
export function routerPath(pathname: string): string {
  try {
    return upper(decodeURI(pathname));
  } catch {
    return upper(decodeEachRun(pathname, decodeURI));
  }
}

/** The pathname the way route parameters see it: every escape decoded once, except `%2F`. */
export function paramPath(pathname: string): string {
  return upper(
    pathname
      .split(/%2f/i)
      .map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return decodeEachRun(part, decodeURIComponent);
        }
      })
      .join('%2F'),
  );
}

/** The key for `path` under one router view: an exact key (with its twin when `loose`), else the longest prefix. */
function keyFor(keys: readonly string[], path: string, loose: boolean): string | null {
  const twin = path.endsWith('/') && path.length > 1 ? path.slice(0, -1) : `${path}/`;
  for (const k of keys) if (!k.endsWith('/*') && k === path) return k;
  if (loose) for (const k of keys) if (!k.endsWith('/*') && k === twin) return k;
  let best: string | null = null;
  for (const k of keys) {
    if (!k.endsWith('/*')) continue;
    const base = k.slice(0, -2);
    if (path === base || path.startsWith(`${base}/`)) if (best === null || k.length > best.length) best = k;
  }
  return best;
}

/**
 * Every key of `keys` (exact paths and `/x/*` prefixes) that some router could use for
 * `pathname` (as sent): the path as routers match it and as route parameters see it, each
 * under strict and non-strict trailing-slash matching. An origin gets CORS headers only if the
 * entries of all of them allow it; none: no key covers the path.
 */
export function governingKeys(keys: readonly string[], pathname: string): string[] {
  const found = new Set<string>();
  for (const path of [routerPath(pathname), paramPath(pathname)]) {
    for (const loose of [true, false]) {
      const k = keyFor(keys, path, loose);
      if (k !== null) found.add(k);
    }
  }
  return [...found];
}
