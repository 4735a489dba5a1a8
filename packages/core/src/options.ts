/**
 * The public option types of fetch-cors and their defaults.
 *
 * Names follow Flask-CORS in camelCase (`supports_credentials` → `supportsCredentials`).
 */

/** Why a CORS request or preflight was refused, in the order the checks run. */
export type RejectReason = 'origin' | 'method' | 'header' | 'private-network';

/**
 * What `onReject` receives when the policy refuses a request.
 *
 * @example
 * createCors({ origins: ['https://app.example.com'], onReject: (r) => console.warn(r.reason, r.detail) });
 */
export interface CorsRejection {
  /** The refused request. */
  readonly request: Request;
  /** The first check that failed. */
  readonly reason: RejectReason;
  /** One sentence naming the refused value and the option that would allow it. */
  readonly detail: string;
}

/**
 * Decides whether an origin is allowed; may be async. Receives the request's `Origin` value
 * (already checked to be a valid serialized origin, `null` included).
 *
 * @example
 * const origins: OriginFunction = (origin) => origin.endsWith('.example.com');
 */
export type OriginFunction = (origin: string, request: Request) => boolean | Promise<boolean>;

/**
 * What the policy does with a WebSocket upgrade request (`Upgrade: websocket`), which browsers
 * send from any page without a CORS check:
 * - `'pass'` (default): the handler runs, as for any request; checking `Origin` is up to it.
 * - `'guard'`: an upgrade whose `Origin` the policy refuses is answered `403` before the
 *   handler runs, and reported to `onReject` (reason `'origin'`); an upgrade without `Origin`
 *   (a non-browser client: browsers always send it) goes on.
 * - `'require-origin'`: as `'guard'`, and an upgrade without `Origin` is refused too.
 *
 * With `origins: '*'` every origin passes the guard: a guard needs a list (or a function).
 *
 * @example
 * createCors({ origins: ['https://app.example.com'], websocket: 'guard' });
 */
export type WebSocketOption = 'pass' | 'guard' | 'require-origin';

/**
 * `originCache`: how long (`ttl`, milliseconds) and how many (`max`, default 1000) decisions of
 * an `origins` function are kept.
 *
 * @example
 * const originCache: OriginCacheOptions = { ttl: 60_000, max: 1000 };
 */
export interface OriginCacheOptions {
  /** Milliseconds a decision is reused without asking the function again. */
  ttl: number;
  /** Most origins remembered; the least recently used goes first. Default 1000. */
  max?: number | undefined;
}

/** Every shape the `origins` option accepts. */
export type OriginsOption = '*' | string | RegExp | ReadonlyArray<string | RegExp> | OriginFunction;

/**
 * Options of a CORS policy. Every key is optional; the defaults follow Flask-CORS.
 *
 * @example
 * const options: CorsOptions = {
 *   origins: ['https://app.example.com', 'https://*.preview.example.com'],
 *   supportsCredentials: true,
 *   exposeHeaders: ['X-Request-Id'],
 *   maxAge: 600,
 * };
 */
export interface CorsOptions {
  /** Allowed origins: `'*'`, an exact origin, a one-`*` pattern, a RegExp, a list of these, or a function. Default `'*'`. */
  origins?: OriginsOption | undefined;
  /**
   * Milliseconds an `origins` function may take; a lookup that has not answered by then
   * refuses the origin (reported through `onReject` and `onError`). Only with a function `origins`.
   */
  originTimeout?: number | undefined;
  /**
   * Reuse an `origins` function's decisions for `ttl` ms (at most `max` origins); concurrent
   * requests for an origin not yet decided share one lookup. Only with a function `origins`.
   */
  originCache?: OriginCacheOptions | undefined;
  /** Allowed methods (list, comma-separated string or `'*'`). Default `GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE`. */
  methods?: string | readonly string[] | undefined;
  /** Allowed request headers (list, comma-separated string or `'*'` to echo what was asked). Default `'*'`. */
  allowHeaders?: string | readonly string[] | undefined;
  /** Response headers a page may read (`Access-Control-Expose-Headers`). Default none. */
  exposeHeaders?: string | readonly string[] | undefined;
  /** Send `Access-Control-Allow-Credentials: true`. Not allowed with `origins: '*'`. Default `false`. */
  supportsCredentials?: boolean | undefined;
  /** Seconds a browser may cache a preflight answer (0..86400). Default: not sent. */
  maxAge?: number | string | undefined;
  /** With `origins: '*'`, answer `*` rather than echoing the Origin. Default `true`. */
  sendWildcard?: boolean | undefined;
  /** Send the wildcard answer even to requests without an Origin. Default `true`. */
  alwaysSend?: boolean | undefined;
  /** Answer preflights without calling the handler. Default `true`. */
  automaticOptions?: boolean | undefined;
  /** Add `Vary` whenever the answer depends on request headers. Default `true`. */
  varyHeader?: boolean | undefined;
  /** Answer `Access-Control-Request-Private-Network: true` preflights. Default `false`. */
  allowPrivateNetwork?: boolean | undefined;
  /** Status of an allowed preflight, 200..299. Default `204`. */
  preflightStatus?: number | undefined;
  /**
   * Per-path options merged over these ones: `'/login'` (also `/login/`), `'/api/*'` or a RegExp
   * source `'^/v[0-9]+/'`, matched against the percent-decoded path as routers see it.
   */
  resources?: Readonly<Record<string, ResourceOptions>> | undefined;
  /** Called when a CORS request or preflight is refused. */
  onReject?: ((rejection: CorsRejection) => void) | undefined;
  /**
   * Called when the handler throws or answers something that is not a Response (`null`), and
   * when an `origins` function throws, rejects or (under `originTimeout`) times out; default
   * `console.error`. The answer to a failed handler is a 500 that keeps the CORS headers.
   */
  onError?: ((error: unknown, request: Request) => void) | undefined;
  /** Refused preflights answer with `preflightStatus` and every safe CORS header, so the browser names the failed check. */
  debug?: boolean | undefined;
  /** WebSocket upgrades: `'guard'` refuses those from origins the policy refuses with `403` before the handler runs. Default `'pass'`. */
  websocket?: WebSocketOption | undefined;
}

/** Options of one `resources` entry: everything but `resources` itself. */
export type ResourceOptions = Omit<CorsOptions, 'resources'>;

/** The default methods, as Flask-CORS has them. */
export const DEFAULT_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'POST', 'OPTIONS', 'PUT', 'PATCH', 'DELETE']);

/** How an option's `CORS_*` variable is read: comma-separated entries, a boolean, or seconds. */
export type EnvReader = 'list' | 'bool' | 'seconds';

/**
 * One row of the option table: what the code needs to know about an option. Its type and
 * meaning for readers are in `OPTION_DOCS` (option-docs.ts), its check in config.ts's `RULES`;
 * both are keyed by the same names, so a row missing from either fails the type check.
 */
export interface OptionRow {
  /** How its variable (`CORS_` and the name in upper snake case) is read; absent: none. */
  readonly env?: EnvReader;
  /** The default of a boolean option; absent for the others. */
  readonly bool?: boolean;
}

/**
 * The option table: every option, once, in the order options are checked and documented.
 * The option names, the boolean options, the `CORS_*` variables and their readers, the
 * option-name suggestion and the documentation tables all come from it.
 *
 * @example
 * OPTION_TABLE.maxAge; // { env: 'seconds' }: read from CORS_MAX_AGE as seconds
 */
export const OPTION_TABLE = {
  origins: { env: 'list' },
  originTimeout: {},
  originCache: {},
  methods: { env: 'list' },
  allowHeaders: { env: 'list' },
  exposeHeaders: { env: 'list' },
  supportsCredentials: { env: 'bool', bool: false },
  maxAge: { env: 'seconds' },
  sendWildcard: { env: 'bool', bool: true },
  alwaysSend: { env: 'bool', bool: true },
  automaticOptions: { env: 'bool', bool: true },
  varyHeader: { env: 'bool', bool: true },
  allowPrivateNetwork: { env: 'bool', bool: false },
  preflightStatus: {},
  resources: {},
  onReject: {},
  onError: {},
  debug: { bool: false },
  websocket: {},
} as const satisfies { readonly [K in keyof CorsOptions]-?: OptionRow };

/** An option name. */
export type OptionName = keyof typeof OPTION_TABLE;

/** Every option name, in table order, for the unknown-option check. */
export const OPTION_NAMES: readonly OptionName[] = Object.keys(OPTION_TABLE) as OptionName[];

/**
 * The `CORS_*` variable of an option: `CORS_` and the name in upper snake case.
 *
 * @example
 * envVariable('supportsCredentials'); // "CORS_SUPPORTS_CREDENTIALS"
 */
export function envVariable(name: string): string {
  let out = 'CORS_';
  for (const c of name) out += c >= 'A' && c <= 'Z' ? `_${c}` : c.toUpperCase();
  return out;
}

/**
 * Merges option layers, later ones winning, where a key set to `undefined` counts as unset
 * (a plain spread would let it erase the layer below).
 *
 * @example
 * createCors(mergeOptions(optionsFromEnv(env), { exposeHeaders: undefined, maxAge: 60 }));
 */
export function mergeOptions(...layers: ReadonlyArray<CorsOptions | null | undefined>): CorsOptions {
  const out: Record<string, unknown> = {};
  for (const layer of layers) {
    if (layer === null || layer === undefined) continue;
    for (const [key, value] of Object.entries(layer)) if (value !== undefined) out[key] = value;
  }
  return out as CorsOptions;
}
