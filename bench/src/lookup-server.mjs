// The origin-lookup server of `pnpm load`: Hono on Node with @fetch-cors/hono, whose origins
// function stands for a database taking LOOKUP_DELAY_MS, behind originCache and originTimeout.
// GET /lookups tells how many lookups were made. Listens on 127.0.0.1:$PORT.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { cors } from '@fetch-cors/hono';

const delay = Number(process.env.LOOKUP_DELAY_MS ?? 5);
let lookups = 0;

const app = new Hono();
app.get('/lookups', (c) => c.json({ lookups }));
app.use(
  cors({
    origins: async (origin) => {
      lookups++;
      await new Promise((resolve) => setTimeout(resolve, delay));
      return origin.endsWith('.example');
    },
    originCache: { ttl: 60_000, max: 1000 },
    originTimeout: Number(process.env.LOOKUP_TIMEOUT_MS ?? 250),
  }),
);
app.get('/hello', (c) => c.text('hello'));

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: Number(process.env.PORT) });
