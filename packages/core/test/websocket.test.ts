import { describe, expect, it } from 'vitest';
import { CorsConfigError, createCors, upgradesToWebSocket, withCors, type CorsOptions } from '../src/index.js';

const ALLOWED = 'https://app.example';
const REFUSED = 'https://evil.example';

describe('upgradesToWebSocket: the Upgrade header names the WebSocket protocol', () => {
  const rows = [
    { rule: 'the usual value', value: 'websocket', upgrades: true },
    { rule: 'compared case-insensitively', value: 'WebSocket', upgrades: true },
    { rule: 'one of several protocols', value: 'h2c, websocket', upgrades: true },
    { rule: 'with spaces and tabs around it', value: ' \twebsocket\t ', upgrades: true },
    { rule: 'with a version', value: 'websocket/13', upgrades: true },
    { rule: 'another protocol', value: 'h2c', upgrades: false },
    { rule: 'a longer name that starts like it', value: 'websockets', upgrades: false },
    { rule: 'empty', value: '', upgrades: false },
  ];
  it.each(rows)('$rule: $value', ({ value, upgrades }) => {
    expect(upgradesToWebSocket(value)).toBe(upgrades);
  });
});

describe('the websocket option', () => {
  const upgrade = (origin: string | null, upgradeHeader = 'websocket') =>
    new Request('http://api.test/ws', { headers: { Upgrade: upgradeHeader, ...(origin === null ? {} : { Origin: origin }) } });

  const rows: { rule: string; options: CorsOptions; request: Request; status: number; handlerRuns: boolean }[] = [
    {
      rule: 'guard refuses an upgrade from a refused origin with 403',
      options: { origins: [ALLOWED], websocket: 'guard' },
      request: upgrade(REFUSED),
      status: 403,
      handlerRuns: false,
    },
    {
      rule: 'guard lets an upgrade from an allowed origin reach the handler',
      options: { origins: [ALLOWED], websocket: 'guard' },
      request: upgrade(ALLOWED),
      status: 200,
      handlerRuns: true,
    },
    {
      rule: 'guard lets an upgrade without Origin reach the handler',
      options: { origins: [ALLOWED], websocket: 'guard' },
      request: upgrade(null),
      status: 200,
      handlerRuns: true,
    },
    {
      rule: 'require-origin refuses an upgrade without Origin',
      options: { origins: [ALLOWED], websocket: 'require-origin' },
      request: upgrade(null),
      status: 403,
      handlerRuns: false,
    },
    {
      rule: 'guard leaves a request without Upgrade to CORS',
      options: { origins: [ALLOWED], websocket: 'guard' },
      request: new Request('http://api.test/ws', { headers: { Origin: REFUSED } }),
      status: 200,
      handlerRuns: true,
    },
    {
      rule: 'guard leaves an upgrade to another protocol to CORS',
      options: { origins: [ALLOWED], websocket: 'guard' },
      request: upgrade(REFUSED, 'h2c'),
      status: 200,
      handlerRuns: true,
    },
    {
      rule: 'guard asks an async origins function',
      options: { origins: async (o) => o === ALLOWED, websocket: 'guard' },
      request: upgrade(REFUSED),
      status: 403,
      handlerRuns: false,
    },
    { rule: "guard with origins '*' lets every origin through", options: { websocket: 'guard' }, request: upgrade(REFUSED), status: 200, handlerRuns: true },
    { rule: 'without the option the handler decides', options: { origins: [ALLOWED] }, request: upgrade(REFUSED), status: 200, handlerRuns: true },
    {
      rule: 'a resources entry can guard its own paths',
      options: { origins: [ALLOWED], resources: { '/ws': { websocket: 'guard' } } },
      request: upgrade(REFUSED),
      status: 403,
      handlerRuns: false,
    },
  ];
  it.each(rows)('$rule', async ({ options, request, status, handlerRuns }) => {
    let ran = false;
    const reasons: string[] = [];
    const handler = withCors(
      () => {
        ran = true;
        return new Response('ok');
      },
      { ...options, onReject: (r) => reasons.push(r.reason) },
    );
    const response = await handler(request);
    expect(response?.status).toBe(status);
    expect(ran).toBe(handlerRuns);
    if (status === 403) {
      expect(reasons).toEqual(['origin']);
      expect(response?.statusText).toBe('Forbidden');
      expect(response?.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('policy.upgrade gives the 403 to adapters that route by themselves', async () => {
    const policy = createCors({ origins: [ALLOWED], websocket: 'guard' });
    expect((await policy.upgrade(upgrade(REFUSED)))?.status).toBe(403);
    expect(await policy.upgrade(upgrade(ALLOWED))).toBeUndefined();
  });

  it('policy.upgrade with resources: a guarded path refuses, a path no key covers is left alone', async () => {
    const policy = createCors({ origins: [ALLOWED], resources: { '/ws': { websocket: 'guard' }, '/api/*': {} } });
    const at = (path: string) => new Request(`http://api.test${path}`, { headers: { Upgrade: 'websocket', Origin: REFUSED } });
    expect((await policy.upgrade(at('/ws')))?.status).toBe(403);
    expect(await policy.upgrade(at('/api/socket'))).toBeUndefined();
    expect(await policy.upgrade(at('/elsewhere'))).toBeUndefined();
  });

  it('an unknown mode is a CorsConfigError naming the option and the modes', () => {
    let error: unknown;
    try {
      createCors({ websocket: 'on' as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CorsConfigError);
    expect((error as CorsConfigError).issues.map(({ option, code }) => ({ option, code }))).toEqual([{ option: 'websocket', code: 'unknown-mode' }]);
    expect((error as CorsConfigError).message).toContain("'guard'");
  });
});
