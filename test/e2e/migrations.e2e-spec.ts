import { MIGRATIONS } from '../../migrations';
import { createDataSource, migrate } from '../../src/database/data-source';
import { createDatabase, withClient } from '../support/test-portal';

describe('migrations', () => {
  it('apply, roll back completely with down, and apply again', async () => {
    const url = await createDatabase(process.env['TEST_DATABASE_URL']!);
    const dataSource = createDataSource(url, 2);
    await dataSource.initialize();
    try {
      expect(await migrate(dataSource)).toHaveLength(MIGRATIONS.length);
      for (let i = 0; i < MIGRATIONS.length; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
      const left = await withClient(url, async (db) =>
        (
          await db.query<{ table_name: string }>(
            `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migration'`,
          )
        ).rows.map((r) => r.table_name),
      );
      expect(left).toEqual([]);
      expect(await migrate(dataSource)).toHaveLength(MIGRATIONS.length);
      expect(await migrate(dataSource)).toHaveLength(0);
    } finally {
      await dataSource.destroy();
    }
  });
});
