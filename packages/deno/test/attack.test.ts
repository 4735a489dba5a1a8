/**
 * A hostile review of @fetch-cors/deno's environment reading. Run with the permission the
 * README recommends, `--allow-env=CORS_*`, the adapter cannot list the environment, so it reads
 * the usual misspellings of each `CORS_*` name one by one: once they were never seen and the
 * policy silently fell back to `origins: '*'`. Each row names the attack.
 */
import { assertEquals } from './assert.ts';

const fixture = new URL('./fixtures/env-widen.ts', import.meta.url).pathname;
const packageDir = new URL('..', import.meta.url).pathname;

async function run(permission: string, env: Record<string, string>): Promise<string> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ['run', '--no-prompt', permission, fixture],
    cwd: packageDir,
    clearEnv: true,
    env: { DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', PATH: Deno.env.get('PATH') ?? '', HOME: Deno.env.get('HOME') ?? '', ...env },
    stdout: 'piped',
    stderr: 'piped',
  }).output();
  assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trim();
}

const rows: { attack: string; permission: string; env: Record<string, string>; expect: string }[] = [
  // once silently widened to '*'
  {
    attack: 'closed: a missing s (CORS_ORIGIN) under --allow-env=CORS_* is never read, so the app serves *',
    permission: '--allow-env=CORS_*',
    env: { CORS_ORIGIN: 'https://app.example.com' },
    expect: 'CorsConfigError',
  },
  {
    attack: 'closed: a transposition (CORS_ORIGNIS) under --allow-env=CORS_*',
    permission: '--allow-env=CORS_*',
    env: { CORS_ORIGNIS: 'https://app.example.com' },
    expect: 'CorsConfigError',
  },
  {
    attack: 'closed: CORS_ORIGINS set to a single space reads as unset, so the app serves *',
    permission: '--allow-env=CORS_*',
    env: { CORS_ORIGINS: ' ' },
    expect: 'CorsConfigError',
  },
  // blocked
  {
    attack: 'blocked: a missing s (CORS_ORIGIN) under --allow-env',
    permission: '--allow-env',
    env: { CORS_ORIGIN: 'https://app.example.com' },
    expect: 'CorsConfigError',
  },
  {
    attack: "blocked: another framework's name (CORS_ALLOWED_ORIGINS) under --allow-env=CORS_*",
    permission: '--allow-env=CORS_*',
    env: { CORS_ALLOWED_ORIGINS: 'https://app.example.com' },
    expect: 'CorsConfigError',
  },
  {
    attack: 'blocked: the right name under --allow-env=CORS_* refuses a foreign origin',
    permission: '--allow-env=CORS_*',
    env: { CORS_ORIGINS: 'https://app.example.com' },
    expect: 'constructed; Allow-Origin for https://evil.example: null',
  },
];

for (const row of rows) {
  Deno.test(`deno env attack: ${row.attack}`, async () => {
    assertEquals(await run(row.permission, row.env), row.expect);
  });
}
