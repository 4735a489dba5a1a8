/**
 * `Vary` handling: the names the policy adds are merged with what the handler set, without
 * duplicates (compared case-insensitively), and a `Vary: *` is left alone.
 */

/** `Vary` of an actual response whose answer depends on the Origin. */
export const VARY_ACTUAL = 'Origin';
/** `Vary` of every preflight answer. */
export const VARY_PREFLIGHT = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
/** `Vary` of every preflight answer when private-network access is configured. */
export const VARY_PREFLIGHT_PNA = `${VARY_PREFLIGHT}, Access-Control-Request-Private-Network`;

/**
 * The `Vary` value with the comma-separated `names` added to `current` (compared
 * case-insensitively), or `null` when `current` already has them all or is `*`.
 *
 * @example
 * varyWith('Accept-Encoding', 'Origin'); // "Accept-Encoding, Origin"
 */
export function varyWith(current: string | null, names: string): string | null {
  if (current === null || current === '') return names;
  if (current === names) return null;
  const have = current.split(',').map((s) => s.trim().toLowerCase());
  if (have.includes('*')) return null;
  let merged = current;
  for (const name of names.split(', ')) {
    if (!have.includes(name.toLowerCase())) merged += `, ${name}`;
  }
  return merged === current ? null : merged;
}

/**
 * Adds the comma-separated `names` to the `Vary` of `headers`.
 *
 * @example
 * mergeVary(res.headers, 'Origin'); // "Accept-Encoding" → "Accept-Encoding, Origin"
 */
export function mergeVary(headers: Headers, names: string): void {
  const merged = varyWith(headers.get('vary'), names);
  if (merged !== null) headers.set('vary', merged);
}
