import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ApplicationStatus } from '../applications/domain/application-state';

export const SERVICE_TYPES = ['None', 'Private', 'Public'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export interface GovstackService {
  id: string;
  key: string;
  name: string;
  version: string;
  type: ServiceType;
  description: string;
  entityTypes: string[];
  isExecutable: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export type ServiceInput = Omit<GovstackService, 'createdAt' | 'updatedAt'>;

export interface TokenOwner {
  tokenId: string;
  accountId: string;
  role: string;
  status: string;
  revoked: boolean;
  expired: boolean;
}

/** A personal API token as its owner and administrators see it (never the token itself: only its hash is kept). */
export interface TokenRow {
  id: string;
  accountId: string;
  label: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  expired: boolean;
}

interface RawToken {
  id: string;
  account_id: string;
  label: string | null;
  created_at: Date;
  last_used_at: Date | null;
  expires_at: Date | null;
  revoked_at: Date | null;
  expired: boolean;
}

const TOKEN_COLUMNS =
  't.id, t.account_id, t.label, t.created_at, t.last_used_at, t.expires_at, t.revoked_at, coalesce(t.expires_at <= now(), false) AS expired';

function toToken(r: RawToken): TokenRow {
  return {
    id: r.id,
    accountId: r.account_id,
    label: r.label,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    expired: r.expired,
  };
}

export interface FileRow {
  id: string;
  reference: string;
  applicantId: string;
  status: ApplicationStatus;
  entityType: string | null;
  proposedName: string | null;
  assigneeId: string | null;
  assigneeName: string | null;
  createdAt: Date;
  submittedAt: Date | null;
}

export interface FileFilter {
  statuses?: readonly ApplicationStatus[];
  ids?: string[];
  applicantId?: string;
  entityTypes?: string[];
  assigneeId?: string;
  sortColumn: SortColumn;
  descending: boolean;
  offset: number;
  limit: number;
}

export const SORT_COLUMNS = {
  created: 'a.created_at',
  submitted: 'a.submitted_at',
  id: 'a.id',
  name: 'a.proposed_name',
  reference: 'a.reference',
  assignee: 'a.assigned_reviewer_id',
} as const;
export type SortColumn = keyof typeof SORT_COLUMNS;

export type Timeframe = 'day' | 'week' | 'month' | 'year';

export interface StatisticsFilter {
  from?: string;
  to?: string;
  entityTypes?: string[];
  operator?: string;
  role?: string;
  timeframe?: Timeframe;
}

export interface StatisticsRow {
  periodStart: string | null;
  periodEnd: string | null;
  approved: number;
  sentBack: number;
  rejected: number;
}

interface RawService {
  id: string;
  key: string;
  name: string;
  version: string;
  type: ServiceType;
  description: string;
  entity_types: string[];
  is_executable: boolean;
  created_at: Date;
  updated_at: Date;
}

const SERVICE_COLUMNS = 'id, key, name, version, type, description, entity_types, is_executable, created_at, updated_at';

/** The only code that reads or writes govstack_service and api_token, and the API's read-only views of applications. */
@Injectable()
export class GovstackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async services(name?: string): Promise<GovstackService[]> {
    const rows = await this.dataSource.query<RawService[]>(
      `SELECT ${SERVICE_COLUMNS} FROM govstack_service WHERE ($1::text IS NULL OR lower(name) = lower($1) OR key = $1) ORDER BY name`,
      [name ?? null],
    );
    return rows.map(toService);
  }

  async service(id: string): Promise<GovstackService | undefined> {
    const rows = await this.dataSource.query<RawService[]>(`SELECT ${SERVICE_COLUMNS} FROM govstack_service WHERE id = $1`, [id]);
    return rows[0] ? toService(rows[0]) : undefined;
  }

  async upsertService(manager: EntityManager, s: ServiceInput): Promise<{ service: GovstackService; created: boolean }> {
    const rows = await manager.query<(RawService & { created: boolean })[]>(
      `INSERT INTO govstack_service (id, key, name, version, type, description, entity_types, is_executable)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8)
       ON CONFLICT (id) DO UPDATE SET key = EXCLUDED.key, name = EXCLUDED.name, version = EXCLUDED.version, type = EXCLUDED.type,
         description = EXCLUDED.description, entity_types = EXCLUDED.entity_types, is_executable = EXCLUDED.is_executable, updated_at = now()
       RETURNING ${SERVICE_COLUMNS}, (xmax = 0) AS created`,
      [s.id, s.key, s.name, s.version, s.type, s.description, s.entityTypes, s.isExecutable],
    );
    const row = rows[0];
    return { service: toService(row), created: row.created };
  }

  /**
   * Whether another service (not `id`, nor any of `replacing`, which an import rewrites) holds `key`. Locks
   * the table against concurrent writers so that the answer holds until the transaction ends.
   */
  async keyTaken(manager: EntityManager, key: string, id: string, replacing: string[] = []): Promise<boolean> {
    await manager.query('LOCK TABLE govstack_service IN SHARE ROW EXCLUSIVE MODE');
    const rows = await manager.query<unknown[]>(
      `SELECT 1 FROM govstack_service WHERE key = $1 AND id <> $2::uuid AND NOT (id = ANY($3::uuid[]))`,
      [key, id, replacing],
    );
    return rows.length > 0;
  }

  /** Frees the keys of services an import is about to rewrite, so that an import may swap two keys. */
  async releaseKeys(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`UPDATE govstack_service SET key = key || '.' || id WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async insertToken(
    manager: EntityManager,
    accountId: string,
    tokenHash: string,
    label: string | null,
    expiresAt: Date | null = null,
  ): Promise<string> {
    const rows = await manager.query<{ id: string }[]>(
      `INSERT INTO api_token (account_id, token_hash, label, expires_at) VALUES ($1, $2, $3, $4) RETURNING id`,
      [accountId, tokenHash, label, expiresAt],
    );
    return rows[0].id;
  }

  /** The token's account, revoked and expired tokens included: the guard says which it was. */
  async tokenOwner(tokenHash: string): Promise<TokenOwner | undefined> {
    const rows = await this.dataSource.query<
      { token_id: string; account_id: string; role: string; status: string; revoked: boolean; expired: boolean }[]
    >(
      `SELECT t.id AS token_id, a.id AS account_id, a.role, a.status, t.revoked_at IS NOT NULL AS revoked,
              coalesce(t.expires_at <= now(), false) AS expired
         FROM api_token t JOIN user_account a ON a.id = t.account_id
        WHERE t.token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row
      ? { tokenId: row.token_id, accountId: row.account_id, role: row.role, status: row.status, revoked: row.revoked, expired: row.expired }
      : undefined;
  }

  /** An account's tokens, newest first. */
  async tokensOf(accountId: string): Promise<TokenRow[]> {
    const rows = await this.dataSource.query<RawToken[]>(
      `SELECT ${TOKEN_COLUMNS} FROM api_token t WHERE t.account_id = $1 ORDER BY t.created_at DESC, t.id`,
      [accountId],
    );
    return rows.map(toToken);
  }

  async token(id: string): Promise<TokenRow | undefined> {
    const rows = await this.dataSource.query<RawToken[]>(`SELECT ${TOKEN_COLUMNS} FROM api_token t WHERE t.id = $1`, [id]);
    return rows[0] ? toToken(rows[0]) : undefined;
  }

  /** Revokes the token unless it is already; false when it was. */
  async revokeToken(manager: EntityManager, id: string): Promise<boolean> {
    // TypeORM answers an UPDATE with [rows, count].
    const [rows] = await manager.query<[unknown[], number]>(
      `UPDATE api_token SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [id],
    );
    return rows.length > 0;
  }

  /** Marks a token used, at most once a minute, so that reading does not write on every call. */
  async touchToken(tokenId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE api_token SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
      [tokenId],
    );
  }

  async files(filter: FileFilter): Promise<FileRow[]> {
    const params: unknown[] = [];
    const where: string[] = ['true'];
    if (filter.statuses) where.push(`a.status = ANY($${params.push(filter.statuses)}::text[])`);
    if (filter.ids) where.push(`a.id = ANY($${params.push(filter.ids)}::uuid[])`);
    if (filter.applicantId) where.push(`a.applicant_id = $${params.push(filter.applicantId)}::uuid`);
    if (filter.entityTypes) where.push(`a.entity_type = ANY($${params.push(filter.entityTypes)}::text[])`);
    if (filter.assigneeId) where.push(`a.assigned_reviewer_id = $${params.push(filter.assigneeId)}::uuid`);
    const direction = filter.descending ? 'DESC' : 'ASC';
    const rows = await this.dataSource.query<
      {
        id: string;
        reference: string;
        applicant_id: string;
        status: ApplicationStatus;
        entity_type: string | null;
        proposed_name: string | null;
        assigned_reviewer_id: string | null;
        assignee_name: string | null;
        created_at: Date;
        submitted_at: Date | null;
      }[]
    >(
      `SELECT a.id, a.reference, a.applicant_id, a.status, a.entity_type, a.proposed_name, a.assigned_reviewer_id, r.name AS assignee_name,
              a.created_at, a.submitted_at
         FROM application a LEFT JOIN user_account r ON r.id = a.assigned_reviewer_id
        WHERE ${where.join(' AND ')}
        ORDER BY ${SORT_COLUMNS[filter.sortColumn]} ${direction} NULLS LAST, a.id ${direction}
        OFFSET $${params.push(filter.offset)} LIMIT $${params.push(filter.limit)}`,
      params,
    );
    return rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      applicantId: r.applicant_id,
      status: r.status,
      entityType: r.entity_type,
      proposedName: r.proposed_name,
      assigneeId: r.assigned_reviewer_id,
      assigneeName: r.assignee_name,
      createdAt: r.created_at,
      submittedAt: r.submitted_at,
    }));
  }

  /**
   * Reviewers' decisions (approve, return, reject) from the applications' history, in Beijing days, per
   * period when a timeframe is given, else one row for the whole range; no decisions → no rows.
   */
  async statistics(filter: StatisticsFilter): Promise<StatisticsRow[]> {
    const params: unknown[] = [];
    const day = `(h.occurred_at AT TIME ZONE 'Asia/Shanghai')`;
    const where = [`h.action IN ('approve', 'return', 'reject')`];
    if (filter.from) where.push(`${day} >= $${params.push(filter.from)}::date`);
    if (filter.to) where.push(`${day} < $${params.push(filter.to)}::date + 1`);
    if (filter.entityTypes) where.push(`a.entity_type = ANY($${params.push(filter.entityTypes)}::text[])`);
    if (filter.operator)
      where.push(`(lower(u.name) = lower($${params.push(filter.operator)}) OR lower(u.email::text) = lower($${params.length}))`);
    if (filter.role) where.push(`h.actor_role = $${params.push(filter.role)}`);
    const period = filter.timeframe ? `date_trunc('${filter.timeframe}', ${day})::date` : 'NULL::date';
    const end = filter.timeframe
      ? `(date_trunc('${filter.timeframe}', ${day}) + interval '1 ${filter.timeframe}' - interval '1 day')::date`
      : 'NULL::date';
    const rows = await this.dataSource.query<
      { period_start: string | null; period_end: string | null; approved: string; sent_back: string; rejected: string }[]
    >(
      `SELECT to_char(${period}, 'YYYY-MM-DD') AS period_start, to_char(${end}, 'YYYY-MM-DD') AS period_end,
              count(*) FILTER (WHERE h.action = 'approve') AS approved,
              count(*) FILTER (WHERE h.action = 'return') AS sent_back,
              count(*) FILTER (WHERE h.action = 'reject') AS rejected
         FROM application_history h
         JOIN application a ON a.id = h.application_id
         LEFT JOIN user_account u ON u.id = h.actor_id
        WHERE ${where.join(' AND ')}
        GROUP BY 1, 2
       HAVING count(*) > 0
        ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({
      periodStart: r.period_start,
      periodEnd: r.period_end,
      approved: Number(r.approved),
      sentBack: Number(r.sent_back),
      rejected: Number(r.rejected),
    }));
  }
}

function toService(r: RawService): GovstackService {
  return {
    id: r.id,
    key: r.key,
    name: r.name,
    version: r.version,
    type: r.type,
    description: r.description,
    entityTypes: r.entity_types,
    isExecutable: r.is_executable,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
