import 'reflect-metadata';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './config/app-config';
import { createDataSource, migrate } from './database/data-source';
import { resolveDatabase } from './database/database-url';

/**
 * `npm run start:cluster`: N worker processes share one port (Node's cluster module balances the
 * connections). The primary starts the embedded PostgreSQL (unless DATABASE_URL is set) and migrates once;
 * every worker is a complete, stateless portal: sessions, rate limits, code counters, the outbox and the
 * audit chain are all in PostgreSQL.
 */
async function primary(): Promise<void> {
  const config = loadConfig();
  const log = (message: string): void => void process.stdout.write(`${message}\n`);
  const { url, embedded } = await resolveDatabase(config, log);
  const dataSource = createDataSource(url, 2);
  await dataSource.initialize();
  await migrate(dataSource);
  await dataSource.destroy();
  const workers = Number(process.env['WEB_CONCURRENCY'] ?? availableParallelism());
  log(`Starting ${workers} workers on port ${config.port}.`);
  let stopping = false;
  for (let i = 0; i < workers; i += 1) cluster.fork({ DATABASE_URL: url });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    log(`Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    cluster.fork({ DATABASE_URL: url });
  });
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    log(`${signal} received: stopping the workers.`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
    const wait = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length > 0) return;
      clearInterval(wait);
      void (embedded?.stop() ?? Promise.resolve()).then(() => process.exit(0));
    }, 100);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

if (cluster.isPrimary) {
  primary().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError ? error.message : `The cluster could not start: ${error instanceof Error ? error.message : String(error)}`}\n`,
    );
    process.exit(error instanceof ConfigError ? 2 : 1);
  });
} else {
  // A worker is the ordinary portal; main.ts starts it when loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('./main');
}
