/**
 * Validation: every option is read and checked once, every problem is collected, and the
 * result is a frozen `Compiled` policy whose header values are joined in advance.
 */
import { compileAllowHeaders, compileExposeHeaders } from './headers.js';
import { type IssueList, show } from './errors.js';
import { compileMethods } from './methods.js';
import { OPTION_NAMES, type CorsRejection, type OriginFunction } from './options.js';
import { lookupOrigins, readLookupOptions } from './lookup.js';
import { compileOrigins } from './origin.js';
import { compileAnswers } from './answer-headers.js';
import type { Compiled } from './compiled.js';
import { logServerError } from './hooks.js';
import { VARY_ACTUAL, VARY_PREFLIGHT, VARY_PREFLIGHT_PNA } from './vary.js';
import { compileWebSocket } from './websocket.js';

const BOOLEANS = [
  'supportsCredentials', 'sendWildcard', 'alwaysSend', 'automaticOptions', 'varyHeader', 'allowPrivateNetwork', 'debug',
] as const;

/** Flask-CORS names and common misspellings, mapped to the option meant. */
const ALIASES: Readonly<Record<string, string>> = {
  origin: 'origins',
  headers: 'allowHeaders',
  allowedHeaders: 'allowHeaders',
  exposedHeaders: 'exposeHeaders',
  credentials: 'supportsCredentials',
  allowCredentials: 'supportsCredentials',
  allowMethods: 'methods',
  allowOrigin: 'origins',
  allowOrigins: 'origins',
};

/** Longest key compared by the suggestion: longer keys get none, so the work stays bounded. */
const MAX_SUGGEST_LENGTH = 64;

/** Levenshtein distance of two short strings (both at most MAX_SUGGEST_LENGTH long). */
export function distance(a: string, b: string): number {
  const row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/**
 * `snake_case`, `kebab-case` and `CORS_PREFIXED` keys in camelCase (`max_age` → `maxAge`,
 * `CORS_MAX_AGE` → `maxAge`), in one pass with no RegExp.
 */
function camelCase(key: string): string {
  let out = '';
  let i = 0;
  if (key.startsWith('CORS_') || key.startsWith('cors_')) i = 5;
  let upperNext = false;
  let first = true;
  const allUpper = key === key.toUpperCase();
  for (; i < key.length; i++) {
    const ch = key[i] as string;
    if (ch === '_' || ch === '-') {
      upperNext = !first;
      continue;
    }
    const c = allUpper ? ch.toLowerCase() : ch;
    out += upperNext ? c.toUpperCase() : c;
    upperNext = false;
    first = false;
  }
  return out;
}

/**
 * The option most likely meant by an unknown key, if any is close. Keys longer than 64
 * characters get no suggestion; the work is linear in the key's length.
 *
 * @example
 * suggestOption('origin'); // "origins"
 */
export function suggestOption(key: string, known: readonly string[] = OPTION_NAMES): string | undefined {
  if (key.length > MAX_SUGGEST_LENGTH) return undefined;
  const camel = camelCase(key);
  if (known.includes(camel)) return camel;
  const alias = ALIASES[camel] ?? ALIASES[key];
  if (alias !== undefined && known.includes(alias)) return alias;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const name of known) {
    const d = distance(camel.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

function readMaxAge(value: unknown, issues: IssueList): string | null {
  if (value === undefined) return null;
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\d+$/.test(value)) n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 86400) {
    issues.add('maxAge', `${show(value)} is not a whole number of seconds from 0 to 86400; browsers cap the cache anyway (Chromium at 7200).`);
    return null;
  }
  return String(n);
}

/**
 * Reads `options` (one policy, no `resources`), recording every problem in `issues`.
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
    issues.add(key, `is not an option${hint ? `; did you mean ${hint}?` : `; the options are ${known.join(', ')}.`}`);
  }
  const o = (key: string): unknown => options[key];
  for (const key of BOOLEANS) {
    const v = o(key);
    if (v !== undefined && typeof v !== 'boolean') issues.add(key, `${show(v)} is not a boolean; write true or false.`);
  }
  const bool = (key: (typeof BOOLEANS)[number], fallback: boolean): boolean => {
    const v = o(key);
    return typeof v === 'boolean' ? v : fallback;
  };
  const credentials = bool('supportsCredentials', false);
  const sendWildcard = bool('sendWildcard', true);
  const alwaysSend = bool('alwaysSend', true);
  const varyHeader = bool('varyHeader', true);
  const privateNetwork = bool('allowPrivateNetwork', false);

  const originsValue = o('origins') === undefined ? '*' : o('origins');
  // With `resources` the top level never answers alone: each entry is checked merged.
  if (credentials && originsValue === '*' && standalone) {
    issues.add('supportsCredentials', "true cannot go with origins: '*' (any site could read credentialed answers); list the allowed origins in origins.");
  }
  let origins = compileOrigins(originsValue, issues);
  const lookup = readLookupOptions(o('originTimeout'), o('originCache'), originsValue, issues, standalone);
  const methods = compileMethods(o('methods'), issues);
  const headers = compileAllowHeaders(o('allowHeaders'), issues);
  const expose = compileExposeHeaders(o('exposeHeaders'), credentials, issues);
  const maxAge = readMaxAge(o('maxAge'), issues);
  const websocket = compileWebSocket(o('websocket'), issues);

  const status = o('preflightStatus') === undefined ? 204 : o('preflightStatus');
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 299) {
    issues.add('preflightStatus', `${show(status)} is not a success status; use a whole number from 200 to 299 (204 is usual).`);
  }
  for (const key of ['onReject', 'onError']) {
    const v = o(key);
    if (v !== undefined && typeof v !== 'function') issues.add(key, `${show(v)} is not a function.`);
  }
  if (issues.items.length > before || !origins || !methods || !headers || expose === undefined) return undefined;

  const wildcard = origins.any && sendWildcard;
  const uniform = wildcard && alwaysSend && !credentials;
  const onError = o('onError') as Compiled['onError'] | undefined;
  if (lookup !== null && typeof originsValue === 'function') origins = lookupOrigins(originsValue as OriginFunction, lookup, onError);
  const parts = {
    origins,
    wildcard,
    methods,
    headers,
    expose,
    credentials,
    maxAge,
    alwaysSend,
    automaticOptions: bool('automaticOptions', true),
    varyActual: varyHeader && !uniform ? VARY_ACTUAL : null,
    varyPreflight: varyHeader ? (privateNetwork ? VARY_PREFLIGHT_PNA : VARY_PREFLIGHT) : null,
    privateNetwork,
    preflightStatus: status as number,
    onReject: (o('onReject') as Compiled['onReject'] | undefined) ?? null,
    onError: onError ?? logServerError,
    debug: bool('debug', false),
    websocket,
  };
  return Object.freeze({ ...parts, answers: compileAnswers(parts) });
}
