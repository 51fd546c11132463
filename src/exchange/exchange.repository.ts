import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface DepartmentState {
  key: string;
  nameEn: string;
  nameZh: string;
  hasToken: boolean;
  tokenCreatedAt: Date | null;
  acknowledgedId: number;
  fetchedId: number;
  lastFetchAt: Date | null;
  total: number;
  pending: number;
}

/** The only code touching exchange_department and reading outbox_event. */
@Injectable()
export class ExchangeRepository {
  constructor(private readonly dataSource: DataSource) {}

  async tokenHash(department: string): Promise<string | null | undefined> {
    const rows = await this.dataSource.query<{ token_hash: string | null }[]>(`SELECT token_hash FROM exchange_department WHERE key = $1`, [
      department,
    ]);
    return rows[0] === undefined ? undefined : rows[0].token_hash;
  }

  /** The last event id a department has been given (0 before its first fetch). */
  async fetchedId(department: string): Promise<number> {
    const rows = await this.dataSource.query<{ fetched_id: string }[]>(`SELECT fetched_id FROM exchange_department WHERE key = $1`, [
      department,
    ]);
    return Number(rows[0]?.fetched_id ?? 0);
  }

  async setTokenHash(manager: EntityManager, department: string, hash: string): Promise<boolean> {
    const result = await manager.query<[unknown[], number]>(
      `UPDATE exchange_department SET token_hash = $2, token_created_at = now() WHERE key = $1`,
      [department, hash],
    );
    return result[1] === 1;
  }

  async events(
    department: string,
    after: number,
    limit: number,
  ): Promise<{ id: string; event_type: string; credit_code: string; payload: Record<string, unknown>; created_at: Date }[]> {
    return this.dataSource.query(
      `SELECT id, event_type, credit_code, payload, created_at FROM outbox_event WHERE department = $1 AND id > $2 ORDER BY id LIMIT $3`,
      [department, after, limit],
    );
  }

  /** The cursor a department sends says it has processed everything up to it; what it was given is fetched. */
  async recordFetch(manager: EntityManager, department: string, acknowledged: number, fetched: number): Promise<void> {
    await manager.query(
      `UPDATE exchange_department SET acknowledged_id = GREATEST(acknowledged_id, $2), fetched_id = GREATEST(fetched_id, $3), last_fetch_at = now() WHERE key = $1`,
      [department, acknowledged, fetched],
    );
  }

  async states(): Promise<DepartmentState[]> {
    const rows = await this.dataSource.query<
      {
        key: string;
        name_en: string;
        name_zh: string;
        token_hash: string | null;
        token_created_at: Date | null;
        acknowledged_id: string;
        fetched_id: string;
        last_fetch_at: Date | null;
        total: string;
        pending: string;
      }[]
    >(
      `SELECT d.key, d.name_en, d.name_zh, d.token_hash, d.token_created_at, d.acknowledged_id, d.fetched_id, d.last_fetch_at,
              (SELECT count(*) FROM outbox_event e WHERE e.department = d.key) AS total,
              (SELECT count(*) FROM outbox_event e WHERE e.department = d.key AND e.id > d.acknowledged_id) AS pending
         FROM exchange_department d ORDER BY d.key`,
    );
    return rows.map((r) => ({
      key: r.key,
      nameEn: r.name_en,
      nameZh: r.name_zh,
      hasToken: r.token_hash !== null,
      tokenCreatedAt: r.token_created_at,
      acknowledgedId: Number(r.acknowledged_id),
      fetchedId: Number(r.fetched_id),
      lastFetchAt: r.last_fetch_at,
      total: Number(r.total),
      pending: Number(r.pending),
    }));
  }
}
