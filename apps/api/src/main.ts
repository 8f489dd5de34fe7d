import { loadConfigOrExit } from '@shtc/platform';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApp({ config });
  await app.listen({ port: config.PORT, host: '0.0.0.0' });
  app.getHttpServer(); // listening
  console.log(
    `SHTC licensing API on ${await app.getUrl()} (event store: ${config.EVENT_STORE}, read store: ${config.READ_STORE}, data: ${config.dataDir}); docs at /docs`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
