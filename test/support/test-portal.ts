import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { createPortal, type Portal } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/app-config';
import { createDataSource, migrate } from '../../src/database/data-source';

export interface TestPortal {
  baseUrl: string;
  databaseUrl: string;
  portal: Portal;
  config: AppConfig;
  close(): Promise<void>;
}

/** A fresh database in the run's PostgreSQL, migrated, and the real portal listening on a free port. */
export async function startTestPortal(env: Record<string, string> = {}): Promise<TestPortal> {
  const serverUrl = process.env['TEST_DATABASE_URL'];
  if (!serverUrl) throw new Error('TEST_DATABASE_URL is not set: run the tests with npm test');
  const databaseUrl = await createDatabase(serverUrl);
  const dataDir = mkdtempSync(join(tmpdir(), 'portal-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env['TEST_LOG_LEVEL'] ?? 'silent',
    DATA_DIR: dataDir,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    DEFAULT_LOCALE: 'en',
    ...env,
  });
  const portal = await createPortal(config, databaseUrl);
  await portal.app.listen(0, '127.0.0.1');
  const { port } = portal.app.getHttpServer().address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    portal,
    config,
    close: async () => {
      await portal.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function createDatabase(serverUrl: string): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs SQL directly against a test database, bypassing the portal (to tamper, or to look). */
export async function withClient<T>(databaseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A fresh database of the run's PostgreSQL, migrated, opened with one connection: every query of a test
 * then runs in the same session (its settings, its prepared statements). Migrations run on a pool of two.
 */
export async function migratedSingleConnection(): Promise<DataSource> {
  const url = await createDatabase(process.env['TEST_DATABASE_URL']!);
  const migrator = createDataSource(url, 2);
  await migrator.initialize();
  await migrate(migrator);
  await migrator.destroy();
  const dataSource = createDataSource(url, 1);
  await dataSource.initialize();
  return dataSource;
}
