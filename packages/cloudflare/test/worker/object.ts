/** ExportedHandler form: the policy comes only from the CORS_* bindings. */
import { withCors } from '../../src/index';
import { routes, state, type TestEnv } from './routes';

export default withCors({
  marker(): string {
    return 'handler-this';
  },
  async fetch(request: Request, env: TestEnv, ctx: ExecutionContext): Promise<Response> {
    if (new URL(request.url).pathname === '/this') return new Response(this.marker());
    return routes(request, env, ctx);
  },
  async scheduled(controller: ScheduledController, env: TestEnv): Promise<void> {
    state.scheduled = { cron: controller.cron, marker: this.marker(), someVar: env.SOME_VAR };
  },
});
