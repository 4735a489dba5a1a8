/**
 * The compiled policy: the one type the request path reads. It imports only types, and only
 * from modules that import nothing of the request path; config.ts builds it, answer-headers.ts
 * adds its answers, and the answer modules (preflight, actual, reject, websocket, resources)
 * read it.
 */
import type { HeaderRule } from './headers.js';
import type { MethodRule } from './methods.js';
import type { CorsRejection } from './options.js';
import type { OriginRule } from './origin.js';

/** The kinds of answer a response-header rule takes part in (a bit set). */
export const PREFLIGHT = 1;
export const ACTUAL = 2;

/**
 * The checks of a preflight, in the order they run. A header reports the check it belongs to;
 * a debug refusal after a failed check sends the headers of that check and those before it.
 */
export const STEP_ORIGIN = 1;
export const STEP_METHOD = 2;
export const STEP_HEADERS = 3;
export const STEP_PRIVATE_NETWORK = 4;
/** After every check: headers only an allowed preflight carries (`Max-Age`). */
export const STEP_ANSWER = 5;

/**
 * One response header's rule, compiled once per policy: given the answer's
 * `Access-Control-Allow-Origin` and what a preflight asked, the header's value, or `null`
 * for none. Every CORS response header has exactly one (answer-headers.ts).
 */
export interface ResponseHeaderRule {
  /** The header's name, lower case. */
  readonly name: string;
  /** `PREFLIGHT`, `ACTUAL` or both. */
  readonly kinds: number;
  /** The `STEP_*` whose pass this header reports. */
  readonly step: number;
  /** Whether the value depends on the request; when not, it is computed once (templates, plans). */
  readonly varies: boolean;
  /**
   * The value, or `null` to send none.
   * @param origin the answer's Allow-Origin: `*` or the allowed Origin as sent
   * @param method `Access-Control-Request-Method` (`''` for an actual request)
   * @param requestHeaders the names a preflight asked for as echoed, `''` for none, or `null`
   *   when they have not been checked yet
   * @param privateNetwork whether the preflight asked for private-network access and may have it
   */
  value(origin: string, method: string, requestHeaders: string | null, privateNetwork: boolean): string | null;
}

/** A policy's answers, built once from its rules (answer-headers.ts). */
export interface Answers {
  /** Every response-header rule, in the order of the preflight's checks. */
  readonly rules: readonly ResponseHeaderRule[];
  /**
   * An allowed preflight: the success status and its reason phrase, with every header whose
   * value is the same for all requests (and `Vary`). Cloned per answer, never handed out.
   */
  readonly preflight: Response;
  /** The preflight rules whose value depends on the request, set on the clone. */
  readonly preflightVarying: readonly ResponseHeaderRule[];
  /** A refused preflight: `403 Forbidden` with only `Vary`. Cloned per answer, never handed out. */
  readonly refused: Response;
  /** An allowed actual response's headers that are the same for every request: name, value, name, value… */
  readonly actualFixed: readonly string[];
  /** The actual-response rules whose value depends on the request (Allow-Origin, unless `*`). */
  readonly actualVarying: readonly ResponseHeaderRule[];
  /** The CORS response headers an allowed actual response does not set: removed from the handler's. */
  readonly stripAllowed: readonly string[];
  /** Every CORS response header: removed from the handler's when the origin is refused. */
  readonly stripRefused: readonly string[];
}

/**
 * A validated, compiled policy: what the request path reads. Frozen; every value below is
 * checked at construction, so the request path tests none of them again.
 */
export interface Compiled {
  /** `origins.any` ⇔ `origins: '*'` (every valid Origin, `null` included, is allowed). */
  readonly origins: OriginRule;
  /** `origins: '*'` with `sendWildcard`: every allowed answer says `*`. Never with `credentials`. */
  readonly wildcard: boolean;
  readonly methods: MethodRule;
  readonly headers: HeaderRule;
  /** `Access-Control-Expose-Headers`, joined, or `null`. Never `*` with `credentials`. */
  readonly expose: string | null;
  /** `supportsCredentials`: allowed answers carry `Access-Control-Allow-Credentials: true`. */
  readonly credentials: boolean;
  /** `Access-Control-Max-Age` (whole seconds, 0–86400), or `null`. */
  readonly maxAge: string | null;
  readonly alwaysSend: boolean;
  readonly automaticOptions: boolean;
  /** `Vary` of actual responses, or `null` when the answer never depends on the Origin. */
  readonly varyActual: string | null;
  /** `Vary` of preflight answers, or `null` with `varyHeader: false`. */
  readonly varyPreflight: string | null;
  readonly privateNetwork: boolean;
  /** 200–299. */
  readonly preflightStatus: number;
  readonly onReject: ((rejection: CorsRejection) => void) | null;
  /** The user's `onError`, or the default that logs what happened. */
  readonly onError: (error: unknown, request: Request) => void;
  readonly debug: boolean;
  /** The `websocket` option: `WS_PASS`, `WS_GUARD` or `WS_REQUIRE_ORIGIN` (websocket.ts). */
  readonly websocket: number;
  /** The answers built once from the response-header rules. */
  readonly answers: Answers;
}

/** What the validator decides; `answers` are built from it. */
export type CompiledOptions = Omit<Compiled, 'answers'>;
