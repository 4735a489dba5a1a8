/**
 * Changing a response's headers: in place when they are mutable; on a copy that keeps
 * status, status text, headers and the body stream when they are immutable (responses of
 * `fetch()`, `Response.redirect()`, a cache). The body is never read or buffered.
 */

/**
 * Whether the response must pass untouched: a WebSocket upgrade (101, or a Workers
 * `webSocket`), or a network error (`Response.error()`, status 0), which carries no headers.
 */
export function isUpgrade(response: Response): boolean {
  const status = response.status;
  return status === 101 || status === 0 || (response as { webSocket?: unknown }).webSocket != null;
}

/** Whether `value` is a Response (by shape: runtimes and wrappers bring their own classes). */
export function isResponse(value: unknown): value is Response {
  return (
    typeof value === 'object' && value !== null && typeof (value as Response).status === 'number' && typeof (value as Response).headers?.get === 'function'
  );
}

/**
 * Runs `write(headers, a, b)` on `response`'s headers, or on a copy's when they are immutable.
 * `write` must be a top-level function so that no closure is made per request.
 */
export function mutate<A, B>(response: Response, write: (headers: Headers, a: A, b: B) => void, a: A, b: B): Response {
  try {
    write(response.headers, a, b);
    return response;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  // Immutable headers: the first write threw before anything changed.
  // Fresh Headers, not `response` as init: some runtimes' Response wrappers (@hono/node-server's)
  // would otherwise share the immutable Headers object with the copy.
  const copy = new Response(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
  write(copy.headers, a, b);
  return copy;
}
