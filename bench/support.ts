import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres';

/** A throwaway embedded PostgreSQL for one benchmark run (durable settings: we measure real commits). */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env['DATABASE_URL']) return { url: process.env['DATABASE_URL'], stop: () => Promise.resolve() };
  const dataDir = mkdtempSync('/tmp/portal-bench-');
  chmodSync(dataDir, 0o755);
  const server: EmbeddedPostgres = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs `clients` loops of `work` for `seconds`; returns completed operations per second. */
export async function throughput(clients: number, seconds: number, work: (client: number) => Promise<void>): Promise<number> {
  const deadline = Date.now() + seconds * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < deadline) {
        await work(client);
        done += 1;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return done / elapsed;
}

export function arg(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
