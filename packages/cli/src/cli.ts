#!/usr/bin/env node
/**
 * The `fetch-cors` command: `check` judges one request as a browser does, `audit` probes a
 * server with origins its policy should refuse. Exit status: 0 allowed / nothing found,
 * 1 blocked / findings, 2 usage or network error.
 */
import { auditCors, type AuditResult } from './audit.js';
import { checkCors } from './check/checker.js';
import { CheckInputError, type CheckResult, type Exchange } from './check/types.js';

const HELP = `fetch-cors: say why a browser blocks a request

Usage:
  fetch-cors check <url> --origin <origin> [--method M] [--header 'Name: value']... [--credentials] [--json]
  fetch-cors audit <url> --origin <allowed origin> [--credentials] [--json]
  fetch-cors --help

check   sends the request a page on <origin> would make, the preflight first when a browser
        would send one, follows redirects hop by hop, and says whether the browser lets the
        page read the response; when it does not, which check failed and what to change.
audit   probes <url> with origins a policy should refuse (any site, null, the allowed origin
        with a suffix or prefix glued on, its http: twin, a sibling under the same public
        suffix) and reports each one the server lets read its responses.

Options:
  --origin <origin>       the page's origin, e.g. https://app.example.com (required)
  --method <method>       the method (check; default GET)
  --header 'Name: value'  a request header the page sets (check; repeatable)
  --credentials           the request includes credentials (cookies), as credentials: 'include'
  --json                  print one JSON object instead of text
  -h, --help              this help

Exit status: 0 allowed (check) or nothing found (audit); 1 blocked or findings;
2 usage error or network error (bad URL, connection refused, missing --origin).
`;

class UsageError extends Error {}

interface Args {
  command: 'check' | 'audit';
  url: string;
  origin: string;
  method: string;
  headers: Array<[string, string]>;
  credentials: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args | 'help' {
  if (argv.length === 0) throw new UsageError('no command given');
  if (argv.includes('--help') || argv.includes('-h') || argv[0] === 'help') return 'help';
  const [command, ...rest] = argv;
  if (command !== 'check' && command !== 'audit') throw new UsageError(`unknown command ${JSON.stringify(command)}: use check or audit`);
  const args: Partial<Args> & { headers: Array<[string, string]> } = { command, headers: [], credentials: false, json: false, method: 'GET' };
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const arg = rest[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      i += 1;
      return next;
    };
    switch (flag) {
      case '--origin':
        args.origin = value();
        break;
      case '--method':
      case '-X':
        if (command === 'audit') throw new UsageError('audit sends GET requests; --method is for check');
        args.method = value();
        break;
      case '--header':
      case '-H': {
        if (command === 'audit') throw new UsageError('audit sends no custom headers; --header is for check');
        const header = value();
        const colon = header.indexOf(':');
        if (colon <= 0) throw new UsageError(`--header ${JSON.stringify(header)} is not 'Name: value'`);
        args.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
        break;
      }
      case '--credentials':
        args.credentials = true;
        break;
      case '--json':
        args.json = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        positional.push(arg);
    }
  }
  if (positional.length === 0) throw new UsageError(`${command} needs a URL`);
  if (positional.length > 1) throw new UsageError(`${command} takes one URL, got ${positional.join(' ')}`);
  if (args.origin === undefined) throw new UsageError(`${command} needs --origin <origin>, the origin of the page making the request`);
  args.url = positional[0]!;
  return args as Args;
}

/** Global fetch with redirects left to the checker (Node's fetch returns the 3xx itself for redirect: 'manual'). */
const networkFetch = (request: Request): Promise<Response> => fetch(request, { redirect: 'manual' });

function networkMessage(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `network error: ${detail}`;
}

function formatExchange(exchange: Exchange, index: number): string {
  const lines = [`${index + 1}. ${exchange.stage === 'preflight' ? 'preflight' : 'request'}: ${exchange.request.method} ${exchange.request.url}`];
  for (const [name, value] of Object.entries(exchange.request.headers)) lines.push(`     > ${name}: ${value}`);
  lines.push(`   ${exchange.response.status}`);
  const headers = Object.entries(exchange.response.headers);
  if (headers.length === 0) lines.push('     < (no CORS headers)');
  for (const [name, value] of headers) lines.push(`     < ${name}: ${value}`);
  return lines.join('\n');
}

function formatCheck(result: CheckResult): string {
  const lines: string[] = [];
  lines.push(result.preflight ? `Preflight needed: ${result.preflightReason?.explanation ?? ''}` : 'No preflight needed: a simple request.');
  lines.push('');
  for (const [index, exchange] of result.exchanges.entries()) lines.push(formatExchange(exchange, index));
  lines.push('');
  if (result.verdict === 'allowed') {
    lines.push(`ALLOWED: ${result.explanation}`);
  } else {
    lines.push(`BLOCKED at the ${result.stage} (${result.check}): ${result.explanation}`);
    lines.push(`Fix: ${result.fix}`);
  }
  for (const warning of result.warnings) lines.push(`Warning (${warning.code}): ${warning.message}`);
  return lines.join('\n');
}

function formatAudit(result: AuditResult): string {
  const lines: string[] = [];
  lines.push(`Audit of ${result.url} for ${result.origin}`);
  lines.push(
    result.baseline.verdict === 'allowed'
      ? `Baseline: ${result.origin} is allowed.`
      : `Baseline: ${result.origin} is BLOCKED (${result.baseline.check}): ${result.baseline.explanation} The probes below say little until it is allowed.`,
  );
  lines.push('');
  for (const probe of result.probes) {
    const finding = result.findings.find((f) => f.origin === probe.origin);
    lines.push(
      finding
        ? `  ${finding.severity.toUpperCase().padEnd(8)} ${probe.kind.padEnd(13)} ${probe.origin} allowed ${finding.credentials ? 'with credentials' : 'without credentials'} (Access-Control-Allow-Origin: ${finding.allowOrigin})`
        : `  ok       ${probe.kind.padEnd(13)} ${probe.origin} refused`,
    );
  }
  lines.push('');
  if (result.findings.length === 0) lines.push('No findings: every probe was refused.');
  for (const finding of result.findings) {
    lines.push(`${finding.severity.toUpperCase()} ${finding.kind} (${finding.origin}): ${finding.impact}`);
    lines.push(`  Fix: ${finding.fix}`);
  }
  for (const note of result.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

/** Run the command with `argv` (no node/script prefix); resolves to the exit status. */
export async function main(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  let args: Args | 'help';
  try {
    args = parseArgs(argv);
  } catch (error) {
    err(`fetch-cors: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (args === 'help') {
    out(HELP);
    return 0;
  }
  const json = args.json;
  const fail = (message: string): number => {
    if (json) out(JSON.stringify({ error: message }, null, 2));
    err(`fetch-cors: ${message}`);
    return 2;
  };
  try {
    if (args.command === 'check') {
      const result = await checkCors(
        { url: args.url, origin: args.origin, method: args.method, headers: args.headers, credentials: args.credentials },
        networkFetch,
      );
      out(args.json ? JSON.stringify(result, null, 2) : formatCheck(result));
      return result.verdict === 'allowed' ? 0 : 1;
    }
    const result = await auditCors({ url: args.url, origin: args.origin, credentials: args.credentials }, networkFetch);
    out(args.json ? JSON.stringify(result, null, 2) : formatAudit(result));
    return result.findings.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof CheckInputError) return fail(error.message);
    return fail(networkMessage(error));
  }
}

main(
  process.argv.slice(2),
  (s) => process.stdout.write(`${s}\n`),
  (s) => process.stderr.write(`${s}\n`),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`fetch-cors: ${String(error)}\n`);
    process.exitCode = 2;
  },
);
