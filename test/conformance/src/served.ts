import { BASE_URL } from './harness.ts';

/**
 * Sends a vector's request over real HTTP to a server at `base` (http://127.0.0.1:<port>)
 * and returns the answer as the vector expects it: redirects are not followed, and a
 * Location on the test server is written back onto the vectors' base URL.
 */
export async function sendOverHttp(base: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const response = await fetch(base + url.pathname + url.search, {
    method: request.method,
    headers: request.headers,
    redirect: 'manual',
  });
  const location = response.headers.get('location');
  if (location === null || !location.startsWith(base)) return response;
  const headers = new Headers(response.headers);
  headers.set('location', BASE_URL + location.slice(base.length));
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
