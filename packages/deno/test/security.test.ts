/**
 * Attacks on @fetch-cors/deno in a real Deno.serve with a plain handler: `resources` keys are
 * chosen from the decoded path, a handler answering `null` or `undefined` gets a 500 with the
 * CORS headers, and misspelt or empty `CORS_*` settings in Deno.env are configuration errors.
 * Each row names the attack it tries.
 */
import { assert, assertEquals, assertStringIncludes } from './assert.ts';
import { CorsConfigError, createDenoCors, withCors } from '../src/index.ts';

const ACAO = 'access-control-allow-origin';
const ACAC = 'access-control-allow-credentials';

const APP = 'https://app.example.com';
const PARTNER = 'https://partner.example.net';

function acHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => {
    if (name.startsWith('access-control-')) out[name] = value;
  });
  return out;
}

async function serve(handler: (request: Request) => Response | Promise<Response>, fn: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve({ hostname: '127.0.0.1', port: 0, onListen() {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

/** A plain handler that routes as routers do: on the decoded path, trailing slash ignored. */
const app = withCors(
  (request: Request) => {
    const path = decodeURI(new URL(request.url).pathname).replace(/\/$/, '');
    return new Response(path === '/api/admin/users' ? 'admin users' : `served ${path}`);
  },
  {
    env: false,
    supportsCredentials: true,
    resources: { '/api/*': { origins: [APP, PARTNER] }, '/api/admin/*': { origins: [APP] }, '/account': { origins: [APP] } },
  },
);

const pathAttacks: { attack: string; path: string }[] = [
  { attack: 'an encoded letter (/api/%61dmin/users)', path: '/api/%61dmin/users' },
  { attack: 'a whole encoded segment', path: '/api/%61%64%6D%69%6E/users' },
  { attack: 'a trailing slash on the admin route', path: '/api/admin/users/' },
  { attack: 'a trailing slash on an exact key (/account/)', path: '/account/' },
];

for (const { attack, path } of pathAttacks) {
  Deno.test(`resources path attack: ${attack} gets no Allow-Origin or Allow-Credentials`, async () => {
    await serve(app, async (base) => {
      const res = await fetch(base + path, { headers: { Origin: PARTNER } });
      await res.text();
      assertEquals(res.headers.get(ACAO), null, ACAO);
      assertEquals(res.headers.get(ACAC), null, ACAC);
    });
  });
  Deno.test(`resources path attack: ${attack} preflight is refused`, async () => {
    await serve(app, async (base) => {
      const res = await fetch(base + path, { method: 'OPTIONS', headers: { Origin: PARTNER, 'Access-Control-Request-Method': 'DELETE' } });
      await res.body?.cancel();
      assertEquals(res.status, 403, 'status');
      assertEquals(acHeaders(res.headers), {});
    });
  });
}

const nullAnswers: { answer: string; value: unknown; origin: string; allowOrigin: string | null }[] = [
  { answer: 'null, allowed origin', value: null, origin: APP, allowOrigin: APP },
  { answer: 'undefined, allowed origin', value: undefined, origin: APP, allowOrigin: APP },
  { answer: 'null, refused origin', value: null, origin: PARTNER, allowOrigin: null },
];
for (const { answer, value, origin, allowOrigin } of nullAnswers) {
  Deno.test(`a handler answering ${answer} gets a 500 over Deno.serve`, async () => {
    const handler = withCors(() => value as Response, { env: false, origins: [APP], onError: () => {} });
    await serve(handler, async (base) => {
      const res = await fetch(`${base}/x`, { headers: { Origin: origin } });
      await res.text();
      assertEquals(res.status, 500, 'status');
      assertEquals(res.headers.get(ACAO), allowOrigin, ACAO);
    });
  });
}

const envAttacks: { attack: string; env: Record<string, string>; names: string[] }[] = [
  { attack: 'CORS_ORIGIN instead of CORS_ORIGINS', env: { CORS_ORIGIN: APP }, names: ['CORS_ORIGIN', 'CORS_ORIGINS'] },
  { attack: "django's CORS_ALLOWED_ORIGINS", env: { CORS_ALLOWED_ORIGINS: APP }, names: ['CORS_ALLOWED_ORIGINS', 'CORS_ORIGINS'] },
  { attack: 'CORS_ORIGINS=","', env: { CORS_ORIGINS: ',' }, names: ['CORS_ORIGINS'] },
];
for (const { attack, env, names } of envAttacks) {
  Deno.test(`Deno.env: ${attack} is a configuration error`, () => {
    for (const [k, v] of Object.entries(env)) Deno.env.set(k, v);
    try {
      let thrown: unknown;
      try {
        createDenoCors({});
      } catch (error) {
        thrown = error;
      }
      assert(thrown instanceof CorsConfigError, `expected a CorsConfigError, got ${String(thrown)}`);
      for (const name of names) assertStringIncludes((thrown as Error).message, name);
    } finally {
      for (const k of Object.keys(env)) Deno.env.delete(k);
    }
  });
}
