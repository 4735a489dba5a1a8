/**
 * Generated invalid configurations always throw `CorsConfigError` (never a TypeError or any
 * other error), naming the option or variable at fault: for `createCors`/`withCors` options
 * and for `optionsFromEnv` records.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createCors, CorsConfigError, ENV_VARIABLES, optionsFromEnv, withCors, type CorsOptions } from '@fetch-cors/core';
// The option table itself (not exported): the names below follow it, so a new option is generated too.
import { envVariable, OPTION_NAMES, OPTION_TABLE, type OptionRow } from '../../../packages/core/src/options.js';
import { dnsHost, mutation, scheme } from './arbitraries.js';
import { canonicalOrigin } from './reference.js';
import { property } from './seeds.js';

/** One invalid setting: the option at fault and its value. */
interface Bad {
  readonly option: string;
  readonly value: unknown;
}

const wrongType = fc.constantFrom<unknown>(42, true, {}, [[]], Symbol('x'), 10n, new Date(0), () => 'x');

/** Origin entries no browser could ever send as written. */
const badOriginEntry = fc.oneof(
  fc.constantFrom(
    'https://app.example.com/',
    'https://app.example.com/x',
    'app.example.com',
    '//app.example.com',
    'https://*',
    'https://*.',
    'https://*.com',
    'https://**.example.com',
    'https://a.*.example.com',
    'https://*a.example.com',
    ' https://app.example.com',
    'https://app.example.com ',
    'https://app.example.com:0',
    'https://app.example.com:65536',
    'https://app.example.com:abc',
    'https://app.example.com:',
    'https://user@app.example.com',
    'https://a..example.com',
    'https://app.example.com.',
    'https://bücher.example',
    'http://[1::2::3]',
    'http://256.1.1.1',
    'http://0x100.1.1.1',
    'http://1.2.3',
    'https://a.example.com,https://b.example.com',
    'https://app.example.com?x',
    'https://app.example.com#f',
    'https://a b.example.com',
    '',
    'https://',
    'http://localhost:*:*',
    'https://*:443',
    'https://*.1.2.3.4',
    '*.example.com',
    'https://*.example.com/',
    'http://[1:0:0:0:0:0:0:2]',
  ),
  // A valid origin with a near miss that makes it invalid.
  fc
    .tuple(scheme, dnsHost, mutation)
    .map(([s, h, m]) => m.apply(`${s}://${h}`))
    .filter((o) => o !== 'null' && !o.includes('*') && canonicalOrigin(o) === null),
);

const badOrigins: fc.Arbitrary<Bad> = fc.oneof(
  badOriginEntry.map((e) => ({ option: 'origins', value: [e] })),
  fc.tuple(badOriginEntry, fc.constantFrom('https://ok.example.com', 'http://localhost:*')).map(([e, ok]) => ({ option: 'origins', value: [ok, e] })),
  badOriginEntry.filter((e) => e !== '*').map((e) => ({ option: 'origins', value: e })),
  fc.constantFrom<unknown>([], ['*'], ['*', 'https://a.example.com'], [42], [null], null, 42, true, {}).map((value) => ({ option: 'origins', value })),
  wrongType.map((value) => ({ option: 'origins', value: [value] })),
);

const token = fc.constantFrom('GET POST', 'GE(T', 'GET\t', 'a,b c', '', ' ', '"x"', 'x/y', 'é');
const badLists: fc.Arbitrary<Bad> = fc.oneof(
  fc.oneof(token, fc.constantFrom('CONNECT', 'connect', 'TRACE', 'trace', 'TRACK')).map((m) => ({ option: 'methods', value: [m] })),
  fc.constantFrom<unknown>(['*', 'GET'], ['GET', 42], 42, {}, ['GET', ['PUT']]).map((value) => ({ option: 'methods', value })),
  fc
    .oneof(
      token,
      fc.constantFrom(
        'cookie',
        'Cookie',
        'host',
        'content-length',
        'origin',
        'sec-fetch-mode',
        'Proxy-Authorization',
        'access-control-request-method',
        'transfer-encoding',
      ),
    )
    .map((h) => ({ option: 'allowHeaders', value: ['x-a', h] })),
  fc.constantFrom<unknown>(['x-a', '*'], 42, [42], {}).map((value) => ({ option: 'allowHeaders', value })),
  token.filter((t) => t.trim() !== '' && !t.includes(',')).map((h) => ({ option: 'exposeHeaders', value: [h] })),
  fc.constantFrom<unknown>(['x-a', '*'], 42, [42], {}).map((value) => ({ option: 'exposeHeaders', value })),
);

const badScalars: fc.Arbitrary<Bad> = fc.oneof(
  fc
    .constantFrom<unknown>(-1, 86401, 1.5, 'ten', Number.NaN, Number.POSITIVE_INFINITY, '1e3', true, '', ' 60', '-0', null, {})
    .map((value) => ({ option: 'maxAge', value })),
  fc.constantFrom<unknown>(199, 300, 204.5, '204', Number.NaN, null, 404, 101).map((value) => ({ option: 'preflightStatus', value })),
  fc
    .tuple(
      fc.constantFrom(...OPTION_NAMES.filter((n) => (OPTION_TABLE[n] as OptionRow).bool !== undefined)),
      fc.constantFrom<unknown>('true', 1, 0, null, 'yes', {}),
    )
    .map(([option, value]) => ({ option, value })),
  fc.tuple(fc.constantFrom('onReject', 'onError'), fc.constantFrom<unknown>('log', 42, {}, true)).map(([option, value]) => ({ option, value })),
);

const KNOWN: readonly string[] = OPTION_NAMES;
const unknownName: fc.Arbitrary<Bad> = fc
  .oneof(
    fc.constantFrom('origin', 'headers', 'credentials', 'allowedHeaders', 'max_age', 'CORS_ORIGINS', 'constructor', 'toString', 'hasOwnProperty'),
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.integer({ min: 1, max: 4000 }).map((n) => '_'.repeat(n)),
  )
  .filter((k) => !KNOWN.includes(k) && k !== '__proto__')
  .map((option) => ({ option, value: true }));

const badResources: fc.Arbitrary<Bad> = fc.oneof(
  fc
    .constantFrom('/api?x=1', '/a#frag', '/a/../b', '/a/./b', '/a/..', '/a/.', '/./a', 'api', '*', '/a*', '/a/*/b', '/*/a', '^(', '^[', '', '/a/**')
    .map((key) => ({ option: 'resources', value: { '/ok/*': {}, [key]: { origins: ['https://a.example.com'] } } })),
  fc.constantFrom<unknown>(42, null, 'x', [], { resources: {} }).map((entry) => ({ option: 'resources', value: { '/api/*': entry } })),
  fc.constantFrom<unknown>(42, 'x', [], true).map((value) => ({ option: 'resources', value })),
  badOriginEntry.map((e) => ({ option: 'resources', value: { '/api/*': { origins: [e] } } })),
);

const badOption: fc.Arbitrary<Bad> = fc.oneof(badOrigins, badLists, badScalars, unknownName, badResources);

/** The error `run` throws, or a failure when it throws nothing. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('no error was thrown');
}

function expectConfigError(error: unknown, names: readonly string[]): void {
  if (!(error instanceof CorsConfigError)) throw new Error(`threw ${(error as Error)?.name ?? typeof error}: ${String((error as Error)?.message ?? error)}`);
  const message = error.message;
  const named = names.some((n) => message.includes(n.length > 60 ? n.slice(0, 60) : n));
  if (!named) throw new Error(`the CorsConfigError names none of ${names.map((n) => JSON.stringify(n.slice(0, 60))).join(', ')}: ${message.slice(0, 300)}`);
}

describe('invalid configurations throw CorsConfigError', () => {
  property('invalid options always throw CorsConfigError naming the option', 'createCors and withCors', (seed) => {
    fc.assert(
      fc.property(fc.array(badOption, { minLength: 1, maxLength: 3 }), fc.boolean(), (bads, credentials) => {
        const options: Record<string, unknown> = { origins: ['https://app.example.com'], supportsCredentials: credentials };
        for (const b of bads) options[b.option] = b.value;
        const names = bads.map((b) => b.option);
        expectConfigError(
          thrown(() => createCors(options as CorsOptions)),
          names,
        );
        expectConfigError(
          thrown(() => withCors(() => new Response('ok'), options as CorsOptions)),
          names,
        );
      }),
      { seed, numRuns: 1500 },
    );
  });

  property('credentials with any origin, or with exposeHeaders *, throw CorsConfigError', 'createCors', (seed) => {
    fc.assert(
      fc.property(fc.constantFrom<CorsOptions>({ origins: '*' }, { origins: ['https://a.example.com'], exposeHeaders: '*' }), fc.boolean(), (o, debug) => {
        expectConfigError(
          thrown(() => createCors({ ...o, supportsCredentials: true, debug })),
          ['supportsCredentials', 'exposeHeaders'],
        );
      }),
      { seed, numRuns: 20 },
    );
  });

  test.each([
    { attack: 'origin entry with a port written with a leading zero', options: { origins: ['https://app.example.com:08443'] }, names: ['origins'] },
    { attack: 'resources key with a query', options: { resources: { '/api?x=1': {} } }, names: ['/api?x=1'] },
    { attack: 'resources key with a fragment', options: { resources: { '/a#frag': {} } }, names: ['/a#frag'] },
    { attack: 'resources key with a dot-dot segment', options: { resources: { '/a/../b': {} } }, names: ['/a/../b'] },
    { attack: 'resources key with a dot segment', options: { resources: { '/a/./b': {} } }, names: ['/a/./b'] },
    { attack: 'an unknown option of 4,000 underscores', options: { ['_'.repeat(4000)]: true }, names: ['___'] },
  ])('attack: $attack throws CorsConfigError', ({ options, names }) => {
    expectConfigError(
      thrown(() => createCors(options as CorsOptions)),
      names,
    );
  });

  test.each([{ value: 'https://a.example.com' }, { value: 42 }, { value: [] }, { value: true }, { value: null }])(
    'attack: options that are not an object ($value) throw CorsConfigError',
    ({ value }) => {
      expect(() => createCors(value as never)).toThrow(CorsConfigError);
    },
  );

  // Subdomain wildcards over the special-use names are valid; over a public suffix-like single label they are not.
  test.each([
    { pattern: 'https://*.internal', valid: true },
    { pattern: 'https://*.test', valid: true },
    { pattern: 'https://*.localhost', valid: true },
    { pattern: 'https://*.local', valid: true },
    { pattern: 'https://*.example', valid: true },
    { pattern: 'https://*.invalid', valid: true },
    { pattern: 'https://*.home.arpa', valid: true },
    { pattern: 'https://*.com', valid: false },
    { pattern: 'https://*.dev', valid: false },
  ])('rule: subdomain wildcard $pattern is valid: $valid', ({ pattern, valid }) => {
    if (valid) expect(() => createCors({ origins: [pattern] })).not.toThrow();
    else
      expectConfigError(
        thrown(() => createCors({ origins: [pattern] })),
        ['origins'],
      );
  });
});

// ---------------------------------------------------------------- environment

const ENV_NAMES = ENV_VARIABLES;
const varsRead = (reader: OptionRow['env']) => OPTION_NAMES.filter((n) => (OPTION_TABLE[n] as OptionRow).env === reader).map(envVariable);
const LIST_VARS = varsRead('list');
const BOOL_VARS = varsRead('bool');

/** Other frameworks' names and common misspellings, with the variable meant. */
const MISNAMED: readonly [string, string][] = [
  ['CORS_ORIGIN', 'CORS_ORIGINS'],
  ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGINS'],
  ['CORS_ALLOW_ORIGINS', 'CORS_ORIGINS'],
  ['CORS_ALLOW_ORIGIN', 'CORS_ORIGINS'],
  ['CORS_MAXAGE', 'CORS_MAX_AGE'],
  ['CORS_SUPPORT_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS'],
  ['CORS_ALLOW_CREDENTIALS', 'CORS_SUPPORTS_CREDENTIALS'],
  ['CORS_ALLOWED_HEADERS', 'CORS_ALLOW_HEADERS'],
  ['CORS_EXPOSED_HEADERS', 'CORS_EXPOSE_HEADERS'],
  ['CORS_ALLOWED_METHODS', 'CORS_METHODS'],
  ['CORS_ALLOW_METHODS', 'CORS_METHODS'],
];

/** A one-edit typo in the part after `CORS_` of a known name. */
const typo: fc.Arbitrary<[string, string]> = fc
  .tuple(fc.constantFrom(...ENV_NAMES), fc.nat(), fc.constantFrom('drop', 'double', 'swap'))
  .map(([name, at, edit]): [string, string] => {
    const tail = name.slice(5);
    const i = at % tail.length;
    const t =
      edit === 'drop'
        ? tail.slice(0, i) + tail.slice(i + 1)
        : edit === 'double'
          ? tail.slice(0, i + 1) + tail.slice(i)
          : i + 1 < tail.length
            ? tail.slice(0, i) + tail[i + 1] + tail[i] + tail.slice(i + 2)
            : tail.slice(0, -1);
    return [`CORS_${t}`, name];
  })
  .filter(([typoed]) => !ENV_NAMES.includes(typoed) && typoed !== 'CORS_');

interface BadEnv {
  readonly name: string;
  readonly value: unknown;
  /** What the error must name. */
  readonly names: readonly string[];
}

const badEnv: fc.Arbitrary<BadEnv> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...LIST_VARS), fc.constantFrom<unknown>(',', ' , ', ',,,', ' ,\t, ', [], [''], [' ', ',']))
    .map(([name, value]) => ({ name, value, names: [name] })),
  fc.tuple(fc.constantFrom(...BOOL_VARS), fc.constantFrom('yes', 'no', '2', 'on', 'truee', '-1')).map(([name, value]) => ({ name, value, names: [name] })),
  fc.constantFrom<unknown>('ten', '-1', '86401', '1.5', '1e3', '0x10', true).map((value) => ({ name: 'CORS_MAX_AGE', value, names: ['CORS_MAX_AGE'] })),
  fc.tuple(fc.constantFrom(...ENV_NAMES), fc.constantFrom<unknown>({}, { get: () => 'x' }, [1, 2])).map(([name, value]) => ({ name, value, names: [name] })),
  fc.constantFrom(...MISNAMED).map(([name, meant]) => ({ name, value: 'https://a.example.com', names: [meant] })),
  typo.map(([name, meant]) => ({ name, value: 'true', names: [meant] })),
  // The environment trims each entry, so only entries without outer spaces stay invalid there.
  badOriginEntry
    .filter((e) => e.trim() === e && e !== '' && !e.includes(','))
    .map((e) => ({ name: 'CORS_ORIGINS', value: e, names: ['origins', 'CORS_ORIGINS'] })),
);

/** Valid settings and unrelated variables around the bad one. */
const goodEnv = fc.record(
  {
    CORS_METHODS: fc.constantFrom('GET, PUT', 'GET'),
    CORS_MAX_AGE: fc.constantFrom('600', '0'),
    CORS_VARY_HEADER: fc.constantFrom('true', 'FALSE', '1'),
    CORS_PROXY_URL: fc.constant('http://proxy.internal'),
    PATH: fc.constant('/usr/bin'),
  },
  { requiredKeys: [] },
);

describe('invalid environments throw CorsConfigError', () => {
  property('an unreadable, empty-but-set or misnamed CORS_* variable throws CorsConfigError naming it', 'optionsFromEnv', (seed) => {
    fc.assert(
      fc.property(goodEnv, badEnv, (good, bad) => {
        const env: Record<string, unknown> = { CORS_ORIGINS: 'https://app.example.com', ...good, [bad.name]: bad.value };
        expectConfigError(
          thrown(() => createCors(optionsFromEnv(env as Record<string, string>))),
          bad.names,
        );
      }),
      { seed, numRuns: 1000 },
    );
  });

  test.each([
    { rule: 'unrelated CORS_* names are left alone', env: { CORS_PROXY_URL: 'http://proxy.internal', CORS_ORIGINS: 'https://a.example.com' } },
    { rule: 'an empty value counts as unset', env: { CORS_ORIGINS: '' } },
    { rule: 'a setting (not a list) of white space only counts as unset', env: { CORS_MAX_AGE: '   ' } },
  ])('rule: $rule', ({ env }) => {
    expect(() => createCors(optionsFromEnv(env))).not.toThrow();
  });

  test.each([
    { attack: 'CORS_ORIGINS="," widens to any origin', env: { CORS_ORIGINS: ',' }, names: ['CORS_ORIGINS'] },
    { attack: 'CORS_ORIGINS=" , " widens to any origin', env: { CORS_ORIGINS: ' , ' }, names: ['CORS_ORIGINS'] },
    { attack: 'CORS_ORIGINS of white space only widens to any origin', env: { CORS_ORIGINS: '   ' }, names: ['CORS_ORIGINS'] },
    { attack: 'CORS_ORIGINS of a tab and a newline widens to any origin', env: { CORS_ORIGINS: '\t\n' }, names: ['CORS_ORIGINS'] },
    { attack: 'Workers JSON CORS_ORIGINS=[] widens to any origin', env: { CORS_ORIGINS: [] }, names: ['CORS_ORIGINS'] },
    { attack: 'misspelt CORS_ORIGIN is ignored and any origin served', env: { CORS_ORIGIN: 'https://a.example.com' }, names: ['CORS_ORIGINS'] },
    { attack: "another framework's CORS_ALLOWED_ORIGINS is ignored", env: { CORS_ALLOWED_ORIGINS: 'https://a.example.com' }, names: ['CORS_ORIGINS'] },
    {
      attack: "another framework's CORS_SUPPORT_CREDENTIALS is ignored",
      env: { CORS_ORIGINS: 'https://a.example.com', CORS_SUPPORT_CREDENTIALS: 'true' },
      names: ['CORS_SUPPORTS_CREDENTIALS'],
    },
    { attack: 'CORS_MAX_AGE=ten', env: { CORS_MAX_AGE: 'ten' }, names: ['CORS_MAX_AGE'] },
  ])('attack: $attack', ({ env, names }) => {
    expectConfigError(
      thrown(() => createCors(optionsFromEnv(env as never))),
      names,
    );
  });
});
