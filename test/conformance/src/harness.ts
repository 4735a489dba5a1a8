/**
 * Shared evaluation of the conformance vectors (vectors.json).
 *
 * Every runner (core, Hono, workerd, Deno, Bun) builds a `Target` for its runtime and
 * calls `runVector` / `runInvalidConfig`; this module decides pass or fail, so all
 * runtimes are held to exactly the same expectations. It uses only Fetch API globals,
 * so it runs unchanged in Node, workerd, Deno and Bun.
 */
import { CORS_RESPONSE_HEADERS as CORS_RESPONSE_NAMES } from './test-names.ts';

export type HeaderMap = Record<string, string | string[]>;

/** Options as plain data; see the `$comment` of vectors.json for the encodings. */
export type PolicyData = Record<string, unknown>;

export interface EnvPolicy {
  env: Record<string, string>;
  options?: PolicyData;
}

export interface RequestSpec {
  method: string;
  path: string;
  headers?: Record<string, string>;
}

export interface HandlerSpec {
  status?: number;
  headers?: HeaderMap;
  body?: string;
  /** the handler throws synchronously */
  throws?: boolean;
  /** the handler returns a rejected promise */
  rejects?: boolean;
  /** the handler returns Response.redirect(<this path on the request's URL>, redirectStatus) */
  redirect?: string;
  redirectStatus?: number;
  /** the handler returns the response of fetch(<this URL>) (a data: URL, so no network is used) */
  fetch?: string;
  /** the handler returns null instead of a Response */
  returnsNull?: boolean;
}

export interface Expectation {
  status: number;
  /** every header listed must be present with exactly this value (vary: same tokens) */
  headers: Record<string, string>;
  /** every header listed must be absent */
  absent: string[];
  handlerCalled: boolean;
  body?: string;
  /** onReject: null = never called; a reason = called, first call with that reason */
  rejected?: string | null;
  /** true = onError was called with an error and the request; false = onError was never called */
  errorReported?: boolean;
}

export interface Vector {
  name: string;
  policy: PolicyData | EnvPolicy;
  request: RequestSpec;
  handler?: HandlerSpec;
  expect: Expectation;
}

export interface Group {
  rule: string;
  /** Where the rule is written: `docs/behaviour.md#<section>`. */
  see?: string;
  vectors: Vector[];
}

export interface InvalidVector {
  name: string;
  policy: PolicyData | EnvPolicy;
  /** codes the CorsConfigError's issues must carry (`CorsConfigIssue.code`), in any order */
  codes?: string[];
  /** strings the CorsConfigError message must contain (case-sensitive), where the wording is the point */
  mentions: string[];
}

export interface InvalidGroup {
  rule: string;
  /** Where the rule is written: `docs/behaviour.md#<section>`. */
  see?: string;
  vectors: InvalidVector[];
}

export interface VectorFile {
  version: number;
  groups: Group[];
  invalidConfig: InvalidGroup[];
}

export type Handler = (request: Request) => Response | Promise<Response>;

export interface BuildInput {
  /** decoded code options (RegExp, functions, onReject recorder in place); env not merged */
  options: Record<string, unknown>;
  /** CORS_* settings of an env-config vector, or undefined */
  env: Record<string, string> | undefined;
  handler: Handler;
}

export interface Built {
  fetch(request: Request): Response | undefined | Promise<Response | undefined>;
  dispose?(): void | Promise<void>;
}

/** How one runtime / adapter turns a policy and a handler into something that answers requests. */
export interface Target {
  name: string;
  build(input: BuildInput): Built | Promise<Built>;
}

/** Base URL of every vector request. */
export const BASE_URL = 'https://api.test';

/** The CORS response headers the strict check looks at. */
const CORS_RESPONSE_HEADERS: ReadonlySet<string> = new Set(CORS_RESPONSE_NAMES);

export function isEnvPolicy(policy: PolicyData | EnvPolicy): policy is EnvPolicy {
  return Object.prototype.hasOwnProperty.call(policy, 'env');
}

interface OriginFunctionSpec {
  allow?: string[];
  async?: boolean;
  throws?: boolean;
  /** allow only when the request's pathname equals this (proves the request is passed) */
  path?: string;
}

function originFunction(spec: OriginFunctionSpec): (origin: string, request: Request) => boolean | Promise<boolean> {
  const allow = spec.allow ?? [];
  const decide = (origin: string, request: Request): boolean => {
    if (spec.throws) throw new Error('origin check failed on purpose');
    if (spec.path !== undefined && new URL(request.url).pathname !== spec.path) return false;
    return allow.includes(origin);
  };
  if (spec.async) {
    return (origin, request) =>
      new Promise<boolean>((resolve, reject) => {
        setTimeout(() => {
          try {
            resolve(decide(origin, request));
          } catch (error) {
            reject(error);
          }
        }, 0);
      });
  }
  return decide;
}

/** Decodes the plain-data encodings: `{regexp, flags}` -> RegExp, `{function: {...}}` -> origin function. */
export function decode(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decode);
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.regexp === 'string' && Object.keys(record).every((k) => k === 'regexp' || k === 'flags')) {
      return new RegExp(record.regexp, typeof record.flags === 'string' ? record.flags : '');
    }
    if (Object.keys(record).length === 1 && record.function !== null && typeof record.function === 'object') {
      return originFunction(record.function as OriginFunctionSpec);
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(record)) out[key] = decode(inner);
    return out;
  }
  return value;
}

function splitPolicy(policy: PolicyData | EnvPolicy): { options: Record<string, unknown>; env: Record<string, string> | undefined } {
  if (isEnvPolicy(policy)) {
    return { options: decode(policy.options ?? {}) as Record<string, unknown>, env: { ...policy.env } };
  }
  return { options: decode(policy) as Record<string, unknown>, env: undefined };
}

function makeHandler(spec: HandlerSpec | undefined, onCall: () => void): Handler {
  return (request: Request) => {
    onCall();
    if (spec?.throws) throw new Error('handler failed on purpose');
    if (spec?.rejects) return Promise.reject(new Error('handler failed on purpose'));
    if (spec?.returnsNull) return null as unknown as Response;
    if (spec?.fetch !== undefined) return fetch(spec.fetch);
    if (spec?.redirect !== undefined) {
      return Response.redirect(new URL(spec.redirect, request.url).toString(), spec.redirectStatus ?? 302);
    }
    const headers = new Headers();
    for (const [name, value] of Object.entries(spec?.headers ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    const status = spec?.status ?? 200;
    const body = status === 204 || status === 304 ? null : (spec?.body ?? 'ok');
    return new Response(body, { status, headers });
  };
}

export function buildRequest(spec: RequestSpec): Request {
  const init: RequestInit = { method: spec.method, headers: spec.headers ?? {} };
  return new Request(BASE_URL + spec.path, init);
}

function varyTokens(value: string): string[] {
  return value
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t.length > 0);
}

/** Compares an observed response with the expectation; returns every mismatch found. */
export async function compare(
  expect: Expectation,
  response: Response | undefined,
  observed: { handlerCalled: boolean; rejections: { reason: unknown; detail: unknown }[]; errors: { error: unknown; request: unknown }[] },
): Promise<string[]> {
  const problems: string[] = [];
  if (response === undefined || response === null) return ['no Response was returned'];
  if (response.status !== expect.status) problems.push(`status: expected ${expect.status}, got ${response.status}`);

  const expected = new Map(Object.entries(expect.headers).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, value] of expected) {
    const actual = response.headers.get(name);
    if (actual === null) {
      problems.push(`header ${name}: expected ${JSON.stringify(value)}, but it is missing`);
    } else if (name === 'vary') {
      const want = varyTokens(value);
      const got = varyTokens(actual);
      const dupes = got.filter((t, i) => got.indexOf(t) !== i);
      const same = want.length === got.length && want.every((t) => got.includes(t));
      if (!same || dupes.length > 0) problems.push(`header vary: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
    } else if (actual !== value) {
      problems.push(`header ${name}: expected ${JSON.stringify(value)}, got ${JSON.stringify(actual)}`);
    }
  }
  for (const name of expect.absent) {
    const actual = response.headers.get(name);
    if (actual !== null) problems.push(`header ${name.toLowerCase()}: expected absent, got ${JSON.stringify(actual)}`);
  }
  // Strict: no CORS header beyond the ones the vector lists.
  response.headers.forEach((value, name) => {
    const lower = name.toLowerCase();
    if (CORS_RESPONSE_HEADERS.has(lower) && !expected.has(lower) && !expect.absent.includes(lower)) {
      problems.push(`header ${lower}: not expected, got ${JSON.stringify(value)}`);
    }
  });

  if (observed.handlerCalled !== expect.handlerCalled) {
    problems.push(`handler ${expect.handlerCalled ? 'should have run but did not' : 'ran but should not have'}`);
  }
  if (expect.body !== undefined) {
    const body = await response.text();
    if (body !== expect.body) problems.push(`body: expected ${JSON.stringify(expect.body)}, got ${JSON.stringify(body)}`);
  } else if (response.body) {
    await response.body.cancel().catch(() => undefined);
  }
  if (expect.rejected !== undefined) {
    const first = observed.rejections[0];
    if (expect.rejected === null) {
      if (first) problems.push(`onReject: expected no call, got reason ${JSON.stringify(first.reason)}`);
    } else if (!first) {
      problems.push(`onReject: expected reason ${JSON.stringify(expect.rejected)}, but it was not called`);
    } else {
      if (first.reason !== expect.rejected) {
        problems.push(`onReject: expected reason ${JSON.stringify(expect.rejected)}, got ${JSON.stringify(first.reason)}`);
      }
      if (typeof first.detail !== 'string' || first.detail.length === 0) {
        problems.push('onReject: detail should be a non-empty sentence');
      }
    }
  }
  if (expect.errorReported === true) {
    const first = observed.errors[0];
    if (!first) problems.push('onError: expected a report, but it was not called');
    else {
      if (!(first.error instanceof Error)) problems.push(`onError: expected an Error, got ${JSON.stringify(first.error)}`);
      if (!(first.request instanceof Request)) problems.push('onError: the second argument should be the request');
    }
    if (observed.errors.length > 1) problems.push(`onError: expected one report, got ${observed.errors.length}`);
  } else if (expect.errorReported === false && observed.errors.length > 0) {
    problems.push(`onError: expected no call, got ${describeError(observed.errors[0]!.error)}`);
  }
  return problems;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Runs one vector against a target; an empty array means it passed. */
export async function runVector(target: Target, vector: Vector): Promise<string[]> {
  const { options, env } = splitPolicy(vector.policy);
  let handlerCalled = false;
  const rejections: { reason: unknown; detail: unknown }[] = [];
  if (vector.expect.rejected !== undefined) {
    options.onReject = (rejection: { reason: unknown; detail: unknown }) => {
      rejections.push({ reason: rejection?.reason, detail: rejection?.detail });
    };
  }
  // Every report goes to this onError, so no vector prints to the console or needs to watch it.
  const errors: { error: unknown; request: unknown }[] = [];
  options.onError = (error: unknown, request: unknown) => {
    errors.push({ error, request });
  };
  const handler = makeHandler(vector.handler, () => {
    handlerCalled = true;
  });

  let built: Built | undefined;
  try {
    try {
      built = await target.build({ options, env, handler });
    } catch (error) {
      return [`construction failed: ${describeError(error)}`];
    }
    let response: Response | undefined;
    try {
      response = await built.fetch(buildRequest(vector.request));
    } catch (error) {
      return [`request threw: ${describeError(error)}`];
    }
    return await compare(vector.expect, response, { handlerCalled, rejections, errors });
  } finally {
    await built?.dispose?.();
  }
}

function configErrorProblems(error: unknown, vector: InvalidVector): string[] {
  const { mentions, codes = [] } = vector;
  const problems: string[] = [];
  const e = error as { name?: unknown; message?: unknown; issues?: unknown };
  if (!(error instanceof Error) || e.name !== 'CorsConfigError') {
    return [`expected a CorsConfigError, got ${describeError(error)}`];
  }
  const issues = Array.isArray(e.issues) ? (e.issues as { option?: unknown; code?: unknown; message?: unknown }[]) : [];
  if (issues.length === 0) problems.push('CorsConfigError.issues should list the problems');
  const message = String(e.message);
  const seen = issues.map((i) => String(i.code));
  for (const code of codes) {
    if (!seen.includes(code)) problems.push(`issues should carry the code ${JSON.stringify(code)}; they carry ${JSON.stringify(seen)}`);
  }
  for (const i of issues) {
    if (!message.includes(`${String(i.option)}: ${String(i.message)}`))
      problems.push(`message should name the problem as "option: message": ${JSON.stringify(i)}`);
  }
  for (const m of mentions) {
    if (!message.includes(m)) problems.push(`message should mention ${JSON.stringify(m)}: ${JSON.stringify(message)}`);
  }
  return problems;
}

/**
 * Runs one invalid-configuration vector: construction (or, for a runtime that can only
 * read its configuration per request, the first request) must fail with CorsConfigError.
 */
export async function runInvalidConfig(target: Target, vector: InvalidVector): Promise<string[]> {
  const { options, env } = splitPolicy(vector.policy);
  const handler: Handler = () => new Response('ok');
  let built: Built | undefined;
  try {
    try {
      built = await target.build({ options, env, handler });
    } catch (error) {
      return configErrorProblems(error, vector);
    }
    try {
      const response = await built.fetch(buildRequest({ method: 'GET', path: '/', headers: { Origin: 'https://app.example.com' } }));
      return [`no CorsConfigError: construction succeeded and a request got status ${response?.status}`];
    } catch (error) {
      return configErrorProblems(error, vector);
    }
  } finally {
    await built?.dispose?.();
  }
}

export interface Case {
  id: string;
  group: string;
  name: string;
  /** the CORS_* settings of an env-config vector */
  env?: Record<string, string>;
  run(target: Target): Promise<string[]>;
}

function envOf(policy: PolicyData | EnvPolicy): { env?: Record<string, string> } {
  return isEnvPolicy(policy) ? { env: policy.env } : {};
}

/** Flattens the file into named cases, in file order: `<group> › <vector>`. */
export function cases(file: VectorFile): Case[] {
  const out: Case[] = [];
  for (const group of file.groups) {
    for (const vector of group.vectors) {
      out.push({ id: `${group.rule} › ${vector.name}`, group: group.rule, name: vector.name, ...envOf(vector.policy), run: (t) => runVector(t, vector) });
    }
  }
  for (const group of file.invalidConfig) {
    for (const vector of group.vectors) {
      out.push({
        id: `${group.rule} › ${vector.name}`,
        group: group.rule,
        name: vector.name,
        ...envOf(vector.policy),
        run: (t) => runInvalidConfig(t, vector),
      });
    }
  }
  return out;
}

/** Runs every case; used where the runner collects results in one go (workerd). */
export async function runAll(file: VectorFile, target: Target): Promise<{ id: string; problems: string[] }[]> {
  const results: { id: string; problems: string[] }[] = [];
  for (const c of cases(file)) {
    let problems: string[];
    try {
      problems = await c.run(target);
    } catch (error) {
      problems = [`harness error: ${describeError(error)}`];
    }
    results.push({ id: c.id, problems });
  }
  return results;
}

export function formatProblems(id: string, problems: string[]): string {
  return `${id}\n  - ${problems.join('\n  - ')}`;
}
