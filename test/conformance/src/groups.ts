import { cases, type Case, type VectorFile } from './harness.ts';

/** The cases of a vector file grouped by rule, in file order. */
export function byGroup(file: VectorFile): [string, Case[]][] {
  const groups = new Map<string, Case[]>();
  for (const c of cases(file)) {
    let list = groups.get(c.group);
    if (!list) {
      list = [];
      groups.set(c.group, list);
    }
    list.push(c);
  }
  return [...groups];
}
