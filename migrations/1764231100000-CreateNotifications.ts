import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateNotifications1764231100000 implements MigrationInterface {
  name = 'CreateNotifications1764231100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notification (
        id bigint GENERATED ALWAYS AS IDENTITY,
        account_id uuid NOT NULL,
        application_id uuid,
        kind text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        CONSTRAINT pk_notification PRIMARY KEY (id),
        CONSTRAINT fk_notification_account FOREIGN KEY (account_id) REFERENCES user_account (id),
        CONSTRAINT fk_notification_application FOREIGN KEY (application_id) REFERENCES application (id)
      )`);
    await q.query(`CREATE INDEX ix_notification_account ON notification (account_id, id DESC)`);
    await q.query(`CREATE INDEX ix_notification_unread ON notification (account_id) WHERE read_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification`);
  }
}
