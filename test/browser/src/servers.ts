/**
 * The two small servers of the browser suite, both on 127.0.0.1 with a port picked by the OS:
 * - the page server: the origin the page is loaded from (`http://127.0.0.1:<port>`);
 * - the counting proxy: forwards every request to an example app unchanged (Host included)
 *   and records what reached it, so the test can count the preflights the browser sent.
 */
import http from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';

export interface Server {
  readonly port: number;
  close(): Promise<void>;
}

async function listen(server: http.Server): Promise<number> {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function closer(server: http.Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Serves one empty HTML page at every path; the test drives it with page.evaluate. */
export async function startPageServer(): Promise<Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('<!doctype html><meta charset="utf-8"><title>fetch-cors browser suite</title><p>caller page</p>');
  });
  const port = await listen(server);
  return { port, close: closer(server) };
}

export interface SeenRequest {
  method: string;
  /** path and query, as sent */
  url: string;
  accessControlRequestMethod: string | undefined;
}

export interface CountingProxy extends Server {
  readonly seen: SeenRequest[];
  /** Preflights (OPTIONS with Access-Control-Request-Method) that reached the app for this path+query. */
  preflights(url: string): number;
}

/** A transparent HTTP/1.1 proxy in front of `http://127.0.0.1:<targetPort>`. */
export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const acrm = req.headers['access-control-request-method'];
    seen.push({ method: req.method ?? '', url: req.url ?? '', accessControlRequestMethod: typeof acrm === 'string' ? acrm : undefined });
    const upstream = http.request({ host: '127.0.0.1', port: targetPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'Content-Type': 'text/plain' });
      res.end(`proxy error: ${error.message}`);
    });
    req.pipe(upstream);
  });
  const port = await listen(server);
  return {
    port,
    seen,
    preflights: (url) => seen.filter((r) => r.method === 'OPTIONS' && r.url === url && r.accessControlRequestMethod !== undefined).length,
    close: closer(server),
  };
}
