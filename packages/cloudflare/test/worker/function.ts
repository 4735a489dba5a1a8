/** Fetch-function form: the policy comes from options in code; no CORS_* bindings. */
import { withCors } from '../../src/index';
import { routes } from './routes';

export default {
  fetch: withCors(routes, { origins: ['https://app.example'], exposeHeaders: 'X-Request-Id', maxAge: 600 }),
};
