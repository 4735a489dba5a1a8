/**
 * The compiled policy: the one type the request path reads. It imports only types; config.ts
 * builds it, the answer modules (preflight, actual, reject, websocket, resources) read it.
 */
import type { HeaderRule } from './headers.js';
import type { MethodRule } from './methods.js';
import type { CorsRejection } from './options.js';
import type { OriginRule } from './origin.js';
import type { PreflightTemplates } from './preflight.js';

/** A validated, compiled policy: what the request path reads. */
export interface Compiled {
  readonly origins: OriginRule;
  /** `origins: '*'` with `sendWildcard`: every answer is `*`. */
  readonly wildcard: boolean;
  readonly methods: MethodRule;
  readonly headers: HeaderRule;
  /** `Access-Control-Expose-Headers`, or `null`. */
  readonly expose: string | null;
  readonly credentials: boolean;
  /** `Access-Control-Max-Age`, or `null`. */
  readonly maxAge: string | null;
  readonly alwaysSend: boolean;
  readonly automaticOptions: boolean;
  /** `Vary` of actual responses, or `null` when the answer never depends on the Origin. */
  readonly varyActual: string | null;
  /** `Vary` of preflight answers, or `null` with `varyHeader: false`. */
  readonly varyPreflight: string | null;
  readonly privateNetwork: boolean;
  readonly preflightStatus: number;
  readonly onReject: ((rejection: CorsRejection) => void) | null;
  readonly onError: (error: unknown, request: Request) => void;
  readonly debug: boolean;
  /** The `websocket` option: `WS_PASS`, `WS_GUARD` or `WS_REQUIRE_ORIGIN` (websocket.ts). */
  readonly websocket: number;
  /** The request-independent part of preflight answers, built once. */
  readonly templates: PreflightTemplates;
}
