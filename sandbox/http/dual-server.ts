/**
 * One port, both protocols: a connection whose first byte is a TLS handshake (0x16) goes to the https server,
 * anything else to the plain http one. The sandbox serves Graph and its authority over https (the bot's
 * production path), while a person can still open the control page at http://127.0.0.1:<port>/_sandbox/ui
 * without trusting the generated CA.
 */
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';

export interface DualServer {
  listen(port: number, host: string): Promise<AddressInfo>;
  close(): Promise<void>;
}

export function createDualServer(tls: { cert: string; key: string }, handler: (req: IncomingMessage, res: ServerResponse) => void): DualServer {
  const http = createHttpServer(handler);
  const https = createHttpsServer({ cert: tls.cert, key: tls.key }, handler);
  const sockets = new Set<Socket>();
  const tcp = createTcpServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.once('data', (chunk: Buffer) => {
      socket.pause();
      socket.unshift(chunk);
      (chunk[0] === 0x16 ? https : http).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
    socket.on('error', () => socket.destroy());
  });
  return {
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, host, () => {
          tcp.off('error', reject);
          const address = tcp.address();
          if (address === null || typeof address === 'string') reject(new Error(`unexpected server address: ${String(address)}`));
          else resolve(address);
        });
      }),
    close: () =>
      new Promise((resolve, reject) => {
        tcp.close((err?: Error) => (err ? reject(err) : resolve()));
        http.closeAllConnections();
        https.closeAllConnections();
        for (const s of sockets) s.destroy();
      }),
  };
}
