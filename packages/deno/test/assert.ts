// Minimal assertions, so the suite needs nothing downloaded (no jsr:@std/assert).

export class AssertionError extends Error {
  override name = 'AssertionError';
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : Deno.inspect(value, { depth: 4 });
}

export function assert(condition: unknown, message = 'assertion failed'): asserts condition {
  if (!condition) throw new AssertionError(message);
}

export function assertEquals<T>(actual: T, expected: T, label = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e || (a === undefined && actual !== expected)) {
    throw new AssertionError(`${label ? `${label}: ` : ''}expected ${show(expected)}, got ${show(actual)}`);
  }
}

export function assertStringIncludes(actual: string, expected: string): void {
  if (!actual.includes(expected)) throw new AssertionError(`expected ${show(actual)} to include ${show(expected)}`);
}

export function assertMatch(actual: string, expected: RegExp): void {
  if (!expected.test(actual)) throw new AssertionError(`expected ${show(actual)} to match ${expected}`);
}
