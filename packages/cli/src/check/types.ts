/** Types of the CORS checker: what a page asks for and what the browser decides. */

/**
 * A Fetch-API handler or `fetch` itself: takes a `Request`, returns its `Response`.
 * The checker calls it once per exchange with requests built with `redirect: 'manual'`, and
 * follows redirects itself, so a 3xx must come back as it is (Node's, Deno's and Bun's `fetch`
 * do this for `redirect: 'manual'`; an in-process handler never follows redirects).
 *
 * @example
 * const fetchFn: FetchFunction = (request) => app.fetch(request);
 */
export type FetchFunction = (request: Request) => Response | Promise<Response>;

/**
 * The request a page makes, as `fetch(url, { method, headers, credentials })` from `origin`.
 *
 * @example
 * const request: CheckRequest = {
 *   url: 'https://api.example.com/items',
 *   origin: 'https://app.example.com',
 *   method: 'PUT',
 *   headers: { 'Content-Type': 'application/json' },
 *   credentials: true,
 * };
 */
export interface CheckRequest {
  /** The absolute URL the page fetches (`http:` or `https:`). */
  url: string;
  /** The page's origin, serialized (`https://app.example.com`), or `null` for an opaque origin. */
  origin: string;
  /** The method as the page writes it; `delete get head options post put` are upper-cased as browsers do. Default `GET`. */
  method?: string;
  /** Request headers the page sets: a record, or `[name, value]` pairs (repeat a name to send it twice). */
  headers?: Record<string, string> | ReadonlyArray<readonly [string, string]>;
  /** `true` for `credentials: 'include'` (cookies, HTTP auth); default `false`. */
  credentials?: boolean;
  /** A body for the actual request (never sent with the preflight). */
  body?: string;
}

/**
 * The CORS check that failed, in the words of the Fetch standard:
 * - `allow-origin-missing`: no `Access-Control-Allow-Origin` on the response;
 * - `allow-origin-mismatch`: it names another origin;
 * - `allow-origin-multiple`: more than one value (two headers, or a comma-separated list);
 * - `wildcard-with-credentials`: `*` answered to a request with credentials;
 * - `allow-credentials-missing`: credentials sent, `Access-Control-Allow-Credentials: true` absent;
 * - `preflight-status`: the preflight's status is not 2xx;
 * - `preflight-redirect`: the preflight was answered with a redirect;
 * - `method-not-allowed`: the preflight's `Access-Control-Allow-Methods` does not cover the method;
 * - `header-not-allowed`: its `Access-Control-Allow-Headers` does not cover a request header.
 */
export type CheckName =
  | 'allow-origin-missing'
  | 'allow-origin-mismatch'
  | 'allow-origin-multiple'
  | 'wildcard-with-credentials'
  | 'allow-credentials-missing'
  | 'preflight-status'
  | 'preflight-redirect'
  | 'method-not-allowed'
  | 'header-not-allowed';

/** Every {@link CheckName}, in the order a browser meets them. */
export const CHECK_NAMES: readonly CheckName[] = [
  'preflight-redirect',
  'allow-origin-missing',
  'allow-origin-multiple',
  'allow-origin-mismatch',
  'wildcard-with-credentials',
  'allow-credentials-missing',
  'preflight-status',
  'method-not-allowed',
  'header-not-allowed',
];

/** Where the request was decided: the preflight (`OPTIONS`) or the actual request (a redirect hop included). */
export type Stage = 'preflight' | 'actual';

/**
 * Something that does not block the request but that a server owner should know:
 * - `vary-origin-missing`: an echoed origin without `Vary: Origin`, so a shared cache can serve
 *   one origin's answer to another (cache poisoning, or a page blocked at random);
 * - `authorization-wildcard`: `Authorization` allowed only through `Access-Control-Allow-Headers: *`,
 *   which the Fetch standard forbids but Chromium, Firefox and Safari accept;
 * - `max-age-capped`: `Access-Control-Max-Age` above 7200 s, which Chromium caps at 7200;
 * - `forbidden-header`: a header a page can never set (`Cookie`, `Host`, ...), left out as a browser does;
 * - `same-origin`: the URL has the page's origin, so no CORS check applies until a redirect leaves it;
 * - `authorization-dropped`: a cross-origin redirect removed `Authorization`, as browsers do.
 */
export type WarningCode = 'vary-origin-missing' | 'authorization-wildcard' | 'max-age-capped' | 'forbidden-header' | 'same-origin' | 'authorization-dropped';

/** A warning with its one-sentence explanation. */
export interface CheckWarning {
  code: WarningCode;
  message: string;
}

/** Why a preflight was needed: the method, and/or the headers that are not CORS-safelisted. */
export interface PreflightReason {
  /** The method when it is not GET, HEAD or POST; else `null`. */
  method: string | null;
  /** Lower-cased names of the headers that are not CORS-safelisted, sorted. */
  headers: string[];
  /** One sentence: "PUT is not a simple method; x-custom is not a CORS-safelisted header". */
  explanation: string;
}

/** One request the browser sent and what came back, with the headers CORS looks at. */
export interface Exchange {
  stage: Stage;
  request: {
    method: string;
    url: string;
    /** Headers sent, lower-cased names: `origin`, `access-control-request-*` and the page's own. */
    headers: Record<string, string>;
  };
  response: {
    status: number;
    /** `access-control-*`, `vary` and `location`, as the response carried them (repeats joined with `, `). */
    headers: Record<string, string>;
  };
}

/**
 * What the browser decides, with the evidence.
 *
 * @example
 * { verdict: 'blocked', check: 'allow-origin-missing', stage: 'actual', preflight: false, ... }
 */
export interface CheckResult {
  verdict: 'allowed' | 'blocked';
  /** The failing check; `null` when allowed. */
  check: CheckName | null;
  /** Where it failed; `null` when allowed. */
  stage: Stage | null;
  /** Whether a preflight was needed (at the first cross-origin hop). */
  preflight: boolean;
  /** Why it was needed; `null` when it was not. */
  preflightReason: PreflightReason | null;
  /** One or two sentences saying what the browser saw, as its console would. */
  explanation: string;
  /** One sentence naming what to change on the server; `null` when allowed. */
  fix: string | null;
  /** Every request sent, in order, with what came back. */
  exchanges: Exchange[];
  warnings: CheckWarning[];
  /** The status of the final response when allowed (what the page reads); else `null`. */
  status: number | null;
}

/** Thrown by `checkCors` for a request no page could make (bad URL, forbidden method, bad header). */
export class CheckInputError extends Error {
  override name = 'CheckInputError';
}
