import { createServer, type Server } from 'node:http';
import type { Http01Responder } from '@slipway/core';
import { startPebble, type Pebble } from '@slipway/testkit';
import type { Dns01Hook } from '../src/index.js';

/** Names under this suffix get a wrong http-01 answer, so pebble refuses them with its own reason. */
export const WRONG_ANSWER_SUFFIX = '.wrong-answer.test';

/** A pebble, the in-memory http-01 responder a router would be, and the real HTTP server pebble validates against. */
export interface PebblePeer {
  pebble: Pebble;
  http01: Http01Responder;
  dns01: Dns01Hook;
  /** Tokens currently answered, to check that answers are withdrawn after an order ends. */
  tokens(): string[];
  stop(): Promise<void>;
}

/** Starts pebble and serves http-01 on 127.0.0.1:<pebble.httpPort> like the embedded router does in production. */
export async function startPebblePeer(): Promise<PebblePeer> {
  const pebble = await startPebble();
  const answers = new Map<string, string>();
  const server: Server = createServer((req, res) => {
    const token = /^\/\.well-known\/acme-challenge\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '')?.[1];
    const answer = token ? answers.get(token) : undefined;
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    res.writeHead(200, { 'content-type': 'text/plain' }).end(host.endsWith(WRONG_ANSWER_SUFFIX) ? `${token}.not-the-thumbprint` : answer);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(pebble.httpPort, '127.0.0.1', resolve);
    });
  } catch (err) {
    await pebble.stop();
    throw err;
  }
  return {
    pebble,
    http01: {
      set: async (token, keyAuthorization) => void answers.set(token, keyAuthorization),
      remove: async (token) => void answers.delete(token),
    },
    dns01: {
      set: (name, value) => pebble.setTxt(name, value),
      remove: (name) => pebble.clearTxt(name),
    },
    tokens: () => [...answers.keys()],
    async stop() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await pebble.stop();
    },
  };
}
