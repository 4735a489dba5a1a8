/** Generators of policies, origins and near-miss attacks, shared by the property suites. */
import fc from 'fast-check';
import type { OriginEntry, OriginFn, OriginPolicy } from './reference.js';

const LABELS = ['app', 'api', 'a', 'b1', 'x-y', 'my_site', 'xn--nxasmq6b', 'example', 'www', 'ex-ample', 'admin'];
const TLDS = ['com', 'test', 'org', 'co.uk', 'example.com'];

export const label = fc.constantFrom(...LABELS);
export const scheme = fc.constantFrom('http', 'https');
/** A DNS name of one to three labels and a TLD. */
export const dnsHost = fc.tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.constantFrom(...TLDS)).map(([ls, tld]) => `${ls.join('.')}.${tld}`);

const portSuffix = (s: string) => fc.constantFrom('', '', ':8443', ':3000', s === 'https' ? ':443' : ':80');

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Upper-cases some letters of the scheme and host (the same origin, compared case-insensitively). */
function someUpper(s: string, mask: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += (mask >> (i % 31)) & 1 ? s[i]!.toUpperCase() : s[i]!;
  return out;
}

export interface Entry {
  readonly entry: OriginEntry;
  /** An origin the entry allows, from which near misses are built. */
  readonly sample: fc.Arbitrary<string>;
}

const exactEntry: fc.Arbitrary<Entry> = scheme.chain((s) =>
  fc.tuple(dnsHost, portSuffix(s), fc.integer({ min: 0, max: 7 })).map(([h, port, mask]) => {
    const text = `${s}://${h}${port}`;
    // Entries may be written in upper case (compared case-insensitively).
    const written = mask === 1 ? someUpper(text, 0x5555) : text;
    return { entry: { kind: 'exact', text: written } as const, sample: fc.constant(text) };
  }),
);

const subdomainEntry: fc.Arbitrary<Entry> = scheme.chain((s) =>
  fc
    .tuple(
      fc.oneof(
        fc.tuple(label, fc.constantFrom(...TLDS)).map(([l, t]) => `${l}.${t}`),
        fc.constant('localhost'),
      ),
      fc.constantFrom('', '', ':8443'),
    )
    .map(([base, port]) => ({
      entry: { kind: 'subdomain', text: `${s}://*.${base}${port}`, scheme: s, base, port: port.slice(1) } as const,
      sample: fc.array(label, { minLength: 1, maxLength: 2 }).map((ls) => `${s}://${ls.join('.')}.${base}${port}`),
    })),
);

const portEntry: fc.Arbitrary<Entry> = fc.tuple(scheme, fc.oneof(fc.constantFrom('localhost', '127.0.0.1', '[::1]'), dnsHost)).map(([s, host]) => ({
  entry: { kind: 'port', text: `${s}://${host}:*`, scheme: s, host } as const,
  sample: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }).map((p) => `${s}://${host}${p === undefined ? '' : `:${p}`}`),
}));

const nullEntry: fc.Arbitrary<Entry> = fc.constant({ entry: { kind: 'null' } as const, sample: fc.constant('null') });

const regexpEntry: fc.Arbitrary<Entry> = fc.tuple(scheme, label, fc.constantFrom(...TLDS), fc.integer({ min: 0, max: 2 })).map(([s, l, tld, form]) => {
  const base = `${l}.${tld}`;
  if (form === 0) {
    // An escaped exact origin.
    return { entry: { kind: 'regexp', re: new RegExp(escapeRegExp(`${s}://${base}`)) } as const, sample: fc.constant(`${s}://${base}`) };
  }
  if (form === 1) {
    // Any one subdomain label.
    return {
      entry: { kind: 'regexp', re: new RegExp(`${escapeRegExp(s)}:\\/\\/[a-z0-9-]+\\.${escapeRegExp(base)}`) } as const,
      sample: label.map((x) => `${s}://${x}.${base}`),
    };
  }
  // Sloppy: unescaped dots (the user's RegExp, taken as written).
  return { entry: { kind: 'regexp', re: new RegExp(`${s}://${base}`) } as const, sample: fc.constant(`${s}://${base}`) };
});

export const entry: fc.Arbitrary<Entry> = fc.oneof(
  { arbitrary: exactEntry, weight: 4 },
  { arbitrary: subdomainEntry, weight: 3 },
  { arbitrary: portEntry, weight: 2 },
  { arbitrary: regexpEntry, weight: 2 },
  { arbitrary: nullEntry, weight: 1 },
);

const FUNCTIONS: readonly Omit<OriginFn, 'async'>[] = [
  { name: "o => o.endsWith('.example.com')", test: (o) => o.endsWith('.example.com') },
  { name: "o => o.startsWith('https://')", test: (o) => o.startsWith('https://') },
  { name: '() => true', test: () => true },
  { name: "o => o.includes('app')", test: (o) => o.includes('app') },
];

export interface GeneratedPolicy {
  readonly policy: OriginPolicy;
  /** Origins the policy allows, as starting points for attacks. */
  readonly samples: readonly fc.Arbitrary<string>[];
}

const anyOrigin: fc.Arbitrary<string> = fc.tuple(scheme, dnsHost, portSuffix('https')).map(([s, h, p]) => `${s}://${h}${p}`);

export const originPolicy: fc.Arbitrary<GeneratedPolicy> = fc.oneof(
  {
    arbitrary: fc
      .array(entry, { minLength: 1, maxLength: 4 })
      .map((es) => ({ policy: { kind: 'list', entries: es.map((e) => e.entry) } as const, samples: es.map((e) => e.sample) })),
    weight: 6,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(...FUNCTIONS), fc.boolean())
      .map(([f, async]) => ({ policy: { kind: 'fn', fn: { ...f, async } } as const, samples: [anyOrigin] })),
    weight: 2,
  },
  { arbitrary: fc.constant({ policy: { kind: 'any' } as const, samples: [anyOrigin] }), weight: 1 },
);

// ---------------------------------------------------------------- near misses

const HOST_SPLIT = /^([^:]*:\/\/)(\[[^\]]*\]|[^:/?#]*)(.*)$/;

/** Applies `f` to the host of `origin` (scheme and port kept). */
function onHost(origin: string, f: (host: string, scheme: string) => string): string {
  const m = HOST_SPLIT.exec(origin);
  if (m === null) return origin;
  return `${m[1]}${f(m[2]!, m[1]!.slice(0, -3))}${m[3]}`;
}

export const IP_FORMS = [
  '256.1.1.1',
  '0x100.1.1.1',
  '1.2.3',
  '1.2.3.999',
  '256.256.256.256',
  '0177.0.0.1',
  '1.2.3.4.5',
  '127.1',
  '0x7f.0.0.1',
  '09.1.1.1',
  '127.0.0.1',
  '1.2.3.4',
  '[1::2::3]',
  '[1:0:0:0:0:0:0:2]',
  '[1::2]',
  '[::1]',
  '[0:0::1]',
  '[::ffff:1.2.3.4]',
  '[::ffff:102:304]',
  '[::FFFF:102:304]',
  '[]',
  '[zz::1]',
  'a.123',
  'example.0x1',
  'a.b.1',
];

/** A near miss, named for the report. */
export interface Mutation {
  readonly name: string;
  readonly apply: (origin: string) => string;
}

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  label.map((l) => ({ name: `label '${l}' added in front`, apply: (o: string) => onHost(o, (h) => `${l}.${h}`) })),
  fc.constantFrom('evil', 'evil-', 'x').map((g) => ({ name: `'${g}' glued in front`, apply: (o: string) => onHost(o, (h) => `${g}${h}`) })),
  fc
    .constantFrom('.evil.test', 'evil', '-evil', '.com', '.')
    .map((sfx) => ({ name: `'${sfx}' appended to the host`, apply: (o: string) => onHost(o, (h) => `${h}${sfx}`) })),
  fc.constant({ name: "'-' and '.' swapped", apply: (o: string) => onHost(o, (h) => h.replace(/[.-]/g, (c) => (c === '.' ? '-' : '.'))) }),
  fc.integer({ min: 1, max: 0x7fffffff }).map((mask) => ({ name: 'case changed', apply: (o: string) => someUpper(o, mask) })),
  fc.constant({
    name: 'default port spelled out',
    apply: (o: string) => (/:\d+$/.test(o) || o === 'null' ? o : `${o}${o.startsWith('https') ? ':443' : ':80'}`),
  }),
  fc.constant({ name: "the other scheme's default port", apply: (o: string) => (/:\d+$/.test(o) ? o : `${o}${o.startsWith('https') ? ':80' : ':443'}`) }),
  fc
    .constantFrom(':0', ':65536', ':08443', ':', ':99999', ':-1', ':1e3', ': 80', ':8443:')
    .map((p) => ({ name: `port '${p}'`, apply: (o: string) => `${o.replace(/:\d+$/, '')}${p}` })),
  fc.constantFrom('user@', 'user:pass@', '@').map((u) => ({ name: `userinfo '${u}'`, apply: (o: string) => onHost(o, (h) => `${u}${h}`) })),
  fc.constant({ name: "'@evil.test' after the host", apply: (o: string) => onHost(o, (h) => `${h}@evil.test`) }),
  fc.constantFrom('/', '/x', '?q=1', '#f', '/.', '\\', '%2F').map((p) => ({ name: `'${p}' appended`, apply: (o: string) => `${o}${p}` })),
  fc
    .constantFrom('http', 'https', 'ws', 'wss', 'HTTPS', 'javascript', 'file', 'chrome-extension')
    .map((s) => ({ name: `scheme ${s}`, apply: (o: string) => o.replace(/^[^:]*/, s) })),
  fc.constantFrom(...IP_FORMS).map((ip) => ({ name: `host ${ip}`, apply: (o: string) => onHost(o, () => ip) })),
  fc
    .constantFrom('xn--nxasmq6b', 'XN--NXASMQ6B', 'xn--', 'xn--a', 'bücher', 'xn--bcher-kva', 'a_b', 'a$b', '*', 'a b')
    .map((l) => ({ name: `label '${l}' in front`, apply: (o: string) => onHost(o, (h) => `${l}.${h}`) })),
  fc.constantFrom(' ', '\t', '%20', ',', ', https://evil.test').map((s) => ({ name: `${JSON.stringify(s)} inside`, apply: (o: string) => `${o}${s}` })),
  fc.constant({ name: "'null' upper-cased", apply: (o: string) => (o === 'null' ? 'NULL' : o) }),
);

/** An origin built from one of the policy's allowed samples with up to two near-miss mutations. */
export function attackOrigin(g: GeneratedPolicy): fc.Arbitrary<{ origin: string; mutations: string[] }> {
  return fc.tuple(fc.oneof(...g.samples, anyOrigin, fc.constant('null')), fc.array(mutation, { maxLength: 2 })).map(([o, ms]) => ({
    origin: ms.reduce((acc, m) => m.apply(acc), o),
    mutations: ms.map((m) => m.name),
  }));
}

/** The value a `Headers` object stores for `value`, or `null` when it refuses it. */
export function asHeaderValue(value: string): string | null {
  try {
    return new Headers({ origin: value }).get('origin');
  } catch {
    return null;
  }
}
