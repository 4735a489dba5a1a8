/** Class form: `extends WorkerEntrypoint`, the policy from the CORS_* bindings on `this.env`. */
import { WorkerEntrypoint } from 'cloudflare:workers';
import { withCors } from '../../src/index';
import { routes, type TestEnv } from './routes';

class Api extends WorkerEntrypoint<TestEnv> {
  marker(): string {
    return 'entrypoint-this';
  }
  override async fetch(request: Request): Promise<Response> {
    if (new URL(request.url).pathname === '/this') return new Response(this.marker());
    return routes(request, this.env, this.ctx);
  }
}

export default withCors(Api);
