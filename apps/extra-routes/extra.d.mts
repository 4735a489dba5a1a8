/** The answer of an extra route (`/json`, `/faults/*`) for `request`, or `undefined`. */
export declare function extraRoute(request: Request, pathname: string): Response | Promise<Response> | undefined;
/** Paths served by `extraRoute`. */
export declare const EXTRA_PATHS: readonly string[];
/** Which CORS the app runs, from `APP_CORS` (`on`, `off`, or `hono` in the Hono app). */
export declare function appCors(value: string | undefined): 'on' | 'off' | 'hono';
