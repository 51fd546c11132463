import { chmodSync, mkdtempSync } from 'node:fs';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

/**
 * One throwaway PostgreSQL for the whole run (each e2e file creates its own database in it). When
 * DATABASE_URL is set the tests use that server instead. /tmp, not the project folder: the project may sit
 * in a home folder the postgres OS user cannot enter.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env['TEST_DATABASE_URL'] || process.env['DATABASE_URL']) {
    process.env['TEST_DATABASE_URL'] ??= process.env['DATABASE_URL'];
    return;
  }
  const dataDir = mkdtempSync('/tmp/portal-test-');
  chmodSync(dataDir, 0o755);
  const server = await startEmbeddedPostgres({ dataDir, database: 'postgres', unsafeFast: true, log: () => undefined });
  process.env['TEST_DATABASE_URL'] = server.url;
  (globalThis as { __portalTestPostgres?: unknown }).__portalTestPostgres = { server, dataDir };
}
