// Slipway under test, in a process of its own: the embedded host (auth, routing, validation, services, store)
// on the database URL it is given. Config: { databaseUrl, token, ...any other EmbeddedSettings }.
import { startEmbedded } from '../../examples/embedded/dist/server.js';
import { config, serveUntilSignal } from '../lib/serve.mjs';

await serveUntilSignal(async () => {
  const running = await startEmbedded({ port: 0, host: '127.0.0.1', tokenGenerated: false, username: 'bench', logLevel: 'warn', runtime: 'none', ...config });
  return {
    server: running.server,
    ready: { url: running.url.replace('localhost', '127.0.0.1') },
    close: () => running.close(),
  };
});
