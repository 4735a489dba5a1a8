/**
 * The names every test suite shares: the CORS header names, the origins rows use, and small
 * readers of a response's `access-control-*` headers. The vectors (`scripts/vectors.ts`), the
 * core's tables, the adapters' own suites, the apps contract, the fault and migration suites all
 * take them from here, spelled out rather than imported from the library, so that a typo in the
 * library cannot hide in a test.
 *
 * Runtime-neutral and import-free, so that vitest, `bun test`, `deno test` and plain Node all
 * load it by a relative path.
 */

// Response headers, lower case.
export const ACAO = 'access-control-allow-origin';
export const ACAC = 'access-control-allow-credentials';
export const ACAM = 'access-control-allow-methods';
export const ACAH = 'access-control-allow-headers';
export const ACEH = 'access-control-expose-headers';
export const ACMA = 'access-control-max-age';
export const ACAPN = 'access-control-allow-private-network';
export const VARY = 'vary';
/** The seven CORS response headers the policy owns. */
export const CORS_RESPONSE_HEADERS: readonly string[] = [ACAO, ACAC, ACAM, ACAH, ACEH, ACMA, ACAPN];

// Request headers of a preflight, lower case.
export const ACRM = 'access-control-request-method';
export const ACRH = 'access-control-request-headers';
export const ACRPN = 'access-control-request-private-network';

/** The answer to an allowed preflight under the default `methods`. */
export const DEFAULT_METHODS = 'GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE';
/** The `Vary` of every preflight answer (without private network access). */
export const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';

/** An origin the rows' policies allow. */
export const ALLOWED = 'https://app.example.com';
/** An origin the rows' policies refuse. */
export const REFUSED = 'https://evil.example.net';
/** A second allowed origin, for policies that tell two apart (`resources`). */
export const PARTNER = 'https://partner.example.net';

/** Every `access-control-*` header of `headers`, as a plain object (names lower case). */
export function accessControlHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (name.startsWith('access-control-')) out[name] = value;
  });
  return out;
}

/** Request headers of a preflight from `origin` asking for `method` (and `requestHeaders`). */
export function preflightHeaders(origin: string, method: string, requestHeaders?: string): Record<string, string> {
  const headers: Record<string, string> = { Origin: origin, 'Access-Control-Request-Method': method };
  if (requestHeaders !== undefined) headers['Access-Control-Request-Headers'] = requestHeaders;
  return headers;
}
