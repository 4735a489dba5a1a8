/**
 * What a translated peer case expects of an answer, and the check of it.
 *
 * ```ts
 * await expectAnswer(response, { status: 204, headers: { 'access-control-allow-origin': '*', vary: null } });
 * ```
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';

/**
 * A header as a peer's test checks it: `null` absent, a string exactly that value, an array
 * the comma-separated tokens in that order, `{ has }` tokens that must be among the value's.
 */
export type HeaderExpectation = string | null | readonly string[] | { readonly has: readonly string[] };

/** What a user sees of one answer. */
export interface Answer {
  readonly status?: number;
  readonly statusText?: string;
  /** Header names in lower case. */
  readonly headers?: Readonly<Record<string, HeaderExpectation>>;
  /** Whether the application's own handler (or router) ran. */
  readonly handlerCalled?: boolean;
  /** Construction throws a CorsConfigError whose message matches. */
  readonly configError?: RegExp;
}

/** Our answer where it differs from the peer's, with the guide section that explains why. */
export type Difference = Answer & {
  /** `<guide file>#<anchor>` under docs/migrating/, e.g. `from-hono.md#preflight-detection`. */
  readonly guide: string;
};

const tokens = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** Asserts `response` (and whether the handler ran) against `want`. */
export function expectAnswer(response: Response, want: Answer, handlerCalled?: boolean): void {
  if (want.status !== undefined) expect(response.status, 'status').toBe(want.status);
  if (want.statusText !== undefined) expect(response.statusText, 'statusText').toBe(want.statusText);
  if (want.handlerCalled !== undefined) expect(handlerCalled, 'handler called').toBe(want.handlerCalled);
  for (const [name, value] of Object.entries(want.headers ?? {})) {
    const got = response.headers.get(name);
    if (value === null) expect(got, name).toBeNull();
    else if (typeof value === 'string') expect(got, name).toBe(value);
    else if (Array.isArray(value)) expect(tokens(got), name).toEqual(value);
    else expect(tokens(got), name).toEqual(expect.arrayContaining([...(value as { has: readonly string[] }).has]));
  }
}

const guidesDir = join(import.meta.dirname, '..', '..', '..', 'docs', 'migrating');

/** Whether `guide` (`file.md#anchor`) names a file in docs/migrating/ holding `<a id="anchor">`. */
export function guideSectionExists(guide: string): boolean {
  const [file, anchor] = guide.split('#');
  if (!file || !anchor) return false;
  try {
    return readFileSync(join(guidesDir, file), 'utf8').includes(`<a id="${anchor}"></a>`);
  } catch {
    return false;
  }
}
