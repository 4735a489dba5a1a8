import { CorsConfigError, createCors, optionsFromEnv, withCors, type CorsOptions } from '../src/index.js';
import { CORS_RESPONSE_HEADERS } from '../../../test/conformance/src/test-names.js';

// Header names, origins and the access-control-* reader every suite shares.
export { ACAC, ACAH, ACAM, ACAO, ACAPN, ACEH, ACMA, ALLOWED as APP, PARTNER, accessControlHeaders } from '../../../test/conformance/src/test-names.js';

export interface Seen {
  status: number;
  headers: Headers;
  ran: boolean;
  body: string;
}

export interface Req {
  method?: string;
  path?: string;
  origin?: string;
  acrm?: string;
  acrh?: string;
  pna?: string;
  headers?: Record<string, string>;
}

export function request(r: Req = {}): Request {
  const headers = new Headers(r.headers);
  if (r.origin !== undefined) headers.set('Origin', r.origin);
  if (r.acrm !== undefined) headers.set('Access-Control-Request-Method', r.acrm);
  if (r.acrh !== undefined) headers.set('Access-Control-Request-Headers', r.acrh);
  if (r.pna !== undefined) headers.set('Access-Control-Request-Private-Network', r.pna);
  return new Request(`http://api.test${r.path ?? '/'}`, { method: r.method ?? 'GET', headers });
}

/** A preflight from `origin` asking for `acrm`. */
export function preflight(origin: string, acrm: string, extra: Omit<Req, 'origin' | 'acrm' | 'method'> = {}): Request {
  return request({ ...extra, method: 'OPTIONS', origin, acrm });
}

/** Runs `req` through a handler wrapped with `options`; `respond` makes the handler's answer. */
export async function send(options: CorsOptions, req: Request, respond: () => Response | Promise<Response> = () => new Response('ok')): Promise<Seen> {
  let ran = false;
  const handler = withCors(() => {
    ran = true;
    return respond();
  }, options);
  const res = (await handler(req)) as Response;
  return { status: res.status, headers: res.headers, ran, body: await res.text() };
}

/** The seven CORS response headers. */
export const CORS_NAMES = CORS_RESPONSE_HEADERS;

/** Every CORS header of `h` except Vary, as a plain object. */
export function corsHeaders(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of CORS_NAMES) {
    const v = h.get(name);
    if (v !== null) out[name] = v;
  }
  return out;
}

/** The outcome of reading `env`: the origins it configures, or the error it throws. */
export function readEnv(env: Record<string, unknown>): { error: string | null; origins: unknown } {
  try {
    const options = optionsFromEnv(env);
    createCors(options);
    return { error: null, origins: options.origins ?? '*' };
  } catch (error) {
    return { error: error instanceof CorsConfigError ? 'CorsConfigError' : String(error), origins: undefined };
  }
}
