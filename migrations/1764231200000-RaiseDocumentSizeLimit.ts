import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Documents may be up to 10 MB (a scanned set of articles of association easily exceeds 5 MB). */
export class RaiseDocumentSizeLimit1764231200000 implements MigrationInterface {
  name = 'RaiseDocumentSizeLimit1764231200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_document DROP CONSTRAINT ck_application_document_size`);
    await q.query(
      `ALTER TABLE application_document ADD CONSTRAINT ck_application_document_size CHECK (size_bytes > 0 AND size_bytes <= 10485760)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE application_document DROP CONSTRAINT ck_application_document_size`);
    await q.query(
      `ALTER TABLE application_document ADD CONSTRAINT ck_application_document_size CHECK (size_bytes > 0 AND size_bytes <= 5242880)`,
    );
  }
}
