/**
 * "Did you mean …?": the one spelling comparison behind the option-name suggestion
 * (`suggestOption`) and the `CORS_*` typo check (`meantVariable`). Bounded work: callers cap
 * the length of what they compare.
 */

/**
 * A name as compared: lower case, without `_` and `-`, and without a leading `cors_`
 * (`CORS_MAX_AGE`, `max_age` and `maxAge` are all `maxage`).
 *
 * @example
 * squeeze('CORS_ALLOW-HEADERS'); // "allowheaders"
 */
export function squeeze(name: string): string {
  let out = '';
  const from = name.length > 5 && name.slice(0, 5).toLowerCase() === 'cors_' ? 5 : 0;
  for (let i = from; i < name.length; i++) {
    const c = name[i] as string;
    if (c !== '_' && c !== '-') out += c.toLowerCase();
  }
  return out;
}

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment),
 * giving up (returning `limit + 1`) once it exceeds `limit`; both strings are short.
 */
function within(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let row: number[] = [];
  for (let j = 0; j <= b.length; j++) row.push(j);
  for (let i = 1; i <= a.length; i++) {
    const next: number[] = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, (before[j - 2] as number) + 1);
      next.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    before = row;
    row = next;
  }
  return row[b.length] as number;
}

/**
 * The first of `names` whose squeezed spelling is nearest to `squeezed`, at most `limit` edits
 * away, or `undefined`.
 *
 * @example
 * closest('maxagee', ['origins', 'maxAge'], 2); // "maxAge"
 */
export function closest(squeezed: string, names: readonly string[], limit: number): string | undefined {
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const name of names) {
    const d = within(squeezed, squeeze(name), bestDistance - 1);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}
