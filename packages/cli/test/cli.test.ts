/**
 * The command as a user runs it: the built `dist/cli.js` spawned in its own Node process
 * against real servers on 127.0.0.1 (the broken servers, permissive servers, withCors, and the
 * Hono example app), asserting exit statuses, the JSON and the text.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { withCors } from '@fetch-cors/core';
import { startApp, type RunningApp } from '@fetch-cors/app-tests/start-app';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/check/index.ts';
import type { AuditResult } from '../src/audit.ts';
import { BROKEN_CASES, brokenServer, serve, type RunningServer } from './fixtures/servers.ts';
import { AUDIT_CASES } from './fixtures/permissive.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/cli.js');
const ORIGIN = 'http://app.test';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], node = process.execPath): Promise<Run> {
  return new Promise((resolve) => {
    execFile(node, [BIN, ...args], { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

function headerArgs(headers: Record<string, string> | ReadonlyArray<readonly [string, string]> | undefined): string[] {
  if (headers === undefined) return [];
  const pairs = Array.isArray(headers) ? (headers as ReadonlyArray<readonly [string, string]>) : Object.entries(headers as Record<string, string>);
  return pairs.flatMap(([name, value]) => ['--header', `${name}: ${value}`]);
}

let broken: RunningServer | undefined;

beforeAll(async () => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run pnpm build first`);
  broken = await serve(brokenServer);
});

afterAll(async () => {
  await broken?.close();
});

describe('fetch-cors check --json against the broken servers', () => {
  // The command has no body option; a body never changes what CORS decides, so the cases run without it.
  for (const c of BROKEN_CASES.filter((c) => c.inProcessOnly === undefined)) {
    it(c.name, async () => {
      const bases = { main: broken!.url, alt: `http://localhost:${broken!.port}` };
      const args = ['check', c.url(bases), '--origin', ORIGIN, ...headerArgs(c.request.headers), '--json'];
      if (c.request.method !== undefined) args.push('--method', c.request.method);
      if (c.request.credentials) args.push('--credentials');
      const { code, stdout, stderr } = await run(args);
      expect(code, stderr).toBe(c.expect.verdict === 'allowed' ? 0 : 1);
      const json = JSON.parse(stdout) as CheckResult;
      expect({ verdict: json.verdict, check: json.check, stage: json.stage, preflight: json.preflight }).toEqual({
        verdict: c.expect.verdict,
        check: c.expect.check,
        stage: c.expect.stage,
        preflight: c.expect.preflight,
      });
      expect(json.warnings.map((w) => w.code)).toEqual(c.expect.warnings ?? []);
      expect(json.exchanges.length).toBeGreaterThan(0);
      expect(json.fix === null).toBe(c.expect.verdict === 'allowed');
    });
  }
});

describe('fetch-cors check, text output', () => {
  it('a blocked request prints each exchange, the failing check and the fix', async () => {
    const { code, stdout } = await run(['check', `${broken!.url}/methods-get-post`, '--origin', ORIGIN, '--method', 'DELETE']);
    expect(code).toBe(1);
    expect(stdout).toContain('Preflight needed: DELETE is not GET, HEAD or POST.');
    expect(stdout).toContain('1. preflight: OPTIONS');
    expect(stdout).toContain('> access-control-request-method: DELETE');
    expect(stdout).toContain('< access-control-allow-methods: GET, POST');
    expect(stdout).toContain('BLOCKED at the preflight (method-not-allowed)');
    expect(stdout).toMatch(/Fix: Add DELETE/);
  });

  it('an allowed request prints ALLOWED and its warnings', async () => {
    const { code, stdout } = await run(['check', `${broken!.url}/no-vary`, '--origin', ORIGIN]);
    expect(code).toBe(0);
    expect(stdout).toContain('No preflight needed');
    expect(stdout).toContain('ALLOWED');
    expect(stdout).toContain('Warning (vary-origin-missing)');
  });
});

interface UsageCase {
  name: string;
  args: () => string[];
  stderr: RegExp;
}

const USAGE_CASES: UsageCase[] = [
  { name: 'no command', args: () => [], stderr: /no command given[\s\S]*Usage:/ },
  { name: 'an unknown command', args: () => ['probe', 'http://127.0.0.1/'], stderr: /unknown command "probe"/ },
  { name: 'a missing --origin', args: () => ['check', `${broken!.url}/ok`], stderr: /needs --origin/ },
  { name: 'a missing URL', args: () => ['check', '--origin', ORIGIN], stderr: /needs a URL/ },
  { name: 'an unknown option', args: () => ['check', `${broken!.url}/ok`, '--origin', ORIGIN, '--verbose'], stderr: /unknown option --verbose/ },
  { name: 'a header without a colon', args: () => ['check', `${broken!.url}/ok`, '--origin', ORIGIN, '--header', 'X-Custom'], stderr: /is not 'Name: value'/ },
  { name: 'a bad URL', args: () => ['check', 'not a url', '--origin', ORIGIN], stderr: /not an absolute URL/ },
  { name: 'a bad origin', args: () => ['check', `${broken!.url}/ok`, '--origin', 'app.test'], stderr: /not a serialized origin/ },
  { name: 'a refused connection', args: () => ['check', 'http://127.0.0.1:1/', '--origin', ORIGIN], stderr: /network error/ },
  {
    name: 'a refused connection during an audit',
    args: () => ['audit', 'http://127.0.0.1:1/', '--origin', 'https://app.example.com'],
    stderr: /network error/,
  },
  { name: '--method on audit', args: () => ['audit', `${broken!.url}/ok`, '--origin', ORIGIN, '--method', 'PUT'], stderr: /--method is for check/ },
];

describe('usage and network errors exit 2', () => {
  for (const c of USAGE_CASES) {
    it(c.name, async () => {
      const { code, stderr } = await run(c.args());
      expect(code).toBe(2);
      expect(stderr).toMatch(c.stderr);
    });
  }

  it('--json still prints one object, with the error', async () => {
    const { code, stdout } = await run(['check', 'http://127.0.0.1:1/', '--origin', ORIGIN, '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout)).toEqual({ error: expect.stringContaining('network error') });
  });

  it('--help prints the usage and exits 0', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    expect(stdout).toContain('fetch-cors check <url> --origin <origin>');
    expect(stdout).toContain('fetch-cors audit <url> --origin <allowed origin>');
  });
});

describe('fetch-cors audit against permissive servers', () => {
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const server of servers) await server.close();
  });
  for (const c of AUDIT_CASES) {
    it(c.name, async () => {
      const server = await serve(c.server);
      servers.push(server);
      const { code, stdout, stderr } = await run(['audit', `${server.url}/me`, '--origin', c.origin, '--json']);
      expect(code, stderr).toBe(c.findings.length === 0 ? 0 : 1);
      const json = JSON.parse(stdout) as AuditResult;
      expect(json.findings.map((f) => ({ kind: f.kind, severity: f.severity, credentials: f.credentials }))).toEqual(c.findings);
    });
  }

  it('the text output names each probe, its severity and the fix', async () => {
    const server = await serve(AUDIT_CASES[0]!.server);
    servers.push(server);
    const { code, stdout } = await run(['audit', `${server.url}/me`, '--origin', 'https://app.example.com']);
    expect(code).toBe(1);
    expect(stdout).toMatch(/CRITICAL\s+arbitrary\s+https:\/\/fetch-cors-audit\.evil\.test allowed with credentials/);
    expect(stdout).toMatch(/HIGH\s+http\s+http:\/\/app\.example\.com allowed with credentials/);
    expect(stdout).toContain('Fix: Stop reflecting the Origin header');
  });
});

describe('against withCors over HTTP', () => {
  let server: RunningServer | undefined;
  beforeAll(async () => {
    server = await serve(
      withCors(() => new Response('ok'), {
        origins: ['https://app.example.com'],
        supportsCredentials: true,
        methods: ['GET', 'PUT'],
        allowHeaders: ['Content-Type', 'Authorization'],
      }),
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it('check allows a credentialed PUT with JSON and Authorization', async () => {
    const { code, stdout } = await run([
      'check',
      `${server!.url}/items`,
      '--origin',
      'https://app.example.com',
      '--method',
      'PUT',
      '--header',
      'Content-Type: application/json',
      '--header',
      'Authorization: Bearer t',
      '--credentials',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'allowed', preflight: true, warnings: [] });
  });

  it('audit finds nothing', async () => {
    const { code, stdout } = await run(['audit', `${server!.url}/items`, '--origin', 'https://app.example.com', '--credentials']);
    expect(code).toBe(0);
    expect(stdout).toContain('No findings: every probe was refused.');
  });
});

describe('against the Hono example app', () => {
  let app: RunningApp | undefined;
  const allowed = 'https://app.example.com';
  beforeAll(async () => {
    app = await startApp('@fetch-cors/app-hono', { CORS_ORIGINS: allowed, CORS_SUPPORTS_CREDENTIALS: 'true', CORS_ALLOW_HEADERS: 'Content-Type, X-Custom' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  interface AppCase {
    name: string;
    args: string[];
    code: number;
    check: string | null;
  }
  const APP_CASES: AppCase[] = [
    { name: 'a simple GET from the listed origin is allowed', args: ['/hello', '--origin', allowed], code: 0, check: null },
    {
      name: 'a credentialed PUT with an allowed header is allowed',
      args: ['/echo', '--origin', allowed, '--method', 'PUT', '--header', 'X-Custom: 1', '--credentials'],
      code: 0,
      check: null,
    },
    { name: 'the redirect route is followed and allowed', args: ['/redirect', '--origin', allowed], code: 0, check: null },
    { name: 'the error route is readable as a 500', args: ['/error', '--origin', allowed], code: 0, check: null },
    { name: 'an unlisted origin is blocked', args: ['/hello', '--origin', 'https://evil.example'], code: 1, check: 'allow-origin-missing' },
    {
      name: 'a header not in allowHeaders is blocked at the preflight',
      args: ['/echo', '--origin', allowed, '--method', 'PUT', '--header', 'X-Other: 1'],
      code: 1,
      check: 'allow-origin-missing',
    },
  ];
  for (const c of APP_CASES) {
    it(`check: ${c.name}`, async () => {
      const [pathname, ...rest] = c.args;
      const { code, stdout, stderr } = await run(['check', `${app!.url}${pathname}`, ...rest, '--json']);
      expect(code, stderr).toBe(c.code);
      expect(JSON.parse(stdout).check).toBe(c.check);
    });
  }

  it('audit: the example app refuses every probe', async () => {
    const { code, stdout } = await run(['audit', `${app!.url}/hello`, '--origin', allowed, '--credentials', '--json']);
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as AuditResult;
    expect(json.baseline.verdict).toBe('allowed');
    expect(json.findings).toEqual([]);
  });
});

/** The first `node` on PATH outside node_modules: the system Node (20 on CI). */
function systemNode(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir === '' || dir.includes('node_modules')) continue;
    const candidate = path.join(dir, 'node');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

describe('the oldest supported runtime', () => {
  it('runs under the system Node (Node 20 on CI)', async () => {
    const node = systemNode();
    expect(node, 'no node on PATH outside node_modules').toBeDefined();
    const version = await new Promise<string>((resolve) => execFile(node!, ['--version'], (_e, stdout) => resolve(stdout.trim())));
    expect(Number(version.slice(1).split('.')[0])).toBeGreaterThanOrEqual(20);
    const allowedRun = await run(['check', `${broken!.url}/ok`, '--origin', ORIGIN, '--method', 'PUT', '--credentials', '--json'], node);
    expect(allowedRun.code, allowedRun.stderr).toBe(0);
    const blockedRun = await run(['check', `${broken!.url}/preflight-redirect`, '--origin', ORIGIN, '--method', 'PUT', '--json'], node);
    expect(blockedRun.code, blockedRun.stderr).toBe(1);
    expect(JSON.parse(blockedRun.stdout).check).toBe('preflight-redirect');
  });
});
