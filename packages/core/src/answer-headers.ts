/**
 * One rule per CORS response header, and the answers built from them once per policy.
 *
 * Each rule says, given the answer's Allow-Origin and what a preflight asked, which value its
 * header gets, or none; the preflight template, the per-request preflight headers, the debug
 * refusal, the actual response's headers and the list of headers the policy owns all come from
 * these seven. `Vary` is not among them: it is sent on refusals too and merged with the
 * handler's (vary.ts).
 */
import {
  ACTUAL,
  PREFLIGHT,
  STEP_ANSWER,
  STEP_HEADERS,
  STEP_METHOD,
  STEP_ORIGIN,
  STEP_PRIVATE_NETWORK,
  type Answers,
  type CompiledOptions,
  type ResponseHeaderRule,
} from './compiled.js';
import { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA } from './names.js';

/** A rule whose value is the same for every request. */
function fixed(name: string, kinds: number, step: number, value: string | null): ResponseHeaderRule {
  return { name, kinds, step, varies: false, value: () => value };
}

/** A rule whose value depends on the request. */
function varying(name: string, kinds: number, step: number, value: ResponseHeaderRule['value']): ResponseHeaderRule {
  return { name, kinds, step, varies: true, value };
}

/** Fetch "CORS check" step 3: Allow-Origin is `*`, or the Origin itself. */
function allowOrigin(p: CompiledOptions): ResponseHeaderRule {
  return p.wildcard ? fixed(ACAO, PREFLIGHT | ACTUAL, STEP_ORIGIN, '*') : varying(ACAO, PREFLIGHT | ACTUAL, STEP_ORIGIN, (origin) => origin);
}

/** Fetch "CORS check" step 5: with credentials, `true`. */
function allowCredentials(p: CompiledOptions): ResponseHeaderRule {
  return fixed(ACAC, PREFLIGHT | ACTUAL, STEP_ORIGIN, p.credentials ? 'true' : null);
}

/** Actual responses only: the configured list. */
function exposeHeaders(p: CompiledOptions): ResponseHeaderRule {
  return fixed(ACEH, ACTUAL, STEP_ORIGIN, p.expose);
}

/**
 * The configured list, or with `methods: '*'` and credentials the method asked for (Fetch
 * "CORS-preflight fetch" step 7: `*` is no wildcard for a credentialed request).
 */
function allowMethods(p: CompiledOptions): ResponseHeaderRule {
  if (p.methods.any && p.credentials) return varying(ACAM, PREFLIGHT, STEP_METHOD, (_o, method) => (method === '' ? null : method));
  return fixed(ACAM, PREFLIGHT, STEP_METHOD, p.methods.header === '' ? null : p.methods.header);
}

/** The configured list, or with `allowHeaders: '*'` the names asked for (none when none were). */
function allowHeaders(p: CompiledOptions): ResponseHeaderRule {
  if (p.headers.any) return varying(ACAH, PREFLIGHT, STEP_HEADERS, (_o, _m, asked) => (asked === '' ? null : asked));
  return fixed(ACAH, PREFLIGHT, STEP_HEADERS, p.headers.header);
}

/** `true` when the preflight asked for private-network access and the policy allows it. */
function allowPrivateNetwork(p: CompiledOptions): ResponseHeaderRule {
  if (!p.privateNetwork) return fixed(ACAPN, PREFLIGHT, STEP_PRIVATE_NETWORK, null);
  return varying(ACAPN, PREFLIGHT, STEP_PRIVATE_NETWORK, (_o, _m, _h, asked) => (asked ? 'true' : null));
}

/** How long the browser may cache an allowed preflight. */
function maxAge(p: CompiledOptions): ResponseHeaderRule {
  return fixed(ACMA, PREFLIGHT, STEP_ANSWER, p.maxAge);
}

/** Reason phrases of the statuses a preflight answer may have (RFC 9110 section 15.3). */
const REASONS: Readonly<Record<number, string>> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
};

/**
 * The status and reason phrase of an allowed preflight (and of a debug refusal, which looks
 * allowed so that the browser names the header that failed).
 */
export function preflightInit(status: number): ResponseInit {
  return { status, statusText: REASONS[status] ?? '' };
}

/** Whether the comma-separated list `names` holds the entry `*` (spaces around entries allowed); one pass. */
export function listHasStar(names: string): boolean {
  const n = names.length;
  let i = 0;
  while (i < n) {
    while (i < n && (names.charCodeAt(i) === 32 || names.charCodeAt(i) === 9)) i++;
    const start = i;
    while (i < n && names.charCodeAt(i) !== 44) i++;
    let end = i;
    while (end > start && (names.charCodeAt(end - 1) === 32 || names.charCodeAt(end - 1) === 9)) end--;
    if (end - start === 1 && names.charCodeAt(start) === 42) return true;
    i++;
  }
  return false;
}

/**
 * Builds a policy's answers from its rules, once, when it is compiled.
 *
 * @example
 * compileAnswers(options).preflight.clone(); // 204 No Content with Allow-Methods, Max-Age, Vary
 */
export function compileAnswers(p: CompiledOptions): Answers {
  const rules = Object.freeze([allowOrigin(p), allowCredentials(p), exposeHeaders(p), allowMethods(p), allowHeaders(p), allowPrivateNetwork(p), maxAge(p)]);
  const preflight = new Response(null, preflightInit(p.preflightStatus));
  const preflightVarying: ResponseHeaderRule[] = [];
  const actualFixed: string[] = [];
  const actualVarying: ResponseHeaderRule[] = [];
  const stripAllowed: string[] = [];
  for (const rule of rules) {
    if (rule.kinds & PREFLIGHT) {
      if (rule.varies) preflightVarying.push(rule);
      else {
        const value = rule.value('', '', '', false);
        if (value !== null) preflight.headers.set(rule.name, value);
      }
    }
    const fixed = rule.varies ? null : rule.value('', '', '', false);
    if (!(rule.kinds & ACTUAL) || (!rule.varies && fixed === null)) stripAllowed.push(rule.name);
    else if (rule.varies) actualVarying.push(rule);
    else actualFixed.push(rule.name, fixed as string);
  }
  if (p.varyPreflight !== null) preflight.headers.set('vary', p.varyPreflight);
  const refused = new Response(null, { status: 403, statusText: 'Forbidden' });
  if (p.varyPreflight !== null) refused.headers.set('vary', p.varyPreflight);
  return Object.freeze({
    rules,
    preflight,
    preflightVarying: Object.freeze(preflightVarying),
    refused,
    actualFixed: Object.freeze(actualFixed),
    actualVarying: Object.freeze(actualVarying),
    stripAllowed: Object.freeze(stripAllowed),
    stripRefused: Object.freeze(rules.map((r) => r.name)),
  });
}

/**
 * A refused preflight under `debug`: the success status, and the headers of every check up to
 * the one that failed (`upTo`, a `STEP_*`; `0` for a refused origin, which is shown nothing),
 * so that the browser's console names the header that did not allow the request. Fetch
 * "CORS-preflight fetch": with credentials `*` is a name, not a wildcard, so a value holding
 * the entry `*` is never sent next to Allow-Credentials.
 */
export function debugRefusal(
  p: CompiledOptions & { readonly answers: Answers },
  upTo: number,
  origin: string,
  method: string,
  requestHeaders: string | null,
): Response {
  const response = new Response(null, preflightInit(p.preflightStatus));
  const h = response.headers;
  for (const rule of p.answers.rules) {
    if (rule.step > upTo || !(rule.kinds & PREFLIGHT)) continue;
    const value = rule.value(origin, method, requestHeaders, false);
    if (value !== null && !(p.credentials && listHasStar(value))) h.set(rule.name, value);
  }
  if (p.varyPreflight !== null) h.set('vary', p.varyPreflight);
  return response;
}
