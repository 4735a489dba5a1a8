/** A seeded Fisher–Yates shuffle: every round runs the cases in a new, reproducible order. */
export function shuffled(list, seed) {
  const a = list.slice();
  let s = seed >>> 0;
  for (let i = a.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
