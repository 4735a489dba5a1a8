// A hello-world Hono app on @hono/node-server with one middleware picked by MW, for
// `node bench/node-cost.mjs`: none | noop | read-headers | fetch-cors | fetch-cors-generic | hono-cors.
// Listens on 127.0.0.1:$PORT.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors as honoCors } from 'hono/cors';
import { cors, createCors } from '@fetch-cors/hono';

const ORIGIN = 'http://allowed.test';
const MIDDLEWARE = {
  none: null,
  noop: async (_c, next) => {
    await next();
  },
  'read-headers': async (c, next) => {
    await next();
    c.res.headers.get('vary');
  },
  'fetch-cors': cors({ origins: [ORIGIN] }),
  // The adapter's generic path, as it was before it read the Origin from node-server's
  // IncomingMessage: request.headers (built from every raw header) and five deletes.
  'fetch-cors-generic': genericMiddleware(createCors({ origins: [ORIGIN] })),
  'hono-cors': honoCors({ origin: [ORIGIN] }),
};
function genericMiddleware(policy) {
  return async (c, next) => {
    const preflight = policy.preflight(c.req.raw);
    if (preflight !== undefined) {
      c.res = undefined;
      c.res = await preflight;
      return;
    }
    await next();
    const answer = await policy.apply(c.req.raw, c.res);
    if (answer !== c.res) {
      c.res = undefined;
      c.res = answer;
    }
  };
}

const name = process.env.MW ?? 'none';
if (!(name in MIDDLEWARE)) throw new Error(`MW must be one of ${Object.keys(MIDDLEWARE).join(', ')}`);

const app = new Hono();
if (MIDDLEWARE[name]) app.use(MIDDLEWARE[name]);
app.get('/hello', (c) => c.text('hello'));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
// Exit normally on SIGINT, so that `node --cpu-prof` writes its profile.
process.once('SIGINT', () => process.exit(0));
