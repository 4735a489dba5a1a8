#!/usr/bin/env node
// Finds the Chromium (or Chrome) the browser suites drive: $CHROMIUM_PATH when set, else the usual
// install places on Linux and macOS, else the first chromium/chrome on PATH. Run directly, it
// prints the path it found, or how to get one, and exits 1.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const PLACES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export const HOW_TO_GET_CHROMIUM = [
  'The browser suites need Chromium or Google Chrome. Install one, or point CHROMIUM_PATH at it:',
  '  Debian/Ubuntu: sudo apt-get install chromium   (Ubuntu: chromium-browser)',
  '  Fedora:        sudo dnf install chromium',
  '  macOS:         brew install --cask chromium   (or install Google Chrome)',
  '  anywhere:      CHROMIUM_PATH=/path/to/chrome pnpm test',
].join('\n');

/**
 * The flags every suite launches Chromium with: headless, no sandbox (containers), and nothing
 * that reaches the network on its own (updates, sync, QUIC). Example:
 * `chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS })`
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];

/** The Chromium executable to launch. Example: `chromium.launch({ executablePath: findChromium() })` */
export function findChromium(env = process.env) {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROMIUM_PATH is ${fromEnv}, which does not exist.\n${HOW_TO_GET_CHROMIUM}`);
  }
  for (const place of PLACES) if (existsSync(place)) return place;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (existsSync(join(dir, name))) return join(dir, name);
  }
  throw new Error(`No Chromium found (looked at CHROMIUM_PATH, ${PLACES.join(', ')} and PATH).\n${HOW_TO_GET_CHROMIUM}`);
}

if (process.argv[1] === import.meta.filename) {
  try {
    console.log(findChromium());
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
