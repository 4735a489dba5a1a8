/**
 * Validation: every option is read and checked once, every problem is collected, and the
 * result is a frozen `Compiled` policy whose header values are joined in advance.
 */
import { compileAllowHeaders, compileExposeHeaders, type HeaderRule } from './headers.js';
import { type IssueList, show } from './errors.js';
import { closest, squeeze } from './suggest.js';
import { compileMethods, type MethodRule } from './methods.js';
import { OPTION_NAMES, OPTION_TABLE, type OptionName, type OriginFunction } from './options.js';
import { lookupOrigins, readLookupOptions, type LookupSettings } from './lookup.js';
import { compileOrigins, type OriginRule } from './origin.js';
import { compileAnswers } from './answer-headers.js';
import type { Compiled } from './compiled.js';
import { logServerError } from './hooks.js';
import { VARY_ACTUAL, VARY_PREFLIGHT, VARY_PREFLIGHT_PNA } from './vary.js';
import { compileWebSocket, WS_PASS } from './websocket.js';

/** Flask-CORS names and common misspellings (squeezed), mapped to the option meant. */
const ALIASES: Readonly<Record<string, string>> = {
  origin: 'origins',
  headers: 'allowHeaders',
  allowedheaders: 'allowHeaders',
  exposedheaders: 'exposeHeaders',
  credentials: 'supportsCredentials',
  allowcredentials: 'supportsCredentials',
  allowmethods: 'methods',
  alloworigin: 'origins',
  alloworigins: 'origins',
};

/** Longest key compared by the suggestion: longer keys get none, so the work stays bounded. */
const MAX_SUGGEST_LENGTH = 64;

/**
 * The option most likely meant by an unknown key, if any is close: the same name in another
 * case style (`max_age`, `CORS_MAX_AGE`), a Flask-CORS or common name (`headers`,
 * `credentials`), or a typo. Keys longer than 64 characters get no suggestion.
 *
 * @example
 * suggestOption('origin'); // "origins"
 */
export function suggestOption(key: string, known: readonly string[] = OPTION_NAMES): string | undefined {
  if (key.length > MAX_SUGGEST_LENGTH) return undefined;
  const squeezed = squeeze(key);
  const same = known.find((name) => squeeze(name) === squeezed);
  if (same !== undefined) return same;
  const alias = ALIASES[squeezed];
  if (alias !== undefined && known.includes(alias)) return alias;
  return closest(squeezed, known, Math.max(2, Math.floor(key.length / 3)));
}

/** What the rules build: the parts of `Compiled` that come from one option each. */
interface Parts {
  origins?: OriginRule | undefined;
  lookup: LookupSettings | null;
  methods?: MethodRule | undefined;
  headers?: HeaderRule | undefined;
  expose?: string | null | undefined;
  maxAge: string | null;
  preflightStatus: number;
  onReject: Compiled['onReject'];
  onError: Compiled['onError'] | undefined;
  websocket: number;
  bools: Record<string, boolean>;
}

/** What a rule reads: the options (to see other options' values), the issues, and where it is. */
interface Context {
  readonly options: Readonly<Record<string, unknown>>;
  readonly issues: IssueList;
  /** False for the top level of a policy with `resources`: its entries are checked merged. */
  readonly standalone: boolean;
  readonly parts: Parts;
}

/** An option's check and compile step: reads `value` (`undefined` when unset) into `c.parts`. */
type Rule = (value: unknown, c: Context, name: OptionName) => void;

function readMaxAge(value: unknown, c: Context): void {
  if (value === undefined) return;
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86400) {
    c.issues.add(
      'maxAge',
      'max-age-range',
      `${show(value)} is not a whole number of seconds from 0 to 86400; browsers cap the cache anyway (Chromium at 7200).`,
    );
  } else c.parts.maxAge = String(n);
}

const readBoolean: Rule = (value, c, name) => {
  if (value === undefined) return;
  if (typeof value === 'boolean') c.parts.bools[name] = value;
  else c.issues.add(name, 'wrong-type', `${show(value)} is not a boolean; write true or false.`);
};

const readFunction: Rule = (value, c, name) => {
  if (value !== undefined && typeof value !== 'function') c.issues.add(name, 'wrong-type', `${show(value)} is not a function.`);
};

/** Read by the lookup rule together, under `originTimeout`. */
const skip: Rule = () => {};

/**
 * Each option's rule, keyed like the option table (a missing rule fails the type check).
 * Rules that depend on another option (the lookup, `exposeHeaders`) read it from `c.options`;
 * the checks across options are in `CROSS_CHECKS`.
 */
const RULES: { readonly [K in OptionName]: Rule } = {
  origins: (v, c) => {
    const onError = c.options.onError;
    c.parts.origins = compileOrigins(v === undefined ? '*' : v, c.issues, typeof onError === 'function' ? (onError as Compiled['onError']) : undefined);
  },
  originTimeout: (v, c) => {
    c.parts.lookup = readLookupOptions(v, c.options.originCache, c.issues);
  },
  originCache: skip,
  methods: (v, c) => {
    c.parts.methods = compileMethods(v, c.issues);
  },
  allowHeaders: (v, c) => {
    c.parts.headers = compileAllowHeaders(v, c.issues);
  },
  exposeHeaders: (v, c) => {
    c.parts.expose = compileExposeHeaders(v, c.issues);
  },
  supportsCredentials: readBoolean,
  maxAge: readMaxAge,
  sendWildcard: readBoolean,
  alwaysSend: readBoolean,
  automaticOptions: readBoolean,
  varyHeader: readBoolean,
  allowPrivateNetwork: readBoolean,
  preflightStatus: (v, c) => {
    if (v === undefined) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 200 || v > 299) {
      c.issues.add('preflightStatus', 'preflight-status-range', `${show(v)} is not a success status; use a whole number from 200 to 299 (204 is usual).`);
    } else c.parts.preflightStatus = v;
  },
  // Compiled per entry by compileResources (resources.ts); never reaches compileOptions.
  resources: skip,
  onReject: (v, c, name) => {
    readFunction(v, c, name);
    if (typeof v === 'function') c.parts.onReject = v as Compiled['onReject'];
  },
  onError: (v, c, name) => {
    readFunction(v, c, name);
    if (typeof v === 'function') c.parts.onError = v as Compiled['onError'];
  },
  debug: readBoolean,
  websocket: (v, c) => {
    c.parts.websocket = compileWebSocket(v, c.issues);
  },
};

const FIX_LOOKUP = 'remove it, or give origins as a function such as async (origin) => db.isAllowed(origin)';

/** Checks across options, run after every option's own rule. */
const CROSS_CHECKS: ReadonlyArray<(c: Context) => void> = [
  // With `resources` the top level never answers alone: each entry is checked merged.
  (c) => {
    const origins = c.options.origins;
    if (c.standalone && c.options.supportsCredentials === true && (origins === undefined || origins === '*')) {
      c.issues.add(
        'supportsCredentials',
        'credentials-with-wildcard',
        "true cannot go with origins: '*' (any site could read credentialed answers); list the allowed origins in origins.",
      );
    }
  },
  (c) => {
    if (c.options.supportsCredentials === true && c.parts.expose === '*') {
      c.issues.add(
        'exposeHeaders',
        'expose-wildcard-with-credentials',
        "'*' with supportsCredentials: true exposes nothing (browsers read it as a header named '*'); list the header names.",
      );
      c.parts.expose = undefined;
    }
  },
  (c) => {
    const origins = c.options.origins;
    if (!c.standalone || typeof origins === 'function') return;
    for (const name of ['originTimeout', 'originCache']) {
      if (c.options[name] !== undefined)
        c.issues.add(
          name,
          'lookup-without-function',
          `only applies when origins is a function (origins is ${show(origins === undefined ? '*' : origins)}); ${FIX_LOOKUP}.`,
        );
    }
  },
];

/**
 * Reads `options` (one policy, no `resources`), recording every problem in `issues`: unknown
 * names first, then each option's rule in table order, then the checks across options.
 * Returns `undefined` when anything was wrong.
 */
export function compileOptions(
  options: Readonly<Record<string, unknown>>,
  issues: IssueList,
  known: readonly string[],
  standalone = true,
): Compiled | undefined {
  const before = issues.items.length;
  for (const key of Object.keys(options)) {
    if (known.includes(key) || options[key] === undefined) continue;
    const hint = suggestOption(key, known);
    issues.add(key, 'unknown-option', `is not an option${hint ? `; did you mean ${hint}?` : `; the options are ${known.join(', ')}.`}`);
  }
  const parts: Parts = { lookup: null, maxAge: null, preflightStatus: 204, onReject: null, onError: undefined, websocket: WS_PASS, bools: {} };
  const c: Context = { options, issues, standalone, parts };
  for (const name of OPTION_NAMES) RULES[name](options[name], c, name);
  for (const check of CROSS_CHECKS) check(c);
  const { origins, methods, headers, expose } = parts;
  if (issues.items.length > before || !origins || !methods || !headers || expose === undefined) return undefined;

  const bool = (name: OptionName): boolean => parts.bools[name] ?? (OPTION_TABLE[name] as { bool?: boolean }).bool ?? false;
  const credentials = bool('supportsCredentials');
  const varyHeader = bool('varyHeader');
  const privateNetwork = bool('allowPrivateNetwork');
  const alwaysSend = bool('alwaysSend');
  const wildcard = origins.any && bool('sendWildcard');
  const uniform = wildcard && alwaysSend && !credentials;
  const originsValue = options.origins;
  const onError = parts.onError;
  const rule = parts.lookup !== null && typeof originsValue === 'function' ? lookupOrigins(originsValue as OriginFunction, parts.lookup, onError) : origins;
  const compiled = {
    origins: rule,
    wildcard,
    methods,
    headers,
    expose,
    credentials,
    maxAge: parts.maxAge,
    alwaysSend,
    automaticOptions: bool('automaticOptions'),
    varyActual: varyHeader && !uniform ? VARY_ACTUAL : null,
    varyPreflight: varyHeader ? (privateNetwork ? VARY_PREFLIGHT_PNA : VARY_PREFLIGHT) : null,
    privateNetwork,
    preflightStatus: parts.preflightStatus,
    onReject: parts.onReject,
    onError: onError ?? logServerError,
    debug: bool('debug'),
    websocket: parts.websocket,
  };
  return Object.freeze({ ...compiled, answers: compileAnswers(compiled) });
}
