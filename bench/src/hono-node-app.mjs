// A hello-world Hono app on @hono/node-server with one middleware picked by MW, for
// `node bench/node-cost.mjs`: none | noop | read-headers | fetch-cors | fetch-cors-generic | hono-cors.
// Routes: GET /hello (c.text('hello')) and GET /json (c.json of a 10 KB object).
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
// About 10 KB of JSON, serialized on every request.
const ITEMS = Array.from({ length: 100 }, (_, i) => ({ id: i, name: `item ${i}`, tags: ['a', 'b', 'c'], price: i * 1.25, note: 'x'.repeat(30) }));
app.get('/json', (c) => c.json({ items: ITEMS }));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
// Exit normally on SIGINT, so that `node --cpu-prof` writes its profile.
process.once('SIGINT', () => process.exit(0));
