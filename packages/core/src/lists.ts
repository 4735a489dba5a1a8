import { type IssueList, show } from './errors.js';

/**
 * HTTP token characters (RFC 9110 `tchar`), indexed by char code: the names of methods and
 * header names must be made of these.
 */
const TCHAR = new Uint8Array(128);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
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
export function readList(
  option: string,
  value: unknown,
  issues: IssueList,
): readonly string[] | '*' | undefined {
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
