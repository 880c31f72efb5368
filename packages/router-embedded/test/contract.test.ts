import { routerDriverContract } from '@slipway/testkit';
import { startEmbeddedRouter } from '../src/index.js';

routerDriverContract(
  'embedded',
  async () => {
    const driver = await startEmbeddedRouter({ port: 0, tlsPort: 0, host: '127.0.0.1' });
    const { http, https } = await driver.listening();
    return {
      driver,
      httpUrl: `http://127.0.0.1:${http.port}`,
      httpsUrl: `https://127.0.0.1:${https!.port}`,
      teardown: () => driver.close(),
    };
  },
  { tls: true, websockets: true, challenges: true },
);
