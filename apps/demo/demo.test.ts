import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from '../../scripts/chromium.mjs';

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
const ports = { page: 0, other: 0, api: 0 };

beforeAll(async () => {
  ports.page = await freePort();
  ports.other = await freePort();
  ports.api = await freePort();
  demo = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
    env: { ...process.env, PAGE_PORT: String(ports.page), OTHER_PORT: String(ports.other), API_PORT: String(ports.api) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    demo.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('Press Ctrl+C')) resolve(); });
    demo.once('exit', (code) => reject(new Error(`demo exited with ${code}`)));
  });
  browser = await chromium.launch({
    executablePath: findChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  demo?.kill('SIGTERM');
});

async function results(port: number): Promise<string[]> {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('body[data-done="true"]', { timeout: 20_000 });
  const out = await page.$$eval('li', (lis) => lis.map((li) => (li as HTMLElement).dataset.result ?? ''));
  await page.close();
  return out;
}

describe('the demo, in Chromium', () => {
  it('the allowed page sees each case allowed or blocked as the policy says', async () => {
    expect(await results(ports.page)).toEqual(['allowed', 'allowed', 'blocked', 'blocked', 'allowed', 'allowed']);
  }, 30_000);
  it('a page on a refused origin is blocked every time', async () => {
    expect(await results(ports.other)).toEqual(['blocked', 'blocked', 'blocked', 'blocked', 'blocked', 'blocked']);
  }, 30_000);
});
