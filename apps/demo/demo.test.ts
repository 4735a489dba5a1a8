// The playground in headless Chromium: the page runs each request with the browser's own fetch
// and must show what the browser did, the preflight and why, the server's onReject reason, the
// Access-Control-* headers exchanged and the checker's verdict.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const CHROMIUM = findChromium();

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let demo: ChildProcess;
let browser: Browser;
const origins = { page: '', other: '', api: '' };

beforeAll(async () => {
  const [page, other, api] = [await freePort(), await freePort(), await freePort()];
  origins.page = `http://127.0.0.1:${page}`;
  origins.other = `http://localhost:${other}`;
  origins.api = `http://localhost:${api}`;
  demo = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
    env: { ...process.env, PORT: String(page), OTHER_PORT: String(other), API_PORT: String(api) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    demo.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Press Ctrl+C')) resolve();
    });
    demo.once('exit', (code) => reject(new Error(`the playground exited with ${code}: ${out}`)));
  });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  demo?.kill('SIGTERM');
});

interface RequestState {
  preset: string;
  policy?: string;
  app?: 'hono' | 'node' | 'deno' | 'bun' | 'workerd';
  method: string;
  path: string;
  headers?: string;
  body?: string;
  credentials?: boolean;
}

function hash(state: RequestState, go: boolean): string {
  const p = new URLSearchParams({ preset: state.preset, app: state.app ?? 'hono', method: state.method, path: state.path });
  if (state.policy !== undefined) p.set('policy', state.policy);
  if (state.headers) p.set('headers', state.headers);
  if (state.body) p.set('body', state.body);
  if (state.credentials) p.set('credentials', '1');
  if (go) p.set('go', '1');
  return `#${p}`;
}

/** Opens the page on `origin` with the request in the hash and lets it run. */
async function run(origin: string, state: RequestState): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${origin}/${hash(state, true)}`);
  await page.waitForSelector('body[data-state="done"]', { timeout: 90_000 });
  return page;
}

/** What the page shows after a run, read from the DOM. */
async function shown(page: Page) {
  const text = (selector: string) =>
    page
      .locator(selector)
      .first()
      .textContent({ timeout: 15_000 })
      .then((t) => (t ?? '').trim());
  const has = async (selector: string) => (await page.locator(selector).count()) > 0;
  const rows = await page.$$eval('#exchange-table tr[data-method]', (trs) =>
    trs.map((tr) => {
      const cells = [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText);
      return { request: cells[1] ?? '', response: cells[2] ?? '', onReject: cells[3] ?? '' };
    }),
  );
  return {
    verdict: await page.getAttribute('#verdict', 'data-verdict'),
    title: await text('#verdict-title'),
    browserError: (await has('#browser-error')) ? await text('#browser-error') : null,
    browserStatus: (await has('#browser-status')) ? await text('#browser-status') : null,
    preflight: await page.getAttribute('#preflight', 'data-sent'),
    preflightWhy: await text('#preflight-why'),
    reason: await page.getAttribute('#reject', 'data-reason'),
    rejectText: await text('#reject'),
    checkerVerdict: await text('#checker-verdict'),
    checkerCheck: (await has('#checker-check')) ? await text('#checker-check') : null,
    checkerFix: (await has('#checker-fix')) ? await text('#checker-fix') : null,
    exchanges: rows,
    appEnv: (await has('#app-env')) ? await text('#app-env') : null,
  };
}

interface Row {
  name: string;
  from: 'page' | 'other';
  state: RequestState;
  verdict: 'allowed' | 'blocked';
  /** What the browser showed the page: the status read, or the error. */
  browser: string;
  preflight: 'yes' | 'no';
  /** Words the "why" of the preflight must contain. */
  why: string;
  /** The server's onReject reason, '' when it refused nothing. */
  reason: string;
  /** The checker's failing check, null when allowed. */
  check: string | null;
  /** Each exchange the API server reported: request line, status, headers of the answer, onReject column. */
  exchanges: Array<{ request: string; status: number; response: string[]; onReject: string }>;
}

/** The option onReject's detail names as the fix, per reason. */
const FIX_OPTION: Record<string, string> = { origin: 'origins', method: 'methods', header: 'allowHeaders' };

const STRICT_DEBUG = (origin: string) =>
  JSON.stringify({ origins: [origin], methods: ['GET', 'POST', 'PUT'], allowHeaders: ['Content-Type', 'X-Demo'], debug: true });

const rows: Array<(o: typeof origins) => Row> = [
  (o) => ({
    name: 'an allowed origin reads the answer to a preflighted PUT',
    from: 'page',
    state: { preset: 'strict', method: 'PUT', path: '/echo', headers: 'Content-Type: application/json\nX-Demo: 1', body: '{"a":1}' },
    verdict: 'allowed',
    browser: '200 OK',
    preflight: 'yes',
    why: 'PUT is not GET, HEAD or POST',
    reason: '',
    check: null,
    exchanges: [
      {
        request: 'preflight OPTIONS /echo',
        status: 204,
        response: [
          `access-control-allow-origin: ${o.page}`,
          'access-control-allow-methods: GET, POST, PUT',
          'access-control-allow-headers: Content-Type, X-Demo',
          'access-control-max-age: 600',
        ],
        onReject: '—',
      },
      { request: 'PUT /echo', status: 200, response: [`access-control-allow-origin: ${o.page}`, 'access-control-expose-headers: X-Request-Id'], onReject: '—' },
    ],
  }),
  () => ({
    name: 'a refused origin is blocked on a simple GET: no preflight, onReject says origin',
    from: 'other',
    state: { preset: 'strict', method: 'GET', path: '/hello' },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'no',
    why: 'Not needed',
    reason: 'origin',
    check: 'allow-origin-missing',
    exchanges: [{ request: 'GET /hello', status: 200, response: ['vary: Origin'], onReject: 'origin' }],
  }),
  () => ({
    name: 'a refused origin is blocked by the plain withCors API too, credentials or not',
    from: 'other',
    state: { preset: 'credentials', app: 'node', method: 'GET', path: '/expose', credentials: true },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'no',
    why: 'Not needed',
    reason: 'origin',
    check: 'allow-origin-missing',
    exchanges: [{ request: 'GET /expose', status: 200, response: ['vary: Origin'], onReject: 'origin' }],
  }),
  (o) => ({
    name: 'a method off the list is refused at the preflight (with debug the checker names the method)',
    from: 'page',
    state: { preset: 'custom', policy: STRICT_DEBUG(o.page), method: 'DELETE', path: '/echo' },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'yes',
    why: 'DELETE is not GET, HEAD or POST',
    reason: 'method',
    check: 'method-not-allowed',
    exchanges: [
      {
        request: 'preflight OPTIONS /echo',
        status: 204,
        response: [`access-control-allow-origin: ${o.page}`, 'access-control-allow-methods: GET, POST, PUT'],
        onReject: 'method',
      },
    ],
  }),
  () => ({
    name: 'a header off the list is refused at the preflight (without debug: a bare 403)',
    from: 'page',
    state: { preset: 'strict', method: 'POST', path: '/echo', headers: 'X-Other: 1', body: 'x' },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'yes',
    why: 'x-other',
    reason: 'header',
    check: 'allow-origin-missing',
    exchanges: [
      {
        request: 'preflight OPTIONS /echo',
        status: 403,
        response: ['vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers'],
        onReject: 'header',
      },
    ],
  }),
  () => ({
    name: 'credentials with a wildcard answer: the server allows, the browser refuses',
    from: 'page',
    state: { preset: 'public', method: 'GET', path: '/hello', credentials: true },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'no',
    why: 'Not needed',
    reason: '',
    check: 'wildcard-with-credentials',
    exchanges: [{ request: 'GET /hello', status: 200, response: ['access-control-allow-origin: *'], onReject: '—' }],
  }),
  (o) => ({
    name: 'the public API lets the other origin read, through a redirect',
    from: 'other',
    state: { preset: 'public', method: 'GET', path: '/redirect' },
    verdict: 'allowed',
    browser: '200 OK (after a redirect)',
    preflight: 'no',
    why: 'Not needed',
    reason: '',
    check: null,
    exchanges: [
      { request: 'GET /redirect', status: 302, response: ['access-control-allow-origin: *', `location: ${o.api}/hello?pg=`], onReject: '—' },
      { request: 'GET /hello', status: 200, response: ['access-control-allow-origin: *'], onReject: '—' },
    ],
  }),
  (o) => ({
    name: 'a handler that throws gives a readable 500 that keeps the CORS headers',
    from: 'page',
    state: { preset: 'credentials', method: 'GET', path: '/error', credentials: true },
    verdict: 'allowed',
    browser: '500 Internal Server Error',
    preflight: 'no',
    why: 'Not needed',
    reason: '',
    check: null,
    exchanges: [
      {
        request: 'GET /error',
        status: 500,
        response: [`access-control-allow-origin: ${o.page}`, 'access-control-allow-credentials: true'],
        onReject: 'onError',
      },
    ],
  }),
  // The other runtimes' example apps, started on demand with the policy in CORS_* variables.
  (o) => ({
    name: 'Deno: an allowed origin reads the answer to a preflighted PUT',
    from: 'page',
    state: { preset: 'strict', app: 'deno', method: 'PUT', path: '/echo', headers: 'X-Demo: 1', body: 'b' },
    verdict: 'allowed',
    browser: '200 OK',
    preflight: 'yes',
    why: 'x-demo',
    reason: '',
    check: null,
    exchanges: [
      {
        request: 'preflight OPTIONS /echo',
        status: 204,
        response: [`access-control-allow-origin: ${o.page}`, 'access-control-allow-headers: Content-Type, X-Demo', 'access-control-max-age: 600'],
        onReject: '—',
      },
      { request: 'PUT /echo', status: 200, response: [`access-control-allow-origin: ${o.page}`, 'access-control-expose-headers: X-Request-Id'], onReject: '—' },
    ],
  }),
  () => ({
    name: 'Bun: a refused origin is blocked, and the policy names the origin',
    from: 'other',
    state: { preset: 'strict', app: 'bun', method: 'GET', path: '/hello' },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'no',
    why: 'Not needed',
    reason: 'origin',
    check: 'allow-origin-missing',
    exchanges: [{ request: 'GET /hello', status: 200, response: ['vary: Origin'], onReject: 'origin' }],
  }),
  () => ({
    name: 'workerd: a header off the list is refused at the preflight',
    from: 'page',
    state: { preset: 'strict', app: 'workerd', method: 'GET', path: '/expose', headers: 'X-Other: 1' },
    verdict: 'blocked',
    browser: 'TypeError: Failed to fetch',
    preflight: 'yes',
    why: 'x-other',
    reason: 'header',
    check: 'allow-origin-missing',
    exchanges: [{ request: 'preflight OPTIONS /expose', status: 403, response: ['vary: Origin'], onReject: 'header' }],
  }),
];

/** The CORS_* variables a runtime app is started with, for the policy of the preset `strict`. */
const STRICT_ENV = (origin: string) =>
  `CORS_ORIGINS=${origin} CORS_METHODS=GET,POST,PUT CORS_ALLOW_HEADERS=Content-Type,X-Demo CORS_EXPOSE_HEADERS=X-Request-Id CORS_MAX_AGE=600`;

describe('the playground, in Chromium', () => {
  // Row names do not depend on the ports, which are picked in beforeAll.
  for (const make of rows)
    it(make({ page: '', other: '', api: '' }).name, async () => {
      const row = make(origins);
      const from = row.from === 'page' ? origins.page : origins.other;
      const page = await run(from, row.state);
      const seen = await shown(page);
      await page.close();

      expect(seen.verdict).toBe(row.verdict);
      expect(seen.title).toBe(
        row.verdict === 'allowed' ? `Allowed: the page read ${row.browser.replace(' (after a redirect)', '')}` : 'Blocked: the page saw only “Failed to fetch”',
      );
      if (row.verdict === 'allowed') expect(seen.browserStatus).toBe(row.browser);
      else expect(seen.browserError).toBe(row.browser);
      expect(seen.preflight).toBe(row.preflight);
      expect(seen.preflightWhy).toContain(row.why);
      expect(seen.reason).toBe(row.reason);
      if (row.reason !== '') expect(seen.rejectText).toContain(FIX_OPTION[row.reason]);
      if (row.reason === '' && !row.exchanges.some((x) => x.onReject === 'onError')) expect(seen.rejectText).toMatch(/^Nothing refused/);
      expect(seen.checkerVerdict).toBe(row.verdict);
      expect(seen.checkerCheck).toBe(row.check);
      expect(seen.checkerFix === null).toBe(row.check === null);
      expect(seen.exchanges.map((x) => x.request.split('\n')[0])).toEqual(row.exchanges.map((x) => x.request));
      row.exchanges.forEach((want, i) => {
        const got = seen.exchanges[i]!;
        expect(got.response.split('\n')[0]).toBe(String(want.status));
        for (const header of want.response) expect(got.response).toContain(header);
        expect(got.request).toContain(`origin: ${from}`);
        expect(got.onReject).toBe(want.onReject);
      });
      if (row.state.app !== undefined && !['hono', 'node'].includes(row.state.app)) expect(seen.appEnv).toBe(STRICT_ENV(origins.page));
    }, 120_000);

  it('an app in another process cannot take an option no CORS_* variable carries, and says which', async () => {
    const page = await run(origins.page, { preset: 'custom', policy: STRICT_DEBUG(origins.page), app: 'deno', method: 'GET', path: '/hello' });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('error');
    expect(await page.textContent('#verdict-title')).toBe('Not sent: the app could not take this policy');
    expect(await page.textContent('#verdict-detail')).toContain('none carries debug');
    await page.close();
  }, 30_000);

  it('a request no page can make (a header name with a space) is named as such, not as a CORS refusal', async () => {
    const page = await run(origins.page, { preset: 'public', method: 'GET', path: '/hello', headers: 'Bad Name: 1' });
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('error');
    expect(await page.textContent('#verdict-title')).toBe('Not sent: no page can make this request');
    expect(await page.textContent('#verdict-detail')).toContain('is not an HTTP token');
    await page.close();
  }, 30_000);

  it('an invalid policy shows the CorsConfigError as createCors throws it, every issue listed, and sends nothing', async () => {
    const policy = JSON.stringify({ origins: '*', supportsCredentials: true, maxAge: -1 });
    const page = await browser.newPage();
    await page.goto(`${origins.page}/${hash({ preset: 'custom', policy, method: 'GET', path: '/hello' }, true)}`);
    await page.waitForSelector('body[data-state="ready"]');

    expect(await page.isVisible('#policy-error')).toBe(true);
    expect(await page.textContent('#policy-error .name')).toBe('CorsConfigError thrown');
    const message = (await page.textContent('#policy-error-message')) ?? '';
    const count = Number(/^Invalid CORS configuration \((\d+) problems?\):/.exec(message)?.[1]);
    const issues = await page.$$eval('#policy-issues tr.issue', (trs) =>
      trs.map((tr) => ({ option: tr.querySelector('code')!.textContent!, message: tr.querySelectorAll('td')[1]!.textContent! })),
    );
    expect(issues.length).toBe(count);
    expect(issues.map((i) => i.option)).toEqual(expect.arrayContaining(['supportsCredentials', 'maxAge']));
    for (const issue of issues) expect(message).toContain(`  - ${issue.option}: ${issue.message}`);
    expect(await page.isDisabled('#send')).toBe(true);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('');

    // Picking a preset replaces the policy and clears the error; bad JSON is reported as such.
    await page.selectOption('#preset', 'strict');
    await page.waitForSelector('#policy-error', { state: 'hidden' });
    expect(await page.textContent('#policy-table td[data-option="origins"]')).toBe(`["${origins.page}"]`);
    expect(await page.isDisabled('#send')).toBe(false);
    await page.fill('#policy', '{ "origins": ');
    await page.waitForSelector('#policy-error', { state: 'visible' });
    expect(await page.textContent('#policy-error .name')).toBe('SyntaxError thrown');
    expect(await page.inputValue('#preset')).toBe('custom');
    await page.close();
  }, 30_000);

  it('the other origin is one click away: same request, and the origin the policy refuses is blocked', async () => {
    const state: RequestState = { preset: 'strict', method: 'PUT', path: '/echo', headers: 'X-Demo: 1', body: 'b' };
    const page = await run(origins.page, state);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('allowed');
    expect(await page.getAttribute('#other-link', 'href')).toMatch(new RegExp(`^${origins.other}/#`));

    await page.click('#other-link');
    await page.waitForURL((url) => url.origin === origins.other);
    await page.waitForSelector('body[data-state="done"]', { timeout: 20_000 });
    expect(await page.textContent('#this-origin')).toBe(origins.other);
    expect([await page.inputValue('#method'), await page.inputValue('#path'), await page.inputValue('#headers'), await page.inputValue('#body')]).toEqual([
      'PUT',
      '/echo',
      'X-Demo: 1',
      'b',
    ]);
    expect(await page.getAttribute('#verdict', 'data-verdict')).toBe('blocked');
    expect(await page.getAttribute('#preflight', 'data-sent')).toBe('yes');
    expect(await page.getAttribute('#reject', 'data-reason')).toBe('origin');
    await page.close();
  }, 30_000);
});
