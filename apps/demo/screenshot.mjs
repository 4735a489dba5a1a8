// Takes docs/playground.png: starts the playground (PORT, OTHER_PORT, API_PORT as for
// `pnpm demo`, defaults 8080, 8081, 8787), opens it in headless Chromium (found by scripts/chromium.mjs:
// CHROMIUM_PATH, else the usual install places) at a fixed viewport, sends a request refused at the preflight, and
// screenshots the page as a palette PNG (small enough for a README). Usage: pnpm --filter @fetch-cors/demo screenshot [output.png]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { CHROMIUM_ARGS, findChromium } from '../../scripts/chromium.mjs';

const out = process.argv[2] ?? fileURLToPath(new URL('../../docs/playground.png', import.meta.url));
const pagePort = process.env.PORT ?? '8080';
const server = spawn(process.execPath, [fileURLToPath(new URL('./server.mjs', import.meta.url))], {
  env: { ...process.env, PORT: pagePort },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  server.stdout.on('data', (d) => d.toString().includes('Press Ctrl+C') && resolve());
  server.once('exit', (code) => reject(new Error(`the playground exited with ${code}`)));
});

const browser = await chromium.launch({
  executablePath: findChromium(),
  args: CHROMIUM_ARGS,
});
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 1180 }, deviceScaleFactor: 1 });
  const hash = new URLSearchParams({
    preset: 'strict',
    app: 'hono',
    method: 'PUT',
    path: '/echo',
    headers: 'Content-Type: application/json\nX-Other: 1',
    body: '{"a":1}',
    go: '1',
  });
  await page.goto(`http://127.0.0.1:${pagePort}/#${hash}`);
  await page.waitForSelector('#verdict[data-verdict="blocked"]');
  const png = await page.screenshot();
  await sharp(png).png({ palette: true, colours: 256, compressionLevel: 9, effort: 10 }).toFile(out);
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
