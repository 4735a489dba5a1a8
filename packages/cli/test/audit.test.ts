/** auditCors against in-process servers whose origin checks are too permissive, and correct ones. */
import { describe, expect, it } from 'vitest';
import { auditCors, auditProbes } from '../src/index.ts';
import { AUDIT_CASES } from './fixtures/permissive.ts';

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
    const result = await auditCors({ url: 'http://api.test/me', origin: 'https://app.example.com' }, () => new Response('x', { headers: { 'access-control-allow-origin': '*' } }));
    expect(result.findings).toEqual([]);
    expect(result.notes.join(' ')).toContain('Access-Control-Allow-Origin: *');
  });

  it('a blocked baseline is reported in the result', async () => {
    const result = await auditCors({ url: 'http://api.test/me', origin: 'https://app.example.com' }, () => new Response('x'));
    expect(result.baseline).toMatchObject({ verdict: 'blocked', check: 'allow-origin-missing' });
  });
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
    probes: ['https://fetch-cors-audit.evil.test', 'null', 'https://app.example.com.evil.test', 'https://evilapp.example.com', 'http://app.example.com', 'https://evilexample.com', 'https://fetch-cors-audit.com'],
  },
  {
    name: 'a github.io site gets a sibling under the private suffix github.io',
    origin: 'https://app.github.io',
    probes: ['https://fetch-cors-audit.evil.test', 'null', 'https://app.github.io.evil.test', 'https://evilapp.github.io', 'http://app.github.io', 'https://fetch-cors-audit.github.io'],
  },
  {
    name: 'a two-label suffix (co.uk) keeps the port and probes under co.uk',
    origin: 'https://shop.example.co.uk:8443',
    probes: ['https://fetch-cors-audit.evil.test:8443', 'null', 'https://shop.example.co.uk.evil.test:8443', 'https://evilshop.example.co.uk:8443', 'http://shop.example.co.uk:8443', 'https://evilexample.co.uk:8443', 'https://fetch-cors-audit.co.uk:8443'],
  },
  { name: 'an http IP origin gets no prefix, http or sibling probe', origin: 'http://127.0.0.1:8080', probes: ['http://fetch-cors-audit.evil.test:8080', 'null', 'http://127.0.0.1.evil.test:8080'] },
];

describe('auditProbes', () => {
  for (const c of PROBE_CASES) {
    it(c.name, () => {
      expect(auditProbes(c.origin).probes.map((p) => p.origin)).toEqual(c.probes);
    });
  }
});
