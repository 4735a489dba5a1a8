/**
 * Every kind of configuration problem, a closed list: a `CorsConfigIssue`'s `code` is one of
 * these. Each is described in docs/behaviour.md, section "Configuration errors".
 *
 * @example
 * CONFIG_ISSUE_CODES.includes('credentials-with-wildcard'); // true
 */
export const CONFIG_ISSUE_CODES = [
  'unknown-option',
  'wrong-type',
  'surrounding-space',
  'wildcard-in-list',
  'empty-list',
  'credentials-with-wildcard',
  'expose-wildcard-with-credentials',
  'lookup-without-function',
  'origin-no-scheme',
  'origin-bad-scheme',
  'origin-trailing-slash',
  'origin-has-path',
  'origin-has-userinfo',
  'origin-several',
  'origin-bad-port',
  'origin-bad-host',
  'origin-not-canonical',
  'pattern-bad-wildcard',
  'pattern-too-broad',
  'pattern-on-ip',
  'not-a-token',
  'forbidden-method',
  'forbidden-header',
  'max-age-range',
  'preflight-status-range',
  'timeout-range',
  'cache-range',
  'unknown-mode',
  'resource-key-invalid',
  'resource-key-duplicate',
  'resources-nested',
  'env-unreadable',
  'env-empty',
  'env-misnamed',
] as const;

/**
 * The kind of a configuration problem, for tools and tests to act on.
 *
 * @example
 * if (issue.code === 'origin-trailing-slash') fixOrigins();
 */
export type ConfigIssueCode = (typeof CONFIG_ISSUE_CODES)[number];

/**
 * One problem found in a CORS configuration.
 *
 * @example
 * // { option: 'origins', code: 'origin-trailing-slash', message: '"https://a.test/" has a trailing slash; write "https://a.test".' }
 */
export interface CorsConfigIssue {
  /** The option (or environment variable) at fault, e.g. `origins` or `CORS_MAX_AGE`. */
  readonly option: string;
  /** The kind of problem, one of `CONFIG_ISSUE_CODES`. */
  readonly code: ConfigIssueCode;
  /** What is wrong with the value, and how to fix it. */
  readonly message: string;
}

/**
 * Thrown by `createCors`, `withCors` and `optionsFromEnv` when the configuration is invalid,
 * never while serving a request. Its message lists every problem found, one per line.
 *
 * @example
 * try { createCors({ origins: '*', supportsCredentials: true }); }
 * catch (e) { if (e instanceof CorsConfigError) console.error(e.issues); }
 */
export class CorsConfigError extends Error {
  /** Every problem found, in the order the options were read. */
  readonly issues: readonly CorsConfigIssue[];

  constructor(issues: readonly CorsConfigIssue[]) {
    const n = issues.length;
    super(`Invalid CORS configuration (${n} problem${n === 1 ? '' : 's'}):\n` + issues.map((i) => `  - ${i.option}: ${i.message}`).join('\n'));
    this.name = 'CorsConfigError';
    this.issues = Object.freeze([...issues]);
  }
}

/** Collects issues while options are read, then throws them all at once. */
export class IssueList {
  readonly items: CorsConfigIssue[] = [];

  add(option: string, code: ConfigIssueCode, message: string): void {
    this.items.push({ option, code, message });
  }

  throwIfAny(): void {
    if (this.items.length > 0) throw new CorsConfigError(this.items);
  }
}

/** Shows a configuration value in an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value instanceof RegExp) return String(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
