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
 * Adds the comma-separated `names` to the `Vary` of `headers`.
 *
 * @example
 * mergeVary(res.headers, 'Origin'); // "Accept-Encoding" → "Accept-Encoding, Origin"
 */
export function mergeVary(headers: Headers, names: string): void {
  const current = headers.get('vary');
  if (current === null || current === '') {
    headers.set('vary', names);
    return;
  }
  if (current === names) return;
  const have = current.split(',').map((s) => s.trim().toLowerCase());
  if (have.includes('*')) return;
  let merged = current;
  for (const name of names.split(', ')) {
    if (!have.includes(name.toLowerCase())) merged += `, ${name}`;
  }
  if (merged !== current) headers.set('vary', merged);
}
