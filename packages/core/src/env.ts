/**
 * Application-wide settings from the environment, as Flask-CORS reads `CORS_*` from the app
 * config: `optionsFromEnv` turns a plain record of strings into `CorsOptions`.
 */
import { IssueList, show } from './errors.js';
import { closest, squeeze } from './suggest.js';
import { envVariable, mergeOptions, OPTION_NAMES, OPTION_TABLE, type CorsOptions, type EnvReader, type OptionName, type OptionRow } from './options.js';

export { mergeOptions };

/** A record of environment variables, as `optionsFromEnv` reads it. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** The options read from `CORS_*` variables, with their variable and reader, from the option table. */
function readers(): Array<readonly [variable: string, option: OptionName, reader: EnvReader]> {
  return OPTION_NAMES.flatMap((name) => {
    const reader = (OPTION_TABLE[name] as OptionRow).env;
    return reader === undefined ? [] : [[envVariable(name), name, reader] as const];
  });
}

/** Every variable `optionsFromEnv` reads. */
export const ENV_VARIABLES: readonly string[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ readers().map(([n]) => n));

/**
 * Other frameworks' names (django-cors-headers, Spring, Express `cors`, Flask-CORS settings
 * this library does not read) mapped to ours: set by habit, they would be silently ignored and
 * leave the default `'*'` in force, so they are configuration errors naming the right one.
 */
const FOREIGN: Readonly<Record<string, string>> = {
  CORS_ALLOWED_ORIGINS: 'CORS_ORIGINS',
  CORS_ALLOWED_ORIGIN: 'CORS_ORIGINS',
  CORS_ALLOW_ORIGINS: 'CORS_ORIGINS',
  CORS_ALLOW_ORIGIN: 'CORS_ORIGINS',
  CORS_ORIGIN_WHITELIST: 'CORS_ORIGINS',
  CORS_ORIGIN_ALLOWLIST: 'CORS_ORIGINS',
  CORS_WHITELIST: 'CORS_ORIGINS',
  CORS_ALLOWLIST: 'CORS_ORIGINS',
  CORS_ALLOWED_ORIGIN_REGEXES: 'CORS_ORIGINS',
  CORS_ALLOWED_ORIGINS_REGEX: 'CORS_ORIGINS',
  CORS_ALLOW_ORIGIN_REGEX: 'CORS_ORIGINS',
  CORS_ORIGIN_REGEX: 'CORS_ORIGINS',
  CORS_ALLOWED_ORIGIN_PATTERNS: 'CORS_ORIGINS',
  CORS_ORIGIN_PATTERNS: 'CORS_ORIGINS',
  CORS_ORIGIN_REGEX_WHITELIST: 'CORS_ORIGINS',
  CORS_ALLOW_ALL_ORIGINS: 'CORS_ORIGINS',
  CORS_ORIGIN_ALLOW_ALL: 'CORS_ORIGINS',
  CORS_ALLOW_CREDENTIALS: 'CORS_SUPPORTS_CREDENTIALS',
  CORS_ALLOWED_CREDENTIALS: 'CORS_SUPPORTS_CREDENTIALS',
  CORS_CREDENTIALS: 'CORS_SUPPORTS_CREDENTIALS',
  CORS_WITH_CREDENTIALS: 'CORS_SUPPORTS_CREDENTIALS',
  CORS_ALLOWED_METHODS: 'CORS_METHODS',
  CORS_ALLOW_METHODS: 'CORS_METHODS',
  CORS_ALLOWED_HEADERS: 'CORS_ALLOW_HEADERS',
  CORS_HEADERS: 'CORS_ALLOW_HEADERS',
  CORS_EXPOSED_HEADERS: 'CORS_EXPOSE_HEADERS',
  CORS_PREFLIGHT_MAX_AGE: 'CORS_MAX_AGE',
  CORS_RESOURCES: 'CORS_ORIGINS (per-path rules are set in code, with resources)',
};

/** Names of other frameworks' settings that `optionsFromEnv` refuses (adapters that read names one by one read these too). */
export const FOREIGN_ENV_VARIABLES: readonly string[] = /* @__PURE__ */ Object.freeze(/* @__PURE__ */ Object.keys(FOREIGN));

/** Longest `CORS_*` name compared for typos; longer names are left alone, so the work is bounded. */
const MAX_TYPO_NAME = 48;
const KNOWN: ReadonlySet<string> = /* @__PURE__ */ new Set(ENV_VARIABLES);
/** Other frameworks' names without `_`, so `CORS_ALLOWEDORIGINS` is `CORS_ALLOWED_ORIGINS`. */
const FOREIGN_SQUEEZED: ReadonlyMap<string, string> = /* @__PURE__ */ (() => new Map(Object.entries(FOREIGN).map(([n, to]) => [squeeze(n), to])))();

/** `cors-origins` → `CORS_ORIGINS`: upper case, `-` and `.` as `_`, a leading byte order mark dropped. */
function normalName(name: string): string {
  let out = '';
  for (let i = name.charCodeAt(0) === 0xfeff ? 1 : 0; i < name.length; i++) {
    const c = name[i] as string;
    out += c === '-' || c === '.' ? '_' : c.toUpperCase();
  }
  return out;
}

/**
 * Whether `name` is a `CORS_*` name in any case, with `_`, `-` or `.` after `CORS`.
 *
 * @example
 * isCorsName('cors-origins'); // true
 */
export function isCorsName(name: string): boolean {
  // A byte order mark before the first name of a .env file stays in it with some loaders.
  const from = name.charCodeAt(0) === 0xfeff ? 1 : 0;
  const sep = name.charCodeAt(from + 4);
  return name.length > from + 5 && (sep === 95 || sep === 45 || sep === 46) && name.slice(from, from + 4).toUpperCase() === 'CORS';
}

/**
 * Names an adapter that cannot list the environment (Deno under `--allow-env=CORS_*`) reads one
 * by one to catch the usual mistakes: other frameworks' names, and each known name with a
 * letter `S` added or dropped at the end of a word, its `_` dropped, two neighbours swapped, or
 * written in lower case or with `-`.
 *
 * @example
 * PROBED_ENV_VARIABLES.includes('CORS_ORIGIN'); // true
 */
export const PROBED_ENV_VARIABLES: readonly string[] = /* @__PURE__ */ (() =>
  Object.freeze([...new Set([...Object.keys(FOREIGN), ...ENV_VARIABLES.flatMap(mistakes)])].filter((n) => !KNOWN.has(n))))();

function mistakes(name: string): string[] {
  const out = [name.toLowerCase(), name.replaceAll('_', '-'), `CORS_${name.slice(5).replaceAll('_', '')}`];
  const words = name.split('_');
  for (let w = 1; w < words.length; w++) {
    const word = words[w] as string;
    const other = word.endsWith('S') ? word.slice(0, -1) : `${word}S`;
    out.push([...words.slice(0, w), other, ...words.slice(w + 1)].join('_'));
  }
  for (let i = 5; i + 1 < name.length; i++) {
    if (name[i] !== name[i + 1]) out.push(name.slice(0, i) + name[i + 1] + name[i] + name.slice(i + 2));
  }
  return out;
}

/**
 * The known variable an unknown `CORS_*` name stands for (another framework's name, or a typo:
 * `CORS_ORIGIN`, `CORS_MAXAGE`, `CORS_SUPPORT_CREDENTIALS`), or `undefined` for an unrelated
 * name (`CORS_PROXY_URL`). Bounded work: names over 48 characters are not compared.
 *
 * @example
 * meantVariable('CORS_ALLOWED_ORIGINS'); // "CORS_ORIGINS"
 */
export function meantVariable(name: string): string | undefined {
  if (name.length > MAX_TYPO_NAME) return FOREIGN[name];
  const upper = normalName(name);
  // The right name in another case or with '-' (`cors_origins`, `CORS-ORIGINS`) is not read.
  if (KNOWN.has(upper)) return upper === name ? undefined : upper;
  const squeezed = squeeze(upper);
  const foreign = FOREIGN[upper] ?? FOREIGN_SQUEEZED.get(squeezed);
  if (foreign !== undefined) return foreign;
  if (squeezed.length < 4) return undefined;
  // A spelling that differs only in case, `_` or `-` is the same name; otherwise one edit for
  // short names, two for longer ones.
  return closest(squeezed, ENV_VARIABLES, squeezed.length >= 10 ? 2 : 1);
}

/**
 * The value of `name` as text, or `undefined` when unset or empty. Workers vars may be JSON
 * values, so a number or boolean is written out and a list of strings joined with commas;
 * anything else (a KV or service binding under a `CORS_*` name) is an issue.
 */
function read(env: Readonly<Record<string, unknown>>, name: string, issues: IssueList, list: boolean): string | undefined {
  const v = env[name];
  let text: string;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' || typeof v === 'boolean') text = String(v);
  else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) {
    text = v.join(',');
    // A JSON list is set even when empty: `[]` must not read as unset (and so as `'*'`).
    if (text.trim() === '') {
      issues.add(name, 'env-empty', `is set to ${show(v)}, which holds no entries; list at least one, or remove ${name}.`);
      return undefined;
    }
  } else {
    issues.add(name, 'env-unreadable', `is a binding or an object, not a setting; make it a text value, as in ${name}="…".`);
    return undefined;
  }
  if (text === '') return undefined;
  const t = text.trim();
  if (t === '' && list) {
    // A list set to white space only holds no entries, as "," does: never read as unset (and
    // so as the default, which may be '*').
    issues.add(name, 'env-empty', `is set to ${show(text)}, white space only, which holds no entries; list at least one, or remove ${name}.`);
    return undefined;
  }
  return t === '' ? undefined : t;
}

/**
 * Reads the `CORS_*` settings from a plain record of strings (`process.env`, a Workers `env`,
 * `Deno.env.toObject()`, `Bun.env`); Workers' JSON vars (numbers, booleans, lists of strings)
 * are read as their text. Lists are comma-separated; booleans are
 * `true`/`false`/`1`/`0`; `CORS_MAX_AGE` is seconds. Empty values count as unset; a value that
 * is set but holds no entries (`","`, a JSON `[]`) is an error, never `'*'`. A `CORS_*` name
 * that is a typo of a known one or another framework's name for one (`CORS_ORIGIN`,
 * `CORS_ALLOWED_ORIGINS`) is an error naming the right one; other `CORS_*` names are left alone.
 * Only the settings present appear in the result, so options given in code can be spread over it.
 *
 * @example
 * const options = { ...optionsFromEnv(process.env), exposeHeaders: ['X-Request-Id'] };
 * // CORS_ORIGINS="https://a.example, https://b.example" → { origins: ['https://a.example', 'https://b.example'] }
 * @throws CorsConfigError naming each variable whose value cannot be read, or whose name is a misspelling.
 */
export function optionsFromEnv(env: Readonly<Record<string, unknown>> | null | undefined): CorsOptions {
  const options: CorsOptions = {};
  if (env === null || env === undefined || typeof env !== 'object') return options;
  const source = env;
  const issues = new IssueList();
  const out = options as Record<string, unknown>;
  for (const [name, option, reader] of readers()) {
    const v = read(source, name, issues, reader === 'list');
    if (v === undefined) continue;
    if (reader === 'list') {
      const entries = v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
      if (entries.length === 0) {
        // Set but empty of entries (",", " , "): never fall back to the default, which may be '*'.
        issues.add(name, 'env-empty', `${show(env[name])} holds no entries; list at least one (comma-separated), or remove ${name}.`);
        continue;
      }
      out[option] = entries.length === 1 && entries[0] === '*' ? '*' : entries;
    } else if (reader === 'bool') {
      const lower = v.toLowerCase();
      if (lower === 'true' || lower === '1') out[option] = true;
      else if (lower === 'false' || lower === '0') out[option] = false;
      else issues.add(name, 'wrong-type', `${show(v)} is not a boolean; write true, false, 1 or 0.`);
    } else if (/^\d+$/.test(v) && Number(v) <= 86400) out[option] = Number(v);
    else issues.add(name, 'max-age-range', `${show(v)} is not a number of seconds from 0 to 86400; write digits, as in 600.`);
  }
  for (const name in source) {
    if (KNOWN.has(name) || !isCorsName(name)) continue;
    const value = source[name];
    if (value === undefined || value === null || value === '') continue;
    const meant = meantVariable(name);
    if (meant !== undefined) {
      issues.add(
        name,
        'env-misnamed',
        `is not a setting fetch-cors reads, so it would be silently ignored and the defaults would apply; did you mean ${meant}?${name.charCodeAt(0) === 0xfeff ? ' (The name starts with an invisible byte order mark: save the file without it.)' : ''}`,
      );
    }
  }
  issues.throwIfAny();
  return options;
}

/**
 * Options of a runtime adapter: the core options plus `env`, which says where the
 * application-wide `CORS_*` settings come from — `true` (default) the runtime's environment,
 * `false` none, or a record to read instead.
 */
export type EnvCorsOptions = CorsOptions & { env?: boolean | EnvRecord | undefined };

/**
 * Resolves an adapter's `env` key: reads `CORS_*` from the source it names (calling
 * `runtimeEnv` only for `env: true`) and merges the code options over it, `env` removed.
 *
 * @example
 * const options = resolveEnvOptions({ origins: ['https://app.example.com'] }, () => Bun.env);
 */
export function resolveEnvOptions(options: EnvCorsOptions, runtimeEnv: () => EnvRecord): CorsOptions {
  const { env = true, ...code } = options;
  if (env === false) return code;
  return mergeOptions(optionsFromEnv(env === true ? runtimeEnv() : env), code);
}
