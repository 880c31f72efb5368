import { startBroker } from './index.js';

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}

const broker = await startBroker({
  databaseUrl: required('DATABASE_URL'),
  username: required('BROKER_USERNAME'),
  password: required('BROKER_PASSWORD'),
  port: Number(process.env.PORT ?? 8080),
  ...(process.env.HOST ? { host: process.env.HOST } : {}),
  ...(process.env.BROKER_PREFIX ? { prefix: process.env.BROKER_PREFIX } : {}),
  ...(process.env.BROKER_ASYNC_DELAY_MS ? { asyncDelayMs: Number(process.env.BROKER_ASYNC_DELAY_MS) } : {}),
  ...(process.env.BROKER_PUBLIC_HOST ? { publicHost: process.env.BROKER_PUBLIC_HOST } : {}),
});
console.log(`osb-postgres-broker listening on port ${broker.port}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void broker.close().then(() => process.exit(0));
  });
}
