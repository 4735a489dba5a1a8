/** Fetch-function form: the policy comes from options in code; no CORS_* bindings. */
import { ALLOWED } from '../../../../test/conformance/src/test-names';
import { withCors } from '../../src/index';
import { routes } from './routes';

export default {
  fetch: withCors(routes, { origins: [ALLOWED], exposeHeaders: 'X-Request-Id', maxAge: 600 }),
};
