import type { DataSource } from 'typeorm';
import { namedStatement, preparedQuery } from '../../src/database/prepared-statements';
import { migratedSingleConnection } from '../support/test-portal';

describe('prepared statements', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    // One connection, so every query below runs in the session that holds the prepared statements.
    dataSource = await migratedSingleConnection();
    await dataSource.query(
      `INSERT INTO user_account (email, name, password_hash, role) VALUES ('r@example.test', 'Reviewer', 'x', 'reviewer'), ('a@example.test', 'Applicant', 'x', 'applicant')`,
    );
  });

  afterAll(() => dataSource.destroy());

  const text = `SELECT id, email, name, role, created_at FROM user_account WHERE role = $1 ORDER BY email`;

  it('answers exactly what the unprepared query answers, values typed the same', async () => {
    const prepared = await preparedQuery(dataSource, text, ['reviewer']);
    expect(prepared).toEqual(await dataSource.query(text, ['reviewer']));
    expect(prepared[0]?.['created_at']).toBeInstanceOf(Date);
  });

  it('prepares the text once on the connection and reuses it', async () => {
    await preparedQuery(dataSource, text, ['applicant']);
    await preparedQuery(dataSource, text, ['reviewer']);
    const statements = await dataSource.query<{ name: string; statement: string }[]>(`SELECT name, statement FROM pg_prepared_statements`);
    expect(statements).toEqual([{ name: namedStatement(text, []).name, statement: text }]);
  });

  it('keeps working when a migration adds a column to a table it reads', async () => {
    await preparedQuery(dataSource, text, ['reviewer']);
    await dataSource.query(`ALTER TABLE user_account ADD COLUMN added_later text`);
    try {
      expect(await preparedQuery(dataSource, text, ['reviewer'])).toHaveLength(1);
    } finally {
      await dataSource.query(`ALTER TABLE user_account DROP COLUMN added_later`);
    }
  });

  it('names a text by its content: the same text the same name, another text another', () => {
    expect(namedStatement(text, [1]).name).toBe(namedStatement(text, [2]).name);
    expect(namedStatement(`${text} `, [1]).name).not.toBe(namedStatement(text, [1]).name);
    expect(namedStatement(text, ['x']).values).toEqual(['x']);
  });
});
