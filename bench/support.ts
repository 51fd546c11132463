import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/database/embedded-postgres';

const cleanups = new Set<() => Promise<void> | void>();
let signalled = false;

/**
 * Runs `cleanup` if the benchmark is interrupted (Ctrl-C, SIGTERM, SIGHUP) before it calls the returned
 * function itself; the embedded PostgreSQL runs detached, so without this it would outlive the run.
 */
export function onInterrupt(cleanup: () => Promise<void> | void): () => void {
  if (cleanups.size === 0 && !signalled) {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => {
        if (signalled) return;
        signalled = true;
        console.error(`\n${signal}: stopping the benchmark's PostgreSQL and removing its files…`);
        const pending = [...cleanups].reverse();
        cleanups.clear();
        void (async () => {
          for (const run of pending) await Promise.resolve(run()).catch(() => undefined);
          process.exit(130);
        })();
      });
  }
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** A throwaway embedded PostgreSQL for one benchmark run (durable settings: we measure real commits). */
export async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env['DATABASE_URL']) return { url: process.env['DATABASE_URL'], stop: () => Promise.resolve() };
  const dataDir = mkdtempSync('/tmp/portal-bench-');
  chmodSync(dataDir, 0o755);
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  let server: EmbeddedPostgres;
  try {
    server = await startEmbeddedPostgres({ dataDir, log: () => undefined });
  } catch (error) {
    remove();
    throw error;
  }
  const stop = async () => {
    await server.stop();
    remove();
  };
  const forget = onInterrupt(stop);
  return {
    url: server.url,
    stop: async () => {
      forget();
      await stop();
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
