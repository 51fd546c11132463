import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../database/prepared-statements';

export interface NotificationRow {
  id: number;
  applicationId: string | null;
  reference: string | null;
  name: string | null;
  kind: string;
  createdAt: Date;
  unread: boolean;
}

/** The applicant's notifications: written by ApplicationsRepository.addHistory, read here. */
@Injectable()
export class NotificationsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async unreadCount(accountId: string): Promise<number> {
    const rows = await preparedQuery<{ count: string }>(
      this.dataSource,
      `SELECT count(*) AS count FROM notification WHERE account_id = $1 AND read_at IS NULL`,
      [accountId],
    );
    return Number(rows[0]?.count ?? 0);
  }

  async latest(accountId: string, limit = 100): Promise<NotificationRow[]> {
    const rows = await this.dataSource.query<
      {
        id: string;
        application_id: string | null;
        reference: string | null;
        proposed_name: string | null;
        kind: string;
        created_at: Date;
        read_at: Date | null;
      }[]
    >(
      `SELECT n.id, n.application_id, a.reference, a.proposed_name, n.kind, n.created_at, n.read_at
         FROM notification n LEFT JOIN application a ON a.id = n.application_id
        WHERE n.account_id = $1 ORDER BY n.id DESC LIMIT $2`,
      [accountId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      applicationId: r.application_id,
      reference: r.reference,
      name: r.proposed_name,
      kind: r.kind,
      createdAt: r.created_at,
      unread: r.read_at === null,
    }));
  }

  async markAllRead(accountId: string): Promise<number> {
    const result = await this.dataSource.query<[unknown[], number]>(
      `UPDATE notification SET read_at = now() WHERE account_id = $1 AND read_at IS NULL`,
      [accountId],
    );
    return result[1];
  }
}
