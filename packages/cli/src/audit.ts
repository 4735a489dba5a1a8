/** `auditCors`: probe a server with origins its policy should refuse. */
import { getPublicSuffix, parse } from 'tldts';
import { checkCors } from './check/checker.js';
import { CheckInputError, type CheckResult, type FetchFunction } from './check/types.js';

/**
 * The kinds of origin the audit sends, each one a classic CORS policy mistake:
 * - `arbitrary`: any site (a policy that reflects every Origin);
 * - `null`: sandboxed iframes and `file:` pages, which any attacker can produce;
 * - `suffix`: the allowed origin with a domain glued after it (`https://app.example.com.evil.test`, an unanchored regex);
 * - `prefix`: the allowed host with a prefix glued before it (`https://evilapp.example.com`, an "ends with" check);
 * - `domain-prefix`: the registrable domain with a prefix glued before it (`https://evilexample.com`, an "ends with example.com" check);
 * - `http`: the allowed origin over plain `http:` (a network attacker can inject script there);
 * - `sibling`: another name under the same public suffix (`https://fetch-cors-audit.github.io` for `https://app.github.io`).
 */
export type ProbeKind = 'arbitrary' | 'null' | 'suffix' | 'prefix' | 'domain-prefix' | 'http' | 'sibling';

/**
 * How bad a finding is: `critical` (an attacker's page reads users' authenticated data),
 * `high` (the same, for a network attacker), `medium` (any site reads what the server
 * answers without credentials: intranet and IP-restricted data), `low` (the same, for a network attacker).
 */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** One origin the audit sent. */
export interface Probe {
  kind: ProbeKind;
  origin: string;
  /** What the origin tests, in one sentence. */
  description: string;
}

/** An origin the server should refuse and did not. */
export interface Finding extends Probe {
  severity: Severity;
  /** Whether a request with credentials (cookies) was allowed too. */
  credentials: boolean;
  /** The Access-Control-Allow-Origin the server answered. */
  allowOrigin: string;
  /** One sentence: what an attacker can do. */
  impact: string;
  /** One sentence: what to change on the server. */
  fix: string;
}

/** What `auditCors` found. */
export interface AuditResult {
  url: string;
  /** The origin the server is meant to allow. */
  origin: string;
  /** The checker's verdict for the allowed origin itself (a blocked baseline makes the audit say little). */
  baseline: CheckResult;
  /** Every origin sent. */
  probes: Probe[];
  /** The origins the server let read its responses, worst first. */
  findings: Finding[];
  /** Observations that are not findings (a public `*` policy, a probe that could not be built). */
  notes: string[];
}

/** What to audit. */
export interface AuditRequest {
  /** The URL to probe with `GET`. */
  url: string;
  /** An origin the server should allow, such as `https://app.example.com`. */
  origin: string;
  /** Whether the allowed origin is meant to send credentials (the baseline check uses them). */
  credentials?: boolean;
}

/** The registrable domain of `host` (Public Suffix List, private section included), or null. */
function registrableDomain(host: string): string | null {
  return parse(host, { allowPrivateDomains: true }).domain;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** The origins to send for `origin`, with the notes of probes that do not apply. */
export function auditProbes(origin: string): { probes: Probe[]; notes: string[] } {
  const url = new URL(origin);
  const host = url.hostname;
  const port = url.port === '' ? '' : `:${url.port}`;
  const scheme = url.protocol; // 'https:'
  const probes: Probe[] = [
    {
      kind: 'arbitrary',
      origin: `${scheme}//fetch-cors-audit.evil.test${port}`,
      description: 'an unrelated site: a policy that reflects any Origin allows it',
    },
    { kind: 'null', origin: 'null', description: 'the null origin, which any site can produce with a sandboxed iframe' },
    { kind: 'suffix', origin: `${scheme}//${host}.evil.test${port}`, description: `${host} with a domain glued after it: an unanchored pattern allows it` },
  ];
  const info = parse(host, { allowPrivateDomains: true });
  if (!info.isIp) {
    probes.push({ kind: 'prefix', origin: `${scheme}//evil${host}${port}`, description: `a name ending in ${host}: an "ends with" check allows it` });
  }
  const notes: string[] = [];
  if (info.isIp) notes.push(`${host} is an IP address, so no prefix probe applies.`);
  if (scheme === 'https:') {
    probes.push({ kind: 'http', origin: `http://${host}${port}`, description: `the same host over plain http:, where a network attacker can inject script` });
  } else {
    notes.push(`${origin} is itself http:, so the http: twin probe does not apply.`);
  }
  if (!info.isIp && info.domain !== null && info.domain !== host) {
    probes.push({
      kind: 'domain-prefix',
      origin: `${scheme}//evil${info.domain}${port}`,
      description: `a name ending in ${info.domain} that is not under it: an "ends with ${info.domain}" check allows it`,
    });
  }
  const suffix = info.isIp ? null : getPublicSuffix(host, { allowPrivateDomains: true });
  if (suffix !== null && info.domain !== null && info.isIcann !== null) {
    probes.push({
      kind: 'sibling',
      origin: `${scheme}//fetch-cors-audit.${suffix}${port}`,
      description: `another site under the public suffix ${suffix}, which anyone can register`,
    });
  } else {
    notes.push(`${host} has no registrable domain under the Public Suffix List, so no sibling origin was probed.`);
  }
  return { probes, notes };
}

function severityOf(kind: ProbeKind, credentials: boolean): Severity {
  const networkOnly = kind === 'http';
  if (credentials) return networkOnly ? 'high' : 'critical';
  return networkOnly ? 'low' : 'medium';
}

function fixFor(kind: ProbeKind, origin: string): string {
  switch (kind) {
    case 'arbitrary':
      return `Stop reflecting the Origin header: compare it with a list of allowed origins (such as ${origin}) and send no CORS headers otherwise.`;
    case 'null':
      return `Remove null from the allowed origins: sandboxed iframes and file: pages of any site send it.`;
    case 'suffix':
      return `Anchor the origin pattern at the end (match the whole origin, e.g. ^https://app\\.example\\.com$) or compare exact strings.`;
    case 'prefix':
    case 'domain-prefix':
      return `Match whole labels: compare exact origins, or require a dot before the allowed domain (*.example.com), not a string that ends with it.`;
    case 'http':
      return `Allow only the https: origin; drop http: from the list or the pattern.`;
    case 'sibling':
      return `Do not allow every name under a public suffix (such as *.github.io): list the exact origins you own.`;
  }
}

/** The fix of a prefix finding whose probe is a subdomain of the allowed origin's own domain. */
function subdomainFix(probe: string, origin: string, domain: string): string {
  return `List exact origins (such as ${origin}) instead of the pattern: ${probe} is a subdomain of ${domain}, so a subdomain pattern (https://*.${domain}) lets it in as much as an "ends with" check does.`;
}

/**
 * Probe `request.url` with origins a policy should refuse, each once without and once with
 * credentials, and report every one the server lets read its response, with a severity.
 * A server that answers `*` to requests without credentials is public by design and is
 * noted, not reported; a reflected Origin is reported.
 *
 * @example
 * import { auditCors } from '@fetch-cors/cli';
 * const { findings } = await auditCors(
 *   { url: 'https://api.example.com/me', origin: 'https://app.example.com' },
 *   (request) => fetch(request),
 * );
 */
export async function auditCors(request: AuditRequest, fetchFn: FetchFunction): Promise<AuditResult> {
  const baseline = await checkCors({ url: request.url, origin: request.origin, credentials: request.credentials === true }, fetchFn);
  let parsed: URL;
  try {
    parsed = new URL(request.origin);
  } catch {
    throw new CheckInputError(`origin ${request.origin} must be an http: or https: origin for an audit`);
  }
  const { probes, notes } = auditProbes(parsed.origin);
  const findings: Finding[] = [];
  let wildcard = false;
  for (const probe of probes) {
    const page = probe.kind === 'null' ? 'A sandboxed iframe on any site (Origin: null)' : `A page on ${probe.origin}`;
    // The prefix probe is a subdomain of the allowed origin's own domain: a subdomain pattern
    // (https://*.example.com) lets it in as well as an "ends with" check, and already has its dot.
    const domain = registrableDomain(parsed.hostname);
    const underOwnDomain = probe.kind === 'prefix' && domain !== null && probe.origin.endsWith(`.${domain}${parsed.port ? `:${parsed.port}` : ''}`);
    let found: Finding | undefined;
    for (const credentials of [true, false]) {
      const result = await checkCors({ url: request.url, origin: probe.origin, credentials }, fetchFn);
      if (result.verdict !== 'allowed') continue;
      const allowOrigin = result.exchanges.at(-1)?.response.headers['access-control-allow-origin'] ?? '';
      if (!credentials && allowOrigin === '*') {
        wildcard = true;
        continue;
      }
      found = {
        ...probe,
        severity: severityOf(probe.kind, credentials),
        credentials,
        allowOrigin,
        impact:
          (credentials
            ? `${page} can read responses made with the user's cookies: ${probe.kind === 'http' ? 'a network attacker' : 'any attacker'} can read users' private data.`
            : `${page} can read responses made without cookies (data protected only by network position, such as an intranet).`) +
          (underOwnDomain
            ? ` If the policy allows every subdomain of ${registrableDomain(parsed.hostname)} on purpose, this is by design, and every one of them must be trusted.`
            : ''),
        fix: underOwnDomain ? subdomainFix(probe.origin, parsed.origin, registrableDomain(parsed.hostname)!) : fixFor(probe.kind, parsed.origin),
      };
      break;
    }
    if (found) findings.push(found);
  }
  if (wildcard)
    notes.push(
      'The server answers Access-Control-Allow-Origin: * without credentials: every site can read responses that need no cookies (fine for public data).',
    );
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
  return { url: request.url, origin: parsed.origin, baseline, probes, findings, notes };
}
