// Free ports on 127.0.0.1 for servers that tests and scripts start.
import net from 'node:net';

const handedOut = new Set<number>();

/**
 * A port nobody listens on right now (bind port 0, read it, close), never handed out before in
 * this process: a reused one could meet a stale keep-alive connection to an earlier server.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.unref();
      srv.on('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const addr = srv.address();
        const p = typeof addr === 'object' && addr ? addr.port : 0;
        srv.close(() => (p ? resolve(p) : reject(new Error('no free port'))));
      });
    });
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
}
