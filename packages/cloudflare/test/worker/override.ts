/** Code options laid over CORS_* bindings: code wins where both are set. */
import { withCors } from '../../src/index';
import { routes } from './routes';

export default {
  fetch: withCors(routes, { origins: 'https://code.example', methods: undefined }),
};
