import type { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres';

/** DATABASE_URL when configured; otherwise the embedded server in DATA_DIR (started or attached to). */
export async function resolveDatabase(
  config: AppConfig,
  log: (message: string) => void,
): Promise<{ url: string; embedded: EmbeddedPostgres | undefined }> {
  if (config.databaseUrl !== undefined) return { url: config.databaseUrl, embedded: undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log });
  return { url: embedded.url, embedded };
}
