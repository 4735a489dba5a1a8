/** A raw WebSocket handshake over `node:net` (Node and Bun), for the guard rows. */
import net from 'node:net';
import { handshakeRequest } from './websocket-guard';

/**
 * Sends a WebSocket handshake over plain TCP and returns the status of the answer (the
 * WebSocket API never shows it). The socket is closed once the status line has arrived.
 */
export function handshakeStatus(url: string, origin: string | null): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(handshakeRequest(url, origin)));
    let head = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      head += chunk;
      if (!head.includes('\r\n')) return;
      socket.destroy();
      resolve(Number(head.slice(9, 12)));
    });
    socket.on('error', reject);
  });
}
