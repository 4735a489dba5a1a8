/** The request-side rules of the Fetch standard: safelisted methods and headers, forbidden names. */

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Whether `value` is an HTTP token (a method or a header name). */
export function isToken(value: string): boolean {
  return TOKEN.test(value);
}

const NORMALIZED = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

/** Fetch §2.2.1 "normalize a method": the six well-known methods upper-cased, others as written. */
export function normalizeMethod(method: string): string {
  const upper = method.toUpperCase();
  return NORMALIZED.has(upper) ? upper : method;
}

/** Fetch §2.2.1 CORS-safelisted method: GET, HEAD or POST (byte for byte). */
export function isSafelistedMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'POST';
}

/** Fetch §2.2.1 forbidden method: CONNECT, TRACE, TRACK in any case. */
export function isForbiddenMethod(method: string): boolean {
  const upper = method.toUpperCase();
  return upper === 'CONNECT' || upper === 'TRACE' || upper === 'TRACK';
}

const FORBIDDEN_NAMES = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
]);

/** Fetch §2.2.2 forbidden request-header: a name no page can set (value checks for the method-override names included). */
export function isForbiddenRequestHeader(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  if (FORBIDDEN_NAMES.has(lower) || lower.startsWith('proxy-') || lower.startsWith('sec-')) return true;
  if (lower === 'x-http-method' || lower === 'x-http-method-override' || lower === 'x-method-override') {
    return value.split(',').some((m) => isForbiddenMethod(m.trim()));
  }
  return false;
}

/** Fetch §2.2.2 CORS-unsafe request-header byte. */
function isUnsafeByte(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    code === 0x7f ||
    // " ( ) : < > ? @ [ \ ] { }
    code === 0x22 ||
    code === 0x28 ||
    code === 0x29 ||
    code === 0x3a ||
    code === 0x3c ||
    code === 0x3e ||
    code === 0x3f ||
    code === 0x40 ||
    code === 0x5b ||
    code === 0x5c ||
    code === 0x5d ||
    code === 0x7b ||
    code === 0x7d
  );
}

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i += 1) if (isUnsafeByte(value.charCodeAt(i))) return true;
  return false;
}

/** Bytes allowed in Accept-Language and Content-Language: 0-9 A-Z a-z space * , - . ; = */
const LANGUAGE = /^[0-9A-Za-z *,\-.;=]*$/;

const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The essence (`type/subtype`, lower-cased) of a MIME type, or null when it does not parse (MIME Sniffing §4.4, parameters ignored). */
export function mimeEssence(value: string): string | null {
  const trimmed = value.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  const slash = trimmed.indexOf('/');
  if (slash <= 0) return null;
  const type = trimmed.slice(0, slash);
  const semicolon = trimmed.indexOf(';', slash + 1);
  const subtype = (semicolon === -1 ? trimmed.slice(slash + 1) : trimmed.slice(slash + 1, semicolon)).replace(/[\t\n\r ]+$/, '');
  if (!isToken(type) || subtype === '' || !isToken(subtype)) return null;
  return `${type}/${subtype}`.toLowerCase();
}

/** Fetch §2.2.2 "parse a single range header value" without whitespace: `bytes=start-[end]`, or null. */
function parseRange(value: string): { start: number | null; end: number | null } | null {
  const match = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+)=([0-9]*)-([0-9]*)$/.exec(value);
  if (!match || match[1]!.toLowerCase() !== 'bytes') return null;
  const start = match[2] === '' ? null : Number(match[2]);
  const end = match[3] === '' ? null : Number(match[3]);
  if (start === null && end === null) return null;
  if (start !== null && end !== null && start > end) return null;
  return { start, end };
}

/** Byte length of a header value (values are byte strings; code points above 0xFF count as their UTF-8 bytes). */
function byteLength(value: string): number {
  let length = 0;
  for (let i = 0; i < value.length; i += 1) {
    const code = value.charCodeAt(i);
    length += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? 2 : 3;
  }
  return length;
}

/** Why a header is not CORS-safelisted, or null when it is (Fetch §2.2.2 "CORS-safelisted request-header"). */
export function unsafeReason(name: string, value: string): string | null {
  if (byteLength(value) > 128) return 'its value is longer than 128 bytes';
  switch (name.toLowerCase()) {
    case 'accept':
      return hasUnsafeByte(value) ? 'its value has a byte browsers treat as unsafe' : null;
    case 'accept-language':
    case 'content-language':
      return LANGUAGE.test(value) ? null : 'its value has a character other than letters, digits, space and * , - . ; =';
    case 'content-type': {
      if (hasUnsafeByte(value)) return 'its value has a byte browsers treat as unsafe';
      const essence = mimeEssence(value);
      if (essence === null) return 'its value is not a MIME type';
      return FORM_TYPES.has(essence) ? null : `${essence} is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain`;
    }
    case 'range': {
      const range = parseRange(value);
      if (range === null) return 'its value is not a single bytes range';
      return range.start === null ? 'a suffix range (bytes=-N) is not safelisted' : null;
    }
    default:
      return 'it is not a CORS-safelisted header';
  }
}

/**
 * Fetch §2.2.2 "CORS-unsafe request-header names": the sorted, lower-cased, de-duplicated names
 * that need a preflight, each with why; safelisted values over 1024 bytes in total all count.
 */
export function unsafeHeaderNames(headers: ReadonlyArray<readonly [string, string]>): Map<string, string> {
  const unsafe = new Map<string, string>();
  const potentially: string[] = [];
  let size = 0;
  for (const [name, value] of headers) {
    const reason = unsafeReason(name, value);
    if (reason !== null) {
      if (!unsafe.has(name.toLowerCase())) unsafe.set(name.toLowerCase(), reason);
    } else {
      potentially.push(name.toLowerCase());
      size += byteLength(value);
    }
  }
  if (size > 1024) {
    for (const name of potentially) {
      if (!unsafe.has(name)) unsafe.set(name, 'the safelisted headers together are longer than 1024 bytes');
    }
  }
  return new Map([...unsafe.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Fetch §2.2.4 "extract header list values" for a `#token` list: the items, or null when one is not a token. */
export function parseTokenList(value: string): string[] | null {
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const item = raw.replace(/^[\t ]+|[\t ]+$/g, '');
    if (item === '') continue;
    if (!isToken(item)) return null;
    items.push(item);
  }
  return items;
}
