/**
 * What readers see of each option: its accepted values, its default and its meaning, keyed
 * like the option table (`OPTION_TABLE` in options.ts; a missing or extra entry fails the type
 * check). `scripts/options-table.mjs` writes the option tables of README.md and
 * docs/behaviour.md from the two; the core tests check the committed tables match. Nothing on
 * the request path imports this module, so its prose costs no bundle any bytes.
 *
 * Links are relative to docs/behaviour.md (`#origins`); the README's table points them there.
 */
import type { OptionName } from './options.js';

/** One option as documented. */
export interface OptionDoc {
  /** The values it accepts. */
  readonly type: string;
  /** The default, as text; a boolean option's comes from the table. */
  readonly default?: string;
  /** What it does, in a sentence or a few. */
  readonly meaning: string;
}

/**
 * The documentation of every option.
 *
 * @example
 * OPTION_DOCS.maxAge.type; // "seconds, 0..86400 (number or digits)"
 */
export const OPTION_DOCS: { readonly [K in OptionName]: OptionDoc } = {
  origins: {
    type: "`'*'`, string, `RegExp`, array of strings and RegExps, or `(origin, request) => boolean \\| Promise<boolean>`",
    default: "`'*'`",
    meaning:
      "Allowed origins. A string is an exact origin (`https://app.example.com`; scheme and host compared case-insensitively, default ports normalised) or a pattern with one `*`: `https://*.example.com` (one or more labels, never the apex) or `http://localhost:*` (any port, or none). A RegExp must match the whole origin (it is tested case-insensitively). `'null'` matches only when listed. See [Origins](#origins).",
  },
  originTimeout: {
    type: 'milliseconds, 1..2147483647',
    default: 'none',
    meaning:
      "Only with a function `origins`: a lookup that has not answered in time refuses the origin (no CORS headers, `403` for a preflight), tells `onReject` (`reason: 'origin'`, a `detail` saying it timed out) and `onError` (an `OriginLookupTimeout`; default `console.error`) once per lookup. A late answer still fills `originCache`.",
  },
  originCache: {
    type: '`{ ttl: ms, max?: entries }`',
    default: 'none (`max` 1000)',
    meaning:
      "Only with a function `origins`: its decisions (allow and refuse) are reused for `ttl` ms, at most `max` origins, least recently used out first; concurrent requests for an origin not yet decided share one lookup. A lookup that throws, rejects or times out is not cached. The function's answer must then depend only on the origin.",
  },
  methods: {
    type: "array, comma-separated string, or `'*'`",
    default: '`GET, HEAD, POST, OPTIONS, PUT, PATCH, DELETE`',
    meaning:
      '`Access-Control-Allow-Methods`, and the methods a preflight may ask for. `GET`, `HEAD` and `POST` are never refused (browsers do not check them). See [Methods](#methods).',
  },
  allowHeaders: {
    type: "array, comma-separated string, or `'*'`",
    default: "`'*'`",
    meaning:
      "With `'*'` the requested headers are echoed (so `Authorization` works too); with a list every requested header must be on it. See [Request headers](#request-headers).",
  },
  exposeHeaders: {
    type: "array or comma-separated string (`'*'` without credentials)",
    default: 'none',
    meaning: '`Access-Control-Expose-Headers` on actual responses.',
  },
  supportsCredentials: {
    type: 'boolean',
    meaning: "`Access-Control-Allow-Credentials: true` on allowed answers. Never with `origins: '*'`. See [Credentials](#credentials).",
  },
  maxAge: {
    type: 'seconds, 0..86400 (number or digits)',
    default: 'none',
    meaning: '`Access-Control-Max-Age` on allowed preflights.',
  },
  sendWildcard: {
    type: 'boolean',
    meaning: "With `origins: '*'`, answer `*` rather than echoing the Origin.",
  },
  alwaysSend: {
    type: 'boolean',
    meaning: 'Send the wildcard answer to requests without an Origin too. See [No Origin](#no-origin).',
  },
  automaticOptions: {
    type: 'boolean',
    meaning: 'Answer preflights without calling the handler. See [Preflights](#preflights).',
  },
  varyHeader: {
    type: 'boolean',
    meaning: 'Add `Vary` whenever the answer depends on request headers. See [Vary](#vary).',
  },
  allowPrivateNetwork: {
    type: 'boolean',
    meaning: 'Answer `Access-Control-Request-Private-Network: true`. See [Private network](#private-network).',
  },
  preflightStatus: {
    type: '200..299',
    default: '`204`',
    meaning: 'Status of an allowed preflight.',
  },
  resources: {
    type: '`{ [pathPattern]: options }`',
    default: 'none',
    meaning:
      "Per-path options merged over the top level: `'/login'` (also `/login/`), `'/api/*'` (matches `/api`, `/api/…`, never `/apiary`), or a RegExp source `'^/v[0-9]+/'`, all matched against the percent-decoded path as routers see it. An exact path beats any pattern; the longest pattern wins; a path matching none gets no CORS headers. See [Resources](#resources).",
  },
  onReject: {
    type: '`({ request, reason, detail }) => void`',
    default: 'none',
    meaning:
      "Told of each refused CORS request or preflight; `reason` is `'origin'`, `'method'`, `'header'` or `'private-network'`, `detail` one sentence naming the value and the option that would allow it. See [Rejections](#on-reject).",
  },
  onError: {
    type: '`(error, request) => void`',
    default: '`console.error`',
    meaning:
      'Told of a handler that threw or answered something that is not a Response (`null`); the answer is a `500` that keeps the CORS headers (with `resources`, a path no key covers is told to the top-level `onError` too). Also told of an `origins` function that threw or rejected, and (with `originTimeout`) of a lookup that timed out; each refuses the origin. See [Errors](#errors).',
  },
  debug: {
    type: 'boolean',
    meaning:
      "Refused preflights answer with `preflightStatus` and every header that is safe to send, so the browser's console names the exact check that failed. See [Debug](#debug).",
  },
  websocket: {
    type: "`'pass'`, `'guard'` or `'require-origin'`",
    default: "`'pass'`",
    meaning:
      "WebSocket origin guard. Browsers apply no CORS check to WebSocket handshakes; with `'guard'` an upgrade (`Upgrade: websocket`) whose `Origin` the policy refuses gets `403` before the handler runs (reported to `onReject`, reason `'origin'`); an upgrade without `Origin` (a non-browser client) goes on, and is refused too with `'require-origin'`. With `origins: '*'` every origin passes, so a guard needs a list or a function.",
  },
};
