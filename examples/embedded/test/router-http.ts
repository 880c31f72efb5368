import { request } from 'node:http';

/** One answer of the router. */
export interface RouterAnswer {
  status: number;
  body: string;
}

/**
 * GET through the router on loopback with the given Host header (fetch may not set Host, node:http can). A fresh
 * connection per request, so every answer reflects the router's current table.
 */
export function viaRouter(port: number, host: string, path = '/'): Promise<RouterAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { host, accept: 'application/json' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}
