import 'reflect-metadata';
import { createPortal } from './bootstrap';
import { ConfigError, loadConfig } from './config/app-config';
import { resolveDatabase } from './database/database-url';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nFix the setting(s) above and start again. See README.md, "Configuration".\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = (message: string): void => void process.stdout.write(`${message}\n`);
  const { url, embedded } = await resolveDatabase(config, log);
  let portal;
  try {
    portal = await createPortal(config, url);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  // enableShutdownHooks would exit before the embedded server is stopped; handle signals ourselves.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping the portal.`);
    void portal
      .close()
      .then(() => embedded?.stop())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        process.stderr.write(`Shutdown failed: ${String(error)}\n`);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  await portal.app.listen(config.port, config.host);
  log(
    `Portal listening on http://localhost:${config.port} (database: ${embedded ? `embedded, data in ${config.dataDir}` : 'DATABASE_URL'})`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`The portal could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
