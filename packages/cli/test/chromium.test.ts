/**
 * The checker agrees with a real browser. Chromium (found by scripts/chromium.mjs: CHROMIUM_PATH,
 * else the usual install places; driven by playwright-core; never a downloaded browser) loads a page from
 * http://127.0.0.1:<page port> and fetches every broken-server case from
 * http://localhost:<server port>; the checker makes the same request over the network with the
 * page's origin. Both must say allowed or blocked alike, and as the case expects.
 * A missing browser fails the suite.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../../scripts/chromium.mjs';
import { checkCors, type CheckResult } from '../src/check/index.ts';
import { BROKEN_CASES, brokenServer, serve, type RunningServer } from './fixtures/servers.ts';

// CHROMIUM_PATH, the usual install places, or an error that says how to get Chromium.
const CHROMIUM = findChromium();

interface BrowserOutcome {
  outcome: 'allowed' | 'blocked';
  status?: number;
  error?: string;
}

const cases = BROKEN_CASES.filter((c) => c.inProcessOnly === undefined);
const browserOutcomes = new Map<string, BrowserOutcome>();
const checkerResults = new Map<string, CheckResult>();
let setupError: unknown;
let context: BrowserContext | undefined;
let userDataDir: string | undefined;
let pageServer: http.Server | undefined;
let server: RunningServer | undefined;

async function browserFetch(page: Page, url: string, init: Record<string, unknown>): Promise<BrowserOutcome> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const response = await fetch(url, init as RequestInit);
        await response.text();
        return { outcome: 'allowed' as const, status: response.status };
      } catch (error) {
        return { outcome: 'blocked' as const, error: String(error) };
      }
    },
    { url, init },
  );
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH; the agreement test cannot run without a browser`,
    );
  }
  userDataDir = mkdtempSync(path.join(tmpdir(), 'fetch-cors-cli-chromium-'));
  context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
  pageServer = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>fetch-cors check agreement</title><p>caller page</p>');
  });
  pageServer.listen(0, '127.0.0.1');
  await once(pageServer, 'listening');
  const pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
  server = await serve(brokenServer);
  const bases = { main: `http://localhost:${server.port}`, alt: `http://127.0.0.1:${server.port}` };
  const page = await context.newPage();
  try {
    await page.goto(`${pageOrigin}/`);
    for (const [index, c] of cases.entries()) {
      // A query per case, so no preflight cache entry crosses cases.
      const base = c.url(bases);
      const url = `${base}${base.includes('?') ? '&' : '?'}case=${index}`;
      const init: Record<string, unknown> = { credentials: c.request.credentials ? 'include' : 'same-origin' };
      if (c.request.method !== undefined) init.method = c.request.method;
      if (c.request.headers !== undefined) init.headers = c.request.headers;
      if (c.request.body !== undefined) init.body = c.request.body;
      browserOutcomes.set(c.name, await browserFetch(page, url, init));
      checkerResults.set(c.name, await checkCors({ ...c.request, url, origin: pageOrigin }, (request) => fetch(request, { redirect: 'manual' })));
    }
  } catch (error) {
    setupError = error;
  } finally {
    await page.close();
  }
});

afterAll(async () => {
  await context?.close().catch(() => undefined);
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await server?.close();
  await new Promise<void>((resolve) => {
    if (!pageServer) return resolve();
    pageServer.closeAllConnections();
    pageServer.close(() => resolve());
  });
});

describe('the checker and Chromium agree on each broken-server case', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(setupError).toBeUndefined();
      const browser = browserOutcomes.get(c.name);
      const checker = checkerResults.get(c.name);
      const context = JSON.stringify(
        { browser, checker: checker && { verdict: checker.verdict, check: checker.check, stage: checker.stage, exchanges: checker.exchanges } },
        null,
        2,
      );
      expect(browser?.outcome, context).toBe(c.expect.verdict);
      expect(checker?.verdict, context).toBe(browser?.outcome);
      expect(checker?.check, context).toBe(c.expect.check);
    });
  }
});
