/** auditCors against in-process servers whose origin checks are too permissive, and correct ones. */
import { describe, expect, it } from 'vitest';
import { withCors } from '@fetch-cors/core';
import { auditCors, auditProbes } from '../src/index.ts';
import type { FetchFunction } from '../src/check/types.ts';
import { AUDIT_CASES, echoWhen } from './fixtures/permissive.ts';

describe('auditCors', () => {
  for (const c of AUDIT_CASES) {
    it(c.name, async () => {
      const result = await auditCors({ url: 'http://api.test/me', origin: c.origin }, c.server);
      expect(result.baseline.verdict).toBe('allowed');
      expect(result.findings.map((f) => ({ kind: f.kind, severity: f.severity, credentials: f.credentials }))).toEqual(c.findings);
      for (const finding of result.findings) {
        expect(finding.fix).toMatch(/\S/);
        expect(finding.allowOrigin).toBe(finding.origin);
      }
    });
  }

  it('a public * policy is noted, not reported', async () => {
    const result = await auditCors(
      { url: 'http://api.test/me', origin: 'https://app.example.com' },
      () => new Response('x', { headers: { 'access-control-allow-origin': '*' } }),
    );
    expect(result.findings).toEqual([]);
    expect(result.notes.join(' ')).toContain('Access-Control-Allow-Origin: *');
  });

  it('a blocked baseline is reported in the result', async () => {
    const result = await auditCors({ url: 'http://api.test/me', origin: 'https://app.example.com' }, () => new Response('x'));
    expect(result.baseline).toMatchObject({ verdict: 'blocked', check: 'allow-origin-missing' });
  });
});

interface PrefixFixCase {
  name: string;
  origin: string;
  server: FetchFunction;
  /** Words the prefix finding's fix must contain, and words it must not. */
  says: string;
  not: string;
}

const PREFIX_FIX_CASES: PrefixFixCase[] = [
  {
    name: 'a subdomain pattern already has its dot: the fix is to list exact origins instead of the pattern',
    origin: 'https://app.example.net',
    server: withCors(() => new Response('data'), { origins: ['https://*.example.net'], supportsCredentials: true }) as FetchFunction,
    says: 'List exact origins (such as https://app.example.net) instead of the pattern',
    not: 'require a dot',
  },
  {
    name: 'an "ends with the host" check on a subdomain gets the same fix, since the audit cannot tell it from a pattern',
    origin: 'https://app.example.com',
    server: echoWhen((o) => o.startsWith('https://') && o.endsWith('app.example.com')),
    says: 'instead of the pattern',
    not: 'require a dot',
  },
  {
    name: 'an "ends with" check on a registrable domain is told to require a dot before it',
    origin: 'https://example.com',
    server: echoWhen((o) => o.startsWith('https://') && o.endsWith('example.com')),
    says: 'require a dot before the allowed domain',
    not: 'instead of the pattern',
  },
];

describe('the fix of a prefix finding', () => {
  for (const c of PREFIX_FIX_CASES) {
    it(c.name, async () => {
      const result = await auditCors({ url: 'http://api.test/me', origin: c.origin }, c.server);
      const prefix = result.findings.find((f) => f.kind === 'prefix');
      expect(prefix?.origin).toBe(`https://evil${new URL(c.origin).host}`);
      expect(prefix?.fix).toContain(c.says);
      expect(prefix?.fix).not.toContain(c.not);
    });
  }
});

interface ProbeCase {
  name: string;
  origin: string;
  probes: string[];
}

const PROBE_CASES: ProbeCase[] = [
  {
    name: 'an https subdomain gets every probe, the sibling under the ICANN suffix',
    origin: 'https://app.example.com',
    probes: [
      'https://fetch-cors-audit.evil.test',
      'null',
      'https://app.example.com.evil.test',
      'https://evilapp.example.com',
      'http://app.example.com',
      'https://evilexample.com',
      'https://fetch-cors-audit.com',
    ],
  },
  {
    name: 'a github.io site gets a sibling under the private suffix github.io',
    origin: 'https://app.github.io',
    probes: [
      'https://fetch-cors-audit.evil.test',
      'null',
      'https://app.github.io.evil.test',
      'https://evilapp.github.io',
      'http://app.github.io',
      'https://fetch-cors-audit.github.io',
    ],
  },
  {
    name: 'a two-label suffix (co.uk) keeps the port and probes under co.uk',
    origin: 'https://shop.example.co.uk:8443',
    probes: [
      'https://fetch-cors-audit.evil.test:8443',
      'null',
      'https://shop.example.co.uk.evil.test:8443',
      'https://evilshop.example.co.uk:8443',
      'http://shop.example.co.uk:8443',
      'https://evilexample.co.uk:8443',
      'https://fetch-cors-audit.co.uk:8443',
    ],
  },
  {
    name: 'an http IP origin gets no prefix, http or sibling probe',
    origin: 'http://127.0.0.1:8080',
    probes: ['http://fetch-cors-audit.evil.test:8080', 'null', 'http://127.0.0.1.evil.test:8080'],
  },
];

describe('auditProbes', () => {
  for (const c of PROBE_CASES) {
    it(c.name, () => {
      expect(auditProbes(c.origin).probes.map((p) => p.origin)).toEqual(c.probes);
    });
  }
});
