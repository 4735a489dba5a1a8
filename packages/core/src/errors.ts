/** One problem found in a CORS configuration. */
export interface CorsConfigIssue {
  /** The option (or environment variable) at fault, e.g. `origins` or `CORS_MAX_AGE`. */
  readonly option: string;
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
    super(
      `Invalid CORS configuration (${n} problem${n === 1 ? '' : 's'}):\n` +
        issues.map((i) => `  - ${i.option}: ${i.message}`).join('\n'),
    );
    this.name = 'CorsConfigError';
    this.issues = Object.freeze([...issues]);
  }
}

/** Collects issues while options are read, then throws them all at once. */
export class IssueList {
  readonly items: CorsConfigIssue[] = [];

  add(option: string, message: string): void {
    this.items.push({ option, message });
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
