/**
 * A second hostile review, of the resources readings and intersections, the trailing-dot
 * Origin and the environment reading. Each row is named after the attack. `closed:` blocks hold
 * attacks that once got through and are now refused; `blocked:` blocks hold attacks that were
 * always refused.
 */
import { describe, expect, it } from 'vitest';
import { createCors, type CorsOptions } from '../src/index.js';
import { request, readEnv, send, ACAO, APP, PARTNER } from './helpers.js';

const EVIL = 'https://evil.example.net';

const upgrade = (path: string, origin: string) => request({ path, origin, headers: { Upgrade: 'websocket', Connection: 'Upgrade' } });

// ------------------------------------------------------------------ paths: the rest of an intersection
describe('closed: entries that answer differently on one path refuse every origin there', () => {
  it('WebSocket guard of /chat/* skipped at /chat/ (strict routers serve it with /chat/*) when /chat has no guard', async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/chat': {}, '/chat/*': { websocket: 'guard' } } };
    const direct = await send(options, upgrade('/chat/room', EVIL));
    expect([direct.status, direct.ran]).toEqual([403, false]);
    const seen = await send(options, upgrade('/chat/', EVIL));
    expect([seen.status, seen.ran]).toEqual([403, false]);
  });

  it("WebSocket guard of '/u/@me' skipped at /u/%40me (routers hand the parameter '@me')", async () => {
    const options: CorsOptions = { origins: [APP], resources: { '/u/*': {}, '/u/@me': { websocket: 'guard' } } };
    const seen = await send(options, upgrade('/u/%40me', EVIL));
    expect([seen.status, seen.ran]).toEqual([403, false]);
  });
});

// ------------------------------------------------------------------ paths: memory
describe('closed: the answers for paths read as several entries are cached within a bound', () => {
  it('16 RegExp entries and 256 paths: one cached answer per set of entries, never nested, at most 1,024', async () => {
    const m = 4;
    const resources: Record<string, { origins: string[] }> = {};
    let n = 0;
    const entry = () => ({ origins: [`https://o${n++}.example`, APP] });
    const pad = '(?:)'.repeat(8); // longer keys are tried first: these match the trailing-slash twin
    for (let i = 0; i < m; i++) resources[`^/r${i}/.*%40.*[^/]$${pad}`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/p${i}/.*@.*[^/]$${pad}`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/s${i}/.*%40.*/$`] = entry();
    for (let i = 0; i < m; i++) resources[`^/.*/t${i}/.*@.*/$`] = entry();
    const cors = createCors({ resources });
    for (let a = 0; a < m; a++)
      for (let b = 0; b < m; b++)
        for (let c = 0; c < m; c++)
          for (let d = 0; d < m; d++) await cors.handle(request({ path: `/r${a}/p${b}/s${c}/t${d}/%40x/`, origin: APP }), () => new Response('ok'));
    const combined = (cors as unknown as { table: { combined: Map<string, unknown> } }).table.combined;
    // Each key names a set of entries (sorted ids): no answer is built from another answer.
    for (const key of combined.keys()) expect(key.split(',').length).toBeLessThanOrEqual(4);
    expect(combined.size).toBeLessThanOrEqual(1024);
  });
});

// ------------------------------------------------------------------ paths: blocked
describe('blocked: an intersection with a lookup that never answers', () => {
  // An entry whose function throws or rejects is a vector; a lookup that never answers is not.
  const failing: { attack: string; origins: CorsOptions['origins']; originTimeout?: number }[] = [
    { attack: 'the other entry is an origins lookup that never answers (originTimeout)', origins: () => new Promise<boolean>(() => {}), originTimeout: 1 },
  ];
  it.each(failing)('$attack: refused, no crash, reported once', async ({ origins, originTimeout }) => {
    const errors: unknown[] = [];
    const other = originTimeout === undefined ? { origins } : { origins, originTimeout };
    const options: CorsOptions = { resources: { '/u/*': { origins: [APP, PARTNER] }, '/u/@me': other }, onError: (error) => errors.push(error) };
    const seen = await send(options, request({ path: '/u/%40me', origin: PARTNER }));
    expect([seen.status, seen.headers.get(ACAO), errors.length]).toEqual([200, null, 1]);
  });
});

// ------------------------------------------------------------------ environment

describe('closed: environment settings that silently left origins at *', () => {
  // Deno's and Node's --env-file keep a UTF-8 BOM in the first key of a .env saved by Notepad.
  it('CORS_ORIGINS on the first line of a .env file with a byte order mark (\\uFEFFCORS_ORIGINS)', () => {
    expect(readEnv({ '\uFEFFCORS_ORIGINS': APP })).toEqual({ error: 'CorsConfigError', origins: undefined });
  });
});

describe('blocked: environment names and values', () => {
  const rows: { attack: string; env: Record<string, unknown> }[] = [
    { attack: 'a long s (ſ) that upper-cases to S (CORS_ORIGINſ)', env: { 'CORS_ORIGIN\u017f': APP } },
    { attack: 'a dotless i that upper-cases to I (cors_orıgıns)', env: { 'cors_or\u0131g\u0131ns': APP } },
    { attack: 'a Workers JSON list of white space only', env: { CORS_ORIGINS: ['  ', '\t'] } },
    { attack: 'a Workers JSON list under a boolean setting, empty', env: { CORS_SUPPORTS_CREDENTIALS: [] } },
  ];
  it.each(rows)('$attack', ({ env }) => {
    expect(readEnv(env).error).toBe('CorsConfigError');
  });
});
