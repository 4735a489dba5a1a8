/**
 * Application-wide settings from the environment, as Flask-CORS reads `CORS_*` from the app
 * config: `optionsFromEnv` turns a plain record of strings into `CorsOptions`.
 */
import { IssueList, show } from './errors.js';
import type { CorsOptions } from './options.js';

/** A record of environment variables, as `optionsFromEnv` reads it. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

type ListOption = 'origins' | 'methods' | 'allowHeaders' | 'exposeHeaders';
type BoolOption =
  | 'supportsCredentials' | 'sendWildcard' | 'alwaysSend' | 'automaticOptions' | 'varyHeader' | 'allowPrivateNetwork';

const LISTS: ReadonlyArray<readonly [string, ListOption]> = [
  ['CORS_ORIGINS', 'origins'],
  ['CORS_METHODS', 'methods'],
  ['CORS_ALLOW_HEADERS', 'allowHeaders'],
  ['CORS_EXPOSE_HEADERS', 'exposeHeaders'],
];
const BOOLS: ReadonlyArray<readonly [string, BoolOption]> = [
  ['CORS_SUPPORTS_CREDENTIALS', 'supportsCredentials'],
  ['CORS_SEND_WILDCARD', 'sendWildcard'],
  ['CORS_ALWAYS_SEND', 'alwaysSend'],
  ['CORS_AUTOMATIC_OPTIONS', 'automaticOptions'],
  ['CORS_VARY_HEADER', 'varyHeader'],
  ['CORS_ALLOW_PRIVATE_NETWORK', 'allowPrivateNetwork'],
];

/** Every variable `optionsFromEnv` reads. */
export const ENV_VARIABLES: readonly string[] = Object.freeze([...LISTS.map(([n]) => n), ...BOOLS.map(([n]) => n), 'CORS_MAX_AGE']);

/**
 * The value of `name` as text, or `undefined` when unset or empty. Workers vars may be JSON
 * values, so a number or boolean is written out and a list of strings joined with commas;
 * anything else (a KV or service binding under a `CORS_*` name) is an issue.
 */
function read(env: Readonly<Record<string, unknown>>, name: string, issues: IssueList): string | undefined {
  const v = env[name];
  let text: string;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') text = v;
  else if (typeof v === 'number' || typeof v === 'boolean') text = String(v);
  else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) text = v.join(',');
  else {
    issues.add(name, `is a binding or an object, not a setting; make it a text value, as in ${name}="…".`);
    return undefined;
  }
  const t = text.trim();
  return t === '' ? undefined : t;
}

/**
 * Reads the `CORS_*` settings from a plain record of strings (`process.env`, a Workers `env`,
 * `Deno.env.toObject()`, `Bun.env`); Workers' JSON vars (numbers, booleans, lists of strings)
 * are read as their text. Lists are comma-separated; booleans are
 * `true`/`false`/`1`/`0`; `CORS_MAX_AGE` is seconds. Empty values count as unset and unknown
 * `CORS_*` names are ignored. Only the settings present appear in the result, so options given
 * in code can be spread over it.
 *
 * @example
 * const options = { ...optionsFromEnv(process.env), exposeHeaders: ['X-Request-Id'] };
 * // CORS_ORIGINS="https://a.example, https://b.example" → { origins: ['https://a.example', 'https://b.example'] }
 * @throws CorsConfigError naming each variable whose value cannot be read.
 */
export function optionsFromEnv(env: Readonly<Record<string, unknown>> | null | undefined): CorsOptions {
  const options: CorsOptions = {};
  if (env === null || env === undefined || typeof env !== 'object') return options;
  const source = env;
  const issues = new IssueList();
  for (const [name, option] of LISTS) {
    const v = read(source, name, issues);
    if (v === undefined) continue;
    const entries = v.split(',').map((s) => s.trim()).filter((s) => s !== '');
    if (entries.length === 0) continue;
    options[option] = entries.length === 1 && entries[0] === '*' ? '*' : entries;
  }
  for (const [name, option] of BOOLS) {
    const v = read(source, name, issues);
    if (v === undefined) continue;
    const lower = v.toLowerCase();
    if (lower === 'true' || lower === '1') options[option] = true;
    else if (lower === 'false' || lower === '0') options[option] = false;
    else issues.add(name, `${show(v)} is not a boolean; write true, false, 1 or 0.`);
  }
  const maxAge = read(source, 'CORS_MAX_AGE', issues);
  if (maxAge !== undefined) {
    if (/^\d+$/.test(maxAge) && Number(maxAge) <= 86400) options.maxAge = Number(maxAge);
    else issues.add('CORS_MAX_AGE', `${show(maxAge)} is not a number of seconds from 0 to 86400; write digits, as in 600.`);
  }
  issues.throwIfAny();
  return options;
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
