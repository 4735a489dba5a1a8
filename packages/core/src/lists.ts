import { type ConfigIssueCode, type IssueList, show } from './errors.js';

/** The token characters besides letters and digits (RFC 9110 `tchar`), also named in messages. */
const SYMBOLS = "!#$%&'*+-.^_`|~";

/**
 * HTTP token characters (RFC 9110 `tchar`), indexed by char code: the names of methods and
 * header names must be made of these.
 */
const TCHAR = new Uint8Array(128);
for (const c of SYMBOLS) TCHAR[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) TCHAR[c] = 1;
for (let c = 65; c <= 90; c++) TCHAR[c] = 1;
for (let c = 97; c <= 122; c++) TCHAR[c] = 1;

/** Whether char code `c` may appear in an HTTP token. */
export function isTchar(c: number): boolean {
  return c < 128 && TCHAR[c] === 1;
}

/** Whether `s` is a non-empty HTTP token. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isTchar(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads a list option given as an array of strings or a comma-separated string.
 * Returns `'*'` for a lone wildcard, `undefined` when the value is no list at all. Every bad
 * entry is recorded in `issues` and left out, so the caller goes on checking the rest and
 * every problem is listed. Entries of a comma-separated string are trimmed around the commas;
 * spaces around the whole value or an array entry are an error.
 */
export function readList(option: string, value: unknown, issues: IssueList): readonly string[] | '*' | undefined {
  const entries: string[] = [];
  if (typeof value === 'string') {
    if (value !== value.trim()) issues.add(option, 'surrounding-space', `${show(value)} has leading or trailing spaces; write ${show(value.trim())}.`);
    if (value.trim() === '*') return '*';
    for (const s of value.split(',')) if (s.trim() !== '') entries.push(s.trim());
  } else if (Array.isArray(value)) {
    value.forEach((v: unknown, i: number) => {
      if (typeof v !== 'string') issues.add(option, 'wrong-type', `entry ${i} is ${show(v)}, not a string; list names as strings.`);
      else if (v !== v.trim()) issues.add(option, 'surrounding-space', `${show(v)} has leading or trailing spaces; write ${show(v.trim())}.`);
      else entries.push(v);
    });
  } else {
    issues.add(option, 'wrong-type', `${show(value)} is not a list; give an array of strings, a comma-separated string, or '*'.`);
    return undefined;
  }
  if (entries.includes('*')) {
    issues.add(option, 'wildcard-in-list', `'*' inside a list; write ${option}: '*' alone to allow any.`);
    return entries.filter((e) => e !== '*');
  }
  return entries;
}

/**
 * Reads a list of names (`methods`, `allowHeaders`, `exposeHeaders`): the list as `readList`
 * reads it, then each entry must be a token (`what` names it in the message) and pass
 * `refuse` (a problem's code and sentence, or `undefined`). With `normal`, names are kept
 * normalised and duplicates dropped after it; without, duplicates are dropped ignoring case
 * and the first spelling kept. Returns `'*'`, the names, or `undefined` when anything was wrong.
 *
 * @example
 * readNames('exposeHeaders', 'X-A, x-a, X-B', issues, 'a header name'); // ["X-A", "X-B"]
 */
export function readNames(
  option: string,
  value: unknown,
  issues: IssueList,
  what: string,
  refuse: (name: string) => readonly [ConfigIssueCode, string] | undefined = () => undefined,
  normal?: (name: string) => string,
): readonly string[] | '*' | undefined {
  const list = readList(option, value, issues);
  if (list === undefined || list === '*') return list;
  const names: string[] = [];
  const seen = new Set<string>();
  let ok = true;
  for (const name of list) {
    const problem: readonly [ConfigIssueCode, string] | undefined = isToken(name)
      ? refuse(name)
      : ['not-a-token', `is not ${what} (a token: letters, digits, ${SYMBOLS})`];
    if (problem !== undefined) {
      issues.add(option, problem[0], `${show(name)} ${problem[1]}.`);
      ok = false;
    } else {
      const key = normal ? normal(name) : name.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        names.push(normal ? key : name);
      }
    }
  }
  return ok ? names : undefined;
}
