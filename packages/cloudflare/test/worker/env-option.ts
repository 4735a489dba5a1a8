/**
 * The `env` option: `/off/*` is wrapped with `env: false` (code options only), `/record/*`
 * with an env record read instead of the Worker's `env`. The Worker's own bindings carry
 * `CORS_ORIGINS` and an unreadable `CORS_MAX_AGE`, which would fail any policy that read them.
 */
import { withCors } from '../../src/index';

const hello = (_request: Request, _env: unknown, _ctx: unknown) => new Response('hello');
const off = withCors(hello, { origins: ['https://code.example'], env: false });
const record = withCors({ fetch: hello }, { env: { CORS_ORIGINS: 'https://record.example', CORS_EXPOSE_HEADERS: 'X-Record' } });

export default {
  fetch(request: Request, env: unknown, ctx: unknown): Response | Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith('/off/')) return off(request, env, ctx);
    if (pathname.startsWith('/record/')) return record.fetch!(request, env, ctx);
    return new Response('not found', { status: 404 });
  },
};
