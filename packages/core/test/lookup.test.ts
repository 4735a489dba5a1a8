import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CorsConfigError, createCors, type ConfigIssueCode, OriginLookupTimeout, withCors, type CorsOptions, type CorsRejection } from '../src/index.js';
import { ACAO, CORS_NAMES, request } from './helpers.js';

const A = 'https://a.tenant.test';
const B = 'https://b.tenant.test';
const C = 'https://c.tenant.test';
const EVIL = 'https://evil.test';
const ALLOWED = new Set([A, B, C]);

/** How the stand-in for a database answers. */
interface Lookup {
  /** Milliseconds before it answers, or 'never'. */
  delay: number | 'never';
  /** What it does when it answers: decide from ALLOWED, throw at once, or reject its promise. */
  answer: 'decide' | 'throw' | 'reject' | 'sync';
}

/** One moment of a scenario: wait `after` ms, then send `count` requests from `origin` at once. */
interface Step {
  after?: number;
  origin: string;
  count?: number;
  preflight?: boolean;
}

interface Scenario {
  rule: string;
  options: Pick<CorsOptions, 'originTimeout' | 'originCache'>;
  lookup: Lookup;
  steps: Step[];
  /** Per step: whether its requests were allowed. */
  allowed: boolean[];
  /** Calls of the origins function over the whole scenario. */
  lookups: number;
  /** Reports to onError over the whole scenario. */
  errors: number;
  /** Every onReject detail must match this. */
  rejectDetail?: RegExp;
}

const scenarios: Scenario[] = [
  {
    rule: 'a lookup that does not answer within originTimeout refuses the origin and is reported once',
    options: { originTimeout: 50 },
    lookup: { delay: 'never', answer: 'decide' },
    steps: [{ origin: A }],
    allowed: [false],
    lookups: 1,
    errors: 1,
    rejectDetail: /did not answer within 50 ms \(originTimeout\)/,
  },
  {
    rule: 'a timed-out preflight is refused with 403 and reported once',
    options: { originTimeout: 50 },
    lookup: { delay: 'never', answer: 'decide' },
    steps: [{ origin: A, preflight: true }],
    allowed: [false],
    lookups: 1,
    errors: 1,
    rejectDetail: /did not answer within 50 ms/,
  },
  {
    rule: 'a lookup that answers within originTimeout decides',
    options: { originTimeout: 50 },
    lookup: { delay: 5, answer: 'decide' },
    steps: [{ origin: A }, { origin: EVIL }],
    allowed: [true, false],
    lookups: 2,
    errors: 0,
    rejectDetail: /is not allowed; add it to origins/,
  },
  {
    rule: 'without a cache every request asks the function',
    options: { originTimeout: 50 },
    lookup: { delay: 5, answer: 'decide' },
    steps: [{ origin: A, count: 3 }, { origin: A }],
    allowed: [true, true],
    lookups: 4,
    errors: 0,
  },
  {
    rule: 'a cached decision within ttl answers without a lookup',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 5, answer: 'decide' },
    steps: [{ origin: A }, { after: 900, origin: A }, { after: 90, origin: A, preflight: true }],
    allowed: [true, true, true],
    lookups: 1,
    errors: 0,
  },
  {
    rule: 'a cached decision expires after ttl',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 5, answer: 'decide' },
    steps: [{ origin: A }, { after: 1001, origin: A }],
    allowed: [true, true],
    lookups: 2,
    errors: 0,
  },
  {
    rule: 'a refusal is cached too',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 5, answer: 'decide' },
    steps: [{ origin: EVIL }, { origin: EVIL }],
    allowed: [false, false],
    lookups: 1,
    errors: 0,
    rejectDetail: /is not allowed/,
  },
  {
    rule: 'a synchronous function is cached',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 0, answer: 'sync' },
    steps: [{ origin: A }, { origin: A }, { origin: EVIL }, { origin: EVIL }],
    allowed: [true, true, false, false],
    lookups: 2,
    errors: 0,
  },
  {
    rule: 'max evicts the least recently used origin',
    options: { originCache: { ttl: 60_000, max: 2 } },
    lookup: { delay: 5, answer: 'decide' },
    // a, b, a (hit: a becomes most recent), c (evicts b), a (hit), b (asked again)
    steps: [{ origin: A }, { origin: B }, { origin: A }, { origin: C }, { origin: A }, { origin: B }],
    allowed: [true, true, true, true, true, true],
    lookups: 4,
    errors: 0,
  },
  {
    rule: 'concurrent requests for an uncached origin share one lookup',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 5, answer: 'decide' },
    steps: [
      { origin: A, count: 50 },
      { origin: EVIL, count: 50 },
    ],
    allowed: [true, false],
    lookups: 2,
    errors: 0,
  },
  {
    rule: 'concurrent requests sharing a lookup that times out are all refused; it is reported once',
    options: { originTimeout: 50, originCache: { ttl: 1000 } },
    lookup: { delay: 'never', answer: 'decide' },
    steps: [{ origin: A, count: 20 }],
    allowed: [false],
    lookups: 1,
    errors: 1,
    rejectDetail: /did not answer within 50 ms/,
  },
  {
    rule: 'a timeout is not cached: the next request asks again',
    options: { originTimeout: 50, originCache: { ttl: 1000 } },
    lookup: { delay: 'never', answer: 'decide' },
    steps: [{ origin: A }, { origin: A }],
    allowed: [false, false],
    lookups: 2,
    errors: 2,
  },
  {
    rule: 'a lookup that answers after its timeout still fills the cache',
    options: { originTimeout: 50, originCache: { ttl: 1000 } },
    lookup: { delay: 100, answer: 'decide' },
    steps: [{ origin: A }, { after: 10, origin: A }],
    allowed: [false, true],
    lookups: 1,
    errors: 1,
  },
  {
    rule: 'a throwing lookup is not cached as allow',
    options: { originTimeout: 50, originCache: { ttl: 1000 } },
    lookup: { delay: 0, answer: 'throw' },
    steps: [{ origin: A }, { origin: A }],
    allowed: [false, false],
    lookups: 2,
    errors: 2,
    rejectDetail: /is not allowed/,
  },
  {
    rule: 'a rejected lookup is not cached as allow',
    options: { originCache: { ttl: 1000 } },
    lookup: { delay: 5, answer: 'reject' },
    steps: [{ origin: A, count: 3 }, { origin: A }],
    allowed: [false, false],
    lookups: 2,
    errors: 2,
  },
];

function lookupFn(lookup: Lookup, calls: { n: number }): (origin: string) => boolean | Promise<boolean> {
  return (origin) => {
    calls.n++;
    if (lookup.answer === 'sync') return ALLOWED.has(origin);
    if (lookup.answer === 'throw') throw new Error('tenant service down');
    return new Promise<boolean>((resolve, reject) => {
      if (lookup.delay === 'never') return;
      setTimeout(() => (lookup.answer === 'reject' ? reject(new Error('tenant service down')) : resolve(ALLOWED.has(origin))), lookup.delay);
    });
  };
}

function toRequest(step: Step): Request {
  return step.preflight ? request({ method: 'OPTIONS', origin: step.origin, acrm: 'PUT' }) : request({ origin: step.origin });
}

describe('origin lookups: originTimeout and originCache', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each(scenarios)('$rule', async (s) => {
    const calls = { n: 0 };
    const errors: unknown[] = [];
    const rejections: CorsRejection[] = [];
    let ran = 0;
    const handler = withCors(
      () => {
        ran++;
        return new Response('ok');
      },
      {
        origins: lookupFn(s.lookup, calls),
        ...s.options,
        onError: (error) => errors.push(error),
        onReject: (r) => rejections.push(r),
      },
    );
    const seen: { allowed: boolean; refusedCleanly: boolean }[] = [];
    for (const step of s.steps) {
      if (step.after) await vi.advanceTimersByTimeAsync(step.after);
      const pending = Array.from({ length: step.count ?? 1 }, () => Promise.resolve(handler(toRequest(step))));
      await vi.runAllTimersAsync();
      const responses = (await Promise.all(pending)) as Response[];
      const allowed = responses.map((r) => r.headers.get(ACAO) === step.origin);
      expect(new Set(allowed).size, 'every request of a step gets the same answer').toBe(1);
      const refusedCleanly = responses.every(
        (r) => r.headers.get(ACAO) === step.origin || (CORS_NAMES.every((n) => !r.headers.has(n)) && (!step.preflight || r.status === 403)),
      );
      seen.push({ allowed: allowed[0] ?? false, refusedCleanly });
    }
    expect(seen.map((x) => x.allowed)).toEqual(s.allowed);
    expect(
      seen.every((x) => x.refusedCleanly),
      'a refused origin gets no CORS headers',
    ).toBe(true);
    expect(calls.n).toBe(s.lookups);
    expect(errors).toHaveLength(s.errors);
    const refusals = s.steps.reduce((n, step, i) => n + (s.allowed[i] ? 0 : (step.count ?? 1)), 0);
    expect(rejections).toHaveLength(refusals);
    for (const r of rejections) {
      expect(r.reason).toBe('origin');
      if (s.rejectDetail) expect(r.detail).toMatch(s.rejectDetail);
    }
    expect(ran).toBe(s.steps.reduce((n, step) => n + (step.preflight ? 0 : (step.count ?? 1)), 0));
  });

  it('a timeout reaches onError as an OriginLookupTimeout naming the origin and the limit', async () => {
    const errors: unknown[] = [];
    const handler = withCors(() => new Response('ok'), {
      origins: () => new Promise<boolean>(() => {}),
      originTimeout: 200,
      onError: (error) => errors.push(error),
    });
    const pending = Promise.resolve(handler(request({ origin: A })));
    await vi.advanceTimersByTimeAsync(199);
    expect(errors).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    const response = (await pending) as Response;
    expect(response.headers.get(ACAO)).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(OriginLookupTimeout);
    expect(errors[0]).toMatchObject({ origin: A, timeout: 200 });
  });
});

interface ConfigRow {
  rule: string;
  options: Record<string, unknown>;
  option: string;
  code: ConfigIssueCode;
  /** The fix the message names, where the wording is the point. */
  fix?: RegExp;
}

const fn = async () => true;

const configRows: ConfigRow[] = [
  {
    rule: 'originTimeout of 0',
    options: { origins: fn, originTimeout: 0 },
    option: 'originTimeout',
    code: 'timeout-range',
    fix: /^0 is not a timeout; give whole milliseconds from 1/,
  },
  { rule: 'originTimeout as a string', options: { origins: fn, originTimeout: '200' }, option: 'originTimeout', code: 'timeout-range' },
  { rule: 'originTimeout not whole', options: { origins: fn, originTimeout: 2.5 }, option: 'originTimeout', code: 'timeout-range' },
  {
    rule: 'originTimeout beyond what setTimeout honours',
    options: { origins: fn, originTimeout: 2 ** 31 },
    option: 'originTimeout',
    code: 'timeout-range',
    fix: /2147483647/,
  },
  {
    rule: 'originTimeout with a list of origins',
    options: { origins: ['https://a.test'], originTimeout: 100 },
    option: 'originTimeout',
    code: 'lookup-without-function',
    fix: /only applies when origins is a function.*give origins as a function/,
  },
  { rule: "originTimeout with origins '*' (the default)", options: { originTimeout: 100 }, option: 'originTimeout', code: 'lookup-without-function' },
  {
    rule: 'originCache that is not an object',
    options: { origins: fn, originCache: true },
    option: 'originCache',
    code: 'wrong-type',
    fix: /true is not a cache setting; write originCache: \{ ttl/,
  },
  { rule: 'originCache without ttl', options: { origins: fn, originCache: { max: 10 } }, option: 'originCache.ttl', code: 'cache-range' },
  { rule: 'originCache with a negative ttl', options: { origins: fn, originCache: { ttl: -1 } }, option: 'originCache.ttl', code: 'cache-range' },
  { rule: 'originCache with max 0', options: { origins: fn, originCache: { ttl: 1000, max: 0 } }, option: 'originCache.max', code: 'cache-range' },
  {
    rule: 'originCache with an unknown setting',
    options: { origins: fn, originCache: { ttl: 1000, size: 5 } },
    option: 'originCache.size',
    code: 'unknown-option',
    fix: /the settings are ttl .* and max/,
  },
  {
    rule: 'originCache with a RegExp origin',
    options: { origins: /https:\/\/a\.test/, originCache: { ttl: 1000 } },
    option: 'originCache',
    code: 'lookup-without-function',
  },
  {
    rule: 'a misspelt originTimeout',
    options: { origins: fn, originTimeOut: 100 },
    option: 'originTimeOut',
    code: 'unknown-option',
    fix: /did you mean originTimeout\?/,
  },
  {
    rule: 'a resources entry without a function inherits originTimeout',
    options: { originTimeout: 100, resources: { '/api/*': { origins: fn }, '/public': { origins: '*' } } },
    option: 'resources["/public"].originTimeout',
    code: 'lookup-without-function',
  },
];

describe('origin lookup options are checked at construction', () => {
  it.each(configRows)('$rule', ({ options, option, code, fix }) => {
    let thrown: unknown;
    try {
      createCors(options as CorsOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CorsConfigError);
    const issue = (thrown as CorsConfigError).issues.find((i) => i.option === option);
    expect(issue, `an issue for ${option} in ${String(thrown)}`).toBeDefined();
    expect(issue!.code).toBe(code);
    if (fix !== undefined) expect(issue!.message).toMatch(fix);
  });

  interface ValidRow {
    rule: string;
    options: CorsOptions;
  }
  const valid: ValidRow[] = [
    { rule: 'a timeout with a function', options: { origins: fn, originTimeout: 250 } },
    { rule: 'a cache with ttl only (max defaults)', options: { origins: fn, originCache: { ttl: 60_000 } } },
    { rule: 'both, per resource', options: { resources: { '/api/*': { origins: fn, originTimeout: 100, originCache: { ttl: 1000, max: 10 } } } } },
  ];
  it.each(valid)('accepts $rule', ({ options }) => {
    expect(() => createCors(options)).not.toThrow();
  });
});
