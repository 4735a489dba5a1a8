/**
 * What a real browser allows. A page served from http://127.0.0.1:<page port> calls each
 * example app on another origin, http://localhost:<port>, through a counting proxy in front
 * of the app. Every case is asserted as the browser reports it: "allowed" (the response is
 * readable) or "blocked" (fetch rejects). Each app is started once per CORS_* configuration
 * with `startApp`; one Chromium serves the whole run. The checker of `@fetch-cors/cli` makes each
 * request too (straight to the app, with the page's origin) and must reach the browser's verdict.
 */
import { APPS, startApp, type RunningApp } from '@fetch-cors/app-tests/start-app';
import { checkCors, type CheckResult } from '@fetch-cors/cli/check';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../src/browser.ts';
import { startCountingProxy, startPageServer, type CountingProxy, type Server } from '../src/servers.ts';

interface FetchCall {
  path: string;
  init?: { method?: string; headers?: Record<string, string>; body?: string; credentials?: 'include' | 'omit' | 'same-origin' };
  /** a response header the page tries to read */
  read?: string;
}

interface Outcome {
  outcome: 'allowed' | 'blocked';
  status?: number;
  body?: string;
  header?: string | null | undefined;
  error?: string;
}

interface Expected {
  outcome: 'allowed' | 'blocked';
  status?: number;
  body?: string;
  /** the echo route's JSON `method` */
  echoMethod?: string;
  /** value the page reads for `read` (null = not exposed) */
  header?: string | null;
}

interface BrowserCase {
  name: string;
  call: FetchCall;
  /** how many times the page makes the call (2 for the preflight cache) */
  times?: number;
  expect: Expected;
  /** preflights for this URL that reached the app after all calls */
  preflights?: number;
}

interface Config {
  name: string;
  env: (page: string) => Record<string, string>;
  cases: BrowserCase[];
}

const JSON_POST = { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' };

const CONFIGS: Config[] = [
  {
    name: 'the page origin listed, methods, headers, exposed header, maxAge and credentials configured',
    env: (page) => ({
      CORS_ORIGINS: page,
      CORS_METHODS: 'GET, POST, PUT',
      CORS_ALLOW_HEADERS: 'Content-Type, X-Custom',
      CORS_EXPOSE_HEADERS: 'X-Request-Id',
      CORS_MAX_AGE: '600',
      CORS_SUPPORTS_CREDENTIALS: 'true',
    }),
    cases: [
      { name: 'simple GET from a listed origin is allowed', call: { path: '/hello' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      {
        name: 'JSON POST needs a preflight and is allowed',
        call: { path: '/echo', init: JSON_POST },
        expect: { outcome: 'allowed', status: 200, echoMethod: 'POST' },
        preflights: 1,
      },
      {
        name: 'PUT with an allowed custom header is allowed',
        call: { path: '/echo', init: { method: 'PUT', headers: { 'X-Custom': '1' }, body: 'x' } },
        expect: { outcome: 'allowed', status: 200, echoMethod: 'PUT' },
        preflights: 1,
      },
      {
        name: 'PUT with a header not in allowHeaders is blocked',
        call: { path: '/echo', init: { method: 'PUT', headers: { 'X-Other': '1' }, body: 'x' } },
        expect: { outcome: 'blocked' },
        preflights: 1,
      },
      {
        name: 'DELETE, a method not in methods, is blocked',
        call: { path: '/echo', init: { method: 'DELETE' } },
        expect: { outcome: 'blocked' },
        preflights: 1,
      },
      {
        name: "credentials: 'include' with supportsCredentials is allowed",
        call: { path: '/hello', init: { credentials: 'include' } },
        expect: { outcome: 'allowed', status: 200, body: 'hello' },
      },
      { name: 'an exposed header is readable', call: { path: '/expose', read: 'X-Request-Id' }, expect: { outcome: 'allowed', status: 200, header: '42' } },
      { name: 'a proxied fetch() response is readable', call: { path: '/proxy' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      { name: 'a redirect is followed and readable', call: { path: '/redirect' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      { name: 'the error route is readable as a 500, not a CORS failure', call: { path: '/error' }, expect: { outcome: 'allowed', status: 500 } },
      {
        name: 'a preflight cached by maxAge is not sent twice',
        call: { path: '/echo', init: { method: 'PUT', headers: { 'X-Custom': '2' }, body: 'y' } },
        times: 2,
        expect: { outcome: 'allowed', status: 200, echoMethod: 'PUT' },
        preflights: 1,
      },
    ],
  },
  {
    name: 'no CORS_* set: the defaults',
    env: () => ({}),
    cases: [
      { name: 'simple GET is allowed', call: { path: '/hello' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      {
        name: 'an Authorization header is allowed by the default allowHeaders',
        call: { path: '/hello', init: { headers: { Authorization: 'Bearer token' } } },
        expect: { outcome: 'allowed', status: 200, body: 'hello' },
        preflights: 1,
      },
      {
        name: 'JSON POST needs a preflight and is allowed',
        call: { path: '/echo', init: JSON_POST },
        expect: { outcome: 'allowed', status: 200, echoMethod: 'POST' },
        preflights: 1,
      },
      { name: 'an unexposed header reads as null', call: { path: '/expose', read: 'X-Request-Id' }, expect: { outcome: 'allowed', status: 200, header: null } },
      {
        name: "credentials: 'include' without supportsCredentials is blocked",
        call: { path: '/hello', init: { credentials: 'include' } },
        expect: { outcome: 'blocked' },
      },
      { name: 'a redirect is followed and readable', call: { path: '/redirect' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      { name: 'a proxied fetch() response is readable', call: { path: '/proxy' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      { name: 'the error route is readable as a 500', call: { path: '/error' }, expect: { outcome: 'allowed', status: 500 } },
      { name: 'a streamed body is readable', call: { path: '/stream' }, expect: { outcome: 'allowed', status: 200, body: 'abc' } },
    ],
  },
  {
    name: 'only another origin listed',
    env: () => ({ CORS_ORIGINS: 'http://localhost:9' }),
    cases: [
      { name: 'simple GET from an unlisted origin is blocked', call: { path: '/hello' }, expect: { outcome: 'blocked' } },
      {
        name: 'JSON POST from an unlisted origin is blocked at the preflight',
        call: { path: '/echo', init: JSON_POST },
        expect: { outcome: 'blocked' },
        preflights: 1,
      },
      { name: 'the error route from an unlisted origin is blocked', call: { path: '/error' }, expect: { outcome: 'blocked' } },
    ],
  },
  {
    name: 'the page origin listed without credentials',
    env: (page) => ({ CORS_ORIGINS: page }),
    cases: [
      { name: 'simple GET is allowed', call: { path: '/hello' }, expect: { outcome: 'allowed', status: 200, body: 'hello' } },
      {
        name: "credentials: 'include' without supportsCredentials is blocked",
        call: { path: '/hello', init: { credentials: 'include' } },
        expect: { outcome: 'blocked' },
      },
      { name: 'an unexposed header reads as null', call: { path: '/expose', read: 'X-Request-Id' }, expect: { outcome: 'allowed', status: 200, header: null } },
    ],
  },
];

/** Every case gets its own URL (a query the apps ignore), so preflight caching never crosses cases. */
function caseUrl(path: string, configIndex: number, caseIndex: number): string {
  return `${path}${path.includes('?') ? '&' : '?'}case=${configIndex}-${caseIndex}`;
}

async function browserFetch(page: Page, url: string, call: FetchCall): Promise<Outcome> {
  return page.evaluate(
    async ({ url, init, read }) => {
      try {
        const response = await fetch(url, init as RequestInit);
        const body = await response.text();
        return { outcome: 'allowed' as const, status: response.status, body, header: read ? response.headers.get(read) : undefined };
      } catch (error) {
        return { outcome: 'blocked' as const, error: String(error) };
      }
    },
    { url, init: call.init ?? {}, read: call.read },
  );
}

interface Result {
  outcomes: Outcome[];
  preflights: number;
  console: string[];
  /** What checkCors decided for the same request. */
  checker: CheckResult;
}

/** The same call through checkCors, straight to the app (not through the counting proxy). */
function checkerRun(appUrl: string, pageOrigin: string, call: FetchCall): Promise<CheckResult> {
  const init = call.init ?? {};
  return checkCors(
    {
      url: appUrl,
      origin: pageOrigin,
      ...(init.method !== undefined ? { method: init.method } : {}),
      ...(init.headers !== undefined ? { headers: init.headers } : {}),
      ...(init.body !== undefined ? { body: init.body } : {}),
      credentials: init.credentials === 'include',
    },
    (request) => fetch(request, { redirect: 'manual' }),
  );
}

let browser: Browser | undefined;
let pageServer: Server | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  pageServer = await startPageServer();
});

afterAll(async () => {
  await browser?.close();
  await pageServer?.close();
});

for (const appName of APPS) {
  describe(appName, () => {
    CONFIGS.forEach((config, configIndex) => {
      describe(config.name, () => {
        const results = new Map<string, Result>();
        let app: RunningApp | undefined;
        let proxy: CountingProxy | undefined;
        let setupError: unknown;

        beforeAll(async () => {
          if (!browser || !pageServer) throw new Error('the browser did not start');
          const pageOrigin = `http://127.0.0.1:${pageServer.port}`;
          app = await startApp(appName, config.env(pageOrigin));
          proxy = await startCountingProxy(app.port);
          const apiOrigin = `http://localhost:${proxy.port}`;
          const page = await browser.context.newPage();
          const consoleLines: string[] = [];
          page.on('console', (message) => consoleLines.push(message.text()));
          try {
            await page.goto(`${pageOrigin}/`);
            for (const [caseIndex, c] of config.cases.entries()) {
              const url = caseUrl(c.call.path, configIndex, caseIndex);
              const outcomes: Outcome[] = [];
              const before = consoleLines.length;
              for (let i = 0; i < (c.times ?? 1); i += 1) outcomes.push(await browserFetch(page, apiOrigin + url, c.call));
              const preflights = proxy.preflights(url);
              const checker = await checkerRun(`http://localhost:${app.port}${url}`, pageOrigin, c.call);
              results.set(c.name, { outcomes, preflights, console: consoleLines.slice(before), checker });
            }
          } catch (error) {
            setupError = error;
          } finally {
            await page.close();
          }
        });

        afterAll(async () => {
          await proxy?.close();
          await app?.stop();
        });

        for (const c of config.cases) {
          it(c.name, () => {
            expect(setupError).toBeUndefined();
            const result = results.get(c.name);
            expect(result, 'the case did not run').toBeDefined();
            if (!result) return;
            const context = `${appName} / ${config.name} / ${c.name}\n${JSON.stringify(result, null, 2)}\napp output:\n${app?.output().slice(-2000)}`;
            for (const outcome of result.outcomes) {
              expect(outcome.outcome, context).toBe(c.expect.outcome);
              if (c.expect.status !== undefined) expect(outcome.status, context).toBe(c.expect.status);
              if (c.expect.body !== undefined) expect(outcome.body, context).toBe(c.expect.body);
              if (c.expect.echoMethod !== undefined) expect(JSON.parse(outcome.body ?? 'null')?.method, context).toBe(c.expect.echoMethod);
              if (c.expect.header !== undefined) expect(outcome.header, context).toBe(c.expect.header);
            }
            if (c.preflights !== undefined) expect(result.preflights, `preflights that reached the app\n${context}`).toBe(c.preflights);
            expect(result.checker.verdict, `the checker's verdict\n${context}`).toBe(c.expect.outcome);
            if (c.preflights !== undefined) expect(result.checker.preflight, `whether the checker sent a preflight\n${context}`).toBe(c.preflights > 0);
          });
        }
      });
    });
  });
}
